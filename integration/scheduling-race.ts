/**
 * Nova's anti-affinity race, told apart from every other failure of an apply: the integration
 * applies once more only for it (see isSchedulingRace).
 */
import type { OpenStack } from "./openstack-api";

/** The ids of the instances an apply's output says went to ERROR instead of ACTIVE. */
export function erroredInstanceIds(output: string): string[] {
  return [...output.matchAll(/Error waiting for instance \(([0-9a-f-]{36})\) to become ready/g)].map((m) => m[1]);
}

/** Nova's fault for each instance that an apply saw go to ERROR, by instance id. */
export async function serverFaults(os: OpenStack, output: string): Promise<Map<string, string>> {
  const faults = new Map<string, string>();
  for (const id of erroredInstanceIds(output)) {
    try {
      const { server } = await os.get<{ server: { fault?: { message?: string; details?: string } } }>(
        "compute",
        `/servers/${id}`,
      );
      faults.set(id, `${server.fault?.message ?? "no fault recorded"} ${server.fault?.details ?? ""}`.trim());
    } catch (err) {
      faults.set(id, `fault not readable: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return faults;
}

/**
 * Two members of a hard anti-affinity group scheduled at the same moment can both land on one host:
 * Nova's late check on the compute host then fails both (GroupAffinityViolation), and with two
 * compute hosts both reschedules can collide again, ending in ERROR. That is the fixture's
 * two-host control plane, not the configuration under test, so it alone earns one more apply.
 */
export function isSchedulingRace(faults: Map<string, string>): boolean {
  return (
    faults.size > 0 &&
    [...faults.values()].every((f) => /affinity|Exceeded maximum number of retries|No valid host/i.test(f))
  );
}

export function describeFaults(faults: Map<string, string>): string {
  return [...faults].map(([id, fault]) => `\n  instance ${id}: ${fault.split("\n")[0].slice(0, 300)}`).join("");
}
