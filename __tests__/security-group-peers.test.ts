/** Rules between groups of different clusters, and peers for groups that exist outside the stack. */
import { Peer, Port, StackatoSecurityGroup, StackatoSecurityGroups } from "../lib";
import { synthErrors, synthStack } from "./support/synth";

function ruleIdsFrom(
  json: any,
  groupLogicalId: string,
): Array<{ remote: string; protocol?: string; description?: string }> {
  return Object.values<any>(json.resource.openstack_networking_secgroup_rule_v2)
    .filter((r) => r.security_group_id === `\${openstack_networking_secgroup_v2.${groupLogicalId}.id}`)
    .map((r) => ({
      remote: r.remote_group_id ?? r.remote_ip_prefix,
      protocol: r.protocol,
      description: r.description,
    }));
}

function logicalId(json: any, name: string): string {
  return Object.entries<any>(json.resource.openstack_networking_secgroup_v2).find(([, g]) => g.name === name)![0];
}

describe("security group peers", () => {
  test("a rule from another cluster's group with the same construct id is kept, not dropped", () => {
    const out = synthStack((stack) => {
      const a = new StackatoSecurityGroups(stack, "A", { namePrefix: "a" });
      const b = new StackatoSecurityGroups(stack, "B", { namePrefix: "b" });
      a.internal!.addIngressRule(b.external.asPeer, Port.allTcp());
    });
    const bExternal = `\${openstack_networking_secgroup_v2.${logicalId(out.json, "b-ext")}.id}`;
    const aInternal = ruleIdsFrom(out.json, logicalId(out.json, "a-int"));
    expect(aInternal).toContainEqual({ remote: bExternal, protocol: "tcp", description: undefined });
    expect(aInternal.filter((r) => r.remote === bExternal)).toHaveLength(1);
    // A's own rules from A's external group are still there too.
    const aExternal = `\${openstack_networking_secgroup_v2.${logicalId(out.json, "a-ext")}.id}`;
    expect(aInternal.filter((r) => r.remote === aExternal)).toHaveLength(2);
  });

  test("a group is a peer itself, as the README shows", () => {
    const out = synthStack((stack) => {
      const a = new StackatoSecurityGroups(stack, "A", { namePrefix: "a" });
      const b = new StackatoSecurityGroups(stack, "B", { namePrefix: "b" });
      a.internal!.addIngressRule(b.external, Port.tcp(5432));
    });
    const bExternal = `\${openstack_networking_secgroup_v2.${logicalId(out.json, "b-ext")}.id}`;
    expect(ruleIdsFrom(out.json, logicalId(out.json, "a-int"))).toContainEqual({
      remote: bExternal,
      protocol: "tcp",
      description: undefined,
    });
  });

  test("the same rule twice is still one rule", () => {
    const out = synthStack((stack) => {
      const a = new StackatoSecurityGroups(stack, "A", { namePrefix: "a" });
      a.internal!.addIngressRule(a.external.asPeer, Port.allTcp());
    });
    const aExternal = `\${openstack_networking_secgroup_v2.${logicalId(out.json, "a-ext")}.id}`;
    expect(ruleIdsFrom(out.json, logicalId(out.json, "a-int")).filter((r) => r.remote === aExternal)).toHaveLength(2);
  });

  test("an existing group by id is a peer, and rules carry a description", () => {
    const out = synthStack((stack) => {
      const groups = new StackatoSecurityGroups(stack, "A", { namePrefix: "a" });
      const monitoring = StackatoSecurityGroup.fromGroupId(stack, "Monitoring", "0b7e6a0c-monitoring");
      groups.external.addIngressRule(monitoring, Port.tcp(9100), { description: "node exporter" });
      groups.external.addIngressRule(Peer.cidr("127.9.0.0/16"), Port.tcp(22), { description: "bastion" });
    });
    const rules = ruleIdsFrom(out.json, logicalId(out.json, "a-ext"));
    expect(rules).toContainEqual({ remote: "0b7e6a0c-monitoring", protocol: "tcp", description: "node exporter" });
    expect(rules).toContainEqual({ remote: "127.9.0.0/16", protocol: "tcp", description: "bastion" });
  });

  test("two different groups given one label are refused, naming the fix", () => {
    const errors = synthErrors((stack) => {
      const groups = new StackatoSecurityGroups(stack, "A", { namePrefix: "a" });
      groups.external.addIngressRule(Peer.securityGroup("web", "id-1"), Port.tcp(80));
      groups.external.addIngressRule(Peer.securityGroup("web", "id-2"), Port.tcp(80));
    });
    expect(errors).toMatch(
      /two different security groups are labelled "web".*give each Peer\.securityGroup\(\) its own label/,
    );
  });
});
