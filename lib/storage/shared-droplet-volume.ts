import { Construct } from "constructs";
import { BlockstorageVolumeV3 } from "../../.gen/providers/openstack/blockstorage-volume-v3";
import { StackatoNode } from "../compute/node";
import { newManagedNodeVolume, NodeVolume, VolumeOptions, volumeErrors } from "./node-volume";
import { claimUniqueName } from "../private/stack-checks";
import { nonBlanks } from "../base/validation";

/** Handed to the private constructor by the cluster's own builder only. */
const BUILT_BY_CLUSTER = Symbol("built by the cluster");
export interface SharedDropletVolumeOptions extends VolumeOptions {
  /**
   * Cinder name of the volume.
   * @default `"<cluster>-droplets"`
   */
  readonly volumeName?: string;

  /**
   * Local folder (on the machine that runs `cdktf deploy`) for the cluster-internal key that
   * Controllers use to reach the Primary over sshfs. Relative paths are relative to the stack's
   * Terraform directory, `cdktf.out/stacks/<stack>`.
   * @default `"../../../.stackato-keys/<cluster>"` - `.stackato-keys/<cluster>/` in the project folder, git-ignored
   */
  readonly keyDirectory?: string;
}

export interface SharedDropletVolumeProps extends SharedDropletVolumeOptions {
  /** The Primary (the cluster's core node), which holds the volume. */
  readonly primary: StackatoNode;
  /** The cluster's name: the volume's default name and the key folder derive from it. */
  readonly clusterName: string;
}

/** Where each Controller mounts the Primary's shared directory (the cluster guide's mount point). */
export const CONTROLLER_MOUNT_POINT = "/mnt/controller";

/**
 * The droplets volume of a multi-Controller cluster: a Cinder volume attached to the Primary,
 * formatted only when blank, mounted at /mnt/add-volume, with the droplets relocated to
 * `stackato-shared` on it, and that directory sshfs-mounted on every other Controller. The
 * cluster's provisioning does the mounting and relocating, so only
 * `cluster.addSharedDropletVolume()` creates one: `new SharedDropletVolume(...)` throws, naming that method.
 *
 * Why sshfs and not NFS: the OpenStack page offers both, but the Stackato VM ships sshfs and
 * no NFS server or client, the docs warn against NFS for the filesystem service, and sshfs needs
 * no extra port or daemon beyond the ssh the cluster already allows.
 *
 * Controllers authenticate with a cluster-internal key, never the operator's: it is generated at
 * deploy time by `local-exec` into `keyDirectory` (never at synth, so no key is in the JSON),
 * uploaded into the Controllers' ~/.ssh, and trusted on the Primary.
 */
export class SharedDropletVolume extends Construct {
  readonly storage: NodeVolume;
  /** The directory on the Primary that holds the droplets and that Controllers mount. */
  readonly sharedDirectory: string;
  /** Local folder of the cluster-internal key pair. */
  readonly keyDirectory: string;

  /**
   * Only the cluster builds one (`newSharedDropletVolume`): the constructor is private, so `new` does not compile in
   * TypeScript and the class is not initializable from other languages. JavaScript can still call
   * it; without the cluster's token it throws, naming the method to call.
   */
  private constructor(scope: Construct, id: string, props: SharedDropletVolumeProps, builder?: symbol) {
    if (builder !== BUILT_BY_CLUSTER) {
      throw new Error(
        `SharedDropletVolume ${scope.node.path}/${id}: made with \`new\` it would be a blank volume that nothing mounts, relocates or shares; call cluster.addSharedDropletVolume({ sizeGb, ... }) on the StackatoCluster instead, which builds it with its steps`,
      );
    }
    super(scope, id);
    this.node.addValidation({
      validate: () => [
        ...volumeErrors(props, "addSharedDropletVolume"),
        ...nonBlanks([
          [
            "clusterName",
            props.clusterName,
            "give the cluster's name: the volume and its key folder are named after it",
          ],
          [
            "addSharedDropletVolume.volumeName",
            props.volumeName,
            'give the Cinder name, or leave it out for "<cluster>-droplets"',
          ],
          [
            "addSharedDropletVolume.keyDirectory",
            props.keyDirectory,
            "give a local folder for the cluster key, or leave it out for .stackato-keys/<cluster>",
          ],
        ]),
      ],
    });
    // The Primary mounts one droplets volume at one place; a second would mount over the first.
    claimUniqueName(
      this,
      "droplets volume",
      props.primary.node.path,
      (others) =>
        `primary: ${props.primary.node.path} already holds the droplets volume ${others}; there is one per cluster, so call cluster.addSharedDropletVolume() once and share that one`,
    );
    this.keyDirectory = props.keyDirectory ?? `../../../.stackato-keys/${props.clusterName}`;
    // Two clusters with one key folder would overwrite each other's cluster key.
    claimUniqueName(
      this,
      "key directory",
      this.keyDirectory,
      (others) =>
        `addSharedDropletVolume.keyDirectory: "${this.keyDirectory}" is also the key folder of ${others}; give each cluster its own folder`,
    );
    this.storage = newManagedNodeVolume(this, "Storage", {
      ...props,
      node: props.primary,
      volumeName: props.volumeName ?? `${props.clusterName}-droplets`,
      label: "droplets",
    });
    this.sharedDirectory = `${this.storage.mountPoint}/stackato-shared`;
  }

  /** @internal */
  static _build(scope: Construct, id: string, props: SharedDropletVolumeProps): SharedDropletVolume {
    return new SharedDropletVolume(scope, id, props, BUILT_BY_CLUSTER);
  }

  /** The Cinder volume (for `moveFromId()` when the cluster moves, say). */
  get volume(): BlockstorageVolumeV3 {
    return this.storage.volume;
  }

  /** The Cinder volume's id. */
  get volumeId(): string {
    return this.storage.volume.id;
  }
}

/** The cluster's droplets volume (only the cluster may build one). */
export function newSharedDropletVolume(
  scope: Construct,
  id: string,
  props: SharedDropletVolumeProps,
): SharedDropletVolume {
  return SharedDropletVolume._build(scope, id, props);
}
