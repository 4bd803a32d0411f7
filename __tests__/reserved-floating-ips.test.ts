/**
 * Reserved floating IPs (issue 16 item 4): an exposed node takes an existing floating IP by address,
 * looked up and associated, never allocated or released, so destroying the node keeps the address.
 */
import { Construct } from "constructs";
import {
  Frontend,
  RouterOptions,
  StackatoCluster,
  StackatoClusterProps,
  StackatoImage,
  StackatoMicroCloud,
} from "../lib";
import { buildModel } from "cdktf-stackato-openstack-review/cluster-model";
import { parseStack } from "cdktf-stackato-openstack-review/stack-config";
import { Synthesized, synthErrors, synthStack } from "./support/synth";
import { testCluster } from "./support/test-cluster";

function cluster(scope: Construct, overrides: Partial<StackatoClusterProps> = {}): StackatoCluster {
  return testCluster(scope, overrides);
}

/** A cluster whose front door is routers, with its first routers' options. */
const withRouters = (scope: Construct, options: RouterOptions, overrides: Partial<StackatoClusterProps> = {}) =>
  cluster(scope, { ...overrides, frontend: Frontend.routers(options) });

/** Floating IP address by the node whose port it is associated with. */
function associations(out: Synthesized): Record<string, string> {
  const lookups = out.json.data?.openstack_networking_floatingip_v2 ?? {};
  const ports = out.json.resource.openstack_networking_port_v2;
  return Object.fromEntries(
    out.resources("openstack_networking_floatingip_associate_v2").map((a) => {
      const port = /openstack_networking_port_v2\.([^.]+)\.id/.exec(a.port_id)![1];
      const lookup = /data\.openstack_networking_floatingip_v2\.([^.]+)\.address/.exec(a.floating_ip);
      return [ports[port].name.replace(/-port$/, ""), lookup ? lookups[lookup[1]].address : "(from the pool)"];
    }),
  );
}

