/**
 * The set-up path: the README's two commands are what .ci/run runs, and the toolchain scripts are sound bash
 * that refuse bad input. The builds themselves are proven by the real-provider tests, which use their output.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const SCRIPTS = ["toolchain/build.sh", "scripts/setup.sh", ".ci/run"];

function readmeTwoCommands(): string[] {
  const readme = read("README.md");
  const start = readme.indexOf("## Two commands");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 3));
  const sh = /```sh\n([\s\S]*?)```/.exec(section)![1];
  return sh
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => line.replace(/\s+#.*$/, ""));
}

test("the README's set-up and test commands are the ones .ci/run runs", () => {
  expect(readmeTwoCommands()).toEqual(["bash scripts/setup.sh", "npm run test:all"]);
  const ci = read(".ci/run");
  expect(ci).toMatch(/^bash scripts\/setup\.sh$/m);
  expect(ci).toMatch(/^npm run test:all$/m);
  expect(ci).not.toMatch(/^npm test$/m);
});

test("toolchain/versions.env and toolchain/terraform/go.mod pin the same Terraform", () => {
  const version = /^TERRAFORM_VERSION=(\S+)$/m.exec(read("toolchain/versions.env"))![1];
  expect(read("toolchain/terraform/go.mod")).toMatch(
    new RegExp(`^require github\\.com/hashicorp/terraform v${version}( // indirect)?$`, "m"),
  );
  // The go.sum pins the build: it must list the release's own module.
  expect(read("toolchain/terraform/go.sum")).toContain(`github.com/hashicorp/terraform v${version} h1:`);
});

test.each(SCRIPTS)("%s parses and passes shellcheck", (script) => {
  expect(spawnSync("bash", ["-n", path.join(ROOT, script)]).status).toBe(0);
  const check = spawnSync("shellcheck", ["-x", "-P", ROOT, path.join(ROOT, script)], { cwd: ROOT, encoding: "utf8" });
  if (check.error && process.env.CI !== "true") {
    console.log("shellcheck not installed: skipping its check of the set-up scripts");
    return;
  }
  expect(check.stdout).toBe("");
  expect(check.status).toBe(0);
});

test.each([
  ["toolchain/build.sh", "--build-terraform"],
  ["scripts/setup.sh", "--skip-toolchain"],
])("%s refuses an unknown argument and names the one it takes", (script, known) => {
  const run = spawnSync("bash", [path.join(ROOT, script), "--frobnicate"], { encoding: "utf8" });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain("unknown argument '--frobnicate'");
  expect(run.stderr).toContain(known);
});
