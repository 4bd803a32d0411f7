import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { printSkipNoticeOnce, terraformTestMode } from "cdktf-stackato-openstack-harness/jest";

const ROOT = path.resolve(__dirname, "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

const CONSUMER_MAIN = `
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { StackatoImage, StackatoKeypair, StackatoMicroCloud, StackatoSecurityGroups, StackatoImageProps } from "cdktf-stackato-openstack";
import { OpenstackProvider, networkingNetworkV2 } from "cdktf-stackato-openstack/openstack";

class ConsumerStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new OpenstackProvider(this, "openstack", { region: "RegionOne" });
    const net = new networkingNetworkV2.NetworkingNetworkV2(this, "net", { name: "my-own-network" });
    const imageProps: StackatoImageProps = { existingImageName: "Stackato-3.6.2" };
    const image = new StackatoImage(this, "image", imageProps);
    const keypair = new StackatoKeypair(this, "key", { existingKeyName: "ops" });
    const groups = new StackatoSecurityGroups(this, "groups", { namePrefix: "consumer", internalGroup: false });
    new StackatoMicroCloud(this, "mc", { image, keyName: keypair.keyName, networkId: net.id, securityGroups: groups });
  }
}

const app = new App();
new ConsumerStack(app, "consumer");
app.synth();
`;

/**
 * A new user's app: a cluster whose domain is a required Terraform variable, DEAs from two addDeas()
 * calls, and a volume of its own whose construct id the head version renames, with the `moved`
 * block (moveFromId) the review advises.
 */
const NEW_USER_MAIN = `
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { Frontend, NodeVolume, StackatoCluster, StackatoImage } from "cdktf-stackato-openstack";
import { OpenstackProvider } from "cdktf-stackato-openstack/openstack";

declare const process: { env: Record<string, string | undefined> }; // the app has no @types/node
const head = process.env.APP_VERSION === "head";

class Paas extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new OpenstackProvider(this, "openstack", {});
    const domain = new TerraformVariable(this, "paas_domain", { type: "string", description: "DNS name of the PaaS" });
    const cluster = new StackatoCluster(this, "Cluster", {
      name: "paas",
      domain: domain.stringValue,
      image: new StackatoImage(this, "Image", { existingImageName: "Stackato-3.6.2" }),
      keyName: "ops",
      networkName: "private",
      floatingIpPool: "public",
      sshSourceCidrs: ["203.0.113.0/24"],
      ssh: { privateKeyPath: "~/.ssh/id_rsa" },
      frontend: Frontend.routers({ count: 2 }),
    });
    cluster.addDeas({ count: 2, flavorName: "m1.large" });
    cluster.addDeas({ count: 1, flavorName: "m1.xlarge" });
    const logs = new NodeVolume(this, head ? "AppLogs" : "Logs", {
      node: cluster.core, volumeName: "paas-logs", label: "logs", mountPoint: "/mnt/logs",
    });
    if (head) logs.volume.moveFromId(process.env.OLD_LOGS_VOLUME!);
  }
}

const app = new App();
new Paas(app, "paas");
app.synth();
`;

interface Packed {
  readonly filename: string;
  readonly entryCount: number;
  readonly bundled: string[];
  readonly files: Array<{ path: string }>;
}

/** `npm pack --json` of the library (the root) or, with `-w <name>` arguments, of workspace packages. */
function pack(dir: string, args: string[]): Packed[] {
  return JSON.parse(
    execFileSync(NPM, ["pack", "--json", "--pack-destination", dir, ...args], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
}

const HARNESS = "cdktf-stackato-openstack-harness";
const REVIEW = "cdktf-stackato-openstack-review";

describe("the npm packages: the library, the harness and the review CLI", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-pack-"));
  let app = "";
  let tarballs: { harness: string; review: string } | undefined;
  afterAll(() => process.env.KEEP_TMP || fs.rmSync(work, { recursive: true, force: true }));

  test("the library installs alone into another cdktf app, type-checks, and synthesizes", () => {
    // --ignore-scripts: `npm ci` built dist/ already, and the build (jsii too) would take a minute.
    const [packed] = pack(work, ["--ignore-scripts"]);
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/lib/index.js",
        "dist/lib/index.d.ts",
        "dist/lib/openstack.js",
        "dist/lib/provisioning/scripts/sh/prelude.sh",
        "dist/lib/provisioning/scripts/sh/attach.sh",
        "dist/.gen/providers/openstack/provider/index.js",
        "provider-schemas/force-new.json",
        ".jsii",
      ]),
    );
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    // The library carries none of the other two packages and bundles nothing: no harness, no review
    // CLI, no gRPC, protobuf, yargs or msgpack (issue 18: 1519 entries and 33 bundled packages before).
    expect(packed.bundled).toEqual([]);
    expect(files.filter((f) => f.startsWith("node_modules/") || f.startsWith("bin/"))).toEqual([]);
    expect(files.filter((f) => /harness|review|grpc|proto|yargs|msgpack|server-main|tfplugin/i.test(f))).toEqual([]);
    expect(files.every((f) => /^(dist\/lib\/|dist\/\.gen\/|provider-schemas\/|[^/]+$)/.test(f))).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bin).toBeUndefined();

    app = path.join(work, "consumer-app");
    fs.mkdirSync(app);
    fs.writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify({ name: "consumer-app", private: true, version: "0.0.0" }),
    );
    fs.writeFileSync(path.join(app, "main.ts"), CONSUMER_MAIN);
    fs.writeFileSync(
      path.join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "ES2021",
          module: "commonjs",
          outDir: "js",
          skipLibCheck: false,
          types: [],
        },
        files: ["main.ts"],
      }),
    );
    const tarball = path.join(work, packed.filename);
    execFileSync(
      NPM,
      ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball, "cdktf@0.21.0", "constructs@10.4.2"],
      { cwd: app, stdio: "pipe" },
    );
    // Only the library and its peers: nothing of the harness or the review came along.
    for (const absent of [HARNESS, REVIEW, "@grpc", "@msgpack", "protobufjs", "yargs"])
      expect(fs.existsSync(path.join(app, "node_modules", absent))).toBe(false);

    execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], {
      cwd: app,
      stdio: "pipe",
    });
    execFileSync(process.execPath, ["js/main.js"], {
      cwd: app,
      stdio: "pipe",
      env: { ...process.env, CDKTF_OUTDIR: "cdktf.out", CHECKPOINT_DISABLE: "1" },
    });

    const synthesized = JSON.parse(
      fs.readFileSync(path.join(app, "cdktf.out", "stacks", "consumer", "cdk.tf.json"), "utf8"),
    );
    expect(synthesized.terraform.required_providers.openstack).toEqual({
      source: "terraform-provider-openstack/openstack",
      version: "3.4.0",
    });
    expect(Object.values<any>(synthesized.resource.openstack_networking_secgroup_v2).map((g) => g.name)).toEqual([
      "consumer-ext",
    ]);
    expect(Object.values<any>(synthesized.resource.openstack_compute_instance_v2)[0].key_pair).toBe("ops");
    expect(Object.values<any>(synthesized.resource.openstack_networking_port_v2)[0].network_id).toMatch(
      /^\$\{openstack_networking_network_v2\.net\.id\}$/,
    );

    // Then the review CLI and the harness, each from its own tarball (the review depends on the harness).
    tarballs = installToolPackages(work, app);
    // The review package's command line, from the consumer's own node_modules/.bin.
    const cli = path.join(app, "node_modules", ".bin", REVIEW);
    // Without the test run's own harness in the environment, so `validate` starts the packaged one.
    const { TF_REATTACH_PROVIDERS: _ours, ...env } = process.env;
    const run = (args: string[]) =>
      spawnSync(cli, args, { cwd: app, encoding: "utf8", env: { ...env, CHECKPOINT_DISABLE: "1" } });
    const reviewed = run(["review", "--head", "cdktf.out", "--out", "review.md"]);
    expect(reviewed.stderr).toBe("");
    expect(reviewed.status).toBe(0);
    const report = fs.readFileSync(path.join(app, "review.md"), "utf8");
    expect(report).toContain("## Stack `consumer`");
    expect(report).toMatch(/\| 🌐 \*\*public\*\* \| tcp \| 22 \| `0\.0\.0\.0\/0` \| consumer-ext \|/);
    expect(report).toContain("```mermaid");
    const unknownStack = run(["review", "--head", "cdktf.out", "--stack", "nope"]);
    expect(unknownStack.status).toBe(2);
    expect(unknownStack.stderr).toContain("--stack nope: cdktf.out has no such stack; it has consumer");

    if (terraformTestMode() === "skip") return printSkipNoticeOnce();
    const validated = run(["validate", "cdktf.out"]);
    expect(validated.stderr).toBe("");
    expect(validated.stdout).toMatch(/^consumer\s+ok\s+ok\s+\d+$/m);
    expect(validated.status).toBe(0);
  });

  test("the harness's entry point loads from its installed package and starts its provider server", () => {
    expect(tarballs).toBeDefined();
    const { TF_REATTACH_PROVIDERS: _ours, ...env } = process.env;
    const script = [
      `const harness = require(${JSON.stringify(HARNESS)});`,
      `console.log(require.resolve(${JSON.stringify(HARNESS)}));`,
      "harness.startHarness().then(async (h) => {",
      '  console.log(Object.keys(h.reattach).sort().join(" "));',
      "  await h.stop();",
      "});",
    ].join("\n");
    const out = execFileSync(process.execPath, ["-e", script], { cwd: app, encoding: "utf8", env });
    expect(out).toContain(path.join(app, "node_modules", HARNESS, "dist", "index.js"));
    expect(out).toContain(
      "registry.terraform.io/hashicorp/null registry.terraform.io/terraform-provider-openstack/openstack",
    );
  });

  test("a new user's app: validate --var and review --base/--head through the review package's bin", () => {
    expect(app).not.toBe("");
    if (terraformTestMode() === "skip") return printSkipNoticeOnce();
    fs.writeFileSync(path.join(app, "main.ts"), NEW_USER_MAIN);
    execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], {
      cwd: app,
      stdio: "pipe",
    });
    const synth = (version: string, outdir: string, extra: Record<string, string> = {}) =>
      execFileSync(process.execPath, ["js/main.js"], {
        cwd: app,
        stdio: "pipe",
        env: { ...process.env, APP_VERSION: version, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", ...extra },
      });
    synth("base", "base.out");
    const base = JSON.parse(fs.readFileSync(path.join(app, "base.out", "stacks", "paas", "cdk.tf.json"), "utf8"));
    const [oldVolume] = Object.keys(base.resource.openstack_blockstorage_volume_v3).filter((n) =>
      n.startsWith("Logs_"),
    );
    synth("head", "head.out", { OLD_LOGS_VOLUME: `openstack_blockstorage_volume_v3.${oldVolume}` });
    const head = JSON.parse(fs.readFileSync(path.join(app, "head.out", "stacks", "paas", "cdk.tf.json"), "utf8"));
    expect(head.moved).toEqual([
      { from: `openstack_blockstorage_volume_v3.${oldVolume}`, to: expect.stringMatching(/AppLogs_Volume_/) },
    ]);
    expect(Object.keys(head.resource.openstack_compute_instance_v2)).toHaveLength(6); // core, 3 DEAs, 2 routers

    const cli = path.join(app, "node_modules", ".bin", REVIEW);
    const { TF_REATTACH_PROVIDERS: _ours, ...env } = process.env;
    // No key file on a reviewer's machine: the connections fall back to ssh-agent (README, Keys).
    const run = (args: string[]) =>
      spawnSync(cli, args, {
        cwd: app,
        encoding: "utf8",
        env: { ...env, CHECKPOINT_DISABLE: "1", TF_VAR_paas_ssh_private_key_path: "" },
      });
    const withoutVar = run(["validate", "head.out"]);
    expect(withoutVar.status).toBe(1);
    expect(withoutVar.stdout).toMatch(/^paas\s+ok\s+FAIL\s+-$/m);
    expect(withoutVar.stderr).toContain("--var NAME=VALUE");
    const validated = run(["validate", "head.out", "--var", "paas_domain=paas.example.org"]);
    expect(validated.stderr).toBe("");
    expect(validated.stdout).toMatch(/^paas\s+ok\s+ok\s+\d+$/m);
    expect(validated.status).toBe(0);

    const reviewed = run(["review", "--base", "base.out", "--head", "head.out", "--out", "review.md"]);
    expect(reviewed.stderr).toBe("");
    expect(reviewed.status).toBe(0);
    const report = fs.readFileSync(path.join(app, "review.md"), "utf8");
    expect(report).toContain("**Moved** by `moved` blocks");
    expect(report).not.toContain("has prevent_destroy");
    expect(report).not.toContain("[!CAUTION]");
  });
});

