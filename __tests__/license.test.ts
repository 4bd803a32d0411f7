/**
 * The cluster's license (issue 16 item 5): `kato license set` on the core right after its setup,
 * before any other node attaches; the key is a sensitive variable's reference, reaches the core in a
 * 0700 file, goes to kato on STDIN, and is in the JSON and the triggers only as a reference and a hash.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { Frontend, StackatoCluster, StackatoClusterProps } from "../lib";
import { licenseScript } from "../lib/provisioning/scripts";
import { synthErrors, synthStack } from "./support/synth";
import { testCluster } from "./support/test-cluster";

function cluster(scope: Construct, overrides: Partial<StackatoClusterProps> = {}): StackatoCluster {
  return testCluster(scope, overrides);
}

const licenseVariable = (scope: Construct) =>
  new TerraformVariable(scope, "stackato_license_key", { type: "string", sensitive: true }).stringValue;

describe("licenseKey", () => {
  const out = synthStack((s) => {
    const c = cluster(s, { licenseKey: licenseVariable(s), frontend: Frontend.loadBalancer() });
    c.addControllers({ count: 2 });
    c.addSharedDropletVolume();
    c.addDeas();
    c.addRouters();
  });
  const address = (suffix: string) => out.address("null_resource", suffix);
  const step = out.resource("null_resource", "Core/License/Resource");

  test("is set on the core right after its setup, with the key in the triggers as a hash only", () => {
    expect(step.depends_on).toEqual([address("Core/Setup/Resource")]);
    expect(step.triggers).toMatchObject({ license_key_sha256: "${sha256(var.stackato_license_key)}" });
    expect(Object.keys(step.triggers)).not.toContain("license_key");
    const remote = JSON.stringify(step.provisioner.filter((p: Record<string, unknown>) => p["remote-exec"]));
    expect(remote).not.toContain("stackato_license_key");
    expect(JSON.parse(remote)[1]["remote-exec"].inline[0]).toContain(
      `LICENSE_KEY="$(base64 -d < "$HOME"/'.stackato-terraform/private/license-license_key'; printf x)"`,
    );
    const files = step.provisioner.filter((p: Record<string, any>) => p.file).map((p: Record<string, any>) => p.file);
    expect(files).toEqual([
      {
        content: "${base64encode(var.stackato_license_key)}",
        destination: ".stackato-terraform/private/license-license_key",
      },
    ]);
  });

  test("every other node's first step, and the core's later ones, wait for it", () => {
    const license = address("Core/License/Resource");
    for (const suffix of [
      "Core/InstallSsl/Resource",
      "SharedDroplets/Storage/Mount/Resource",
      "Deas/Node1/Attach/Resource",
      "Routers/Node1/Attach/Resource",
      "LoadBalancer/Setup/Resource",
    ]) {
      expect([suffix, out.resource("null_resource", suffix).depends_on]).toEqual([
        suffix,
        expect.arrayContaining([license]),
      ]);
    }
  });

  test("a cluster without a license has no license step", () => {
    const plain = synthStack((s) => cluster(s).addDeas());
    expect(JSON.stringify(plain.json)).not.toContain("license");
  });

  test.each([
    [
      "a literal key",
      { licenseKey: "XYZ-123" },
      `licenseKey: a literal would be written into cdk.tf.json; pass a sensitive TerraformVariable's value (new TerraformVariable(this, "stackato_license_key", { type: "string", sensitive: true }).stringValue)`,
    ],
    [
      "a release before 3.4",
      { stackatoVersion: "3.2.1" },
      "licenseKey: `kato license set` came with Stackato 3.4, and stackatoVersion is 3.2.1; register the license in the Management Console instead, or leave licenseKey out",
    ],
    [
      "provisioning off",
      { provisioning: false, ssh: undefined },
      "licenseKey: provisioning is off, so nothing logs in to set the license; leave provisioning on, or drop licenseKey",
    ],
  ])("refused at synth: %s", (_what, overrides, message) => {
    const errors = synthErrors((s) => cluster(s, { licenseKey: licenseVariable(s), ...overrides }).addDeas());
    expect(errors).toContain(message);
  });

  test("refused at synth: literal text joined to the reference", () => {
    const errors = synthErrors((s) => cluster(s, { licenseKey: `KEY-${licenseVariable(s)}` }).addDeas());
    expect(errors).toContain(
      "licenseKey: mixes literal text with a reference, and the literal part would be written into cdk.tf.json",
    );
  });
});

describe("the license script", () => {
  /** Runs the script against a kato that records its arguments and what it reads on STDIN. */
  function runWithRecordingKato(key: string): { status: number | null; output: string; args: string; stdin: string } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-license-"));
    try {
      const kato = path.join(root, "kato");
      fs.writeFileSync(
        kato,
        `#!/bin/bash\ncase "$1 $2" in\n  "process ready") ;;\n  "license set") echo "$*" > "${root}/args"; cat > "${root}/stdin" ;;\n  *) exit 2 ;;\nesac\n`,
        { mode: 0o755 },
      );
      const text = licenseScript({ licenseKey: key }).render().replace("KATO=/home/stackato/bin/kato", `KATO=${kato}`);
      const run = spawnSync("bash", ["-c", text], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: root } });
      const read = (f: string) =>
        fs.existsSync(path.join(root, f)) ? fs.readFileSync(path.join(root, f), "utf8") : "";
      return { status: run.status, output: run.stdout + run.stderr, args: read("args"), stdin: read("stdin") };
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }

  test("hands the key to kato on STDIN, byte for byte, never as an argument or in the output", () => {
    const key = "LIC-'$(touch /tmp/x)'-\\n end";
    const run = runWithRecordingKato(key);
    expect(run.status).toBe(0);
    expect(run.args).toBe("license set\n");
    expect(run.stdin).toBe(key);
    expect(run.output).not.toContain("LIC-");
  });

  test("refuses an empty key", () => {
    const run = runWithRecordingKato("");
    expect(run.status).toBe(1);
    expect(run.output).toContain("the license key is empty");
  });
});
