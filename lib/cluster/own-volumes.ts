import { Fn } from "cdktf";
import { Construct } from "constructs";
import { dependencyToken } from "../provisioning/dependency";
import { ProvisionStep } from "../provisioning/provision-step";
import { mountVolumeScript } from "../provisioning/scripts";
import { warn } from "../private/stack-checks";
import { NodeVolume, registerVolumeMounter } from "../storage/node-volume";
import { MemberConnections } from "./member-connections";
import { Member } from "./members";

/** Lets `new NodeVolume(...)` on `member`'s server register with the cluster, which mounts it. */
export function registerOwnVolumes(
  cluster: Construct,
  member: Member,
  connections: MemberConnections | undefined,
): void {
  registerVolumeMounter(member.server, (volume) => mountOwnVolume(cluster, member, volume, connections));
}

/**
 * A `new NodeVolume(...)` of the user's on one of a cluster's nodes: its mount step (the same
 * script as the cluster's own volumes: formatted only when blank, found by its volume id, in fstab),
 * after the volume is attached and the node reachable; or, with provisioning off, a warning.
 */
export function mountOwnVolume(
  cluster: Construct,
  member: Member,
  volume: NodeVolume,
  connections: MemberConnections | undefined,
): void {
  if (!connections) {
    warn(
      volume,
      `node: ${member.name} is in ${cluster.node.path}, whose provisioning is off, so nothing formats or mounts this volume; mount it yourself, or leave provisioning on`,
    );
    return;
  }
  const step = new ProvisionStep(volume, "Mount", {
    instanceId: member.server.instance.id,
    connection: connections.to(member),
    dependsOn: [],
    script: mountVolumeScript({
      deviceSerial: Fn.substr(volume.volume.id, 0, 20),
      mountPoint: volume.mountPoint,
      label: volume.label,
    }),
  });
  // Our own depends_on tokens, as the cluster's steps use (cdktf's record a stack trace each).
  step.resource.dependsOn = [dependencyToken(volume.attachment), dependencyToken(member.server.reachable)];
}
