import { execFileSync, execSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeWithTerraform, validateStackDir } from "cdktf-stackato-openstack-harness";

const ROOT = path.resolve(__dirname, "../..");
const LOCAL_CDKTF = path.join(ROOT, "node_modules", ".bin", "cdktf");

/**
 * The shell blocks (packing a checkout, then the app) and the TypeScript example of the README's
 * "Use the constructs in your own cdktf app", and the section's text.
 */
function readmeConsumerSection(): { pack: string[]; commands: string[]; example: string; section: string } {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("## Use the constructs in your own cdktf app");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 3));
  const [pack, commands] = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    m[1].split("\n").filter((line) => line.trim() !== ""),
  );
  const ts = /```ts\n([\s\S]*?)```/.exec(section)![1];
  return { pack, commands, example: ts, section };
}

describeWithTerraform("the README's consumer path, followed as written", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-readme-"));
  const home = path.join(work, "home");
  let app = "";
  const env = {
    ...process.env,
    HOME: home,
    CHECKPOINT_DISABLE: "1",
    npm_config_cache: path.join(os.homedir(), ".npm"),
  };
  afterAll(() => process.env.KEEP_TMP || fs.rmSync(work, { recursive: true, force: true }));

  test("the README says plainly that the package is not published, and keeps the registry line for when it is", () => {
    const { section } = readmeConsumerSection();
    expect(section).toContain("**The package is not on the npm registry yet**");
    expect(section).toContain(
      "Once the package is published, the install line is\n`npm install cdktf-stackato-openstack cdktf@0.21.0 cdktf-cli@0.21.0 typescript@~5.9.3`",
    );
    expect(section).toContain(
      "`npm install git+https://github.com/stackato-openstack/cdktf-stackato-openstack.git cdktf@0.21.0 cdktf-cli@0.21.0 typescript@~5.9.3`",
    );
  });

  test("the README's pack lines, cdktf init, its install line, its example and `npx cdktf synth` give a stack that validates", async () => {
    const { pack: packLines, commands, example } = readmeConsumerSection();
    expect(packLines).toEqual([
      "git clone https://github.com/stackato-openstack/cdktf-stackato-openstack.git",
      "cd cdktf-stackato-openstack && npm ci && npm pack && cd ..",
    ]);
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
    expect(commands).toEqual([
      "mkdir paas && cd paas",
      expect.stringMatching(/^npx cdktf-cli@0\.21\.0 init --template=typescript --local /),
      `npm install ../cdktf-stackato-openstack/cdktf-stackato-openstack-${version}.tgz cdktf@0.21.0 cdktf-cli@0.21.0 typescript@~5.9.3`,
    ]);
    // The clone is of this repository's committed HEAD instead of GitHub (tests run offline); the
    // next line runs as written: `npm ci` builds the clone from scratch, `npm pack` packs it.
    execFileSync("git", ["clone", "--quiet", ROOT, "cdktf-stackato-openstack"], { cwd: work, stdio: "pipe" });
    execSync(packLines[1], { cwd: work, env: { ...env, npm_config_prefer_offline: "true" }, stdio: "pipe" });
    const tarball = path.join(work, "cdktf-stackato-openstack", `cdktf-stackato-openstack-${version}.tgz`);
    expect(fs.existsSync(tarball)).toBe(true);
    fs.mkdirSync(path.join(home, ".ssh"), { recursive: true });
    execFileSync("ssh-keygen", ["-q", "-t", "rsa", "-b", "3072", "-N", "", "-f", path.join(home, ".ssh", "id_rsa")]);

    fs.mkdirSync(path.join(work, "paas"));
    app = path.join(work, "paas");
    // The same CLI version the README names, from this repository rather than a download by npx.
    execSync(commands[1].replace("npx cdktf-cli@0.21.0", LOCAL_CDKTF), { cwd: app, env, stdio: "pipe" });
    execSync(commands[2] + " --no-audit --no-fund", { cwd: app, env, stdio: "pipe" });
    fs.writeFileSync(path.join(app, "main.ts"), example);
    execSync("npx cdktf synth", { cwd: app, env, stdio: "pipe" });

    const stackDir = path.join(app, "cdktf.out", "stacks", "paas");
    const json = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource)).toEqual(
      expect.arrayContaining([
        "openstack_compute_instance_v2",
        "openstack_images_image_v2",
        "openstack_compute_keypair_v2",
      ]),
    );
    const result = await validateStackDir(stackDir);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  }, 1_500_000);

  test("the README's git line: npm clones the repository and builds it through `prepare`", () => {
    expect(app).not.toBe("");
    const { section } = readmeConsumerSection();
    const line = /`(npm install git\+https:\/\/\S+ [^`]*)`/.exec(section)![1];
    const gitApp = path.join(work, "paas-from-git");
    fs.mkdirSync(gitApp);
    fs.writeFileSync(path.join(gitApp, "package.json"), JSON.stringify({ name: "paas-from-git", private: true }));
    // Only the URL changes: the clone the previous test made stands in for GitHub.
    const command = line.replace(
      "git+https://github.com/stackato-openstack/cdktf-stackato-openstack.git",
      `git+file://${path.join(work, "cdktf-stackato-openstack")}`,
    );
    execSync(`${command} --no-audit --no-fund`, {
      cwd: gitApp,
      env: { ...env, npm_config_prefer_offline: "true" },
      stdio: "pipe",
    });
    const installed = path.join(gitApp, "node_modules", "cdktf-stackato-openstack");
    expect(fs.existsSync(path.join(installed, "dist", "lib", "index.js"))).toBe(true);
    expect(fs.existsSync(path.join(installed, "dist", ".gen", "providers", "openstack"))).toBe(true);
    const loaded = execFileSync(
      process.execPath,
      ["-e", 'console.log(typeof require("cdktf-stackato-openstack").StackatoCluster)'],
      { cwd: gitApp, encoding: "utf8" },
    );
    expect(loaded.trim()).toBe("function");
  }, 900_000);

  test("an app with its own @cdktf/provider-null and NullProvider gets one null provider, and validates", async () => {
    expect(app).not.toBe("");
    execSync("npm install --no-audit --no-fund @cdktf/provider-null@11.0.0", { cwd: app, env, stdio: "pipe" });
    fs.writeFileSync(
      path.join(app, "main.ts"),
      `
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { NullProvider } from "@cdktf/provider-null/lib/provider";
import { Resource } from "@cdktf/provider-null/lib/resource";
import { StackatoImage, StackatoMicroCloud } from "cdktf-stackato-openstack";
import { OpenstackProvider } from "cdktf-stackato-openstack/openstack";

class Paas extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new OpenstackProvider(this, "openstack", {});
    new NullProvider(this, "null");
    new Resource(this, "mine", {});
    const image = new StackatoImage(this, "Image", { existingImageName: "Stackato-3.6.2" });
    new StackatoMicroCloud(this, "MicroCloud", {
      image, keyName: "ops", networkName: "private", floatingIpPool: "public",
      domain: "micro.example.com", ssh: { privateKeyPath: "~/.ssh/id_rsa" },
    });
  }
}
const app = new App();
new Paas(app, "paas");
app.synth();
`,
    );
    execSync("npx cdktf synth", { cwd: app, env, stdio: "pipe" });
    const stackDir = path.join(app, "cdktf.out", "stacks", "paas");
    const json = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
    expect(json.provider.null).toHaveLength(1);
    expect(Object.keys(json.resource.null_resource).length).toBeGreaterThanOrEqual(2);
    const result = await validateStackDir(stackDir);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  }, 600_000);
});
