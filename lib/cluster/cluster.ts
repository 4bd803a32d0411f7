import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { StackatoNode } from "../compute/node";
import { StackatoNetwork } from "../network/network";
import { StackatoSecurityGroups } from "../network/security-groups";
import { lateList } from "../private/late-value";
import { SshAccess } from "../provisioning/ssh";
import { agentForwardingWarning } from "../provisioning/ssh-validation";
import { claimClusterName, warn, warnAtSynth } from "../private/stack-checks";
import { domainPrecondition, sshUserPreconditions } from "../private/domain-precondition";
import { DataServicesVolume, newDataServicesVolume } from "../storage/data-services-volume";
import { newSharedDropletVolume, SharedDropletVolume } from "../storage/shared-droplet-volume";
import type { SharedDropletVolumeOptions } from "../storage/shared-droplet-volume";
import { registerOwnVolumes } from "./own-volumes";
import {
  DataServicesOptions,
  LoadBalancerOptions,
  RoleOptions,
  RouterOptions,
  roleOptionErrors,
} from "./cluster-options";
import { dataServicesFindings } from "./data-services-checks";
import { ClusterOutputs } from "./cluster-outputs";
import { ClusterNode, StackatoClusterProps } from "./cluster-props";
import { ClusterExposure } from "./exposure";
import { Member, NodeNaming } from "./members";
import { MemberConnections } from "./member-connections";
import { newClusterServer, newServerGroup } from "./members";
import * as reservedIps from "./reserved-floating-ips";
import { NodeKind } from "../base/node-kind";
import { ClusterProvisioner, provisionerSource } from "./provisioner";
import { CORE_ROLES, NodeRoleLayout } from "./roles";
import { clusterErrors, clusterWarnings, unusedSshWarning } from "./validation";

/**
 * A Stackato cluster: the core node from the constructor, other roles from `addXxx()` calls. Each
 * call builds its nodes and their provisioning steps at once, in the cluster guide's order; only
 * what depends on the final layout (which nodes are exposed: their security groups, floating IPs
 * and ssh routes) is read at synth.
 *
 * ```ts
 * const cluster = new StackatoCluster(this, "Cluster", { domain, image, keyName, networkName: "private", ssh: { useSshAgent: true } });
 * cluster.addControllers({ count: 2 });
 * cluster.addSharedDropletVolume();
 * cluster.addDeas({ count: 3 });
 * cluster.addDataServices();
 * ```
 */
