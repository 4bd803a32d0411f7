/**
 * The hosts mode's address plan and its hook into FakeProvider, without booting anything (booting
 * needs root and namespaces: `npm run e2e` covers it). Ports and floating IPs are resources whose
 * apply only chooses addresses, so they run anywhere.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { decodeMsgpack, encodeMsgpack, ValueObject } from "cdktf-stackato-openstack-harness/cty";
import { FakeProvider } from "cdktf-stackato-openstack-harness/fake-provider";
import { HostsCloud } from "../../e2e/hosts/cloud";
import { readRegistry } from "../../e2e/hosts/registry";
import { impliedType, loadProviderSchemas } from "cdktf-stackato-openstack-harness/schema";

const served = loadProviderSchemas().find((p) => p.name === "openstack")!;
const typeOf = (name: string) => impliedType(served.schema.resource_schemas![name].block);

describe("harness hosts mode", () => {
  let simDir: string;
  let provider: FakeProvider;

  beforeEach(() => {
    simDir = fs.mkdtempSync(path.join(os.tmpdir(), "hosts-mode-"));
    provider = new FakeProvider(served, new HostsCloud(simDir).applyHook);
  });

  afterEach(() => fs.rmSync(simDir, { recursive: true, force: true }));

  async function apply(typeName: string, config: ValueObject, prior: ValueObject | null = null): Promise<ValueObject> {
    const type = typeOf(typeName);
    const planned = provider.planResourceChange({
      type_name: typeName,
      prior_state: { msgpack: encodeMsgpack(prior, type) },
      proposed_new_state: { msgpack: encodeMsgpack({ ...(prior ?? {}), ...config }, type) },
      config: { msgpack: encodeMsgpack(config, type) },
    });
    const response = await provider.applyResourceChange({
      type_name: typeName,
      prior_state: { msgpack: encodeMsgpack(prior, type) },
      planned_state: planned.planned_state,
      config: { msgpack: encodeMsgpack(config, type) },
    });
    expect(response.diagnostics).toEqual([]);
    return decodeMsgpack((response.new_state as { msgpack: Uint8Array }).msgpack, type) as ValueObject;
  }

  test("ports get consecutive fixed IPs in 127.42.1.0/24 and keep them on update", async () => {
    const a = await apply("openstack_networking_port_v2", { name: "a", network_id: "net" });
    const b = await apply("openstack_networking_port_v2", { name: "b", network_id: "net" });
    expect(a.all_fixed_ips).toEqual(["127.42.1.1"]);
    expect(b.all_fixed_ips).toEqual(["127.42.1.2"]);
    const updated = await apply(
      "openstack_networking_port_v2",
      { name: "a", network_id: "net", description: "changed" },
      a,
    );
    expect(updated.all_fixed_ips).toEqual(["127.42.1.1"]);
    expect(readRegistry(simDir).ports).toEqual({ [String(a.id)]: "127.42.1.1", [String(b.id)]: "127.42.1.2" });
  });

  test("floating IPs come from 127.42.2.0/24 and are registered unassociated", async () => {
    const fip = await apply("openstack_networking_floatingip_v2", { pool: "public" });
    expect(fip.address).toBe("127.42.2.1");
    expect(readRegistry(simDir).floatingIps).toEqual({ "127.42.2.1": null });
  });

  test("an instance on a port this run did not create is an error, not a silent success", async () => {
    const type = typeOf("openstack_compute_instance_v2");
    const config = { name: "x", network: [{ port: "unknown-port" }] };
    const planned = provider.planResourceChange({
      type_name: "openstack_compute_instance_v2",
      prior_state: { msgpack: encodeMsgpack(null, type) },
      proposed_new_state: { msgpack: encodeMsgpack(config, type) },
      config: { msgpack: encodeMsgpack(config, type) },
    });
    await expect(
      provider.applyResourceChange({
        type_name: "openstack_compute_instance_v2",
        prior_state: { msgpack: encodeMsgpack(null, type) },
        planned_state: planned.planned_state,
        config: { msgpack: encodeMsgpack(config, type) },
      }),
    ).rejects.toThrow(/needs a network block with a port created in this run/);
  });

  test("without the hook, FakeProvider answers apply synchronously as before", () => {
    const plain = new FakeProvider(served);
    const type = typeOf("openstack_networking_port_v2");
    const config = { name: "a", network_id: "net" };
    const planned = plain.planResourceChange({
      type_name: "openstack_networking_port_v2",
      prior_state: { msgpack: encodeMsgpack(null, type) },
      proposed_new_state: { msgpack: encodeMsgpack(config, type) },
      config: { msgpack: encodeMsgpack(config, type) },
    });
    const response = plain.applyResourceChange({
      type_name: "openstack_networking_port_v2",
      planned_state: planned.planned_state,
      config: { msgpack: encodeMsgpack(config, type) },
    });
    expect(response).not.toBeInstanceOf(Promise);
  });
});
