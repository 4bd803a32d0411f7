import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

describe("API.md", () => {
  test("is what jsii-docgen makes from the current assembly (regenerate with `npm run docgen`)", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stackato-docgen-")), "API.md");
    execFileSync(path.join(ROOT, "node_modules", ".bin", "jsii-docgen"), ["-o", out, "--submodule", "root"], {
      cwd: ROOT,
      stdio: "pipe",
      env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: "1" },
    });
    const committed = fs.readFileSync(path.join(ROOT, "API.md"), "utf8");
    const current = fs.readFileSync(out, "utf8");
    expect(current.length).toBeGreaterThan(10000);
    if (committed !== current) {
      throw new Error("API.md is stale: the public API changed; run `npm run docgen` and commit API.md");
    }
  });

  test("documents the constructs and not the internals", () => {
    const api = fs.readFileSync(path.join(ROOT, "API.md"), "utf8");
    for (const name of [
      "StackatoCluster",
      "StackatoMicroCloud",
      "SharedDropletVolume",
      "StackatoSecurityGroups",
      "NodeKind",
    ])
      expect(api).toContain(`### ${name} `);
    expect(api).not.toContain("### ProvisionStep ");
  });
});
