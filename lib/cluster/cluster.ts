import { Construct } from "constructs";
import { StackatoNode } from "../compute/node";
import { StackatoNetwork } from "../network/network";
import { StackatoSecurityGroups } from "../network/security-groups";
import { SshAccess } from "../provisioning/ssh";
import { agentForwardingWarning } from "../provisioning/ssh-validation";
import { claimClusterName, warn, warnAtSynth } from "../private/stack-checks";
import { domainPrecondition, sshUserPreconditions } from "../private/domain-precondition";
import { DataServicesVolume, newDataServicesVolume } from "../storage/data-services-volume";
import { newSharedDropletVolume, SharedDropletVolume } from "../storage/shared-droplet-volume";
import type { SharedDropletVolumeOptions } from "../storage/shared-droplet-volume";
import { registerOwnVolumes } from "./own-volumes";
import { DataServicesOptions, RoleOptions, RouterOptions, roleOptionErrors } from "./cluster-options";
import { dataServicesFindings } from "./data-services-checks";
import { ClusterOutputs } from "./cluster-outputs";
import { ClusterNode, StackatoClusterProps } from "./cluster-props";
import { Frontend, FrontendKind } from "./frontend";
import { bastionOf, Member, NodeNaming } from "./members";
import { MemberConnections } from "./member-connections";
import { newClusterServer, newServerGroup } from "./members";
import * as reservedIps from "./reserved-floating-ips";
import { NodeKind } from "../base/node-kind";
import { ClusterProvisioner, provisionerSource } from "./provisioner";
import { CORE_ROLES, NodeRoleLayout } from "./roles";
import { clusterErrors, clusterWarnings, unusedSshWarning } from "./validation";

/**
 * A Stackato cluster: the core node and the front door (`frontend`) from the constructor, other roles
 * from `addXxx()` calls. Each call builds its nodes and their provisioning steps at once, in the
 * cluster guide's order. Because the front door is chosen first, each node is exposed or not from
 * the moment it is made: its floating IP, security groups and ssh route never change afterwards.
 *
 * ```ts
 * const cluster = new StackatoCluster(this, "Cluster", {
 *   domain, image, keyName, networkName: "private", ssh: { useSshAgent: true },
 *   frontend: Frontend.loadBalancer(),
 * });
 * cluster.addRouters({ count: 2 });
 * cluster.addControllers({ count: 2 });
 * cluster.addSharedDropletVolume();
 * cluster.addDeas({ count: 3 });
 * cluster.addDataServices();
 * ```
 */
