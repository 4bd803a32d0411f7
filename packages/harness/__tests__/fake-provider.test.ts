/** The RPCs Terraform calls less often, on FakeProvider directly: state upgrade, import, read. */
import { decodeMsgpack, encodeMsgpack, ValueObject } from "../cty";
import { FakeProvider } from "../fake-provider";
import { impliedType, loadProviderSchemas } from "../schema";

const served = loadProviderSchemas().find((p) => p.name === "openstack")!;
const provider = new FakeProvider(served);
const secgroupType = impliedType(served.schema.resource_schemas!.openstack_networking_secgroup_v2.block);

describe("FakeProvider", () => {
  test("UpgradeResourceState decodes the stored JSON against the schema", () => {
    const raw = Buffer.from(JSON.stringify({ id: "sg-1", name: "stackato-ext", delete_default_rules: true }));
    const response = provider.upgradeResourceState({
      type_name: "openstack_networking_secgroup_v2",
      version: 0,
      raw_state: { json: raw },
    });
    const state = decodeMsgpack((response.upgraded_state as any).msgpack, secgroupType) as ValueObject;
    expect(state).toMatchObject({ id: "sg-1", name: "stackato-ext", delete_default_rules: true, description: null });
    expect(Object.keys(state).sort()).toEqual(Object.keys((secgroupType as any)[1]).sort());
  });

  test("ImportResourceState returns a state holding just the id", () => {
    const response = provider.importResourceState({ type_name: "openstack_networking_secgroup_v2", id: "sg-9" });
    const [imported] = response.imported_resources as any[];
    expect(imported.type_name).toBe("openstack_networking_secgroup_v2");
    const state = decodeMsgpack(imported.state.msgpack, secgroupType) as ValueObject;
    expect(state.id).toBe("sg-9");
    expect(state.name).toBeNull();
  });

  test("ReadResource hands the current state back unchanged", () => {
    const current = { msgpack: encodeMsgpack({ id: "sg-1", name: "n" }, secgroupType) };
    expect(
      provider.readResource({ type_name: "openstack_networking_secgroup_v2", current_state: current }).new_state,
    ).toBe(current);
  });

  test("GetMetadata lists the resources and data sources of the schema", () => {
    const metadata = provider.getMetadata() as {
      resources: Array<{ type_name: string }>;
      data_sources: Array<{ type_name: string }>;
    };
    expect(metadata.resources.map((r) => r.type_name)).toContain("openstack_compute_instance_v2");
    expect(metadata.data_sources.map((r) => r.type_name)).toContain("openstack_images_image_v2");
  });
});
