/**
 * Jest globalSetup: one harness server for the whole run. Its Terraform variables go into
 * process.env here, before jest forks its workers, so every worker (and every Terraform they spawn,
 * including cdktf's toBeValidTerraform/toPlanSuccessfully) talks to it.
 */
import { Harness, startHarness } from "./harness";
import { printSkipNoticeOnce, terraformTestMode } from "./jest";

/** Where the teardown finds the harness: globalSetup and globalTeardown share this module registry. */
export const GLOBAL_HARNESS_KEY = "__stackatoTerraformHarness";

export default async function globalSetup(): Promise<void> {
  const mode = terraformTestMode();
  if (mode === "skip") printSkipNoticeOnce();
  // No terraform: nothing would use the server (and with CI=true the suites fail on their own).
  if (mode !== "run") return;
  const harness = await startHarness({ exportEnv: true });
  (globalThis as Record<string, unknown>)[GLOBAL_HARNESS_KEY] = harness;
}

export function globalHarness(): Harness | undefined {
  return (globalThis as Record<string, unknown>)[GLOBAL_HARNESS_KEY] as Harness | undefined;
}