export class StackatoCluster extends Construct {
  readonly securityGroups: StackatoSecurityGroups;
  readonly core: StackatoNode;
  /** The front door, as chosen by the `frontend` prop. */
  readonly frontend: Frontend;
  /**
   * The load balancer node, with `frontend: Frontend.loadBalancer()`.
   * @default - none
   */
  readonly loadBalancer?: ClusterNode;
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
  private readonly outputs: ClusterOutputs;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: StackatoClusterProps,
  ) {
    super(scope, id);
    this.clusterName = props.name ?? "stackato";
    this.frontend = props.frontend ?? Frontend.core();
    if (!Frontend.isFrontend(this.frontend)) {
      this.optionErrors.push(
        `frontend: ${JSON.stringify(this.frontend)} is not a front door; give Frontend.core(), Frontend.routers(options) or Frontend.loadBalancer(options)`,
      );
      this.frontend = Frontend.core();
    }
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
      // Every node is reached through the front door's first floating IP, which the constructor makes
      // before any provisioning step.
      this.connections = new MemberConnections(this.ssh, () => bastionOf(this.members));
      const agentWarning = agentForwardingWarning(props.ssh);
      if (agentWarning) warn(this, agentWarning);
      this.provisioner = new ClusterProvisioner(
        // The shared droplet volume is attached after the cluster is built: read when steps are made.
        provisionerSource(this, props, this.members, () => this.sharedDroplets, this.connections),
      );
    }
    this.outputs = new ClusterOutputs(this, "Outputs", {
      cluster: this,
      hasFloatingIps: props.floatingIpPool !== undefined,
      bastionHost: () => props.ssh?.bastionHost ?? bastionOf(this.members),
      sshUser: this.ssh?.user ?? "stackato",
    });
    this.core = this.buildMembers(
      NodeKind.CORE,
      "core",
      { ...props.core, count: 1 },
      [...CORE_ROLES, ...(props.core?.extraRoles ?? [])],
      { reserved: reservedIps.oneReservedAddress("core.floatingIp", props.core?.floatingIp) },
    )[0].server;
    this.loadBalancer = this.buildFrontDoor(this.frontend);
    this.provisioner?.update();
    domainPrecondition(this.core.instance, this.domain, "domain");
    sshUserPreconditions(this.core.instance, props.ssh);
    this.node.addValidation({
      validate: () =>
        clusterErrors({
          domain: this.domain,
          optionErrors: this.optionErrors,
          layout: this.layout,
          members: this.members,
          frontend: this.frontend,
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

  /**
   * Extra routers: more of the front door with `Frontend.routers()`, the load balancer's pool with
   * `Frontend.loadBalancer()`. With `Frontend.core()` nothing would send them traffic, so they are
   * refused at synth.
   */
  addRouters(options: RouterOptions = {}): ClusterNode[] {
    if (this.frontend.kind === FrontendKind.CORE) {
      this.optionErrors.push(
        "addRouters: the cluster's front door is the core (frontend: Frontend.core(), the default), so nothing would send these routers traffic; set frontend: Frontend.routers() to make them the front door, or Frontend.loadBalancer() to put them behind a load balancer",
      );
    }
    const added = this.buildRouters("addRouters", options);
    this.provisioner?.update();
    return added;
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

  /** The nodes the internet reaches: the front door's nodes (`frontend`), each with the external group. */
  get exposedNodes(): ClusterNode[] {
    return this.members.filter((m) => m.exposed);
  }

  /**
   * The address `<domain>` and `*.<domain>` should resolve to: the floating IP of the front door's
   * first node, or its fixed IP when there is no floating IP.
   */
  get frontendAddress(): string {
    const front = this.exposedNodes[0]?.server ?? this.core;
    return front.publicIp ?? front.privateIp;
  }

  /** `https://api.<domain>` */
  get apiEndpoint(): string {
    return `https://api.${this.domain}`;
  }

  /** The front door's nodes beyond the core, built by the constructor; the load balancer node when it is one. */
  private buildFrontDoor(frontend: Frontend): ClusterNode | undefined {
    if (frontend.kind === FrontendKind.ROUTERS) {
      const options = frontend.routerOptions ?? {};
      const routers = this.buildRouters("Frontend.routers", options);
      if (routers.length === 0 && options.count !== undefined) {
        this.optionErrors.push(
          "Frontend.routers.count: 0 routers leave the cluster without a front door; give count 1 or more, or use Frontend.core()",
        );
      }
      return undefined;
    }
    if (frontend.kind === FrontendKind.LOAD_BALANCER) {
      const options = frontend.loadBalancerOptions ?? {};
      // It attaches with no roles. The options' type has no extraRoles; JavaScript callers can still
      // pass some, and get the error instead of roles silently dropped.
      const { extraRoles } = options as { readonly extraRoles?: string[] };
      return this.buildMembers(NodeKind.LOAD_BALANCER, "Frontend.loadBalancer", { ...options, count: 1 }, [], {
        layoutRoles: extraRoles ?? [],
        isLoadBalancer: true,
        reserved: reservedIps.oneReservedAddress("Frontend.loadBalancer.floatingIp", options.floatingIp),
      })[0];
    }
    return undefined;
  }

  /** Router nodes of one call; `source` names the call in messages ("addRouters", "Frontend.routers"). */
  private buildRouters(source: string, options: RouterOptions): Member[] {
    return this.buildMembers(NodeKind.ROUTER, source, options, ["router", ...(options.extraRoles ?? [])], {
      reserved: options.floatingIps && { prop: `${source}.floatingIps`, addresses: options.floatingIps },
    });
  }

  private addMembers(...args: Parameters<StackatoCluster["buildMembers"]>): Member[] {
    const added = this.buildMembers(...args);
    this.provisioner?.update();
    return added;
  }

  private buildMembers(
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
    const exposed = this.frontend.exposes(kind);
    // Groups without an internal one are refused by validation; build no reference to it meanwhile.
    const securityGroupIds = this.securityGroups.internal ? [this.securityGroups.internal.groupId] : [];
    if (exposed) securityGroupIds.push(this.securityGroups.externalGroupId);
    for (let ordinal = 1; ordinal <= count; ordinal++) {
      const name = this.naming.nodeName(kind, naming, ordinal);
      const reservedFloatingIp = reservedIps.reservedAddressOf(extra.reserved, ordinal);
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
        reservedFloatingIp,
        exposed,
        server: newClusterServer(scope, { kind, name, roles }, options, serverDefaults, serverGroupId, {
          securityGroupIds,
          // Only the front door takes floating IPs: a reserved address elsewhere is refused by validation.
          floatingIp: exposed ? reservedFloatingIp?.address : undefined,
          floatingIpPool: exposed && !reservedFloatingIp ? this.props.floatingIpPool : undefined,
        }),
      };
      member.dataVolume = extra.withServicesVolume?.(member);
      registerOwnVolumes(this, member, this.connections);
      this.members.push(member);
      added.push(member);
    }
    return added;
  }
}
