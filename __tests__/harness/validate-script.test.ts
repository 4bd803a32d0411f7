/** `npm run validate` (scripts/validate-offline.js) on a stacks directory with one good and one broken stack. */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeWithTerraform } from "cdktf-stackato-openstack-harness";

const ROOT = path.resolve(__dirname, "..", "..");

function writeStack(stacksDir: string, name: string, resource: object): void {
  fs.mkdirSync(path.join(stacksDir, name), { recursive: true });
  const config = {
    terraform: {
      required_providers: { openstack: { source: "terraform-provider-openstack/openstack", version: "3.4.0" } },
      backend: { local: { path: `../../../terraform.${name}.tfstate` } },
    },
    provider: { openstack: [{}] },
    resource,
  };
  fs.writeFileSync(path.join(stacksDir, name, "cdk.tf.json"), JSON.stringify(config));
}

function runScript(stacksDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [path.join(ROOT, "scripts", "validate-offline.js"), stacksDir],
      { cwd: ROOT },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as NodeJS.ErrnoException).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

describeWithTerraform("npm run validate", () => {
  test("reports each stack, the resources to create, and fails on a broken stack", async () => {
    // `npm ci` builds the workspaces (the root's prepare): the script runs the review package's build.
    expect(fs.existsSync(path.join(ROOT, "packages", "review", "dist", "cli.js"))).toBe(true);
    const stacksDir = fs.mkdtempSync(path.join(os.tmpdir(), "validate-script-"));
    writeStack(stacksDir, "good", { openstack_networking_secgroup_v2: { a: { name: "a" }, b: { name: "b" } } });
    writeStack(stacksDir, "broken", { openstack_networking_port_v2: { p: { name: "no-network" } } });
    const { code, stdout, stderr } = await runScript(stacksDir);
    expect(stdout).toMatch(/^good\s+ok\s+ok\s+2$/m);
    expect(stdout).toMatch(/^broken\s+FAIL\s+skip\s+-$/m);
    expect(stderr).toContain('The argument "network_id" is required');
    expect(code).toBe(1);
  });

  test("succeeds when every stack validates and plans", async () => {
    const stacksDir = fs.mkdtempSync(path.join(os.tmpdir(), "validate-script-"));
    writeStack(stacksDir, "good", { openstack_networking_secgroup_v2: { a: { name: "a" } } });
    const { code, stdout } = await runScript(stacksDir);
    expect(stdout).toMatch(/^good\s+ok\s+ok\s+1$/m);
    expect(code).toBe(0);
  });
});
