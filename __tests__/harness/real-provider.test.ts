/**
 * The real terraform-provider-openstack that toolchain/build.sh builds: validate talks to it, the committed
 * schema is what it prints, and the ForceNew table is what its own source (the module it was built from) says.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  allowDestroy,
  applyStackDir,
  describeWithRealProvider,
  destroyWorkDir,
  realOpenStackProvider,
  validateStackDir,
} from "cdktf-stackato-openstack-harness";
import { planAgainstState } from "cdktf-stackato-openstack-review/state-plan";
import { chooseProvider, validateStacks } from "cdktf-stackato-openstack-review/validate-command";
import { exampleStacks } from "../support/example-stacks";
import { synthClusterVariant } from "../support/review-pairs";

const ROOT = path.resolve(__dirname, "..", "..");

function stackDir(resource: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "real-provider-"));
  const config = {
    terraform: {
      required_providers: {
        openstack: { source: "terraform-provider-openstack/openstack", version: "3.4.0" },
        null: { source: "hashicorp/null", version: "3.3.1" },
      },
    },
    provider: { openstack: [{}] },
    resource,
  };
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(config));
  return dir;
}

/** A rule the schema allows and the provider's own check refuses: a port range needs a protocol. */
const RULE_WITHOUT_PROTOCOL = {
  openstack_networking_secgroup_v2: { g: { name: "g" } },
  openstack_networking_secgroup_rule_v2: {
    r: {
      direction: "ingress",
      ethertype: "IPv4",
      port_range_min: 22,
      port_range_max: 22,
      security_group_id: "${openstack_networking_secgroup_v2.g.id}",
    },
  },
};

describe("choosing the provider", () => {
  const saved = process.env.STACKATO_TOOLCHAIN_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.STACKATO_TOOLCHAIN_DIR;
    else process.env.STACKATO_TOOLCHAIN_DIR = saved;
  });

  test("without a built toolchain, auto means the fake and real is an input error naming the fix", () => {
    process.env.STACKATO_TOOLCHAIN_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "no-toolchain-"));
    expect(realOpenStackProvider()).toBeUndefined();
    expect(chooseProvider("auto")).toBe("fake");
    expect(() => chooseProvider("real")).toThrow(/bash toolchain\/build\.sh/);
  });
});

