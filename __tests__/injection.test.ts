import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  applyStackDir,
  describeWithTerraform,
  managedResourcesInState,
  outputsOf,
  synthStackDir,
} from "cdktf-stackato-openstack-harness";
import { OpenstackProvider } from "../lib/openstack";
import { ProvisionStep } from "../lib/provisioning/provision-step";
import { ShellScript } from "../lib/provisioning/scripts";

/** Values a variable, a CI setting or a careless paste can hold. Each must arrive as data. */
const HOSTILE = [
  "x'; touch pwned; echo '",
  "$(touch pwned)",
  "`touch pwned`",
  "${path.cwd}",
  "%{ if true }yes%{ endif }",
  "two\nlines\n\n",
  "back\\slash \\' \"double\" '",
  "ünïcødé ✓ 🚀",
];

/** A literal (not a reference) that Terraform's template engine would read if it were not escaped. */
const HOSTILE_LITERAL = "${path.cwd} %{ if true }x%{ endif } $(touch pwned) 'q'";

describeWithTerraform("values reach scripts as data, with real Terraform (issue 8, injection)", () => {
  const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-inject-"));
  afterAll(() => fs.rmSync(sandbox, { recursive: true, force: true }));

  test("references are quoted at apply and literals are escaped: nothing runs, every value arrives byte for byte", async () => {
    const app: App = Testing.app();
    const stack = new TerraformStack(app, "inject");
    new OpenstackProvider(stack, "openstack", {});
    HOSTILE.forEach((_, i) => {
      const variable = new TerraformVariable(stack, `hostile_${i}`, { type: "string", sensitive: true });
      const script = new ShellScript(
        "probe",
        [
          ["VALUE", variable.stringValue],
          ["LIT", HOSTILE_LITERAL],
          ["OUT", path.join(sandbox, `out-${i}`)],
        ],
        'printf %s "$VALUE" > "$OUT.value"\nprintf %s "$LIT" > "$OUT.lit"',
      );
      new TerraformOutput(stack, `script_${i}`, { value: script.renderForTerraform(), sensitive: true });
      // A step's triggers carry its literal inputs too: Terraform must keep them as they are.
      new ProvisionStep(stack, `Step${i}`, {
        instanceId: "i-1",
        script,
        connection: { type: "ssh", host: "127.0.0.1" },
        dependsOn: [],
      });
    });
    const dir = synthStackDir(stack);
    HOSTILE.forEach((value, i) => (process.env[`TF_VAR_hostile_${i}`] = value));
    let applied;
    try {
      applied = await applyStackDir(dir, { provisioners: false });
    } finally {
      HOSTILE.forEach((_, i) => delete process.env[`TF_VAR_hostile_${i}`]);
    }
    expect(applied.diagnostics).toEqual([]);
    expect(applied.ok).toBe(true);

    const outputs = await outputsOf(applied.workDir);
    for (const [i, value] of HOSTILE.entries()) {
      const run = spawnSync("bash", ["-c", String(outputs[`script_${i}`])], { cwd: sandbox, encoding: "utf8" });
      expect([i, run.status, run.stderr]).toEqual([i, 0, ""]);
      expect(fs.readFileSync(path.join(sandbox, `out-${i}.value`), "utf8")).toBe(value);
      expect(fs.readFileSync(path.join(sandbox, `out-${i}.lit`), "utf8")).toBe(HOSTILE_LITERAL);
    }
    expect(fs.readdirSync(sandbox).filter((f) => f.includes("pwned"))).toEqual([]);

    const steps = managedResourcesInState(applied.workDir).filter((r) => r.type === "null_resource");
    expect(steps).toHaveLength(HOSTILE.length);
    for (const step of steps) expect((step.attributes.triggers as Record<string, string>).lit).toBe(HOSTILE_LITERAL);
  });
});

describe("secrets on the node (issue 7, defect 9)", () => {
  test("the script reads the secret from its 0700 directory and removes the file at once; the /tmp script holds no secret", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-secret-"));
    try {
      const dir = path.join(home, ".stackato-terraform", "private");
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, "probe-db_pass");
      const secret = "s3cr3t 'with' $(quotes)\n";
      fs.writeFileSync(file, Buffer.from(secret).toString("base64"));
      const script = new ShellScript(
        "probe",
        [
          ["DB_PASS", "placeholder-never-rendered"],
          ["OUT", path.join(home, "out")],
        ],
        'printf %s "$DB_PASS" > "$OUT"',
      );
      // What Terraform hands to the node, after its template pass ($${ -> ${, %%{ -> %{).
      const rendered = script
        .renderForTerraform({ DB_PASS: "probe-db_pass" })
        .replace(/\$\$\{/g, "${")
        .replace(/%%\{/g, "%{");
      expect(rendered).not.toContain("placeholder-never-rendered");
      const run = spawnSync("bash", ["-c", rendered], { encoding: "utf8", env: { ...process.env, HOME: home } });
      expect(run.status).toBe(0);
      expect(fs.readFileSync(path.join(home, "out"), "utf8")).toBe(secret);
      expect(fs.existsSync(file)).toBe(false);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
