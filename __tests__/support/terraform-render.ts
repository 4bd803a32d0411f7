/**
 * Renders template strings of a synthesized stack (local-exec commands, triggers) with the real
 * `terraform`, as apply would: each becomes an output of a config that declares the stack's
 * variables, applied with the given values. No provider is involved, so only variables and
 * Terraform's built-in functions may appear in the templates.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runTerraform } from "cdktf-stackato-openstack-harness/terraform";

export async function renderWithTerraform(
  variables: Record<string, unknown>,
  templates: Record<string, string>,
  values: Record<string, string>,
): Promise<Record<string, string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-render-"));
  try {
    const output = Object.fromEntries(Object.entries(templates).map(([name, value]) => [name, { value }]));
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ variable: variables, output }));
    const vars = Object.entries(values).map(([name, value]) => `-var=${name}=${value}`);
    const applied = await runTerraform(["apply", "-auto-approve", "-input=false", "-no-color", ...vars], dir);
    if (applied.code !== 0) throw new Error(`terraform apply failed: ${applied.stderr}`);
    const shown = await runTerraform(["output", "-json"], dir);
    const outputs = JSON.parse(shown.stdout) as Record<string, { value: string }>;
    return Object.fromEntries(Object.entries(outputs).map(([name, o]) => [name, o.value]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a rendered local-exec command with `sh -c` in `cwd`, as Terraform's local-exec does on Linux;
 * returns its exit status and output.
 */
export function runLocalCommand(command: string, cwd: string): { status: number | null; output: string } {
  const run = spawnSync("/bin/sh", ["-c", command], { cwd, encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
