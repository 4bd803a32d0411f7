import { Construct } from "constructs";
import { Frontend, StackatoCluster, StackatoClusterProps } from "../lib";
import { synthStack } from "./support/synth";
import { testCluster } from "./support/test-cluster";

function cluster(scope: Construct, overrides: Partial<StackatoClusterProps> = {}): StackatoCluster {
  return testCluster(scope, { floatingIpPool: "public", ...overrides });
}

/** Server name by construct path of the node, e.g. "Deas2/Node1" -> "stackato-dea2-1". */
function serversByPath(
  build: (c: StackatoCluster) => void,
  overrides: Partial<StackatoClusterProps> = {},
): Record<string, string> {
  const out = synthStack((s) => build(cluster(s, overrides)));
  return Object.fromEntries(
    Object.values<any>(out.json.resource.openstack_compute_instance_v2).map((r) => [
      String(r["//"].metadata.path).replace(/^test\/Cluster\/|\/Server\/Instance$/g, ""),
      r.name,
    ]),
  );
}

describe("node names are stable per addXxx() call (issue 16, item 3)", () => {
  test("growing the first addDeas() call renames nothing of the second", () => {
    const before = serversByPath((c) => {
      c.addDeas({ count: 4 });
      c.addDeas({ count: 2 });
    });
    const after = serversByPath((c) => {
      c.addDeas({ count: 6 });
      c.addDeas({ count: 2 });
    });
    for (const [path, name] of Object.entries(before)) expect([path, after[path]]).toEqual([path, name]);
    expect(after["Deas2/Node1"]).toBe(before["Deas2/Node1"]);
  });

  test("the first call of each kind keeps today's names; a later call's names cannot collide with it", () => {
    const names = serversByPath(
      (c) => {
        c.addControllers({ count: 2 });
        c.addSharedDropletVolume();
        c.addDeas({ count: 2 });
        c.addDeas({ count: 12 });
        c.addRouters();
        c.addDataServices({ count: 2 });
        c.addDataServices({ withVolume: false });
      },
      { frontend: Frontend.loadBalancer() },
    );
    expect(names).toMatchObject({
      Core: "stackato-core",
      "Controllers/Node1": "stackato-controller-1",
      "Controllers/Node2": "stackato-controller-2",
      "Deas/Node1": "stackato-dea-1",
      "Deas/Node2": "stackato-dea-2",
      "Deas2/Node1": "stackato-dea2-1",
      "Deas2/Node12": "stackato-dea2-12",
      "Routers/Node1": "stackato-router-1",
      "DataServices/Node2": "stackato-data-2",
      "DataServices2/Node1": "stackato-data2-1",
      LoadBalancer: "stackato-lb",
    });
    expect(new Set(Object.values(names)).size).toBe(Object.values(names).length);
  });

  test("a later addDataServices() call's volumes are named per call too", () => {
    const out = synthStack((s) => {
      const c = cluster(s);
      c.addDataServices({ count: 2 });
      c.addDataServices({ count: 1 });
    });
    expect(out.resources("openstack_blockstorage_volume_v3").map((v) => v.name)).toEqual([
      "stackato-data",
      "stackato-data-2",
      "stackato-data2-1",
    ]);
  });
});
