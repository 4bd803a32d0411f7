import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** A built copy of the project that shares node_modules and the generated bindings. */
function projectCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-stale-"));
  for (const entry of [
    "lib",
    "examples",
    "scripts",
    "main.ts",
    "cdktf.json",
    "package.json",
    "tsconfig.json",
    "tsconfig.build.json",
    ".gen",
    "provider-schemas",
  ]) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  // A first build, as `npm ci` leaves it: what a stale build would keep running.
  execFileSync(
    process.execPath,
    [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    { cwd: dir, stdio: "pipe" },
  );
  return dir;
}

function cdktfSynth(dir: string): Record<string, any> {
  execFileSync(path.join(ROOT, "node_modules", ".bin", "cdktf"), ["synth"], {
    cwd: dir,
    stdio: "pipe",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", STACKATO_FLAVOR: "" },
  });
  return JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out", "stacks", "micro-cloud", "cdk.tf.json"), "utf8"));
}

describe("npx cdktf synth", () => {
  const dir = projectCopy();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("reflects an edit of examples/ without a manual build", () => {
    const instanceName = (json: Record<string, any>) =>
      Object.values<any>(json.resource.openstack_compute_instance_v2)[0].name;
    expect(instanceName(cdktfSynth(dir))).toBe("microcloud");

    const example = path.join(dir, "examples", "micro-cloud.ts");
    const source = fs.readFileSync(example, "utf8");
    expect(source).toContain("image,\n      keyName: keypair.keyName,");
    fs.writeFileSync(
      example,
      source.replace(
        "image,\n      keyName: keypair.keyName,",
        'image,\n      name: "edited-after-build",\n      keyName: keypair.keyName,',
      ),
    );
    expect(instanceName(cdktfSynth(dir))).toBe("edited-after-build");
  });

  test("refuses to synthesize from an older build when the source does not compile", () => {
    const example = path.join(dir, "examples", "micro-cloud.ts");
    fs.appendFileSync(example, "\nconst broken: number = 'not a number';\n");
    expect(() => cdktfSynth(dir)).toThrow(/TypeScript build failed|Type 'string' is not assignable/);
  });
});
