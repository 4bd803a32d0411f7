import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  applyStackDir,
  describeWithTerraform,
  managedResourcesInState,
  outputsOf,
  planStackDir,
  synthStackDir,
} from "cdktf-stackato-openstack-harness";
import { Resource } from "../.gen/providers/null/resource";
import { ensureNullProvider } from "../lib/private/null-provider";
import { domainPrecondition, sshUserPreconditions } from "../lib/private/domain-precondition";
import { OpenstackProvider } from "../lib/openstack";
import { ProvisionStep } from "../lib/provisioning/provision-step";
import { ShellScript } from "../lib/provisioning/scripts";
import { localShellWord } from "../lib/base/shell-words";

/**
 * Literal text joined to a reference ("pg-" + var.suffix): each literal fragment must arrive as
 * written, with Terraform's template directives, HCL escapes and quotes in it left alone.
 */
const LITERAL_PARTS = [
  "pg%{ if true }x%{ endif }-",
  "pg\n\t\\-",
  'pg\\"; touch INJ; "-',
  'a${path.cwd}b\\\\n"\\u0041',
  "$(touch INJ) `touch INJ` 'q' %%{ $${",
  "\r\u0001ünï🚀",
];
const VARIABLE_VALUE = "v'$(touch INJ)\"\\n";
/** A literal alone: a carriage return makes Terraform read a template string as plain text. */
const PURE_LITERAL = "\r${path.cwd} %{ if true }x%{ endif } '$(touch INJ)'\\n";

describeWithTerraform("a literal joined to a reference arrives as written, with real Terraform", () => {
  const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-mixed-"));
  afterAll(() => fs.rmSync(sandbox, { recursive: true, force: true }));

  test("in scripts, step triggers, secret hashes and local commands, and a literal alone with a carriage return: exact bytes, and nothing runs", async () => {
    const app: App = Testing.app();
    const stack = new TerraformStack(app, "mixed");
    new OpenstackProvider(stack, "openstack", {});
    const variable = new TerraformVariable(stack, "suffix", { type: "string" });
    LITERAL_PARTS.forEach((literal, i) => {
      const mixed = literal + variable.stringValue;
      const script = new ShellScript(
        "probe",
        [
          ["VALUE", mixed],
          ["SECRET", mixed],
          ["LIT", PURE_LITERAL],
          ["OUT", path.join(sandbox, `script-${i}`)],
        ],
        'printf %s "$VALUE" > "$OUT"\nprintf %s "$LIT" > "$OUT.lit"',
      );
      new TerraformOutput(stack, `script_${i}`, { value: script.renderForTerraform() });
      new TerraformOutput(stack, `local_${i}`, {
        value: [
          `printf %s ${localShellWord(mixed)} > ${localShellWord(path.join(sandbox, `local-${i}`))}`,
          `printf %s ${localShellWord(PURE_LITERAL)} > ${localShellWord(path.join(sandbox, `local-${i}.lit`))}`,
        ].join("\n"),
      });
      new ProvisionStep(stack, `Step${i}`, {
        instanceId: "i-1",
        script,
        secretParams: ["SECRET"],
        connection: { type: "ssh", host: "127.0.0.1" },
        dependsOn: [],
      });
    });
    const dir = synthStackDir(stack);
    process.env.TF_VAR_suffix = VARIABLE_VALUE;
    let applied;
    try {
      applied = await applyStackDir(dir, { provisioners: false });
    } finally {
      delete process.env.TF_VAR_suffix;
    }
    expect(applied.diagnostics).toEqual([]);
    expect(applied.ok).toBe(true);

    const outputs = await outputsOf(applied.workDir);
    const steps = managedResourcesInState(applied.workDir).filter((r) => r.type === "null_resource");
    expect(steps).toHaveLength(LITERAL_PARTS.length);
    for (const [i, literal] of LITERAL_PARTS.entries()) {
      const expected = literal + VARIABLE_VALUE;
      for (const kind of ["script", "local"]) {
        const run = spawnSync("bash", ["-c", String(outputs[`${kind}_${i}`])], { cwd: sandbox, encoding: "utf8" });
        expect([kind, i, run.status, run.stderr]).toEqual([kind, i, 0, ""]);
        expect([kind, i, fs.readFileSync(path.join(sandbox, `${kind}-${i}`), "utf8")]).toEqual([kind, i, expected]);
        expect([kind, i, fs.readFileSync(path.join(sandbox, `${kind}-${i}.lit`), "utf8")]).toEqual([
          kind,
          i,
          PURE_LITERAL,
        ]);
      }
      const triggers = steps.find((s) => s.name.startsWith(`Step${i}_`))?.attributes.triggers as Record<string, string>;
      expect([i, triggers.value]).toEqual([i, expected]);
      expect([i, triggers.lit]).toEqual([i, PURE_LITERAL]);
      expect([i, triggers.secret_sha256]).toEqual([i, createHash("sha256").update(expected).digest("hex")]);
    }
    expect(fs.readdirSync(sandbox).filter((f) => f.includes("INJ"))).toEqual([]);
  });
});

describeWithTerraform("plan-time checks of mixed values, with real Terraform", () => {
  test("a domain or ssh.user made of a literal and a reference is checked as a whole: the prop's message, not a parse error", async () => {
    const app: App = Testing.app();
    const stack = new TerraformStack(app, "checks");
    ensureNullProvider(stack);
    const suffix = new TerraformVariable(stack, "suffix", { type: "string" });
    const cases = {
      goodDomain: ["domain", "paas." + suffix.stringValue],
      badDomain: ["domain", 'pa"a\\s%{ if true }.' + suffix.stringValue],
      goodUser: ["ssh.user", "st" + suffix.stringValue],
      badUser: ["ssh.user", 'x"\\$(touch INJ)' + suffix.stringValue],
    } as const;
    for (const [id, [prop, value]] of Object.entries(cases)) {
      const probe = new Resource(stack, id, {});
      if (prop === "domain") domainPrecondition(probe, value, prop);
      else sshUserPreconditions(probe, { user: value });
    }
    const dir = synthStackDir(stack);
    for (const target of ["goodDomain", "goodUser"]) {
      const plan = await planStackDir(dir, ["-var=suffix=example.org", `-target=null_resource.${target}`]);
      expect([target, plan.diagnostics.filter((d) => d.startsWith("error"))]).toEqual([target, []]);
    }
    const domain = await planStackDir(dir, ["-var=suffix=example.org", "-target=null_resource.badDomain"]);
    expect(domain.diagnostics.join("\n")).toContain("domain: the value is not a hostname");
    const user = await planStackDir(dir, ["-var=suffix=ato", "-target=null_resource.badUser"]);
    expect(user.diagnostics.join("\n")).toContain("ssh.user: the value is not a user name");
    expect(fs.existsSync(path.join(dir, "INJ"))).toBe(false);
  });
});
