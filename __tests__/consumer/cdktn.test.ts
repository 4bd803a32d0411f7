import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeWithTerraform, validateStackDir } from "cdktf-stackato-openstack-harness";

const ROOT = path.resolve(__dirname, "../..");

/** One app, written for either framework: `FRAMEWORK` and `PACKAGE` are filled in. */
const APP = `
const { App, TerraformStack } = require("FRAMEWORK");
const { Frontend, StackatoCluster, StackatoImage, ServerGroupPolicy } = require("PACKAGE");
const { OpenstackProvider } = require("PACKAGE/openstack");
const app = new App();
const stack = new TerraformStack(app, "paas");
new OpenstackProvider(stack, "openstack", {});
const image = new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" });
const cluster = new StackatoCluster(stack, "Cluster", {
  domain: "paas.example.com", image, keyName: "ops", networkName: "private", floatingIpPool: "public",
  ssh: { privateKeyPath: "~/.ssh/id_rsa" }, frontend: Frontend.loadBalancer(),
});
cluster.addControllers({ count: 2, serverGroupPolicy: ServerGroupPolicy.ANTI_AFFINITY });
cluster.addSharedDropletVolume();
cluster.addDeas({ count: 2 });
cluster.addRouters({ count: 2 });
cluster.addDataServices();
app.synth();
`;

function synthIn(dir: string, framework: string, pkg: string): Record<string, any> {
  fs.writeFileSync(path.join(dir, "main.js"), APP.replace(/FRAMEWORK/g, framework).replace(/PACKAGE/g, pkg));
  execFileSync(process.execPath, ["main.js"], {
    cwd: dir,
    stdio: "pipe",
    env: { ...process.env, CDKTF_OUTDIR: "cdktf.out", CHECKPOINT_DISABLE: "1" },
  });
  return JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out", "stacks", "paas", "cdk.tf.json"), "utf8"));
}

/** The document without cdktf's "//" metadata, which names the framework and its version. */
function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "//")
        .map(([k, v]) => [k, withoutMetadata(v)]),
    );
  return value;
}

describeWithTerraform("the cdktn package (npm run pack:cdktn)", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-cdktn-"));
  afterAll(() => process.env.KEEP_TMP || fs.rmSync(work, { recursive: true, force: true }));

  test("a cdktn 0.24 app with constructs 10.6 synthesizes the same OpenStack resources as the cdktf package, and they validate", async () => {
    execFileSync("npm", ["run", "pack:cdktn"], { cwd: ROOT, stdio: "pipe" });
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
    const tarball = path.join(ROOT, `cdktn-stackato-openstack-${version}.tgz`);
    expect(fs.existsSync(tarball)).toBe(true);

    const cdktnApp = path.join(work, "cdktn-app");
    fs.mkdirSync(cdktnApp);
    fs.writeFileSync(
      path.join(cdktnApp, "package.json"),
      JSON.stringify({ name: "cdktn-app", private: true, version: "0.0.0" }),
    );
    execFileSync("npm", ["install", "--no-audit", "--no-fund", tarball, "cdktn@0.24.0", "constructs@10.6.0"], {
      cwd: cdktnApp,
      stdio: "pipe",
    });
    const installed = fs.readdirSync(path.join(cdktnApp, "node_modules"));
    expect(installed).toContain("cdktn");
    expect(installed).not.toContain("cdktf");
    const viaCdktn = synthIn(cdktnApp, "cdktn", "cdktn-stackato-openstack");

    // The same app on the cdktf package, from this checkout's build.
    const cdktfApp = path.join(work, "cdktf-app");
    fs.mkdirSync(path.join(cdktfApp, "node_modules"), { recursive: true });
    fs.symlinkSync(ROOT, path.join(cdktfApp, "node_modules", "cdktf-stackato-openstack"));
    for (const dep of ["cdktf", "constructs"])
      fs.symlinkSync(path.join(ROOT, "node_modules", dep), path.join(cdktfApp, "node_modules", dep));
    const viaCdktf = synthIn(cdktfApp, "cdktf", "cdktf-stackato-openstack");

    expect(Object.keys(viaCdktn.resource).length).toBeGreaterThan(5);
    expect(withoutMetadata(viaCdktn.resource)).toEqual(withoutMetadata(viaCdktf.resource));
    expect(viaCdktn.terraform.required_providers).toEqual(viaCdktf.terraform.required_providers);
    const result = await validateStackDir(path.join(cdktnApp, "cdktf.out", "stacks", "paas"));
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  }, 600_000);
});
