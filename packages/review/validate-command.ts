/**
 * `validate`: real `terraform validate` and `plan` of every synthesized stack, offline: no network and no
 * credentials. Validate uses the real terraform-provider-openstack where the toolchain has built it (its own
 * argument checks run then), else the harness's schema-only provider. Plan always runs against the harness's
 * fake cloud: the real provider would have to ask a cloud for every data source.
 */
import {
  planStackDir,
  ProviderChoice,
  realOpenStackProvider,
  terraformAvailable,
  validateStackDir,
} from "cdktf-stackato-openstack-harness";
import { withHarness } from "./harness-session";
import { loadStackDirs, ReviewInputError } from "./stack-dirs";

/** `auto` takes the real provider when it is installed. */
export type ProviderOption = "auto" | ProviderChoice;
export const PROVIDER_OPTIONS: readonly ProviderOption[] = ["auto", "real", "fake"];

export interface ValidateOutcome {
  readonly lines: string[];
  readonly failures: Array<{ stack: string; step: string; diagnostics: string[] }>;
  /** The provider `terraform validate` talked to. */
  readonly provider: ProviderChoice;
}

/** The provider an option stands for here; `real` when it is not installed is an input error. */
export function chooseProvider(option: ProviderOption, flag = "--provider"): ProviderChoice {
  const installed = realOpenStackProvider() !== undefined;
  if (option === "real" && !installed) {
    throw new ReviewInputError(
      `${flag} real: the real terraform-provider-openstack is not built here; run \`bash toolchain/build.sh\` in the checkout (or set STACKATO_TOOLCHAIN_DIR to a toolchain it built), or pass ${flag} fake`,
    );
  }
  if (option === "auto") return installed ? "real" : "fake";
  return option;
}

/** One line that says which providers did the work, for the output and the review. */
export function providerLine(provider: ProviderChoice, what: string): string {
  const real = realOpenStackProvider();
  return provider === "real" && real
    ? `${what}: the real terraform-provider-openstack ${real.version} (the toolchain's local mirror); hashicorp/null: the harness's`
    : `${what}: the harness's schema-only providers (build the real one with \`bash toolchain/build.sh\`)`;
}

/** @param terraformVars `-var=...` and `-var-file=...` arguments for terraform plan */
export async function validateStacks(
  outDir: string,
  only?: string,
  terraformVars: string[] = [],
  option: ProviderOption = "auto",
): Promise<ValidateOutcome> {
  if (!terraformAvailable()) {
    throw new Error(
      "terraform is not on PATH: install Terraform >= 1.5, run `bash toolchain/build.sh`, or set TERRAFORM_BINARY, to validate offline",
    );
  }
  const provider = chooseProvider(option);
  const stacks = loadStackDirs(outDir, only);
  const lines: string[] = [];
  const failures: ValidateOutcome["failures"] = [];
  await withHarness(async () => {
    const width = Math.max(5, ...stacks.map((s) => s.name.length)) + 2;
    lines.push(`${"stack".padEnd(width)}${"validate".padEnd(10)}${"plan".padEnd(6)}to create`);
    for (const { name, dir } of stacks) {
      const validated = await validateStackDir(dir, provider);
      // A stack that does not validate cannot plan; say so instead of repeating the same errors.
      const planned = validated.ok ? await planStackDir(dir, terraformVars) : undefined;
      const planText = planned ? (planned.ok ? "ok" : "FAIL") : "skip";
      const toCreate = planned?.ok && planned.resourcesToCreate !== undefined ? String(planned.resourcesToCreate) : "-";
      lines.push(`${name.padEnd(width)}${(validated.ok ? "ok" : "FAIL").padEnd(10)}${planText.padEnd(6)}${toCreate}`);
      if (!validated.ok) failures.push({ stack: name, step: "validate", diagnostics: validated.diagnostics });
      if (planned && !planned.ok) failures.push({ stack: name, step: "plan", diagnostics: planned.diagnostics });
    }
    lines.push("", providerLine(provider, "validate"), "plan: the harness's fake cloud (no data source needs a cloud)");
  });
  return { lines, failures, provider };
}