/**
 * Packs the harness and the review workspaces (their prepack builds them) and installs both tarballs
 * into `app`: the review's dependency on the harness is met by the harness tarball, not the registry.
 */
function installToolPackages(work: string, app: string): { harness: string; review: string } {
  const packed = pack(work, ["-w", HARNESS, "-w", REVIEW]);
  const byName = (name: string) => packed.find((p) => p.filename.startsWith(`${name}-`))!;
  const harness = byName(HARNESS);
  const review = byName(REVIEW);
  const harnessFiles = harness.files.map((f) => f.path);
  expect(harnessFiles).toEqual(
    expect.arrayContaining([
      "dist/index.js",
      "dist/index.d.ts",
      "dist/server-main.js",
      "proto/tfplugin6.proto",
      "provider-schemas/openstack.json",
      "provider-schemas/force-new.json",
      "LICENSE",
    ]),
  );
  const reviewFiles = review.files.map((f) => f.path);
  expect(reviewFiles).toEqual(
    expect.arrayContaining([
      "dist/cli.js",
      "dist/prelude.sh",
      `bin/${REVIEW}.js`,
      "package.json",
      "README.md",
      "LICENSE",
    ]),
  );
  // Neither bundles its dependencies, and the review carries no harness code (it depends on the package).
  for (const p of [harness, review]) {
    expect(p.bundled).toEqual([]);
    expect(
      p.files.filter((f) => f.path.startsWith("node_modules/") || /\.ts$/.test(f.path.replace(/\.d\.ts$/, ""))),
    ).toEqual([]);
  }
  expect(reviewFiles.filter((f) => /server|proto|schema|fake-provider/.test(f))).toEqual([]);
  const tarballs = { harness: path.join(work, harness.filename), review: path.join(work, review.filename) };
  execFileSync(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", tarballs.harness, tarballs.review], {
    cwd: app,
    stdio: "pipe",
  });
  return tarballs;
}
