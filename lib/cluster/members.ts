import { Construct } from "constructs";
import { ExternalDatabase, RoleOptions, ServerGroupPolicy } from "./cluster-options";
import { ComputeServergroupV2 } from "../../.gen/providers/openstack/compute-servergroup-v2";
import { ClusterNode } from "./cluster-props";
import { NodeKind } from "../base/node-kind";
import { IStackatoImage } from "../compute/image";
import { StackatoNode, StackatoNodeProps } from "../compute/node";
import { nodeUserData } from "../provisioning/scripts";
import { DataServicesVolume } from "../storage/data-services-volume";

/** A node as the cluster keeps it: the public `ClusterNode` plus what provisioning needs. */
export interface Member extends ClusterNode {
  /** The construct that holds the node's server and its own steps. */
  readonly scope: Construct;
  /** 1 for the first node of its addXxx() call, 2 for the second, ... */
  readonly ordinal: number;
  /** Names of its addXxx() call. */
  readonly group: NodeGroupNaming;
  dataVolume?: DataServicesVolume;
  readonly externalMysql?: ExternalDatabase;
  readonly externalPostgresql?: ExternalDatabase;
  /** An existing floating IP given for the node, and the prop that gave it. */
  readonly reservedFloatingIp?: { readonly address: string; readonly prop: string };
  /** The node is part of the front door: it has the external group and the floating IP. */
  readonly exposed: boolean;
}

const NAME_SUFFIX: Record<NodeKind, string> = {
  [NodeKind.CORE]: "core",
  [NodeKind.CONTROLLER]: "controller",
  [NodeKind.DEA]: "dea",
  [NodeKind.ROUTER]: "router",
  [NodeKind.DATA_SERVICES]: "data",
  [NodeKind.LOAD_BALANCER]: "lb",
};

const GROUP_ID: Record<NodeKind, string> = {
  [NodeKind.CORE]: "Core",
  [NodeKind.CONTROLLER]: "Controllers",
  [NodeKind.DEA]: "Deas",
  [NodeKind.ROUTER]: "Routers",
  [NodeKind.DATA_SERVICES]: "DataServices",
  [NodeKind.LOAD_BALANCER]: "LoadBalancer",
};

/** One addXxx() call's names: its construct id and the stem of its nodes' Nova names. */
export interface NodeGroupNaming {
  /** Construct id of the call's group: "Deas", then "Deas2" for a second call. */
  readonly id: string;
  /** Middle of its nodes' names: "dea" for the first call of a kind, "dea2" for the second, ... */
  readonly stem: string;
}

/**
 * Server names and construct ids of a cluster's nodes; both are part of the public API. Numbers run
 * per addXxx() call, so growing or shrinking one call never renames the nodes of another: the first
 * call of a kind names its nodes `<cluster>-dea-1`, `-dea-2`, ... (the names clusters made before
 * per-call naming already have), the second call `<cluster>-dea2-1`, ..., which cannot collide.
 */
export class NodeNaming {
  private readonly groups = new Map<NodeKind, number>();

  constructor(private readonly clusterName: string) {}

  /** The next addXxx() call of `kind`. */
  nextGroup(kind: NodeKind): NodeGroupNaming {
    const seen = (this.groups.get(kind) ?? 0) + 1;
    this.groups.set(kind, seen);
    const suffix = seen === 1 ? "" : String(seen);
    return { id: `${GROUP_ID[kind]}${suffix}`, stem: `${NAME_SUFFIX[kind]}${suffix}` };
  }

  /** Nova name of node `ordinal` (1, 2, ...) of a call, e.g. "stackato-dea-3"; the core and the load balancer have one. */
  nodeName(kind: NodeKind, group: NodeGroupNaming, ordinal: number): string {
    const single = kind === NodeKind.CORE || kind === NodeKind.LOAD_BALANCER;
    return single ? `${this.clusterName}-${group.stem}` : `${this.clusterName}-${group.stem}-${ordinal}`;
  }

  /** Name of a data-services node's volume: `<cluster>-data`, `-data-2`, ... for the first call, else the node's name. */
  servicesVolumeName(group: NodeGroupNaming, ordinal: number): string {
    if (group.stem !== NAME_SUFFIX[NodeKind.DATA_SERVICES]) return `${this.clusterName}-${group.stem}-${ordinal}`;
    return ordinal === 1 ? `${this.clusterName}-data` : `${this.clusterName}-data-${ordinal}`;
  }
}

/** The first front-door node's floating IP: the jump host for nodes without one. */
export function bastionOf(members: readonly Member[]): string | undefined {
  return members.find((m) => m.exposed && m.server.hasFloatingIp)?.server.publicIp;
}

/** What every server of one cluster shares. */
export interface ClusterServerDefaults {
  readonly clusterName: string;
  readonly image: IStackatoImage;
  readonly networkId: string;
  readonly keyName: string;
}

/** The server of one cluster node, tagged with its cluster and roles so operators can find it in Nova. */
export function newClusterServer(
  scope: Construct,
  node: { readonly kind: NodeKind; readonly name: string; readonly roles: string[] },
  options: RoleOptions,
  defaults: ClusterServerDefaults,
  serverGroupId: string | undefined,
  exposure: Pick<StackatoNodeProps, "securityGroupIds" | "floatingIp" | "floatingIpPool">,
): StackatoNode {
  return new StackatoNode(scope, "Server", {
    flavorName: options.flavorName,
    flavorId: options.flavorId,
    validateFlavor: false,
    instanceName: node.name,
    image: defaults.image,
    networkId: defaults.networkId,
    keyName: defaults.keyName,
    availabilityZone: options.availabilityZone,
    serverGroupId,
    ...exposure,
    metadata: { stackato_cluster: defaults.clusterName, stackato_roles: node.roles.join(",") || node.kind },
    userData: nodeUserData(),
  });
}

/** The Nova server group of one addXxx() call's nodes, when it has a policy: its id, one token for all of them. */
export function newServerGroup(group: Construct, clusterName: string, policy?: ServerGroupPolicy): string | undefined {
  if (!policy) return undefined;
  return new ComputeServergroupV2(group, "ServerGroup", {
    name: `${clusterName}-${group.node.id.toLowerCase()}`,
    policies: [policy],
  }).id;
}
