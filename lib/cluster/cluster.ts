import { Aspects, Lazy, Token } from "cdktf";
import { Construct } from "constructs";
import { ComputeServergroupV2 } from "../../.gen/providers/openstack/compute-servergroup-v2";
import {
  CoreOptions,
  DataServicesOptions,
  ExternalDatabase,
  LoadBalancerOptions,
  RoleOptions,
  domainErrors,
  roleOptionErrors,
} from "./cluster-options";
import { ClusterOutputs } from "./cluster-outputs";
import { DataServicesVolume } from "../storage/data-services-volume";
import { IStackatoImage } from "../compute/image";
import { NetworkProps, StackatoNetwork } from "../network/network";
import { StackatoNode } from "../compute/node";
import { ProvisionStep } from "../provisioning/provision-step";
import { ProvisioningContext } from "../provisioning/provisioning-context";
import { CORE_ROLES, NodeRoleLayout, roleLayoutErrors } from "./roles";
import { attachScript, coreSetupScript, externalDatabaseScript, loadBalancerScript, nodeUserData } from "../provisioning/scripts";
import { StackatoSecurityGroups } from "../network/security-groups";
import { SharedDropletVolume, SharedDropletVolumeOptions } from "../storage/shared-droplet-volume";
import { SshAccess, SshSettings } from "../provisioning/ssh";

export interface StackatoClusterProps extends NetworkProps {
  /**
   * The cluster's DNS name. The core is renamed to it and set up with `api.<domain>`; point
   * `<domain>` and `*.<domain>` at the front node (see the `dns_records` output).
   */
  readonly domain: string;

  /** The Stackato image every node boots. */
  readonly image: IStackatoImage;

  /** Nova keypair injected into every node, e.g. `StackatoKeypair.keyName`. */
  readonly keyName: string;

  /**
   * Prefix of server, volume and security group names, and of outputs.
   * @default "stackato" - nodes stackato-core, stackato-dea-1, ...; groups stackato-ext and stackato-int
   */
  readonly name?: string;

  /**
   * The core node (primary, controller, router).
   * @default - flavor m1.medium, no extra roles
   */
  readonly core?: CoreOptions;

  /**
   * Security groups to use.
   * @default - new `<name>-ext` and `<name>-int` groups, with `sshSourceCidrs`
   */
  readonly securityGroups?: StackatoSecurityGroups;

  /**
   * Who may ssh to the exposed nodes, when this construct creates the groups.
   * @default ["0.0.0.0/0"]
   */
  readonly sshSourceCidrs?: string[];

  /**
   * External pool for floating IPs on the exposed nodes: the load balancer, else the routers,
   * else the core.
   * @default - no floating IPs
   */
  readonly floatingIpPool?: string;

  /**
   * Wire the cluster together over ssh (`kato node setup core`, `kato node attach`, volumes).
   * Off gives bare VMs and volumes.
   * @default true
   */
  readonly provisioning?: boolean;

  /**
   * How provisioners log in. Required when provisioning: a key path or ssh-agent.
   * @default - none
   */
  readonly ssh?: SshSettings;

  /**
   * Stackato release of the image; staged droplet uploads are shared from 3.2 on.
   * @default "3.6.2"
   */
  readonly stackatoVersion?: string;
}

export type NodeKind = "core" | "controller" | "dea" | "router" | "data-services" | "load-balancer";

/** One node of the cluster. */
export interface ClusterNode {
  readonly kind: NodeKind;
  /**
   * Nova server name, e.g. "stackato-dea-2". Floating IPs (`server.publicIp`) are added at synth,
   * once the cluster knows which nodes are exposed; use `frontendAddress` before that.
   */
  readonly name: string;
  /** The roles given to `kato node attach -e` (for the core: the roles it keeps). */
  readonly roles: string[];
  readonly server: StackatoNode;
}

interface Member extends ClusterNode {
  readonly scope: Construct;
  /** 1 for the first node of its kind, 2 for the second, ... across addXxx() calls. */
  readonly ordinal: number;
  dataVolume?: DataServicesVolume;
  externalDatabases: Array<{ kind: "mysql" | "postgresql"; db: ExternalDatabase }>;
}

const KIND_SUFFIX: Record<NodeKind, string> = {
  core: "core",
  controller: "controller",
  dea: "dea",
  router: "router",
  "data-services": "data",
  "load-balancer": "lb",
};

