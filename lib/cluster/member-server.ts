import { Construct } from "constructs";
import { ComputeServergroupV2 } from "../../.gen/providers/openstack/compute-servergroup-v2";
import { IStackatoImage } from "../compute/image";
import { StackatoNode } from "../compute/node";
import { nodeUserData } from "../provisioning/scripts";
import { RoleOptions, ServerGroupPolicy } from "./cluster-options";
import { NodeKind } from "./node-kind";

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
  securityGroupIds: string[],
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
    securityGroupIds,
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
