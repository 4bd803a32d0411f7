import { Construct } from "constructs";
import { NetworkingSecgroupRuleV2 } from "../../.gen/providers/openstack/networking-secgroup-rule-v2";
import { NetworkingSecgroupV2 } from "../../.gen/providers/openstack/networking-secgroup-v2";
import { EtherType, IPeer, Peer } from "./peer";
import { claimUniqueName } from "../private/stack-checks";
import { nonBlank } from "../private/validation";
import { Port, Protocol } from "./port";

export interface StackatoSecurityGroupProps {
  /**
   * The Neutron name of the group. Names are how Nova finds groups, so keep them unique per project;
   * two groups of one stack with the same name are refused.
   */
  readonly groupName: string;

  /**
   * @default - no description
   */
  readonly description?: string;

  /**
   * Add IPv6 twins of group-to-group rules and of the allow-all egress rule.
   * @default false
   */
  readonly ipv6?: boolean;

  /**
   * Allow all outbound traffic. Neutron's default egress rules are always deleted
   * (`delete_default_rules`), so egress is declared here and stays under Terraform's control.
   * @default true
   */
  readonly allowAllOutbound?: boolean;
}

type Direction = "ingress" | "egress";

interface RuleRequest {
  readonly propName: string;
  readonly peer: IPeer;
  readonly port: Port;
}

/**
 * One Neutron security group whose rules are separate `openstack_networking_secgroup_rule_v2`
 * resources with stable construct ids. Adding the same rule twice is a no-op, because duplicate
 * rules make Neutron answer 409 and every rule argument forces replacement.
 */
export class StackatoSecurityGroup extends Construct {
  /** The `openstack_networking_secgroup_v2` resource. */
  readonly resource: NetworkingSecgroupV2;
  readonly groupName: string;
  private readonly ipv6: boolean;
  private readonly requests: RuleRequest[] = [];
  private groupIdToken?: string;

  constructor(scope: Construct, id: string, props: StackatoSecurityGroupProps) {
    super(scope, id);
    this.groupName = props.groupName;
    this.ipv6 = props.ipv6 ?? false;
    this.resource = new NetworkingSecgroupV2(this, "Resource", {
      name: props.groupName,
      description: props.description,
      deleteDefaultRules: true,
    });
    if (props.allowAllOutbound ?? true) {
      this.addEgressRule(Peer.anyIpv4(), Port.allTraffic(), "allowAllOutbound");
      if (this.ipv6) this.addEgressRule(Peer.anyIpv6(), Port.allTraffic(), "allowAllOutbound");
    }
    this.node.addValidation({
      validate: () => nonBlank("groupName", props.groupName, 'give the group a name, such as "stackato-ext"'),
    });
    claimUniqueName(
      this,
      "security group",
      props.groupName,
      (others) =>
        `groupName: "${props.groupName}" is also the name of ${others}; Nova finds groups by name, so give each group its own name (StackatoSecurityGroups: namePrefix; a cluster: name)`,
    );
    this.node.addValidation({
      validate: () => this.requests.flatMap((r) => [...r.port.validate(r.propName), ...r.peer.validate(r.propName)]),
    });
  }

  /** The group's id (a token until apply). */
  get groupId(): string {
    // One token: every port of a cluster asks, and each new token records a stack trace.
    this.groupIdToken ??= this.resource.id;
    return this.groupIdToken;
  }

  /** This group as a rule peer, so other groups can admit its members. */
  get asPeer(): IPeer {
    return Peer.securityGroup(`group:${this.node.id}`, this.groupId);
  }

  /**
   * Allow traffic in from `peer` on `port`.
   * @param propName names the prop in validation errors
   */
  addIngressRule(peer: IPeer, port: Port, propName = "addIngressRule"): void {
    this.addRule("ingress", peer, port, propName);
  }

  /**
   * Allow traffic out to `peer` on `port`.
   * @param propName names the prop in validation errors
   */
  addEgressRule(peer: IPeer, port: Port, propName = "addEgressRule"): void {
    this.addRule("egress", peer, port, propName);
  }

  private addRule(direction: Direction, peer: IPeer, port: Port, propName: string): void {
    this.requests.push({ propName, peer, port });
    // A CIDR has one family; a group peer matches either, and its IPv6 twin exists only when asked for.
    const etherTypes =
      peer.etherTypes.length === 1 ? peer.etherTypes : peer.etherTypes.filter((e) => e === EtherType.IPV4 || this.ipv6);
    for (const etherType of etherTypes) {
      const id = `${direction} ${etherType} ${port} ${peer.uniqueId}`;
      if (this.node.tryFindChild(id)) continue;
      const remote = peer.ruleFields(etherType);
      new NetworkingSecgroupRuleV2(this, id, {
        securityGroupId: this.groupId,
        direction,
        ethertype: etherType,
        protocol: port.protocol === Protocol.ALL ? undefined : port.protocol,
        portRangeMin: port.fromPort,
        portRangeMax: port.toPort,
        remoteIpPrefix: remote.remoteIpPrefix,
        remoteGroupId: remote.remoteGroupId,
      });
    }
  }
}