export class StackatoCluster extends Construct {
  readonly securityGroups: StackatoSecurityGroups;
  readonly core: StackatoNode;
  readonly clusterName: string;
  readonly domain: string;
  private readonly members: Member[] = [];
  private readonly layout: NodeRoleLayout[] = [];
  private readonly optionErrors: string[] = [];
  private readonly naming: NodeNaming;
  private readonly networkId: string;
  private readonly ssh?: SshAccess;
  private readonly provisioner?: ClusterProvisioner;
  private readonly connections?: MemberConnections;
  private sharedDroplets?: SharedDropletVolume;
  private readonly exposure = new ClusterExposure(this.members);
  private readonly outputs: ClusterOutputs;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: StackatoClusterProps,
  ) {
    super(scope, id);
    this.clusterName = props.name ?? "stackato";
    this.domain = props.domain;
    this.naming = new NodeNaming(this.clusterName);
    claimClusterName(this, this.clusterName);
    this.securityGroups =
      props.securityGroups ??
      new StackatoSecurityGroups(this, "SecurityGroups", {
        namePrefix: this.clusterName,
        sshSourceCidrs: props.sshSourceCidrs,
      });
    this.networkId = new StackatoNetwork(this, "Network", props).networkId;
    const sshWarning = unusedSshWarning(props);
    if (sshWarning) warn(this, sshWarning);
    if (props.provisioning ?? true) {
      this.ssh = new SshAccess(this, "Ssh", props.ssh ?? {}, this.clusterName);
      const connections = (this.connections = new MemberConnections(this.ssh, () => this.exposure.bastion));
      const agentWarning = agentForwardingWarning(props.ssh);
      if (agentWarning) warn(this, agentWarning);
      this.provisioner = new ClusterProvisioner(
        // The shared droplet volume is attached after the cluster is built: read when steps are made.
        provisionerSource(this, props, this.members, () => this.sharedDroplets, connections),
      );
    }
    this.outputs = new ClusterOutputs(this, "Outputs", {
      cluster: this,
      hasFloatingIps: props.floatingIpPool !== undefined,
      bastionHost: () => props.ssh?.bastionHost ?? this.exposure.bastion,
      sshUser: this.ssh?.user ?? "stackato",
    });
    this.core = this.addMembers(
      NodeKind.CORE,
      "core",
      { ...props.core, count: 1 },
      [...CORE_ROLES, ...(props.core?.extraRoles ?? [])],
      { reserved: reservedIps.oneReservedAddress("core.floatingIp", props.core?.floatingIp) },
    )[0].server;
    domainPrecondition(this.core.instance, this.domain, "domain");
    sshUserPreconditions(this.core.instance, props.ssh);
    this.node.addValidation({
      validate: () =>
        clusterErrors({
          domain: this.domain,
          optionErrors: this.optionErrors,
          layout: this.layout,
          members: this.members,
          exposed: this.exposure.nodes,
          ssh: props.ssh,
          provisioning: props.provisioning ?? true,
          hasSharedDropletVolume: this.sharedDroplets !== undefined,
          props,
        }),
    });
    warnAtSynth(this, () => clusterWarnings(this.layout));
  }

  /** Extra Cloud Controllers; more than one controller needs `addSharedDropletVolume()`. */
  addControllers(options: RoleOptions = {}): ClusterNode[] {
    return this.addMembers(NodeKind.CONTROLLER, "addControllers", options, [
      "controller",
      ...(options.extraRoles ?? []),
    ]);
  }

  /** DEA nodes, where applications run. */
  addDeas(options: RoleOptions = {}): ClusterNode[] {
    return this.addMembers(NodeKind.DEA, "addDeas", options, ["dea", ...(options.extraRoles ?? [])]);
  }

  /** Extra routers; with routers and no load balancer, the routers are the exposed nodes. */
  addRouters(options: RouterOptions = {}): ClusterNode[] {
    return this.addMembers(NodeKind.ROUTER, "addRouters", options, ["router", ...(options.extraRoles ?? [])], {
      reserved: options.floatingIps && { prop: "addRouters.floatingIps", addresses: options.floatingIps },
    });
  }

  /** Data-service nodes, each with its services volume unless `withVolume` is false. */
  addDataServices(options: DataServicesOptions = {}): ClusterNode[] {
    const findings = dataServicesFindings(options);
    this.optionErrors.push(...findings.errors);
    findings.warnings.forEach((warning) => warn(this, warning));
    const roles = [...(options.roles ?? ["data-services"]), ...(options.extraRoles ?? [])];
    return this.addMembers(NodeKind.DATA_SERVICES, "addDataServices", options, roles, {
      externalMysql: options.externalMysql,
      externalPostgresql: options.externalPostgresql,
      withServicesVolume: (member) =>
        (options.withVolume ?? true)
          ? newDataServicesVolume(member.scope, "ServicesVolume", {
              ...options.volume,
              node: member.server,
              volumeName: this.naming.servicesVolumeName(member.group, member.ordinal),
            })
          : undefined,
    });
  }

  /** A load balancer in front of the routers (cluster guide, "Load balancer"); it has no other roles. */
  addLoadBalancer(options: LoadBalancerOptions = {}): ClusterNode {
    if (this.members.some((m) => m.kind === NodeKind.LOAD_BALANCER)) {
      this.optionErrors.push("addLoadBalancer: the cluster already has a load balancer; call addLoadBalancer() once");
    }
    // It attaches with no roles. The options' type has no extraRoles; JavaScript callers can still
    // pass some, and get the error instead of roles silently dropped.
    const { extraRoles } = options as { readonly extraRoles?: string[] };
    return this.addMembers(NodeKind.LOAD_BALANCER, "addLoadBalancer", { ...options, count: 1 }, [], {
      layoutRoles: extraRoles ?? [],
      isLoadBalancer: true,
      reserved: reservedIps.oneReservedAddress("addLoadBalancer.floatingIp", options.floatingIp),
    })[0];
  }

  /** The droplets volume on the Primary, shared with every other Controller over sshfs. */
  addSharedDropletVolume(options: SharedDropletVolumeOptions = {}): SharedDropletVolume {
    if (this.sharedDroplets) {
      this.optionErrors.push(
        `addSharedDropletVolume: the cluster already has a droplets volume (${this.sharedDroplets.node.path}); call addSharedDropletVolume() once`,
      );
      return this.sharedDroplets;
    }
    this.sharedDroplets = newSharedDropletVolume(this, "SharedDroplets", {
      ...options,
      primary: this.core,
      clusterName: this.clusterName,
    });
    this.provisioner?.update();
    return this.sharedDroplets;
  }

  /** Every node, the core first, in the order they were added. */
  get nodes(): ClusterNode[] {
    return [...this.members];
  }

  /** The nodes the internet reaches: the load balancer, else the routers, else the core. */
  get exposedNodes(): ClusterNode[] {
    return [...this.exposure.nodes];
  }

  /**
   * The address `<domain>` and `*.<domain>` should resolve to: the floating IP of the first exposed
   * node, or its fixed IP when there is no floating IP pool. It is resolved at synth, so it can be
   * passed to a DNS record before every addXxx() call has run.
   */
  get frontendAddress(): string {
    return Lazy.stringValue({
      produce: () => {
        const front = this.exposedNodes[0].server;
        return front.publicIp ?? front.privateIp;
      },
    });
  }

  /** `https://api.<domain>` */
  get apiEndpoint(): string {
    return `https://api.${this.domain}`;
  }

  private addMembers(
    kind: NodeKind,
    source: string,
    options: RoleOptions,
    roles: string[],
    extra: Pick<Member, "externalMysql" | "externalPostgresql"> & {
      layoutRoles?: string[];
      isLoadBalancer?: boolean;
      withServicesVolume?: (member: Member) => DataServicesVolume | undefined;
      reserved?: reservedIps.ReservedAddresses;
    } = {},
  ): Member[] {
    this.optionErrors.push(...roleOptionErrors(options, source));
    // A bad count is reported by validation; build nothing for it rather than throw here.
    const count =
      options.count === undefined ? 1 : Number.isInteger(options.count) && options.count >= 0 ? options.count : 0;
    this.layout.push({ source, count, roles: extra.layoutRoles ?? roles, isLoadBalancer: extra.isLoadBalancer });
    this.optionErrors.push(...reservedIps.reservedAddressesErrors(extra.reserved, count));
    if (extra.reserved) this.outputs.showPublicAddresses();
    const naming = this.naming.nextGroup(kind);
    const group = new Construct(this, naming.id);
    const serverGroupId = newServerGroup(group, this.clusterName, options.serverGroupPolicy);
    const added: Member[] = [];
    const serverDefaults = {
      clusterName: this.clusterName,
      image: this.props.image,
      networkId: this.networkId,
      keyName: this.props.keyName,
    };
    for (let ordinal = 1; ordinal <= count; ordinal++) {
      const name = this.naming.nodeName(kind, naming, ordinal);
      const single = count === 1 && (kind === NodeKind.CORE || kind === NodeKind.LOAD_BALANCER);
      const scope = single ? group : new Construct(group, `Node${ordinal}`);
      const member: Member = {
        kind,
        name,
        roles,
        scope,
        ordinal,
        group: naming,
        externalMysql: extra.externalMysql,
        externalPostgresql: extra.externalPostgresql,
        reservedFloatingIp: reservedIps.reservedAddressOf(extra.reserved, ordinal),
        server: newClusterServer(
          scope,
          { kind, name, roles },
          options,
          serverDefaults,
          serverGroupId,
          // Read at synth: which groups a port carries depends on whether its node ends up exposed.
          lateList(() => this.securityGroupIdsOf(member)),
        ),
      };
      member.dataVolume = extra.withServicesVolume?.(member);
      registerOwnVolumes(this, member, this.connections);
      this.members.push(member);
      added.push(member);
    }
    this.exposure.moveFloatingIps(this.props.floatingIpPool);
    this.provisioner?.update();
    return added;
  }

  private securityGroupIdsOf(member: Member): string[] {
    // Groups without an internal one are refused by validation; build no reference to it meanwhile.
    const ids = this.securityGroups.internal ? [this.securityGroups.internal.groupId] : [];
    if (this.exposure.isExposed(member)) ids.push(this.securityGroups.externalGroupId);
    return ids;
  }
}
