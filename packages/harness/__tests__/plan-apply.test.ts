/** Planning and applying against the fake cloud, below gRPC: unknowns through nested blocks, prior state, fakes. */
import { isUnknown, UNKNOWN, ValueObject } from "../cty";
import { applyResourceChange, readDataSource } from "../apply";
import { fakeLoopbackIpv4, fakeString, fakeUuid, fakeValue, isAddressName } from "../fake-values";
import { planResourceChange } from "../plan";
import { loadProviderSchemas, SchemaBlock } from "../schema";

const openstack = loadProviderSchemas().find((p) => p.name === "openstack")!.schema;
const instance = openstack.resource_schemas!.openstack_compute_instance_v2.block;

/** A proposed new state as Terraform sends it: every attribute and block key, nulls where config has none. */
function proposal(block: SchemaBlock, config: ValueObject): ValueObject {
  const value: ValueObject = {};
  for (const name of Object.keys(block.attributes ?? {})) value[name] = config[name] ?? null;
  for (const name of Object.keys(block.block_types ?? {})) value[name] = config[name] ?? [];
  return value;
}

const networkBlock = (attrs: ValueObject): ValueObject => proposal(instance.block_types!.network.block, attrs);

describe("PlanResourceChange", () => {
  const config = proposal(instance, { name: "vm", flavor_name: "m1.medium", network: [networkBlock({ port: "p-1" })] });

  test("on create, computed attributes the config leaves null become unknown, also inside nested blocks", () => {
    const planned = planResourceChange(instance, null, config) as any;
    expect(isUnknown(planned.id)).toBe(true);
    expect(isUnknown(planned.access_ip_v4)).toBe(true);
    expect(isUnknown(planned.network[0].fixed_ip_v4)).toBe(true);
    expect(isUnknown(planned.network[0].mac)).toBe(true);
    expect(planned.network[0].port).toBe("p-1");
    expect(planned.name).toBe("vm");
    expect(planned.user_data).toBeNull(); // optional, not computed: stays null
  });

  test("on update, computed attributes keep their prior values", () => {
    const prior = applyResourceChange(
      "openstack_compute_instance_v2",
      instance,
      planResourceChange(instance, null, config),
      config,
    ) as any;
    const replanned = planResourceChange(instance, prior, config) as any;
    expect(replanned.id).toBe(prior.id);
    expect(replanned.network[0].fixed_ip_v4).toBe(prior.network[0].fixed_ip_v4);
  });

  test("set-nested block elements are matched to prior elements by their non-computed attributes", () => {
    // network_v2 `segments` is a set block with a computed attribute (segmentation_id).
    const network = openstack.resource_schemas!.openstack_networking_network_v2.block;
    const segments = network.block_types!.segments.block;
    const segment = (type: string): ValueObject => proposal(segments, { network_type: type, physical_network: "phys" });
    const netConfig = proposal(network, { name: "n", segments: [segment("vlan"), segment("flat")] });
    const prior = applyResourceChange(
      "openstack_networking_network_v2",
      network,
      planResourceChange(network, null, netConfig),
      netConfig,
    ) as any;
    const idOf = (elements: any[], type: string) => elements.find((e) => e.network_type === type).segmentation_id;
    expect(typeof idOf(prior.segments, "vlan")).toBe("number");
    expect(idOf(prior.segments, "vlan")).not.toBe(idOf(prior.segments, "flat")); // else the test below proves nothing
    // Terraform may hand set elements over in another order and without the computed values.
    const reordered = { ...netConfig, segments: [segment("flat"), segment("vlan")] };
    const planned = planResourceChange(network, prior, reordered) as any;
    expect(idOf(planned.segments, "vlan")).toBe(idOf(prior.segments, "vlan"));
    expect(idOf(planned.segments, "flat")).toBe(idOf(prior.segments, "flat"));
    // An element that is new has no prior: its computed attribute is unknown.
    const grown = { ...netConfig, segments: [segment("vlan"), segment("vxlan")] };
    expect(isUnknown(idOf((planResourceChange(network, prior, grown) as any).segments, "vxlan"))).toBe(true);
  });

  test("a destroy (null proposal) plans to null", () => {
    expect(planResourceChange(instance, config, null)).toBeNull();
  });
});

