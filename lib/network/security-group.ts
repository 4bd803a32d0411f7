import { Construct } from "constructs";
import { NetworkingSecgroupRuleV2 } from "../../.gen/providers/openstack/networking-secgroup-rule-v2";
import { NetworkingSecgroupV2 } from "../../.gen/providers/openstack/networking-secgroup-v2";
import { EtherType, IPeer, Peer, RuleRemote } from "./peer";
import { claimUniqueName } from "../private/stack-checks";
import { nonBlank } from "../base/validation";
import { Port, Protocol } from "./port";
import { literalSafe, literalSafeOptional } from "../base/terraform-text";

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

/** A security group that rules can name as their remote side: one of this library's, or an existing one. */
export interface IStackatoSecurityGroup extends IPeer {
  /** The group's Neutron id (a token until apply, for a group of this stack). */
  readonly groupId: string;
}

/** How one rule is added. */
export interface RuleOptions {
  /**
   * Neutron's description of the rule. It is part of the rule: changing it replaces the rule.
   * @default - no description
   */
  readonly description?: string;
  /**
   * The prop named in validation errors about this rule.
   * @default "addIngressRule" or "addEgressRule"
   */
  readonly propName?: string;
}

type Direction = "ingress" | "egress";

/** A rule label from the construct path, which is unique in the app ("/" cannot be in a construct id). */
function pathLabel(construct: Construct): string {
  return `group:${construct.node.path.split("/").join(".")}`;
}

interface RuleRequest {
  readonly propName: string;
  readonly peer: IPeer;
  readonly port: Port;
}

/** A group that exists outside this stack, known by its id: a peer only. */
class ExistingSecurityGroup extends Construct implements IStackatoSecurityGroup {
  readonly etherTypes: EtherType[];
  readonly uniqueId: string;
  readonly pathUniqueId?: string;
  private readonly peer: IPeer;

  constructor(
    scope: Construct,
    id: string,
    readonly groupId: string,
  ) {
    super(scope, id);
    this.pathUniqueId = pathLabel(this);
    this.uniqueId = this.pathUniqueId;
    this.peer = Peer._securityGroupAt(this.uniqueId, groupId, this.uniqueId);
    this.etherTypes = this.peer.etherTypes;
    this.node.addValidation({
      validate: () =>
        groupId.trim() === ""
          ? [`StackatoSecurityGroup.fromGroupId: the group id is empty; give the Neutron id of the existing group`]
          : [],
    });
  }

  ruleFields(etherType: EtherType): RuleRemote {
    return this.peer.ruleFields(etherType);
  }

  validate(propName: string): string[] {
    return this.peer.validate(propName);
  }
}

/**
 * One Neutron security group whose rules are separate `openstack_networking_secgroup_rule_v2`
 * resources with stable construct ids. Adding the same rule twice is a no-op, because duplicate
 * rules make Neutron answer 409 and every rule argument forces replacement.
 */
export class StackatoSecurityGroup extends Construct implements IStackatoSecurityGroup {
  /**
   * An existing Neutron group, by id, as a rule peer (for example a monitoring group that may reach the nodes).
   */
  static fromGroupId(scope: Construct, id: string, groupId: string): IStackatoSecurityGroup {
    return new ExistingSecurityGroup(scope, id, groupId);
  }

  /** The `openstack_networking_secgroup_v2` resource. */
  readonly resource: NetworkingSecgroupV2;
  readonly groupName: string;
  readonly etherTypes: EtherType[] = [EtherType.IPV4, EtherType.IPV6];
  private readonly ipv6: boolean;
  private readonly requests: RuleRequest[] = [];
  /** Rule construct id -> the remote it admits, so a second peer with the same label is not mistaken for the first. */
  private readonly ruleRemotes = new Map<string, string>();
  private readonly labelClashes: string[] = [];
  private groupIdToken?: string;

