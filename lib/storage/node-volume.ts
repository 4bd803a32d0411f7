import { Construct } from "constructs";
import { BlockstorageVolumeV3 } from "../../.gen/providers/openstack/blockstorage-volume-v3";
import { ComputeVolumeAttachV2 } from "../../.gen/providers/openstack/compute-volume-attach-v2";
import { StackatoNode } from "../compute/node";
import { VOLUME_MOUNT_POINT } from "../provisioning/scripts/volume-scripts";
import { nonBlank, textNotReference } from "../base/validation";
import { buildInternally, builtInternally } from "../private/volume-owners";
import { literalSafe, literalSafeOptional } from "../base/terraform-text";

/** Options every Stackato data volume shares. */
export interface VolumeOptions {
  /**
   * Size in GB.
   * @default 10, as in the `nova volume-create ... 10` of the Stackato OpenStack guide
   */
  readonly sizeGb?: number;

  /**
   * Cinder volume type.
   * @default - the cloud's default type
   */
  readonly volumeType?: string;

  /**
   * Refuse `terraform destroy` of the volume (`lifecycle.prevent_destroy`). Turn it off only for
   * throwaway clusters: destroying the volume deletes the data on it.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

export const DEFAULT_VOLUME_SIZE_GB = 10;

export function volumeErrors(options: VolumeOptions, where: string): string[] {
  const typeErrors = nonBlank(
    `${where}.volumeType`,
    options.volumeType,
    "give a type from `openstack volume type list`, or leave it out for the default",
  );
  const size = options.sizeGb;
  if (size === undefined) return typeErrors;
  if (!Number.isInteger(size) || size < 1) {
    return [
      ...typeErrors,
      `${where}.sizeGb: ${size} GB is not a volume size; Cinder sizes are whole GB, at least 1 (default ${DEFAULT_VOLUME_SIZE_GB})`,
    ];
  }
  return typeErrors;
}

/** ext4 labels hold at most 16 bytes (e2fsprogs 1.42, mke2fs -L); the scripts find the volume by it. */
const EXT4_LABEL = /^[A-Za-z0-9_-]{1,16}$/;

function nodeVolumeErrors(props: NodeVolumeProps): string[] {
  const errors = nonBlank("volumeName", props.volumeName, "give the Cinder volume a name");
  const labelRefused = textNotReference(
    "label",
    props.label,
    "the label",
    "synth checks it against what mke2fs 1.42 takes",
    "give the label itself (at most 16 letters, digits, hyphens or underscores)",
  );
  const mountRefused = textNotReference(
    "mountPoint",
    props.mountPoint,
    "the mount point",
    "synth checks it and the cluster's steps compare mount points",
    'give the path itself, such as "/mnt/data"',
  );
  errors.push(...labelRefused, ...mountRefused);
  if (labelRefused.length === 0 && !EXT4_LABEL.test(props.label)) {
    errors.push(
      `label: "${props.label}" is not an ext4 label the scripts can use; give at most 16 letters, digits, hyphens or underscores`,
    );
  }
  const mountPoint = props.mountPoint;
  if (mountRefused.length === 0 && mountPoint !== undefined && (!mountPoint.startsWith("/") || /\s/.test(mountPoint))) {
    errors.push(
      `mountPoint: "${mountPoint}" is not an absolute path without spaces; give one such as "/${mountPoint.replace(/^\/+/, "").trim() || "mnt/data"}"`,
    );
  }
  return errors;
}

export interface NodeVolumeProps extends VolumeOptions {
  readonly node: StackatoNode;
  /** Cinder display name. */
  readonly volumeName: string;
  /** ext4 label given when the volume is formatted (at most 16 characters). */
  readonly label: string;
  /**
   * Where the volume is mounted on the node.
   * @default "/mnt/add-volume", as in the Stackato OpenStack guide
   */
  readonly mountPoint?: string;
}

/**
 * A Cinder volume attached to one node and mounted there: the part the droplets volume and the
 * data-services volume share, and a volume of your own on a cluster node (logs, say):
 *
 * ```ts
 * new NodeVolume(this, "Logs", { node: cluster.core, volumeName: "paas-logs", label: "logs", mountPoint: "/mnt/logs" });
 * ```
 *
 * Made with `new` on a node of a `StackatoCluster`, it registers with the cluster, which adds its
 * mount step (formatted only when blank, mounted by label, in fstab) on that node. On a node no cluster
 * provisions (a micro cloud's, a `StackatoNode` of your own) nothing could mount it, so synth refuses it.
 * The attachment sets no `device`: Nova ignores it on KVM, and a mismatch makes Terraform re-attach on
 * every apply.
 */
export class NodeVolume extends Construct {
  readonly volume: BlockstorageVolumeV3;
  readonly attachment: ComputeVolumeAttachV2;
  readonly mountPoint: string;
  /** ext4 label given when the volume is formatted. */
  readonly label: string;

  constructor(scope: Construct, id: string, props: NodeVolumeProps) {
    super(scope, id);
    const ownVolume = !builtInternally();
    this.node.addValidation({ validate: () => nodeVolumeErrors(props) });
    this.mountPoint = props.mountPoint ?? VOLUME_MOUNT_POINT;
    this.label = props.label;
    this.volume = new BlockstorageVolumeV3(this, "Volume", {
      name: literalSafe(props.volumeName),
      size: props.sizeGb ?? DEFAULT_VOLUME_SIZE_GB,
      volumeType: literalSafeOptional(props.volumeType),
      description: literalSafe(`Stackato ${props.label}, mounted at ${this.mountPoint}`),
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.attachment = new ComputeVolumeAttachV2(this, "Attachment", {
      instanceId: props.node.instance.id,
      volumeId: this.volume.id,
    });
    if (!ownVolume) return;
    const mounter = volumeMounterOf(props.node);
    if (mounter) {
      mounter(this);
    } else {
      this.node.addValidation({
        validate: () => [
          `node: ${props.node.node.path} is not a node of a StackatoCluster, so nothing would format or mount this volume; put it on a cluster node (cluster.core, or a node that addXxx() returned), or attach a volume you mount yourself with the openstack.blockstorageVolumeV3 and openstack.computeVolumeAttachV2 classes`,
        ],
      });
    }
  }
}

/**
 * Who sets up a volume made with `new NodeVolume(...)` on a node: the node's cluster registers a
 * mounter for each of its servers, which adds the volume's mount step (or, with provisioning off,
 * a warning that nothing mounts it). A node no cluster provisions has none, and synth refuses the volume.
 */
const mounters = new WeakMap<StackatoNode, (volume: NodeVolume) => void>();

export function registerVolumeMounter(node: StackatoNode, mount: (volume: NodeVolume) => void): void {
  mounters.set(node, mount);
}

function volumeMounterOf(node: StackatoNode): ((volume: NodeVolume) => void) | undefined {
  return mounters.get(node);
}

/** A NodeVolume for one of the library's own volumes, whose steps the cluster sets up itself. */
export function newManagedNodeVolume(scope: Construct, id: string, props: NodeVolumeProps): NodeVolume {
  return buildInternally(() => new NodeVolume(scope, id, props));
}
