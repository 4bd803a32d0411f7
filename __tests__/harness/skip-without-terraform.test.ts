/**
 * End to end, in a child jest: without terraform, suites skip with one console line, unless CI=true,
 * where they fail. TERRAFORM_BINARY points at a path that does not exist to simulate the missing binary.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { SKIP_NOTICE } from "cdktf-stackato-openstack-harness";

const ROOT = path.resolve(__dirname, "..", "..");

function jestWithoutTerraform(ci: string): { status: number | null; output: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, TERRAFORM_BINARY: "/nonexistent/terraform", CI: ci };
  // The child must decide on its own, not inherit our harness or our notice flag.
  delete env.TF_REATTACH_PROVIDERS;
  delete env.STACKATO_TF_SKIP_NOTICE_SHOWN;
  const run = spawnSync(
    process.execPath,
    [
      path.join(ROOT, "node_modules", "jest", "bin", "jest.js"),
      "--ci",
      "__tests__/harness/negative.test.ts",
      "__tests__/harness/cdktf-matchers.test.ts",
    ],
    { cwd: ROOT, env, encoding: "utf8", timeout: 90000 },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("without terraform on PATH", () => {
  test("outside CI, Terraform suites skip and say so once", () => {
    const { status, output } = jestWithoutTerraform("");
    expect(status).toBe(0);
    expect(output.split(SKIP_NOTICE).length - 1).toBe(1);
    expect(output).toMatch(/Tests:\s+\d+ skipped, \d+ total/);
  }, 120000);

  test("with CI=true, they fail", () => {
    const { status, output } = jestWithoutTerraform("true");
    expect(status).not.toBe(0);
    expect(output).toContain("CI=true but terraform is not on PATH");
  }, 120000);
});
