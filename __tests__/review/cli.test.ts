/** The command line: exit statuses, $GITHUB_OUTPUT, --out, and clear errors for bad input. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "cdktf-stackato-openstack-review/cli";
import { describeWithTerraform } from "cdktf-stackato-openstack-harness";
import { applyStackDir, destroyWorkDir } from "cdktf-stackato-openstack-harness/terraform";
import { synthClusterVariant, synthExamples, synthVariableDomainCluster } from "../support/review-pairs";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(...argv: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(argv, (text) => (stdout += text));
    return { code, stdout, stderr };
  } finally {
    spy.mockRestore();
  }
}

let base: string;
let renamed: string;
let examples: string;
beforeAll(() => {
  base = synthClusterVariant();
  renamed = synthClusterVariant({ logsVolumeId: "AppLogs" });
  examples = synthExamples();
});

function withGithubOutput<T>(work: (file: string) => Promise<T>): Promise<T> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gh-output-")), "output");
  fs.writeFileSync(file, "earlier=kept\n");
  const previous = process.env.GITHUB_OUTPUT;
  process.env.GITHUB_OUTPUT = file;
  return work(file).finally(() => {
    if (previous === undefined) delete process.env.GITHUB_OUTPUT;
    else process.env.GITHUB_OUTPUT = previous;
  });
}

describe("review", () => {
  test("a protected volume destroyed: exit 1, and has_changes, destroys, blocked in $GITHUB_OUTPUT", async () => {
    await withGithubOutput(async (file) => {
      const result = await run("review", "--base", base, "--head", renamed);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("[!CAUTION]");
      expect(fs.readFileSync(file, "utf8")).toBe("earlier=kept\nhas_changes=true\ndestroys=3\nblocked=true\n");
    });
  });

  test("--allow-destroy: exit 0, blocked=false", async () => {
    await withGithubOutput(async (file) => {
      const result = await run("review", "--base", base, "--head", renamed, "--allow-destroy");
      expect(result.code).toBe(0);
      expect(fs.readFileSync(file, "utf8")).toContain("has_changes=true\ndestroys=3\nblocked=false\n");
    });
  });

  test("no changes: exit 0, has_changes=false", async () => {
    await withGithubOutput(async (file) => {
      const result = await run("review", "--base", base, "--head", synthClusterVariant());
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("**No changes.**");
      expect(fs.readFileSync(file, "utf8")).toContain("has_changes=false\ndestroys=0\nblocked=false\n");
    });
  });

  test("--out writes the report to a file (creating its folder) and nothing to stdout; --flag=value works", async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "review-out-")), "nested", "report.md");
    const result = await run("review", `--head=${examples}`, "--stack", "micro-cloud", "--out", out);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    const report = fs.readFileSync(out, "utf8");
    expect(report.split("\n")[0]).toBe("<!-- cdktf-stackato-openstack review -->");
    expect(report).toContain("## Stack `micro-cloud`");
    expect(report).not.toContain("## Stack `cluster`");
  });

  test("--help prints the usage and exits 0", async () => {
    const result = await run("--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("cdktf-stackato-openstack-review review --head <cdktf.out>");
  });
});

describe("bad input: exit 2 and a message that names the flag and the fix", () => {
  const missing = path.join(os.tmpdir(), "no-such-cdktf-out-for-review");
  const cases: Array<[string, () => string[], RegExp]> = [
    ["no command", () => [], /give a command: review or validate/],
    ["an unknown command", () => ["revue"], /unknown command revue; the commands are review and validate/],
    ["review without --head", () => ["review"], /review needs --head <cdktf.out>/],
    ["a flag without its value", () => ["review", "--head"], /--head needs a value, e\.g\. --head cdktf\.out/],
    ["an unknown option", () => ["review", "--head", examples, "--force"], /unknown option --force; the options are/],
    [
      "a missing folder",
      () => ["review", "--head", missing],
      /no-such-cdktf-out-for-review does not exist: run `cdktf synth` first/,
    ],
    [
      "an empty folder",
      () => ["review", "--head", fs.mkdtempSync(path.join(os.tmpdir(), "empty-out-"))],
      /holds no synthesized stack/,
    ],
    [
      "an unknown stack",
      () => ["review", "--head", examples, "--stack", "prod"],
      /--stack prod: .* has no such stack; it has cluster, micro-cloud/,
    ],
    [
      "a tiny --max-chars",
      () => ["review", "--head", examples, "--max-chars", "100"],
      /--max-chars 100: give a whole number of characters of at least 2000/,
    ],
    ["a stray argument", () => ["review", examples], /unexpected argument .*; pass folders with --head and --base/],
    [
      "--state with two stacks",
      () => ["review", "--head", examples, "--state", __filename],
      /--state is the state of one stack: add --stack NAME/,
    ],
    [
      "--state that is not a state",
      () => ["review", "--head", examples, "--stack", "cluster", "--state", __filename],
      /is not JSON .*; pass a terraform\.tfstate/,
    ],
    [
      "--state that is missing",
      () => ["review", "--head", examples, "--stack", "cluster", "--state", missing],
      /--state .* does not exist/,
    ],
    ["validate with two folders", () => ["validate", examples, examples], /validate takes one folder/],
    [
      "--var without NAME=",
      () => ["validate", examples, "--var", "paas.example.org"],
      /--var paas\.example\.org: give NAME=VALUE with a Terraform variable name/,
    ],
    ["--var without a value", () => ["validate", examples, "--var"], /--var needs a value, e\.g\. --var NAME=VALUE/],
    ["--var-file that is missing", () => ["validate", examples, "--var-file", missing], /--var-file .*: no such file/],
  ];
  test.each(cases)("%s", async (_name, argv, message) => {
    const result = await run(...argv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(result.stdout).toBe("");
  });

  test("a state of another format is refused before Terraform runs", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "state-")), "terraform.tfstate");
    fs.writeFileSync(file, JSON.stringify({ version: 3, modules: [] }));
    const result = await run("review", "--head", examples, "--stack", "cluster", "--state", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /not a Terraform state of format version 4; pass the terraform\.tfstate of the last apply/,
    );
  });
});

describeWithTerraform("a stack with a required variable: --var, --var-file and TF_VAR_*", () => {
  let out: string;
  beforeAll(() => {
    out = synthVariableDomainCluster();
  });

  test("validate without the variable fails, naming it and how to give it", async () => {
    const result = await run("validate", out);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^paas\s+ok\s+FAIL\s+-$/m);
    expect(result.stderr).toContain("No value for required variable");
    expect(result.stderr).toContain("--var NAME=VALUE, --var-file FILE or TF_VAR_<name>");
  });

  test("validate --var NAME=VALUE, --var-file and TF_VAR_<name> give it", async () => {
    const withVar = await run("validate", out, "--var", "paas_domain=paas.example.org");
    expect(withVar.stderr).toBe("");
    expect(withVar.stdout).toMatch(/^paas\s+ok\s+ok\s+\d+$/m);
    expect(withVar.code).toBe(0);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tfvars-")), "prod.tfvars");
    fs.writeFileSync(file, 'paas_domain = "paas.example.org"\n');
    expect((await run("validate", out, `--var-file=${file}`)).code).toBe(0);
    process.env.TF_VAR_paas_domain = "paas.example.org";
    try {
      expect((await run("validate", out)).code).toBe(0);
    } finally {
      delete process.env.TF_VAR_paas_domain;
    }
  });

  test("review --state: a plan Terraform refuses fails with its reason (exit 2); with --var it plans", async () => {
    process.env.TF_VAR_paas_domain = "paas.example.org";
    const applied = await applyStackDir(path.join(out, "stacks", "paas"), { provisioners: false });
    delete process.env.TF_VAR_paas_domain;
    try {
      expect(applied.diagnostics).toEqual([]);
      const state = path.join(applied.workDir, "terraform.tfstate");
      const refused = await run("review", "--head", out, "--state", state);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("Terraform refused to plan");
      expect(refused.stderr).toContain("No value for required variable");
      expect(refused.stderr).toContain("--var NAME=VALUE");
      const planned = await run("review", "--head", out, "--state", state, "--var", "paas_domain=paas.example.org");
      expect(planned.stderr).toBe("");
      expect(planned.code).toBe(0);
      expect(planned.stdout).toContain("**No changes.**");
    } finally {
      process.env.TF_VAR_paas_domain = "paas.example.org";
      await destroyWorkDir(applied.workDir);
      delete process.env.TF_VAR_paas_domain;
      fs.rmSync(applied.workDir, { recursive: true, force: true });
    }
  });
});
