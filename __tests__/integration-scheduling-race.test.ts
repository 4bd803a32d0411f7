import { describeFaults, erroredInstanceIds, isSchedulingRace, serverFaults } from "../integration/scheduling-race";
import type { OpenStack } from "../integration/openstack-api";

/** What Terraform printed when Nova put a controller into ERROR in stop 20's CI run. */
const APPLY_OUTPUT = `openstack_compute_instance_v2.Cluster_Controllers_Node1_Server_Instance_EC56CA8A: Creation complete after 1m9s
Error: Error waiting for instance (34be34e0-74bb-4eeb-b4c2-d570059bef3d) to become ready: unexpected state 'ERROR', wanted target 'ACTIVE'. last error: %!s(<nil>)
  with openstack_compute_instance_v2.Cluster_Controllers_Node2_Server_Instance_59ECCB62,`;

const RACE =
  "Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance 34be34e0.";

/** An OpenStack client whose servers answer with the given faults (or fail, for an id mapped to an Error). */
function novaWith(faults: Record<string, string | Error>): OpenStack {
  return {
    get: async (_service: string, path: string) => {
      const fault = faults[path.replace("/servers/", "")];
      if (fault instanceof Error) throw fault;
      return {
        server: { fault: fault === undefined ? undefined : { message: fault, details: "Traceback ...\nmore" } },
      };
    },
  } as unknown as OpenStack;
}

describe("the integration's one re-apply is for Nova's anti-affinity race only", () => {
  test("the instances in ERROR are read from Terraform's output", () => {
    expect(erroredInstanceIds(APPLY_OUTPUT)).toEqual(["34be34e0-74bb-4eeb-b4c2-d570059bef3d"]);
    expect(erroredInstanceIds("Apply complete! Resources: 42 added")).toEqual([]);
  });

  test("each one's fault comes from Nova, and one that cannot be read says so", async () => {
    const faults = await serverFaults(
      novaWith({ "34be34e0-74bb-4eeb-b4c2-d570059bef3d": RACE }),
      `${APPLY_OUTPUT}\nError waiting for instance (00000000-0000-0000-0000-000000000001) to become ready`,
    );
    expect(faults.get("34be34e0-74bb-4eeb-b4c2-d570059bef3d")).toBe(`${RACE} Traceback ...\nmore`);
    expect(faults.get("00000000-0000-0000-0000-000000000001")).toBe("no fault recorded");
    const unreadable = await serverFaults(
      novaWith({ "34be34e0-74bb-4eeb-b4c2-d570059bef3d": new Error("GET /servers: no answer in 60000 ms") }),
      APPLY_OUTPUT,
    );
    expect([...unreadable.values()]).toEqual(["fault not readable: GET /servers: no answer in 60000 ms"]);
  });

  test("a re-apply only when every fault is the race; never for another fault, an unreadable one, or none", () => {
    const race = new Map([["a", RACE]]);
    expect(isSchedulingRace(race)).toBe(true);
    expect(isSchedulingRace(new Map([["a", "Anti-affinity instance group policy was violated"]]))).toBe(true);
    expect(isSchedulingRace(new Map([["a", "No valid host was found. There are not enough hosts available."]]))).toBe(
      true,
    );
    expect(
      isSchedulingRace(new Map([...race, ["b", "Build of instance b aborted: Failed to allocate the network(s)"]])),
    ).toBe(false);
    expect(isSchedulingRace(new Map([["a", "fault not readable: no answer"]]))).toBe(false);
    expect(isSchedulingRace(new Map([["a", "no fault recorded"]]))).toBe(false);
    expect(isSchedulingRace(new Map())).toBe(false);
  });

  test("the report names each instance with its fault's first line", () => {
    expect(describeFaults(new Map([["a", `${RACE} Traceback ...\nmore`]]))).toBe(
      `\n  instance a: ${RACE} Traceback ...`,
    );
  });
});
