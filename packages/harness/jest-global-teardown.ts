/** Jest globalTeardown: stops the harness server the global setup started. */
import { globalHarness, GLOBAL_HARNESS_KEY } from "./jest-global-setup";

export default async function globalTeardown(): Promise<void> {
  const harness = globalHarness();
  if (!harness) return;
  await harness.stop();
  delete (globalThis as Record<string, unknown>)[GLOBAL_HARNESS_KEY];
}
