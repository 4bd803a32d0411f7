import { Construct } from "constructs";
import { ExternalDatabase } from "./cluster-options";
import { ClusterNode } from "./cluster-props";
import { NodeKind } from "./node-kind";
import { DataServicesVolume } from "../storage/data-services-volume";

/** A node as the cluster keeps it: the public `ClusterNode` plus what provisioning needs. */
export interface Member extends ClusterNode {
  /** The construct that holds the node's server and its own steps. */
  readonly scope: Construct;
  /** 1 for the first node of its kind, 2 for the second, ... across addXxx() calls. */
  readonly ordinal: number;
  dataVolume?: DataServicesVolume;
  readonly externalMysql?: ExternalDatabase;
  readonly externalPostgresql?: ExternalDatabase;
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

/** Server names and construct ids of a cluster's nodes; both are part of the public API. */
export class NodeNaming {
  private readonly perKind = new Map<NodeKind, number>();
  private readonly groups = new Map<string, number>();

  constructor(private readonly clusterName: string) {}

  /** Construct id of one addXxx() call's group: "Deas", then "Deas2" for a second call. */
  nextGroupId(kind: NodeKind): string {
    const base = GROUP_ID[kind];
    const seen = (this.groups.get(base) ?? 0) + 1;
    this.groups.set(base, seen);
    return seen === 1 ? base : `${base}${seen}`;
  }

  /** The next node's ordinal and Nova name, e.g. 3 and "stackato-dea-3". */
  nextNode(kind: NodeKind): { ordinal: number; name: string } {
    const ordinal = (this.perKind.get(kind) ?? 0) + 1;
    this.perKind.set(kind, ordinal);
    const single = kind === NodeKind.CORE || kind === NodeKind.LOAD_BALANCER;
    return {
      ordinal,
      name: single ? `${this.clusterName}-${NAME_SUFFIX[kind]}` : `${this.clusterName}-${NAME_SUFFIX[kind]}-${ordinal}`,
    };
  }
}

/** The nodes the internet reaches: the load balancer, else the routers, else the core. */
export function exposedMembers<T extends ClusterNode>(members: readonly T[]): T[] {
  for (const kind of [NodeKind.LOAD_BALANCER, NodeKind.ROUTER]) {
    const found = members.filter((m) => m.kind === kind);
    if (found.length > 0) return found;
  }
  return members.filter((m) => m.kind === NodeKind.CORE);
}