describeWithRealProvider("the real terraform-provider-openstack", () => {
  test("validate with it refuses what the provider refuses and the fake accepts", async () => {
    const dir = stackDir(RULE_WITHOUT_PROTOCOL);
    const fake = await validateStackDir(dir, "fake");
    expect(fake.ok).toBe(true);
    const real = await validateStackDir(dir, "real");
    expect(real.ok).toBe(false);
    expect(real.diagnostics.join("\n")).toContain("all of `port_range_max,port_range_min,protocol` must be specified");
    // The scratch copy took the init: the stack's own directory is left as it was.
    expect(fs.readdirSync(dir)).toEqual(["cdk.tf.json"]);
  }, 120000);

  test("every example stack validates with it", async () => {
    for (const { name, dir } of exampleStacks()) {
      const result = await validateStackDir(dir, "real");
      expect({ name, diagnostics: result.diagnostics }).toEqual({ name, diagnostics: [] });
      expect(result.ok).toBe(true);
    }
  }, 240000);

  test("the validate command uses it by default and says so", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "real-provider-out-"));
    fs.mkdirSync(path.join(out, "stacks"));
    fs.renameSync(stackDir(RULE_WITHOUT_PROTOCOL), path.join(out, "stacks", "rules"));
    const outcome = await validateStacks(out);
    expect(outcome.provider).toBe("real");
    expect(outcome.lines.join("\n")).toMatch(/^rules\s+FAIL\s+skip\s+-$/m);
    expect(outcome.lines.join("\n")).toContain("validate: the real terraform-provider-openstack 3.4.0");
    const withFake = await validateStacks(out, undefined, [], "fake");
    expect(withFake.lines.join("\n")).toMatch(/^rules\s+ok\s+ok\s+2$/m);
    expect(withFake.lines.join("\n")).toContain("validate: the harness's schema-only providers");
  }, 120000);

  test("it plans no change against a state the fake cloud wrote, so the fake stores what the provider would", async () => {
    // Before the fake applied the provider's Defaults and StateFuncs (user_data is stored as its SHA-1) and
    // answered with the legacy type system flag as SDKv2 does, this plan replaced every instance and step.
    const base = synthClusterVariant();
    const applied = await applyStackDir(path.join(base, "stacks", "cluster"), { provisioners: false });
    expect(applied.diagnostics).toEqual([]);
    try {
      const stateFile = path.join(applied.workDir, "terraform.tfstate");
      const real = await planAgainstState(base, stateFile, "cluster", [], "real");
      expect(real.markdown).toContain("Planned with: the real terraform-provider-openstack 3.4.0");
      expect(real.markdown).toContain("**No changes.**");
      expect(real.changes).toBe(0);
      // A state without the data sources' values: real would have to ask the cloud, so it is refused when
      // asked for, and the default falls back to the harness and says why.
      const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
      state.resources = state.resources.filter((r: { mode: string }) => r.mode !== "data");
      const noData = path.join(applied.workDir, "no-data.tfstate");
      fs.writeFileSync(noData, JSON.stringify(state));
      await expect(planAgainstState(base, noData, "cluster", [], "real")).rejects.toThrow(
        /has no values for data\.openstack_.*--provider fake/,
      );
      const fellBack = await planAgainstState(base, noData, "cluster");
      expect(fellBack.markdown).toContain("Planned with: the harness's schema-only providers");
      expect(fellBack.markdown).toContain("The real provider was not used: the state has no values for");
      const grown = await planAgainstState(synthClusterVariant({ deaCount: 4 }), stateFile, "cluster", [], "real");
      // Per new DEA: port, instance, attach step and its membership instance.
      expect(grown.markdown).toContain("**Plan: 8 to add, 0 to change, 0 to destroy.**");
    } finally {
      allowDestroy(applied.workDir);
      await destroyWorkDir(applied.workDir);
      fs.rmSync(applied.workDir, { recursive: true, force: true });
    }
  }, 240000);

  test("provider-schemas/openstack.json is what the built provider prints", () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, "scripts", "provider-schema.js"), "check"], {
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  }, 60000);

  test("force-new.json agrees with the source the provider was built from", () => {
    const versions = fs.readFileSync(path.join(ROOT, "toolchain", "versions.env"), "utf8");
    const field = (name: string) => new RegExp(`^${name}=(\\S+)$`, "m").exec(versions)![1];
    // The module is in the Go module cache since the build; go mod download only looks it up there.
    const download = JSON.parse(
      execFileSync(
        "go",
        ["mod", "download", "-json", `${field("OPENSTACK_PROVIDER_MODULE")}@v${field("OPENSTACK_PROVIDER_VERSION")}`],
        { cwd: os.tmpdir(), encoding: "utf8", env: { ...process.env, GOFLAGS: "-mod=mod" } },
      ),
    ) as { Dir: string; Sum: string };
    expect(download.Sum).toBe(field("OPENSTACK_PROVIDER_SUM"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extractor = require(path.join(ROOT, "scripts", "extract-force-new.js"));
    const extracted = extractor.extractEntries(
      "terraform-provider-openstack/openstack",
      extractor.directoryTree(download.Dir),
    );
    const table = JSON.parse(fs.readFileSync(path.join(ROOT, "provider-schemas", "force-new.json"), "utf8"));
    const committed = Object.fromEntries(
      Object.entries(table.resources).filter(
        ([, e]: [string, any]) => e.provider === "terraform-provider-openstack/openstack",
      ),
    );
    expect(extracted).toEqual(committed);
  }, 120000);
});
