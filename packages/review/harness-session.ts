/** Running Terraform commands against the offline harness from the CLI. */
import { harnessRunning, startHarness } from "cdktf-stackato-openstack-harness";

/**
 * Runs `work` with a harness: the one already running in this process (a test run's global
 * harness), or a new one that is stopped afterwards. Starting a second one would replace the first
 * one's environment, and stopping it would leave the caller with none.
 */
export async function withHarness<T>(work: () => Promise<T>): Promise<T> {
  if (harnessRunning()) return work();
  const running = await startHarness({ exportEnv: true });
  try {
    return await work();
  } finally {
    await running.stop();
  }
}