describe("reserved floating IPs", () => {
  test("routers take their addresses in order: looked up by address and associated, never allocated", () => {
    const out = synthStack((s) => withRouters(s, { count: 2, floatingIps: ["127.42.9.1", "127.42.9.2"] }).addDeas());
    expect(associations(out)).toEqual({ "stackato-router-1": "127.42.9.1", "stackato-router-2": "127.42.9.2" });
    expect(out.resources("openstack_networking_floatingip_v2")).toEqual([]);
    expect(out.dataSources("openstack_networking_floatingip_v2")).toEqual([
      { address: "127.42.9.1" },
      { address: "127.42.9.2" },
    ]);
    // The addresses are known at synth: outputs and DNS records show them, not a lookup's attribute.
    expect(out.outputs().stackato_public_ips.value).toEqual({
      "stackato-router-1": "127.42.9.1",
      "stackato-router-2": "127.42.9.2",
    });
    expect(out.outputs().stackato_dns_records.value).toContain("paas.example.com. IN A 127.42.9.1");
  });

  test("the load balancer takes its address, and the routers behind it take none", () => {
    const out = synthStack((s) =>
      cluster(s, {
        floatingIpPool: "public",
        frontend: Frontend.loadBalancer({ floatingIp: "127.42.9.4" }),
      }).addRouters({ count: 2 }),
    );
    expect(associations(out)).toEqual({ "stackato-lb": "127.42.9.4" });
    expect(out.resources("openstack_networking_floatingip_v2")).toEqual([]);
  });

  test("with a pool, routers of a call without addresses draw new floating IPs next to reserved ones", () => {
    const out = synthStack((s) =>
      withRouters(s, { floatingIps: ["127.42.9.5"] }, { floatingIpPool: "public" }).addRouters(),
    );
    expect(associations(out)).toEqual({ "stackato-router-1": "127.42.9.5", "stackato-router2-1": "(from the pool)" });
    expect(out.resources("openstack_networking_floatingip_v2")).toHaveLength(1);
  });

  test("the review names a reserved address as such", () => {
    const out = synthStack((s) => withRouters(s, { floatingIps: ["127.42.9.8"] }));
    const model = buildModel(parseStack("test", out.json));
    expect(model.nodes.find((n) => n.name === "stackato-router-1")?.floatingIp).toBe("reserved floating IP 127.42.9.8");
  });

  test("the core keeps its reserved address while it is the exposed node", () => {
    const out = synthStack((s) => cluster(s, { core: { floatingIp: "127.42.9.6" } }).addDeas());
    expect(associations(out)).toEqual({ "stackato-core": "127.42.9.6" });
    expect(out.outputs().stackato_public_ips.value).toEqual({ "stackato-core": "127.42.9.6" });
  });

  test("a micro cloud takes a reserved address too", () => {
    const out = synthStack((s) => {
      const image = new StackatoImage(s, "Image", { existingImageName: "Stackato-3.6.2" });
      new StackatoMicroCloud(s, "Micro", { image, keyName: "ops", networkName: "private", floatingIp: "127.42.9.7" });
    });
    expect(associations(out)).toEqual({ microcloud: "127.42.9.7" });
    expect(out.outputs().microcloud_public_ip.value).toBe("127.42.9.7");
  });

  test.each([
    [
      "a wrong count of addresses",
      (s: Construct) => withRouters(s, { count: 2, floatingIps: ["127.42.9.1"] }),
      "Frontend.routers.floatingIps: 1 address for 2 nodes; give one address per node (count), or leave Frontend.routers.floatingIps out to take new ones from floatingIpPool",
    ],
    [
      "not an IPv4 address",
      (s: Construct) => withRouters(s, {}).addRouters({ floatingIps: ["router.example.com"] }),
      'addRouters.floatingIps[0]: "router.example.com" is not an IPv4 address; give the address of a floating IP the project already has',
    ],
    [
      "an address used twice",
      (s: Construct) => withRouters(s, { floatingIps: ["127.42.9.1"] }).addRouters({ floatingIps: ["127.42.9.1"] }),
      "addRouters.floatingIps[0]: 127.42.9.1 is also given to stackato-router-1; a floating IP is associated with one port only",
    ],
    [
      "an address for routers behind a load balancer",
      (s: Construct) => cluster(s, { frontend: Frontend.loadBalancer() }).addRouters({ floatingIps: ["127.42.9.1"] }),
      "addRouters.floatingIps[0]: stackato-router-1 is not part of the front door (frontend: Frontend.loadBalancer()), so 127.42.9.1 would never be associated; give it to Frontend.loadBalancer({ floatingIp }) instead, or leave it out",
    ],
    [
      "exposed nodes left without a floating IP next to a reserved one, and no pool",
      (s: Construct) => withRouters(s, { floatingIps: ["127.42.9.1"] }).addRouters(),
      "floatingIpPool: stackato-router2-1 is exposed next to nodes with reserved floating IPs but would get none; give it an address too, or set floatingIpPool",
    ],
  ])("refused at synth: %s", (_what, build, message) => {
    expect(synthErrors((s) => build(s))).toContain(message);
  });

  test("refused at synth: the core's address when routers are the front door", () => {
    expect(synthErrors((s) => withRouters(s, {}, { core: { floatingIp: "127.42.9.3" } }))).toContain(
      "core.floatingIp: stackato-core is not part of the front door (frontend: Frontend.routers()), so 127.42.9.3 would never be associated; give it to Frontend.routers({ floatingIps }) or addRouters({ floatingIps }) instead, or leave it out",
    );
  });

  test("refused at synth: a micro cloud given both a reserved address and a pool", () => {
    const errors = synthErrors((s) => {
      const image = new StackatoImage(s, "Image", { existingImageName: "Stackato-3.6.2" });
      new StackatoMicroCloud(s, "Micro", {
        image,
        keyName: "ops",
        networkName: "private",
        floatingIp: "127.42.9.7",
        floatingIpPool: "public",
      });
    });
    expect(errors).toContain(
      "floatingIp: the node takes the reserved address 127.42.9.7, so floatingIpPool would be unused; give one of the two",
    );
  });
});