/**
 * A Stackato cluster: the core node from the constructor, other roles from `addXxx()` calls,
 * and, at synth, the provisioning that turns the VMs into one cluster in the cluster guide's order.
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
  private readonly counters: Partial<Record<NodeKind, number>> = {};
  private readonly groupIds = new Map<string, number>();
  private readonly networkId: string;
  private readonly ssh?: SshAccess;
  private sharedDroplets?: SharedDropletVolume;
  private finalized = false;

  constructor(scope: Construct, id: string, private readonly props: StackatoClusterProps) {
    super(scope, id);
    this.clusterName = props.name ?? "stackato";
    this.domain = props.domain;
    this.securityGroups =
      props.securityGroups ?? new StackatoSecurityGroups(this, "SecurityGroups", { namePrefix: this.clusterName, sshSourceCidrs: props.sshSourceCidrs });
    this.networkId = new StackatoNetwork(this, "Network", props).networkId;
    if (props.provisioning ?? true) this.ssh = new SshAccess(this, "Ssh", props.ssh ?? {}, this.clusterName);

    this.core = this.addMembers("core", "core", { ...props.core, count: 1 }, [...CORE_ROLES, ...(props.core?.extraRoles ?? [])])[0].server;

    this.node.addValidation({ validate: () => this.validate() });
    // The layout is final only once every addXxx() call has run: floating IPs, provisioning and
    // outputs are built at synth, before validation.
    Aspects.of(this).add({ visit: (construct) => construct === this && this.finalize() });
  }

  /** Extra Cloud Controllers; more than one controller needs `addSharedDropletVolume()`. */
  addControllers(options: RoleOptions = {}): ClusterNode[] {
    return this.addMembers("controller", "addControllers", options, ["controller", ...(options.extraRoles ?? [])]);
  }

  /** DEA nodes, where applications run. */
  addDeas(options: RoleOptions = {}): ClusterNode[] {
    return this.addMembers("dea", "addDeas", options, ["dea", ...(options.extraRoles ?? [])]);
  }

  /** Extra routers; with routers and no load balancer, the routers are the exposed nodes. */
  addRouters(options: RoleOptions = {}): ClusterNode[] {
    return this.addMembers("router", "addRouters", options, ["router", ...(options.extraRoles ?? [])]);
  }

  /** Data-service nodes, each with its services volume unless `withVolume` is false. */
  addDataServices(options: DataServicesOptions = {}): ClusterNode[] {
    this.optionErrors.push(...(options.roles?.length === 0 ? ["addDataServices.roles: the list is empty; leave it out for the data-services group, or name the services"] : []));
    const roles = [...(options.roles ?? ["data-services"]), ...(options.extraRoles ?? [])];
    const added = this.addMembers("data-services", "addDataServices", options, roles);
    for (const [kind, db] of [["mysql", options.externalMysql], ["postgresql", options.externalPostgresql]] as const) {
      if (!db) continue;
      if (!Token.isUnresolved(db.password)) {
        this.optionErrors.push(
          `addDataServices.external${kind === "mysql" ? "Mysql" : "Postgresql"}.password: a literal password would be written into cdk.tf.json; pass a sensitive TerraformVariable's value (new TerraformVariable(this, "db_password", { type: "string", sensitive: true }).stringValue)`,
        );
      }
      for (const member of added) member.externalDatabases.push({ kind, db });
    }
    if (options.withVolume ?? true) {
      for (const member of added) {
        member.dataVolume = new DataServicesVolume(member.scope, "ServicesVolume", {
          ...options.volume,
          node: member.server,
          volumeName: member.ordinal === 1 ? `${this.clusterName}-data` : `${this.clusterName}-data-${member.ordinal}`,
        });
      }
    }
    return added;
  }

  /** A load balancer in front of the routers (cluster guide, "Load balancer"); it has no other roles. */
  addLoadBalancer(options: LoadBalancerOptions = {}): ClusterNode {
    if (this.members.some((m) => m.kind === "load-balancer")) {
      this.optionErrors.push("addLoadBalancer: the cluster already has a load balancer; call addLoadBalancer() once");
    }
    // It attaches with no roles; its extraRoles only exist to be refused by validation.
    return this.addMembers("load-balancer", "addLoadBalancer", { ...options, count: 1 }, [], { layoutRoles: options.extraRoles ?? [], isLoadBalancer: true })[0];
  }

  /** The droplets volume on the Primary, shared with every other Controller over sshfs. */
  addSharedDropletVolume(options: SharedDropletVolumeOptions = {}): SharedDropletVolume {
    this.refuseSecondDropletVolume();
    return new SharedDropletVolume(this, "SharedDroplets", { ...options, cluster: this });
  }

  /** Called by `SharedDropletVolume`'s constructor, so the Controllers mount it. */
  useSharedDropletVolume(volume: SharedDropletVolume): void {
    this.refuseSecondDropletVolume();
    this.sharedDroplets = volume;
  }

  private refuseSecondDropletVolume(): void {
    if (this.sharedDroplets) {
      throw new Error(`${this.node.path}: the cluster already has a droplets volume (${this.sharedDroplets.node.path}); a cluster has one`);
    }
  }

  /** Every node, the core first, in the order they were added. */
  get nodes(): ClusterNode[] {
    return [...this.members];
  }

  /** The nodes the internet reaches: the load balancer, else the routers, else the core. */
  get exposedNodes(): ClusterNode[] {
    const byKind = (kind: NodeKind) => this.members.filter((m) => m.kind === kind);
    const lb = byKind("load-balancer");
    if (lb.length > 0) return lb;
    const routers = byKind("router");
    return routers.length > 0 ? routers : byKind("core");
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
    special: { layoutRoles?: string[]; isLoadBalancer?: boolean } = {},
  ): Member[] {
    this.optionErrors.push(...roleOptionErrors(options, source));
    // A bad count is reported by validation; build nothing for it rather than throw here.
    const count = options.count === undefined ? 1 : Number.isInteger(options.count) && options.count >= 0 ? options.count : 0;
    this.layout.push({ source, count, roles: special.layoutRoles ?? roles, isLoadBalancer: special.isLoadBalancer });
    const group = new Construct(this, this.groupId(kind));
    const serverGroup = options.serverGroupPolicy
      ? new ComputeServergroupV2(group, "ServerGroup", { name: `${this.clusterName}-${group.node.id.toLowerCase()}`, policies: [options.serverGroupPolicy] })
      : undefined;
    const added: Member[] = [];
    for (let i = 1; i <= count; i++) {
      const n = (this.counters[kind] = (this.counters[kind] ?? 0) + 1);
      const name = kind === "core" || kind === "load-balancer" ? `${this.clusterName}-${KIND_SUFFIX[kind]}` : `${this.clusterName}-${KIND_SUFFIX[kind]}-${n}`;
      const scope = count === 1 && (kind === "core" || kind === "load-balancer") ? group : new Construct(group, `Node${i}`);
      // Assigned below; the port reads its groups lazily, once every node of the cluster is known.
      let member: Member | undefined;
      const server = new StackatoNode(scope, "Server", {
        flavorName: options.flavorName,
        flavorId: options.flavorId,
        validateFlavor: false,
        instanceName: name,
        image: this.props.image,
        networkId: this.networkId,
        keyName: this.props.keyName,
        availabilityZone: options.availabilityZone,
        serverGroupId: serverGroup?.id,
        securityGroupIds: Lazy.listValue({ produce: () => this.securityGroupIdsOf(member!) }),
        metadata: { stackato_cluster: this.clusterName, stackato_roles: roles.join(",") || kind },
        userData: nodeUserData(),
      });
      member = { kind, name, roles, scope, ordinal: n, externalDatabases: [], server };
      this.members.push(member);
      added.push(member);
    }
    return added;
  }

  /** Construct ids per addXxx() call: "Deas", then "Deas2" for a second call. */
  private groupId(kind: NodeKind): string {
    const base = { core: "Core", controller: "Controllers", dea: "Deas", router: "Routers", "data-services": "DataServices", "load-balancer": "LoadBalancer" }[kind];
    const seen = (this.groupIds.get(base) ?? 0) + 1;
    this.groupIds.set(base, seen);
    return seen === 1 ? base : `${base}${seen}`;
  }

  private securityGroupIdsOf(member: Member): string[] {
    const ids = [this.securityGroups.internalGroupId];
    if (this.exposedNodes.includes(member)) ids.push(this.securityGroups.externalGroupId);
    return ids;
  }

  private validate(): string[] {
    const errors = [...domainErrors(this.domain), ...this.optionErrors, ...roleLayoutErrors(this.layout)];
    errors.push(...SshAccess.errors(this.props.ssh, this.props.provisioning ?? true));
    const controllers = this.layout.filter((l) => l.roles.includes("controller")).reduce((sum, l) => sum + l.count, 0);
    if (controllers > 1 && !this.sharedDroplets) {
      errors.push(`controllers: ${controllers} controllers need a SharedDropletVolume to share droplets; call cluster.addSharedDropletVolume()`);
    }
    if (this.members.some((m) => m.kind === "load-balancer") && !this.members.some((m) => m.kind === "router")) {
      errors.push("addLoadBalancer: a load balancer spreads traffic over routers, and there are none; add them with addRouters()");
    }
    return errors;
  }

  private finalize(): void {
    if (this.finalized) return;
    this.finalized = true;
    if (this.props.floatingIpPool !== undefined) {
      for (const node of this.exposedNodes) node.server.addFloatingIp(this.props.floatingIpPool);
    }
    const bastion = this.exposedNodes.find((n) => n.server.floatingIp)?.server.publicIp;
    new ClusterOutputs(this, "Outputs", { cluster: this, bastionHost: this.props.ssh?.bastionHost ?? bastion, sshUser: this.ssh?.user ?? "stackato" });
    if (this.ssh) this.provision(this.ssh, bastion);
  }

  /** The cluster guide's order: core setup; shared droplets; attach (controllers after sshfs); volumes; load balancer. */
  private provision(ssh: SshAccess, bastion: string | undefined): void {
    const connectionTo = (node: StackatoNode) => ssh.connection(node.sshHost, node.floatingIp ? undefined : bastion);
    const coreMember = this.members[0];
    const coreSetup = new ProvisionStep(coreMember.scope, "Setup", {
      instanceId: this.core.instance.id,
      script: coreSetupScript({ domain: this.domain, extraRoles: this.props.core?.extraRoles ?? [] }),
      connection: connectionTo(this.core),
      dependsOn: [this.core.reachable],
    });
    const ctx: ProvisioningContext = { connectionTo, core: this.core, coreSetup, stackatoVersion: this.props.stackatoVersion ?? "3.6.2" };
    this.sharedDroplets?.provision(ctx);

    const routerAttaches: ProvisionStep[] = [];
    for (const member of this.members) {
      if (member.kind === "core" || member.kind === "load-balancer") continue;
      const after = [coreSetup.resource, member.server.reachable];
      if (member.roles.includes("controller") && this.sharedDroplets) {
        after.push(this.sharedDroplets.mountOn(ctx, member.server, `Sshfs-${member.name}`).resource);
      }
      const attach = new ProvisionStep(member.scope, "Attach", {
        instanceId: member.server.instance.id,
        // Routers serve the cluster's hostname, so they take it (and its certificate) before attaching,
        // as the cluster guide's load-balancer section does.
        script: attachScript({ coreIp: this.core.privateIp, roles: member.roles, renameTo: member.kind === "router" ? this.domain : undefined }),
        connection: connectionTo(member.server),
        dependsOn: after,
      });
      if (member.kind === "router") routerAttaches.push(attach);
      const relocated = member.dataVolume?.provision(ctx, attach.resource);
      for (const { kind, db } of member.externalDatabases) {
        new ProvisionStep(member.scope, kind === "mysql" ? "ExternalMysql" : "ExternalPostgresql", {
          instanceId: member.server.instance.id,
          script: externalDatabaseScript({
            kind,
            host: db.host,
            port: db.port ?? (kind === "mysql" ? 3306 : 5432),
            user: db.user ?? (kind === "mysql" ? "root" : "postgres"),
            password: db.password,
          }),
          connection: connectionTo(member.server),
          dependsOn: [attach.resource, ...(relocated ? [relocated.resource] : [])],
          secretParams: ["DB_PASS"],
        });
      }
    }
    for (const lb of this.members.filter((m) => m.kind === "load-balancer")) {
      new ProvisionStep(lb.scope, "Setup", {
        instanceId: lb.server.instance.id,
        script: loadBalancerScript({ coreIp: this.core.privateIp, domain: this.domain }),
        connection: connectionTo(lb.server),
        dependsOn: [coreSetup.resource, lb.server.reachable, ...routerAttaches.map((a) => a.resource)],
      });
    }
  }
}
