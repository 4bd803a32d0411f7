import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { ClusterStack, clusterSettingsFromEnv } from "../examples/cluster";

// The bench's raw-cdktf baseline (plain JS, shared with `npm run bench`).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const baseline = require("../bench/baseline");

const ROOT = path.resolve(__dirname, "..");
const GEN = path.join(ROOT, ".gen");

function synthToJson(build: (app: App) => void): any {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-baseline-"));
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
    return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "cluster", "cdk.tf.json"), "utf8"));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe("bench baseline (the same document through the generated L1 classes)", () => {
  const library = synthToJson((app) => new ClusterStack(app, "cluster", clusterSettingsFromEnv({})));

  test("declared from the cluster example's JSON, it synthesizes the same document apart from metadata", () => {
    const decls = baseline.planBaseline(library, { genRoot: GEN });
    const rebuilt = synthToJson((app) => baseline.declareBaseline(app, "cluster", decls));
    expect(() => baseline.assertSameDocument(library, rebuilt)).not.toThrow();
    // Not trivially equal: every kind of content is there, and only the "//" metadata differs.
    expect(Object.keys(rebuilt).sort()).toEqual([
      "//",
      "data",
      "output",
      "provider",
      "resource",
      "terraform",
      "variable",
    ]);
    expect(Object.keys(rebuilt.resource.null_resource).length).toBeGreaterThan(10);
    expect(JSON.stringify(rebuilt)).not.toEqual(JSON.stringify(library));
    expect(JSON.stringify(baseline.stripMetadata(rebuilt))).toEqual(JSON.stringify(baseline.stripMetadata(library)));
  });

  test("the identity check names the first difference", () => {
    const changed = JSON.parse(JSON.stringify(library));
    const [name] = Object.keys(changed.resource.null_resource);
    changed.resource.null_resource[name].triggers.instance_id = "other";
    expect(() => baseline.assertSameDocument(library, changed)).toThrow(
      `$.resource.null_resource.${name}.triggers.instance_id`,
    );
  });

  test("a key the provider schema does not know is refused, not copied", () => {
    const changed = JSON.parse(JSON.stringify(library));
    const [name] = Object.keys(changed.resource.openstack_compute_instance_v2);
    changed.resource.openstack_compute_instance_v2[name].no_such_argument = 1;
    expect(() => baseline.planBaseline(changed, { genRoot: GEN })).toThrow(
      /"no_such_argument" is neither an attribute nor a block/,
    );
  });
});
