import { cidrError, cidrFamily } from "./cidr";

/** The `ethertype` of a Neutron rule. */
export enum EtherType {
  IPV4 = "IPv4",
  IPV6 = "IPv6",
}

/** The remote side of one rule, as `openstack_networking_secgroup_rule_v2` fields. */
export interface RuleRemote {
  /** `remote_ip_prefix`, for a CIDR peer. */
  readonly remoteIpPrefix?: string;
  /** `remote_group_id`, for a security group peer. */
  readonly remoteGroupId?: string;
}

/** The remote side of a security group rule: a CIDR or another security group. */
export interface IPeer {
  /** Stable text used in rule construct ids; never a token, so ids do not change between synths. */
  readonly uniqueId: string;
  /**
   * A longer stable id, unique in the app, for a rule whose `uniqueId` another peer of the same group already
   * took (two clusters' groups are both "External").
   * @default - none: a clash of `uniqueId`s is refused at synth
   */
  readonly pathUniqueId?: string;
  /** Fields that go into `openstack_networking_secgroup_rule_v2` for this peer and ether type. */
  ruleFields(etherType: EtherType): RuleRemote;
  /** The ether types this peer can match: one for a CIDR, both for a group. */
  readonly etherTypes: EtherType[];
  /** Problems with this peer, each naming `propName`. */
  validate(propName: string): string[];
}

class CidrPeer implements IPeer {
  readonly uniqueId: string;
  constructor(private readonly cidr: string) {
    this.uniqueId = cidr;
  }
  get etherTypes(): EtherType[] {
    return [cidrFamily(this.cidr) === "IPv6" ? EtherType.IPV6 : EtherType.IPV4];
  }
  ruleFields(): RuleRemote {
    return { remoteIpPrefix: this.cidr };
  }
  validate(propName: string): string[] {
    const error = cidrError(propName, this.cidr);
    return error ? [error] : [];
  }
}

class GroupPeer implements IPeer {
  readonly etherTypes: EtherType[] = [EtherType.IPV4, EtherType.IPV6];
  constructor(
    readonly uniqueId: string,
    private readonly groupId: string,
    readonly pathUniqueId?: string,
  ) {}
  ruleFields(): RuleRemote {
    return { remoteGroupId: this.groupId };
  }
  validate(propName: string): string[] {
    // The label goes into rule construct ids; an empty one would make ids that collide.
    return this.uniqueId.trim() === ""
      ? [
          `${propName}: the security group peer's name is empty; give Peer.securityGroup() a stable label, such as "web"`,
        ]
      : [];
  }
}

/** Factories for rule peers, in the style of `aws-ec2`'s `Peer`. */
export class Peer {
  /** An IPv4 or IPv6 CIDR; the ether type follows from the address. */
  static cidr(cidr: string): IPeer {
    return new CidrPeer(cidr);
  }

  /** Any IPv4 address. */
  static anyIpv4(): IPeer {
    return new CidrPeer("0.0.0.0/0");
  }

  /** Any IPv6 address. */
  static anyIpv6(): IPeer {
    return new CidrPeer("::/0");
  }

  /**
   * Members of a security group.
   * @param name a stable label for construct ids (the group's id is a token until apply)
   * @param groupId the group's id, usually a token
   */
  static securityGroup(name: string, groupId: string): IPeer {
    return new GroupPeer(name, groupId);
  }

  /**
   * Members of a security group, with a path-unique id for when `name` is taken (what groups made by this
   * library use for themselves).
   * @internal
   */
  static _securityGroupAt(name: string, groupId: string, pathUniqueId: string): IPeer {
    return new GroupPeer(name, groupId, pathUniqueId);
  }
}
