import { Construct } from "constructs";
import { warn } from "../private/stack-checks";
import { dnsLabel } from "../base/validation";
import { IPeer, Peer } from "./peer";
import { Port } from "./port";
import { StackatoSecurityGroup } from "./security-group";

export interface StackatoSecurityGroupsProps {
  /**
   * Prefix of both group names: `<prefix>-ext` and `<prefix>-int`. Give each cluster its own prefix
   * when several share a project, because Nova resolves groups by name. A DNS label; two groups of
   * one stack with the same name are refused.
   * @default "stackato" - the `stackato-ext` and `stackato-int` of the Stackato OpenStack guide
   */
  readonly namePrefix?: string;

  /**
   * CIDRs allowed to reach SSH (port 22) on the external group. Open to anywhere (the Stackato OpenStack guide's
   * default) synthesizes with a warning; restrict it to the addresses you deploy from.
   * @default - anywhere: ["0.0.0.0/0"], plus ["::/0"] when `ipv6` is on
   */
  readonly sshSourceCidrs?: string[];

  /**
   * CIDRs allowed to reach HTTP and HTTPS (ports 80 and 443) on the external group.
   * @default - anywhere: ["0.0.0.0/0"], plus ["::/0"] when `ipv6` is on
   */
  readonly webSourceCidrs?: string[];

  /**
   * Create `stackato-int` and the group-to-group rules a cluster needs. A micro cloud talks to
   * itself over localhost and needs only `stackato-ext`.
   * @default true
   */
  readonly internalGroup?: boolean;

  /**
   * Also create the IPv6 twins of the rules.
   * @default false
   */
  readonly ipv6?: boolean;

  /**
   * Allow all outbound traffic from both groups (Stackato fetches buildpacks, gems and updates).
   * @default true
   */
  readonly allowAllOutbound?: boolean;
}

/**
 * The two security groups of the "Security Groups" section of the Stackato OpenStack guide, as Neutron resources:
 *
 * - `stackato-ext` admits TCP 22, 80 and 443 from the world (SSH sources configurable), and in a
 *   cluster all TCP and UDP from members of both groups;
 * - `stackato-int` admits all TCP and UDP only from members of both groups, and nothing by CIDR.
 */
export class StackatoSecurityGroups extends Construct {
  /** `stackato-ext`: routers, load balancer, or a micro cloud. */
  readonly external: StackatoSecurityGroup;
  /** `stackato-int`: every cluster node; undefined when `internalGroup` is false. */
  readonly internal?: StackatoSecurityGroup;

  constructor(scope: Construct, id: string, props: StackatoSecurityGroupsProps = {}) {
    super(scope, id);
    const prefix = props.namePrefix ?? "stackato";
    const ipv6 = props.ipv6 ?? false;
    const anywhere = ipv6 ? ["0.0.0.0/0", "::/0"] : ["0.0.0.0/0"];
    const common = { ipv6, allowAllOutbound: props.allowAllOutbound };

    this.external = new StackatoSecurityGroup(this, "External", {
      ...common,
      groupName: `${prefix}-ext`,
      description: "Stackato front end nodes",
    });
    const sshSources = props.sshSourceCidrs ?? anywhere;
    addCidrRules(this.external, "sshSourceCidrs", sshSources, [Port.tcp(22)]);
    const worldOpen = sshSources.filter((cidr) => cidr === "0.0.0.0/0" || cidr === "::/0");
    if (worldOpen.length > 0) {
      warn(
        this,
        `sshSourceCidrs: SSH (port 22) is open to the whole internet (${worldOpen.join(" and ")}); restrict it to the addresses you deploy from, such as sshSourceCidrs: ["203.0.113.0/24"] (Checkov CKV_OPENSTACK_2)`,
      );
    }
    addCidrRules(this.external, "webSourceCidrs", props.webSourceCidrs ?? anywhere, [Port.tcp(80), Port.tcp(443)]);
    this.node.addValidation({
      validate: () => dnsLabel("namePrefix", props.namePrefix, 59, "it starts both group names"),
    });
    this.node.addValidation({
      validate: () =>
        (["sshSourceCidrs", "webSourceCidrs"] as const)
          .filter((prop) => props[prop] !== undefined && props[prop]!.length === 0)
          .map(
            (prop) =>
              `${prop}: the list is empty, which would lock everyone out; omit it to allow anywhere, or list the CIDRs that may connect`,
          ),
    });

    if (props.internalGroup ?? true) {
      this.internal = new StackatoSecurityGroup(this, "Internal", {
        ...common,
        groupName: `${prefix}-int`,
        description: "stackato auxiliary nodes",
      });
      const members = [this.internal.asPeer, this.external.asPeer];
      for (const group of [this.internal, this.external]) {
        allowAllFrom(group, members);
      }
    }
  }

  /** Name of the external group, for instances that take security groups by name. */
  get externalGroupName(): string {
    return this.external.groupName;
  }

  /** Name of the internal group; throws when the internal group was not created. */
  get internalGroupName(): string {
    return this.requireInternal().groupName;
  }

  /** Id of the external group (a token until apply). */
  get externalGroupId(): string {
    return this.external.groupId;
  }

  /** Id of the internal group (a token until apply); throws when the internal group was not created. */
  get internalGroupId(): string {
    return this.requireInternal().groupId;
  }

  private requireInternal(): StackatoSecurityGroup {
    if (!this.internal) {
      throw new Error(
        `${this.node.path}: this StackatoSecurityGroups has no internal group; set internalGroup: true (the default) for a cluster`,
      );
    }
    return this.internal;
  }
}

function addCidrRules(group: StackatoSecurityGroup, propName: string, cidrs: string[], ports: Port[]): void {
  cidrs.forEach((cidr, index) => {
    for (const port of ports) group.addIngressRule(Peer.cidr(cidr), port, { propName: `${propName}[${index}]` });
  });
}

function allowAllFrom(group: StackatoSecurityGroup, peers: IPeer[]): void {
  for (const peer of peers) {
    group.addIngressRule(peer, Port.allTcp());
    group.addIngressRule(peer, Port.allUdp());
  }
}