  constructor(scope: Construct, id: string, props: StackatoSecurityGroupProps) {
    super(scope, id);
    this.groupName = props.groupName;
    this.ipv6 = props.ipv6 ?? false;
    this.resource = new NetworkingSecgroupV2(this, "Resource", {
      name: literalSafe(props.groupName),
      description: literalSafeOptional(props.description),
      deleteDefaultRules: true,
    });
    if (props.allowAllOutbound ?? true) {
      this.addEgressRule(Peer.anyIpv4(), Port.allTraffic(), { propName: "allowAllOutbound" });
      if (this.ipv6) this.addEgressRule(Peer.anyIpv6(), Port.allTraffic(), { propName: "allowAllOutbound" });
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
      validate: () => [
        ...this.requests.flatMap((r) => [...r.port.validate(r.propName), ...r.peer.validate(r.propName)]),
        ...this.labelClashes,
      ],
    });
  }

  /** The group's id (a token until apply). */
  get groupId(): string {
    // One token: every port of a cluster asks, and each new token records a stack trace.
    this.groupIdToken ??= this.resource.id;
    return this.groupIdToken;
  }

  /** This group as a rule peer, so other groups can admit its members. The group itself is one too. */
  get asPeer(): IPeer {
    return Peer._securityGroupAt(this.uniqueId, this.groupId, pathLabel(this));
  }

  /** The label in rule construct ids: the construct id, as rules of existing stacks were named. */
  get uniqueId(): string {
    return `group:${this.node.id}`;
  }

  /** Unique in the app, for a rule whose short label another group already took. */
  get pathUniqueId(): string | undefined {
    return pathLabel(this);
  }

  ruleFields(_etherType: EtherType): RuleRemote {
    return { remoteGroupId: this.groupId };
  }

  /** A group of this stack always has an id; its own props are checked where it is made. */
  validate(_propName: string): string[] {
    return [];
  }

  /** Allow traffic in from `peer` on `port`. */
  addIngressRule(peer: IPeer, port: Port, options: RuleOptions = {}): void {
    this.addRule("ingress", peer, port, options.propName ?? "addIngressRule", options.description);
  }

  /** Allow traffic out to `peer` on `port`. */
  addEgressRule(peer: IPeer, port: Port, options: RuleOptions = {}): void {
    this.addRule("egress", peer, port, options.propName ?? "addEgressRule", options.description);
  }

  private addRule(direction: Direction, peer: IPeer, port: Port, propName: string, description?: string): void {
    this.requests.push({ propName, peer, port });
    // A CIDR has one family; a group peer matches either, and its IPv6 twin exists only when asked for.
    const etherTypes =
      peer.etherTypes.length === 1 ? peer.etherTypes : peer.etherTypes.filter((e) => e === EtherType.IPV4 || this.ipv6);
    for (const etherType of etherTypes) {
      const remote = peer.ruleFields(etherType);
      const id = this.ruleId(`${direction} ${etherType} ${port}`, peer, remote, propName);
      if (id === undefined) continue;
      new NetworkingSecgroupRuleV2(this, id, {
        description: literalSafeOptional(description),
        securityGroupId: this.groupId,
        direction,
        ethertype: etherType,
        protocol: port.protocol === Protocol.ALL ? undefined : port.protocol,
        portRangeMin: port.ruleRange.fromPort,
        portRangeMax: port.ruleRange.toPort,
        remoteIpPrefix: remote.remoteIpPrefix,
        remoteGroupId: remote.remoteGroupId,
      });
    }
  }

  /**
   * The construct id of a new rule, or undefined when the same rule is there already (Neutron answers 409 to a
   * duplicate). The short label keeps the ids existing stacks have; a different remote that wants the same id
   * (another cluster's "External") takes its path-unique id instead of being dropped.
   */
  private ruleId(prefix: string, peer: IPeer, remote: RuleRemote, propName: string): string | undefined {
    const admits = `${remote.remoteGroupId ?? ""} ${remote.remoteIpPrefix ?? ""}`;
    const short = `${prefix} ${peer.uniqueId}`;
    const taken = this.ruleRemotes.get(short);
    if (taken === undefined || taken === admits) return this.claimRuleId(short, admits);
    if (peer.pathUniqueId === undefined) {
      this.labelClashes.push(
        `${propName}: two different security groups are labelled "${peer.uniqueId}" in the rules of ${this.groupName}; give each Peer.securityGroup() its own label`,
      );
      return undefined;
    }
    return this.claimRuleId(`${prefix} ${peer.pathUniqueId}`, admits);
  }

  private claimRuleId(id: string, admits: string): string | undefined {
    if (this.ruleRemotes.has(id)) return undefined;
    this.ruleRemotes.set(id, admits);
    return id;
  }
}
