/**
 * examples/github-actions/stackato-review.yml: its Review step's shell and its comment script run
 * here as GitHub would run them, with the package's bin in place of `npx` and a fake GitHub API.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "cdktf-stackato-openstack-review/cli";
import { REPORT_MARKER } from "cdktf-stackato-openstack-review/review";
import { synthClusterVariant } from "../support/review-pairs";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require("js-yaml");

const ROOT = path.resolve(__dirname, "..", "..");
const workflow = yaml.safeLoad(
  fs.readFileSync(path.join(ROOT, "examples", "github-actions", "stackato-review.yml"), "utf8"),
);
const steps: any[] = workflow.jobs.review.steps;
const step = (name: string) => steps.find((s) => s.name === name);

test("runs on pull_request (never pull_request_target) with only the permissions it needs", () => {
  expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
  expect(workflow.permissions).toEqual({ contents: "read", "pull-requests": "write" });
});

test("every command it gives the CLI parses", () => {
  const commands = steps
    .flatMap((s) =>
      String(s.run ?? "")
        .replace(/\\\n\s*/g, "")
        .split("\n"),
    )
    .filter((line) => line.includes("npx cdktf-stackato-openstack-review"));
  expect(commands.length).toBe(3);
  for (const line of commands) {
    const words = line
      .split("npx cdktf-stackato-openstack-review ")[1]
      .replace(/\s*(>|\|\|).*$/, "")
      .trim()
      .split(/\s+/);
    expect(() => parseArgs(words.map((w) => w.replace(/"/g, "")))).not.toThrow();
  }
});

describe("the Review step", () => {
  let temp: string;
  beforeAll(() => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), "gha-"));
    fs.renameSync(synthClusterVariant(), path.join(temp, "base.out"));
    fs.renameSync(synthClusterVariant({ logsVolumeId: "AppLogs" }), path.join(temp, "head.out"));
  });

  function runStep(): { status: number | null; output: string; summary: string } {
    const script = String(step("Review").run).replace(
      /npx cdktf-stackato-openstack-review/g,
      `${process.execPath} ${path.join(ROOT, "packages", "review", "bin", "cdktf-stackato-openstack-review.js")}`,
    );
    const output = path.join(temp, "github-output");
    const summary = path.join(temp, "step-summary");
    fs.writeFileSync(output, "");
    fs.writeFileSync(summary, "");
    // GitHub's default shell on Linux runners.
    const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
      env: { ...process.env, RUNNER_TEMP: temp, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
      encoding: "utf8",
    });
    return { status: run.status, output: fs.readFileSync(output, "utf8"), summary: fs.readFileSync(summary, "utf8") };
  }

  test("a blocked review: the step passes (the comment comes first) and says blocked=true", () => {
    const result = runStep();
    expect(result.status).toBe(0);
    expect(result.output).toContain("blocked=true\n");
    expect(result.summary.startsWith(REPORT_MARKER)).toBe(true);
    expect(fs.readFileSync(path.join(temp, "review-full.md"), "utf8")).toContain("[!CAUTION]");
    expect(step("Fail when a protected volume would be destroyed").if).toBe("steps.review.outputs.blocked == 'true'");
  });

  test("bad input fails the step at once", () => {
    fs.renameSync(path.join(temp, "head.out"), path.join(temp, "moved.out"));
    try {
      expect(runStep().status).toBe(2);
    } finally {
      fs.renameSync(path.join(temp, "moved.out"), path.join(temp, "head.out"));
    }
  });
});

describe("the comment script", () => {
  const script: string = step("Comment on the pull request").with.script;
  const run = new Function("require", "github", "context", "process", `return (async () => {${script}})();`);

  function fakeGithub(comments: any[]) {
    const calls: string[] = [];
    const github = {
      paginate: async (_list: unknown, _args: unknown) => comments,
      rest: {
        issues: {
          listComments: () => undefined,
          updateComment: async (args: any) => {
            calls.push(`update ${args.comment_id}`);
            comments.find((c) => c.id === args.comment_id).body = args.body;
          },
          createComment: async (args: any) => {
            calls.push(`create on ${args.issue_number}`);
            comments.push({ id: comments.length + 1, user: { type: "Bot" }, body: args.body });
          },
        },
      },
    };
    return { github, calls };
  }

  test("creates one comment, then updates that one; a person's comment quoting the marker is left alone", async () => {
    const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gha-comment-")), "review.md");
    const comments: any[] = [{ id: 1, user: { type: "User" }, body: `${REPORT_MARKER}\nquoted by a person` }];
    const { github, calls } = fakeGithub(comments);
    const context = { repo: { owner: "o", repo: "r" }, payload: { pull_request: { number: 7 } } };
    const proc = { env: { REPORT: report } };
    fs.writeFileSync(report, `${REPORT_MARKER}\nfirst`);
    await run(require, github, context, proc);
    fs.writeFileSync(report, `${REPORT_MARKER}\nsecond`);
    await run(require, github, context, proc);
    expect(calls).toEqual(["create on 7", "update 2"]);
    expect(comments.map((c) => c.body)).toEqual([`${REPORT_MARKER}\nquoted by a person`, `${REPORT_MARKER}\nsecond`]);
    expect(script).toContain(JSON.stringify(REPORT_MARKER));
  });
});
