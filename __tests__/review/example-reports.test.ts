/**
 * The sample reports committed under examples/review/ are what the review prints today. Refresh
 * them after a deliberate change with: UPDATE_EXAMPLE_REPORTS=1 npx jest __tests__/review/example-reports.test.ts
 */
import * as fs from "fs";
import * as path from "path";
import { review } from "cdktf-stackato-openstack-review/review";
import { synthClusterVariant, synthExamples } from "../support/review-pairs";

const DIR = path.resolve(__dirname, "..", "..", "examples", "review");

const reports: Record<string, () => string> = {
  // `cdktf-stackato-openstack review --head cdktf.out --stack cluster` on the example app.
  "cluster-report.md": () => review({ head: synthExamples(), stack: "cluster" }).markdown,
  // The first pull request of the tests: a renamed volume id, a new public port, bigger DEAs.
  "pull-request-report.md": () =>
    review({
      base: synthClusterVariant(),
      head: synthClusterVariant({ logsVolumeId: "AppLogs", extraPublicPort: 8443, deaFlavorName: "m1.xlarge" }),
    }).markdown,
};

test.each(Object.keys(reports))("examples/review/%s is current", (file) => {
  const current = reports[file]();
  const committed = path.join(DIR, file);
  if (process.env.UPDATE_EXAMPLE_REPORTS === "1") {
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(committed, current);
  }
  expect(fs.existsSync(committed)).toBe(true);
  const stale = fs.readFileSync(committed, "utf8") !== current;
  if (stale) {
    throw new Error(
      `examples/review/${file} is out of date; refresh it with UPDATE_EXAMPLE_REPORTS=1 npx jest __tests__/review/example-reports.test.ts`,
    );
  }
});

test("the README's sample is a piece of the committed pull request report", () => {
  const readme = fs.readFileSync(path.resolve(DIR, "..", "..", "README.md"), "utf8");
  const sample = readme.match(/Its top:\n\n(?:<!-- prettier-ignore -->\n)?```markdown\n([\s\S]*?)\n```/);
  expect(sample).not.toBeNull();
  const report = fs.readFileSync(path.join(DIR, "pull-request-report.md"), "utf8");
  expect(report).toContain(sample![1]);
});
