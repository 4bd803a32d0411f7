/**
 * A rule for every port of a protocol declares no port range. Neutron stores 1-65535 as "any port" and reports
 * null for both ends; terraform-provider-openstack 3.4.0 reads that back as 0, so a declared 1-65535 made every
 * plan replace the cluster's eight all-TCP/all-UDP rules (seen by `npm run integration` against a real Neutron).
 */
import { Peer, Port, StackatoSecurityGroup, StackatoSecurityGroups } from "../lib";
import { synthStack } from "./support/synth";

function rules(json: any): any[] {
  return Object.values<any>(json.resource.openstack_networking_secgroup_rule_v2);
}

test("the cluster groups' all-TCP and all-UDP rules name their protocol and no port range", () => {
  const out = synthStack((stack) => new StackatoSecurityGroups(stack, "Groups"));
  const whole = rules(out.json).filter((r) => r.remote_group_id !== undefined);
  expect(whole).toHaveLength(8);
  for (const rule of whole) {
    expect(["tcp", "udp"]).toContain(rule.protocol);
    expect(rule.port_range_min).toBeUndefined();
    expect(rule.port_range_max).toBeUndefined();
  }
});

test("Port.tcpRange(1, 65535) is every port too; narrower ranges keep their ends", () => {
  const out = synthStack((stack) => {
    const group = new StackatoSecurityGroup(stack, "G", { groupName: "g", allowAllOutbound: false });
    group.addIngressRule(Peer.cidr("127.0.0.0/8"), Port.tcpRange(1, 65535));
    group.addIngressRule(Peer.cidr("127.0.0.0/8"), Port.udpRange(1, 1024));
  });
  const byProtocol = Object.fromEntries(rules(out.json).map((r) => [r.protocol, r]));
  expect(byProtocol.tcp.port_range_min).toBeUndefined();
  expect(byProtocol.tcp.port_range_max).toBeUndefined();
  expect([byProtocol.udp.port_range_min, byProtocol.udp.port_range_max]).toEqual([1, 1024]);
});
