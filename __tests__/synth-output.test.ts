import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** Every file under `dir`, relative path -> bytes. */
function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

/** Lays out a second checkout in another directory: a copy of the compiled app, sharing node_modules. */
function copyCheckout(target: string): void {
  fs.cpSync(path.join(ROOT, "dist"), path.join(target, "dist"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "package.json"), path.join(target, "package.json"));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(target, "node_modules"), "dir");
}

/** Runs the compiled main.ts in `checkout` (as `cdktf synth` does) and returns its output tree. */
function synthIn(checkout: string, outdir: string): Map<string, Buffer> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: os.tmpdir(),
    CDKTF_OUTDIR: outdir,
    CHECKPOINT_DISABLE: "1",
  };
  execFileSync(process.execPath, [path.join(checkout, "dist", "main.js")], { cwd: checkout, env, stdio: "pipe" });
  return readTree(outdir);
}

describe("synthesized output", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-synth-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, "dist", "main.js"))) {
      throw new Error("dist/main.js is missing: run `npm run build` (npm ci does it through `prepare`)");
    }
  });

  test("is byte-identical on two runs and from two checkout directories", () => {
    const other = path.join(work, "elsewhere", "checkout");
    fs.mkdirSync(other, { recursive: true });
    copyCheckout(other);

    const first = synthIn(ROOT, path.join(work, "out-1"));
    const second = synthIn(ROOT, path.join(work, "out-2"));
    const moved = synthIn(other, path.join(work, "out-3"));

    const stacks = [...first.keys()].filter((f) => f.endsWith("cdk.tf.json"));
    expect(stacks.sort()).toEqual([
      path.join("stacks", "cluster", "cdk.tf.json"),
      path.join("stacks", "micro-cloud", "cdk.tf.json"),
    ]);
    for (const other of [second, moved]) {
      expect([...other.keys()].sort()).toEqual([...first.keys()].sort());
      for (const [file, bytes] of first)
        expect({ file, same: bytes.equals(other.get(file)!) }).toEqual({ file, same: true });
    }
  });

  test("holds no absolute path of the machine that synthesized it", () => {
    const tree = synthIn(ROOT, path.join(work, "out-paths"));
    for (const [file, bytes] of tree) {
      const text = bytes.toString("utf8");
      for (const local of [ROOT, work, os.homedir()]) {
        expect({ file, leaks: text.includes(local) }).toEqual({ file, leaks: false });
      }
    }
  });
});
