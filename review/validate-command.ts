/**
 * `validate`: real `terraform validate` and `plan` of every synthesized stack, offline, against the
 * harness's schema-only providers: no network, no credentials, no provider binaries.
 */
import { planStackDir, terraformAvailable, validateStackDir } from "../harness/terraform";
import { withHarness } from "./harness-session";
import { loadStackDirs } from "./stack-dirs";

export interface ValidateOutcome {
  readonly lines: string[];
  readonly failures: Array<{ stack: string; step: string; diagnostics: string[] }>;
}

/** @param terraformVars `-var=...` and `-var-file=...` arguments for terraform plan */
export async function validateStacks(
  outDir: string,
  only?: string,
  terraformVars: string[] = [],
): Promise<ValidateOutcome> {
  if (!terraformAvailable()) {
    throw new Error("terraform is not on PATH: install Terraform >= 1.5 (or set TERRAFORM_BINARY) to validate offline");
  }
  const stacks = loadStackDirs(outDir, only);
  const lines: string[] = [];
  const failures: ValidateOutcome["failures"] = [];
  await withHarness(async () => {
    const width = Math.max(5, ...stacks.map((s) => s.name.length)) + 2;
    lines.push(`${"stack".padEnd(width)}${"validate".padEnd(10)}${"plan".padEnd(6)}to create`);
    for (const { name, dir } of stacks) {
      const validated = await validateStackDir(dir);
      // A stack that does not validate cannot plan; say so instead of repeating the same errors.
      const planned = validated.ok ? await planStackDir(dir, terraformVars) : undefined;
      const planText = planned ? (planned.ok ? "ok" : "FAIL") : "skip";
      const toCreate = planned?.ok && planned.resourcesToCreate !== undefined ? String(planned.resourcesToCreate) : "-";
      lines.push(`${name.padEnd(width)}${(validated.ok ? "ok" : "FAIL").padEnd(10)}${planText.padEnd(6)}${toCreate}`);
      if (!validated.ok) failures.push({ stack: name, step: "validate", diagnostics: validated.diagnostics });
      if (planned && !planned.ok) failures.push({ stack: name, step: "plan", diagnostics: planned.diagnostics });
    }
  });
  return { lines, failures };
}
