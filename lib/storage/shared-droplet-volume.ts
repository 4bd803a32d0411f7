import { Resource as NullResource } from "@cdktf/provider-null/lib/resource";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { StackatoCluster } from "../cluster/cluster";
import { StackatoNode } from "../compute/node";
import { NodeVolume, VolumeOptions, volumeErrors } from "./node-volume";
import { ensureNullProvider } from "../private/null-provider";
import { ProvisionStep } from "../provisioning/provision-step";
import { ProvisioningContext, versionAtLeast } from "../provisioning/provisioning-context";
import {
  CLUSTER_KEY_FILE,
  CLUSTER_KEY_PATH,
  CLUSTER_PUBLIC_KEY_UPLOAD,
  authorizeClusterKeyScript,
  clusterKeygenCommand,
  controllerSharedDropletsScript,
  relocateScript,
  shareStagedUploadsScript,
} from "../provisioning/scripts";

export interface SharedDropletVolumeOptions extends VolumeOptions {
  /**
   * Cinder name of the volume.
   * @default "<cluster>-droplets"
   */
  readonly volumeName?: string;

  /**
   * Local folder (on the machine that runs `cdktf deploy`) for the cluster-internal key that
   * Controllers use to reach the Primary over sshfs. Relative paths are relative to the stack's
   * Terraform directory, cdktf.out/stacks/<stack>.
   * @default "../../../.stackato-keys/<cluster>" - `.stackato-keys/<cluster>/` in the project folder, git-ignored
   */
  readonly keyDirectory?: string;
}

export interface SharedDropletVolumeProps extends SharedDropletVolumeOptions {
  /** The cluster whose Primary (core) holds the volume and whose Controllers mount it. */
  readonly cluster: StackatoCluster;
}

/** Where each Controller mounts the Primary's shared directory (the cluster guide's mount point). */
export const CONTROLLER_MOUNT_POINT = "/mnt/controller";

/**
 * The droplets volume of a multi-Controller cluster: a Cinder volume attached to the Primary,
 * formatted only when blank, mounted at /mnt/add-volume, with the droplets relocated to
 * `stackato-shared` on it, and that directory sshfs-mounted on every other Controller.
 *
 * Why sshfs and not NFS: the OpenStack page offers both, but the Stackato VM ships sshfs and
 * no NFS server or client, the docs warn against NFS for the filesystem service, and sshfs needs
 * no extra port or daemon beyond the ssh the cluster already allows.
 *
 * Controllers authenticate with a cluster-internal key, never the operator's: it is generated at
 * deploy time by `local-exec` into `keyDirectory` (never at synth, so no key is in the JSON),
 * uploaded into the Controllers' ~/.ssh, and trusted on the Primary for SFTP only.
 *
 * Create it with `cluster.addSharedDropletVolume()`, or `new SharedDropletVolume(scope, id, { cluster })`.
 */
export class SharedDropletVolume extends Construct {
  readonly storage: NodeVolume;
  /** The directory on the Primary that holds the droplets and that Controllers mount. */
  readonly sharedDirectory: string;
  private readonly keyDirectory: string;
  private readonly clusterName: string;
  /** What every Controller's sshfs step waits for; filled by `provision`. */
  private readyForControllers: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: SharedDropletVolumeProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => volumeErrors(props, "addSharedDropletVolume") });
    this.clusterName = props.cluster.clusterName;
    this.keyDirectory = props.keyDirectory ?? `../../../.stackato-keys/${this.clusterName}`;
    this.storage = new NodeVolume(this, "Storage", {
      ...props,
      node: props.cluster.core,
      volumeName: props.volumeName ?? `${this.clusterName}-droplets`,
      label: "droplets",
    });
    this.sharedDirectory = `${this.storage.mountPoint}/stackato-shared`;
    props.cluster.useSharedDropletVolume(this);
  }

  /** The Cinder volume's id. */
  get volumeId(): string {
    return this.storage.volume.id;
  }

  /** Mount, relocate the droplets, share staged uploads, and trust the cluster key on the Primary. */
  provision(ctx: ProvisioningContext): void {
    const connection = ctx.connectionTo(ctx.core);
    const mount = this.storage.mount(connection, [ctx.coreSetup.resource]);
    const relocate = new ProvisionStep(this, "RelocateDroplets", {
      instanceId: ctx.core.instance.id,
      script: relocateScript({ what: "droplets", target: this.sharedDirectory }),
      connection,
      dependsOn: [ctx.coreSetup.resource, mount.resource],
    });
    const sharedReady = [relocate.resource];
    // Staged droplet uploads became a second shared path in Stackato 3.2.
    if (versionAtLeast(ctx.stackatoVersion, "3.2")) {
      sharedReady.push(
        new ProvisionStep(this, "ShareStagedUploads", {
          instanceId: ctx.core.instance.id,
          script: shareStagedUploadsScript({ sharedDir: this.sharedDirectory }),
          connection,
          dependsOn: [relocate.resource],
        }).resource,
      );
    }

    ensureNullProvider(this);
    const keygen = new NullResource(this, "ClusterKey", {
      triggers: { key_directory: this.keyDirectory },
      provisioners: [{ type: "local-exec", command: clusterKeygenCommand(this.keyDirectory, `stackato-cluster-${this.clusterName}`) }],
    });
    const authorize = new ProvisionStep(this, "AuthorizeClusterKey", {
      instanceId: ctx.core.instance.id,
      script: authorizeClusterKeyScript(),
      connection,
      dependsOn: [keygen, ctx.core.reachable],
      uploads: [{ source: `${this.keyDirectory}/${CLUSTER_KEY_FILE}.pub`, destination: CLUSTER_PUBLIC_KEY_UPLOAD }],
    });
    this.readyForControllers = [...sharedReady, keygen, authorize.resource];
  }

  /** The step that sshfs-mounts the shared directory on `controller`; call after `provision`. */
  mountOn(ctx: ProvisioningContext, controller: StackatoNode, id: string): ProvisionStep {
    return new ProvisionStep(this, id, {
      instanceId: controller.instance.id,
      script: controllerSharedDropletsScript({
        primaryIp: ctx.core.privateIp,
        remoteDir: this.sharedDirectory,
        mountPoint: CONTROLLER_MOUNT_POINT,
        shareStagedUploads: versionAtLeast(ctx.stackatoVersion, "3.2"),
      }),
      connection: ctx.connectionTo(controller),
      dependsOn: [...this.readyForControllers, controller.reachable],
      uploads: [{ source: `${this.keyDirectory}/${CLUSTER_KEY_FILE}`, destination: CLUSTER_KEY_PATH }],
    });
  }
}