describe("ApplyResourceChange and ReadDataSource", () => {
  const config = proposal(instance, { name: "vm", network: [networkBlock({ port: "p-1" })] });
  const planned = planResourceChange(instance, null, config);

  test("fills every unknown, keeps every configured value", () => {
    const applied = applyResourceChange("openstack_compute_instance_v2", instance, planned, config) as any;
    expect(JSON.stringify(applied)).not.toContain("<unknown>");
    expect(applied.name).toBe("vm");
    expect(applied.network[0].port).toBe("p-1");
    expect(applied.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(applied.access_ip_v4).toMatch(/^127\./);
    expect(applied.network[0].fixed_ip_v4).toMatch(/^127\./);
  });

  test("is deterministic: the same type and config give the same state, another config another id", () => {
    const again = applyResourceChange(
      "openstack_compute_instance_v2",
      instance,
      planResourceChange(instance, null, config),
      config,
    );
    expect(again).toEqual(applyResourceChange("openstack_compute_instance_v2", instance, planned, config));
    const other = proposal(instance, { name: "vm-2", network: [networkBlock({ port: "p-1" })] });
    const otherApplied = applyResourceChange(
      "openstack_compute_instance_v2",
      instance,
      planResourceChange(instance, null, other),
      other,
    ) as any;
    expect(otherApplied.id).not.toBe((again as any).id);
  });

  test("a destroy (null planned state) returns null", () => {
    expect(applyResourceChange("openstack_compute_instance_v2", instance, null, null)).toBeNull();
  });

  test("a data source returns its configuration plus deterministic computed values", () => {
    const block = openstack.data_source_schemas!.openstack_networking_network_v2.block;
    const dsConfig = proposal(block, { name: "private" });
    const read = readDataSource("openstack_networking_network_v2", block, dsConfig) as any;
    expect(read.name).toBe("private");
    expect(read.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(readDataSource("openstack_networking_network_v2", block, dsConfig)).toEqual(read);
  });
});

describe("fake values", () => {
  test("addresses come only from loopback 127.0.0.0/8, for any seed", () => {
    for (let i = 0; i < 2000; i++) {
      const ip = fakeLoopbackIpv4(`seed-${i}`);
      const octets = ip.split(".").map(Number);
      expect(octets[0]).toBe(127);
      expect(octets.every((o) => Number.isInteger(o) && o >= 0 && o <= 255)).toBe(true);
      expect(octets[3]).not.toBe(0);
      expect(octets[3]).not.toBe(255);
    }
  });

  test.each([
    "access_ip_v4",
    "fixed_ip_v4",
    "address",
    "all_fixed_ips",
    "floating_ip",
    "fixed_ip",
    "gateway_ip",
    "ip_address",
  ])("%s is faked as a loopback address", (name) => {
    expect(isAddressName(name)).toBe(true);
    expect(fakeValue(name, ["list", "string"], "s")).toEqual([expect.stringMatching(/^127\.\d+\.\d+\.\d+$/)]);
    expect(fakeString(name, "s")).toMatch(/^127\./);
  });

  test("IPv6 addresses are the loopback ::1; ids are UUIDs even when their name mentions an address", () => {
    expect(fakeString("access_ip_v6", "s")).toBe("::1");
    expect(fakeString("remote_address_group_id", "s")).toMatch(/^[0-9a-f]{8}-/);
    expect(fakeString("mac_address", "s")).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
  });

  test("uuids are deterministic per seed and differ across seeds", () => {
    expect(fakeUuid("a")).toBe(fakeUuid("a"));
    expect(fakeUuid("a")).not.toBe(fakeUuid("b"));
  });

  test("UNKNOWN is never equal to a real value", () => {
    expect(isUnknown(UNKNOWN)).toBe(true);
    expect(isUnknown(null)).toBe(false);
    expect(isUnknown({})).toBe(false);
  });
});
