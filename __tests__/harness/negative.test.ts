/**
 * Broken configurations must fail `terraform validate` against the harness with Terraform's own
 * message (schema checks are Terraform core's, fed by our GetProviderSchema) or, for computed-only
 * attributes that core lets through, with the harness provider's message.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { NetworkingPortV2 } from "../../.gen/providers/openstack/networking-port-v2";
import { OpenstackProvider } from "../../lib/openstack";
import {
  describeWithTerraform,
  TerraformResult,
  validateStack,
  validateStackDir,
} from "cdktf-stackato-openstack-harness";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** A stack directory holding exactly these resources and data sources, with the OpenStack provider. */
function stackDir(resource: Resources, data: Resources = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-negative-"));
  const config = {
    terraform: {
      required_providers: { openstack: { source: "terraform-provider-openstack/openstack", version: "3.4.0" } },
    },
    provider: { openstack: [{}] },
    ...(Object.keys(resource).length > 0 ? { resource } : {}),
    ...(Object.keys(data).length > 0 ? { data } : {}),
  };
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(config, null, 2));
  return dir;
}

function port(attributes: Record<string, unknown>): Resources {
  return { openstack_networking_port_v2: { p: { network_id: "net", ...attributes } } };
}

function expectInvalid(result: TerraformResult, ...fragments: string[]): void {
  expect(result.ok).toBe(false);
  const text = result.diagnostics.join("\n");
  for (const fragment of fragments) expect(text).toContain(fragment);
}

describeWithTerraform("terraform validate rejects broken stacks", () => {
  test("the well-formed base stack validates, so each failure below comes from its one defect", async () => {
    const result = await validateStackDir(stackDir(port({ name: "ok", binding: [{ vnic_type: "normal" }] })));
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  test("a missing required argument", async () => {
    const result = await validateStackDir(stackDir({ openstack_networking_port_v2: { p: { name: "no-network" } } }));
    expectInvalid(
      result,
      "Missing required argument",
      'The argument "network_id" is required, but no definition was found.',
    );
  });

  test("an unknown attribute", async () => {
    // cdk.tf.json is Terraform JSON syntax, whose decoder words this differently from HCL's "Unsupported argument".
    const result = await validateStackDir(stackDir(port({ colour: "blue" })));
    expectInvalid(result, "Extraneous JSON object property", 'No argument or block type is named "colour".');
  });

  test("a value of the wrong type", async () => {
    const result = await validateStackDir(stackDir(port({ admin_state_up: "maybe" })));
    expectInvalid(
      result,
      "Incorrect attribute value type",
      'Inappropriate value for attribute "admin_state_up": a bool is required.',
    );
  });

  test("two blocks where max_items is 1", async () => {
    const result = await validateStackDir(
      stackDir(port({ binding: [{ vnic_type: "normal" }, { vnic_type: "direct" }] })),
    );
    expectInvalid(result, "Too many binding blocks", 'No more than 1 "binding" blocks are allowed');
  });

  test("a reference cycle", async () => {
    const result = await validateStackDir(
      stackDir({
        openstack_networking_secgroup_v2: {
          a: { name: "a", description: "${openstack_networking_secgroup_v2.b.id}" },
          b: { name: "b", description: "${openstack_networking_secgroup_v2.a.id}" },
        },
      }),
    );
    expectInvalid(result, "Cycle: ", "openstack_networking_secgroup_v2.a", "openstack_networking_secgroup_v2.b");
  });

  test("a computed-only attribute of a resource (the harness provider's own check)", async () => {
    const result = await validateStackDir(stackDir(port({ all_fixed_ips: ["127.0.0.1"] })));
    expectInvalid(
      result,
      "Computed attribute cannot be set",
      '"all_fixed_ips" in openstack_networking_port_v2 is computed by the provider',
    );
  });

  test("a computed-only attribute inside a nested block names its path", async () => {
    const result = await validateStackDir(stackDir(port({ binding: [{ vif_type: "ovs" }] })));
    expectInvalid(result, "Computed attribute cannot be set", '"binding[0].vif_type"');
  });

  test("a computed-only attribute of a data source", async () => {
    const result = await validateStackDir(
      stackDir({}, { openstack_networking_network_v2: { n: { name: "private", availability_zone_hints: ["nova"] } } }),
    );
    expectInvalid(
      result,
      "Computed attribute cannot be set",
      '"availability_zone_hints" in openstack_networking_network_v2',
    );
  });

  test("a computed-only attribute set through a cdktf escape hatch fails validateStack", async () => {
    const stack = new TerraformStack(Testing.app(), "escape-hatch");
    new OpenstackProvider(stack, "openstack", {});
    const p = new NetworkingPortV2(stack, "Port", { networkId: "net" });
    p.addOverride("mac_address", "fa:16:3e:00:00:01"); // optional+computed: allowed
    p.addOverride("all_security_group_ids", ["sg"]); // computed-only: not allowed
    const result = await validateStack(stack);
    expectInvalid(result, "Computed attribute cannot be set", '"all_security_group_ids"');
    expect(result.diagnostics.join("\n")).not.toContain("mac_address");
  });
});
