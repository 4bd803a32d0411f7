// The public API. Everything else under lib/ is internal and may change in any release.

// Network: rules and groups
export { Port, Protocol } from "./network/port";
export type { PortRange } from "./network/port";
export { EtherType, Peer } from "./network/peer";
export type { IPeer, RuleRemote } from "./network/peer";
export { StackatoSecurityGroup } from "./network/security-group";
export type { StackatoSecurityGroupProps, IStackatoSecurityGroup, RuleOptions } from "./network/security-group";
export { StackatoSecurityGroups } from "./network/security-groups";
export type { StackatoSecurityGroupsProps } from "./network/security-groups";
export { StackatoNetwork } from "./network/network";
export type { NetworkProps } from "./network/network";

// Compute: image, keypair, flavors, one node
export { DiskFormat, ImageVisibility, StackatoImage } from "./compute/image";
export type { IStackatoImage, StackatoImageProps } from "./compute/image";
export { StackatoKeypair } from "./compute/keypair";
export type { StackatoKeypairProps } from "./compute/keypair";
export type { FlavorProps } from "./compute/flavor";
export { StackatoNode } from "./compute/node";
export type { StackatoNodeProps } from "./compute/node";

// The micro cloud
export { StackatoMicroCloud } from "./micro-cloud/micro-cloud";
export type { StackatoMicroCloudProps } from "./micro-cloud/micro-cloud";

// Clusters
export { StackatoCluster } from "./cluster/cluster";
export type { ClusterNode, StackatoClusterProps } from "./cluster/cluster-props";
export { ServerGroupPolicy } from "./cluster/cluster-options";
export { Frontend, FrontendKind } from "./cluster/frontend";
export type {
  CoreOptions,
  DataServicesOptions,
  ExternalDatabase,
  LoadBalancerOptions,
  RoleOptions,
  RouterOptions,
} from "./cluster/cluster-options";
export { NodeKind } from "./base/node-kind";
export type { SshSettings } from "./provisioning/ssh";

// State: moving a renamed construct
export { ConstructMove } from "./state/construct-move";

// Storage
export { NodeVolume } from "./storage/node-volume";
export type { NodeVolumeProps, VolumeOptions } from "./storage/node-volume";
export { SharedDropletVolume } from "./storage/shared-droplet-volume";
export type { SharedDropletVolumeOptions } from "./storage/shared-droplet-volume";
export { DataServicesVolume } from "./storage/data-services-volume";

// The generated OpenStack bindings (L1), also importable as "cdktf-stackato-openstack/openstack".
export * as openstack from "./openstack";
