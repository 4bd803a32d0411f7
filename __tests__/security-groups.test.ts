import { Peer, Port, StackatoSecurityGroups } from "../lib";
import { Synthesized, synthErrors, synthStack } from "./support/synth";

type Rule = { group: string; direction: string; ethertype: string; protocol?: string; ports?: string; from: string };

/** Every rule in the stack, in a shape that reads like the nova commands of the Stackato OpenStack guide. */
function rules(out: Synthesized): Rule[] {
  const groupNames: Record<string, string> = {};
  for (const [logicalId, g] of Object.entries<any>(out.json.resource.openstack_networking_secgroup_v2)) {
    groupNames[`\${openstack_networking_secgroup_v2.${logicalId}.id}`] = g.name;
  }
  return out
    .resources("openstack_networking_secgroup_rule_v2")
    .map((r) => ({
      group: groupNames[r.security_group_id],
      direction: r.direction,
      ethertype: r.ethertype,
      protocol: r.protocol,
      ports: r.port_range_min === undefined ? undefined : `${r.port_range_min}-${r.port_range_max}`,
      from: r.remote_ip_prefix ?? groupNames[r.remote_group_id],
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const sorted = (list: Rule[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe("StackatoSecurityGroups", () => {
  test("cluster groups carry exactly the seed's nova rules, plus explicit egress", () => {
    const out = synthStack((stack) => new StackatoSecurityGroups(stack, "Groups"));
    const world = (group: string, port: number): Rule => ({
      group,
      direction: "ingress",
      ethertype: "IPv4",
      protocol: "tcp",
      ports: `${port}-${port}`,
      from: "0.0.0.0/0",
    });
    const all = (group: string, protocol: string, from: string): Rule => ({
      group,
      direction: "ingress",
      ethertype: "IPv4",
      protocol,
      // The guide's 1-65535, declared as "any port": Neutron stores it so, and a declared range would drift.
      ports: undefined,
      from,
    });
    const egress = (group: string): Rule => ({
      group,
      direction: "egress",
      ethertype: "IPv4",
      protocol: undefined,
      ports: undefined,
      from: "0.0.0.0/0",
    });
    expect(rules(out)).toEqual(
      sorted([
        // nova secgroup-add-rule stackato-ext tcp 22/80/443 0.0.0.0/0
        world("stackato-ext", 22),
        world("stackato-ext", 80),
        world("stackato-ext", 443),
        // stackato-int from stackato-int and stackato-ext, tcp and udp 1-65535
        all("stackato-int", "tcp", "stackato-int"),
        all("stackato-int", "udp", "stackato-int"),
        all("stackato-int", "tcp", "stackato-ext"),
        all("stackato-int", "udp", "stackato-ext"),
        // stackato-ext from stackato-ext and stackato-int
        all("stackato-ext", "tcp", "stackato-ext"),
        all("stackato-ext", "udp", "stackato-ext"),
        all("stackato-ext", "tcp", "stackato-int"),
        all("stackato-ext", "udp", "stackato-int"),
        egress("stackato-ext"),
        egress("stackato-int"),
      ]),
    );
  });

  test("both groups delete Neutron's default rules and carry the seed's descriptions", () => {
    const out = synthStack((stack) => new StackatoSecurityGroups(stack, "Groups"));
    expect(out.resources("openstack_networking_secgroup_v2")).toEqual(
      expect.arrayContaining([
        { name: "stackato-ext", description: "Stackato front end nodes", delete_default_rules: true },
        { name: "stackato-int", description: "stackato auxiliary nodes", delete_default_rules: true },
      ]),
    );
  });

  test("the internal group has no CIDR rule at all", () => {
    const out = synthStack((stack) => new StackatoSecurityGroups(stack, "Groups", { allowAllOutbound: false }));
    const internal = rules(out).filter((r) => r.group === "stackato-int");
    expect(internal).toHaveLength(4);
    expect(internal.every((r) => r.from === "stackato-int" || r.from === "stackato-ext")).toBe(true);
  });

  test("a micro cloud gets only stackato-ext with 22/80/443 and egress", () => {
    const out = synthStack((stack) => new StackatoSecurityGroups(stack, "Groups", { internalGroup: false }));
    expect(out.resources("openstack_networking_secgroup_v2").map((g) => g.name)).toEqual(["stackato-ext"]);
    expect(rules(out).map((r) => `${r.direction} ${r.protocol ?? "any"} ${r.ports ?? ""} ${r.from}`)).toEqual(
      [
        "egress any  0.0.0.0/0",
        "ingress tcp 22-22 0.0.0.0/0",
        "ingress tcp 443-443 0.0.0.0/0",
        "ingress tcp 80-80 0.0.0.0/0",
      ].sort(),
    );
  });

  test("names take a prefix so two clusters can share a project", () => {
    const out = synthStack((stack) => {
      new StackatoSecurityGroups(stack, "Prod", { namePrefix: "prod-stackato" });
      new StackatoSecurityGroups(stack, "Test", { namePrefix: "test-stackato" });
    });
    expect(
      out
        .resources("openstack_networking_secgroup_v2")
        .map((g) => g.name)
        .sort(),
    ).toEqual(["prod-stackato-ext", "prod-stackato-int", "test-stackato-ext", "test-stackato-int"]);
  });

  test("SSH sources are configurable and do not change HTTP/HTTPS", () => {
    const out = synthStack(
      (stack) =>
        new StackatoSecurityGroups(stack, "G", {
          internalGroup: false,
          sshSourceCidrs: ["203.0.113.0/24", "2001:db8::/32"],
        }),
    );
    const ssh = rules(out).filter((r) => r.ports === "22-22");
    expect(ssh.map((r) => [r.ethertype, r.from])).toEqual([
      ["IPv4", "203.0.113.0/24"],
      ["IPv6", "2001:db8::/32"],
    ]);
    expect(
      rules(out)
        .filter((r) => r.ports === "80-80")
        .map((r) => r.from),
    ).toEqual(["0.0.0.0/0"]);
  });

  test("ipv6 adds IPv6 twins of world, group and egress rules", () => {
    const out = synthStack((stack) => new StackatoSecurityGroups(stack, "G", { ipv6: true }));
    const v6 = rules(out).filter((r) => r.ethertype === "IPv6");
    const v4 = rules(out).filter((r) => r.ethertype === "IPv4");
    expect(v6).toHaveLength(v4.length);
    expect(
      v6
        .filter((r) => r.from === "::/0")
        .map((r) => `${r.group} ${r.direction} ${r.ports ?? "any"}`)
        .sort(),
    ).toEqual([
      "stackato-ext egress any",
      "stackato-ext ingress 22-22",
      "stackato-ext ingress 443-443",
      "stackato-ext ingress 80-80",
      "stackato-int egress any",
    ]);
  });

  test("adding a rule twice creates it once", () => {
    const out = synthStack((stack) => {
      const groups = new StackatoSecurityGroups(stack, "G", { internalGroup: false });
      groups.external.addIngressRule(Peer.cidr("0.0.0.0/0"), Port.tcp(22));
      groups.external.addIngressRule(Peer.anyIpv4(), Port.tcpRange(35000, 40000));
      groups.external.addIngressRule(Peer.anyIpv4(), Port.tcpRange(35000, 40000));
    });
    expect(rules(out).filter((r) => r.ports === "22-22")).toHaveLength(1);
    expect(rules(out).filter((r) => r.ports === "35000-40000")).toHaveLength(1);
  });

  test("rule logical ids are stable across synths and independent of rule order", () => {
    const ids = (order: "a" | "b") =>
      Object.keys(
        synthStack((stack) => {
          const g = new StackatoSecurityGroups(stack, "G", {
            internalGroup: false,
            sshSourceCidrs: order === "a" ? ["10.0.0.0/8", "172.16.0.0/12"] : ["172.16.0.0/12", "10.0.0.0/8"],
          });
          void g;
        }).json.resource.openstack_networking_secgroup_rule_v2,
      ).sort();
    expect(ids("a")).toEqual(ids("b"));
  });
});

describe("StackatoSecurityGroups validation", () => {
  test("fails on an empty CIDR, naming the prop and the fix", () => {
    expect(synthErrors((s) => new StackatoSecurityGroups(s, "G", { sshSourceCidrs: [""] }))).toMatch(
      /sshSourceCidrs\[0\]: CIDR is empty; give a network such as "203\.0\.113\.0\/24"/,
    );
  });

  test("fails on a malformed CIDR", () => {
    const errors = synthErrors(
      (s) => new StackatoSecurityGroups(s, "G", { webSourceCidrs: ["0.0.0.0/0", "10.0.0.300/8"] }),
    );
    expect(errors).toMatch(/webSourceCidrs\[1\]: "10\.0\.0\.300\/8" is not a CIDR; write an address and prefix length/);
  });

  test("fails on a CIDR with no prefix length", () => {
    expect(synthErrors((s) => new StackatoSecurityGroups(s, "G", { sshSourceCidrs: ["203.0.113.7"] }))).toMatch(
      /sshSourceCidrs\[0\]: "203\.0\.113\.7" is not a CIDR/,
    );
  });

  test("fails on an empty source list instead of locking everyone out", () => {
    expect(synthErrors((s) => new StackatoSecurityGroups(s, "G", { sshSourceCidrs: [] }))).toMatch(
      /sshSourceCidrs: the list is empty/,
    );
  });

  test("fails on a port outside 1-65535", () => {
    const errors = synthErrors((s) => {
      const g = new StackatoSecurityGroups(s, "G");
      g.external.addIngressRule(Peer.anyIpv4(), Port.tcp(70000), { propName: "harborPorts" });
    });
    expect(errors).toMatch(/harborPorts: port 70000 is outside 1-65535; use a whole number in that range/);
  });

  test("fails on port 0 and on a backwards range", () => {
    expect(
      synthErrors((s) => new StackatoSecurityGroups(s, "G").external.addIngressRule(Peer.anyIpv4(), Port.udp(0))),
    ).toMatch(/port 0 is outside 1-65535/);
    expect(
      synthErrors((s) =>
        new StackatoSecurityGroups(s, "G").external.addIngressRule(Peer.anyIpv4(), Port.tcpRange(90, 80)),
      ),
    ).toMatch(/port range 90-80 runs backwards/);
  });

  test("asking a micro-cloud group set for its internal group explains the fix", () => {
    expect(() =>
      synthStack((s) => new StackatoSecurityGroups(s, "G", { internalGroup: false }).internalGroupId),
    ).toThrow(/set internalGroup: true/);
  });
});
