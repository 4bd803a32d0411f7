import { Construct } from "constructs";
import { BlockstorageVolumeV3 } from "../../.gen/providers/openstack/blockstorage-volume-v3";
import { StackatoNode } from "../compute/node";
import { newManagedNodeVolume, NodeVolume, VolumeOptions, volumeErrors } from "./node-volume";
import { buildInternally, builtInternally } from "../private/volume-owners";

export interface DataServicesVolumeProps extends VolumeOptions {
  /** The data-services node the volume is attached to. */
  readonly node: StackatoNode;
  /** Cinder name, e.g. `"<cluster>-data"`. */
  readonly volumeName: string;
  /** Where validation errors point. @default "addDataServices.volume" */
  readonly propPath?: string;
}

/**
 * The data-services volume of the Stackato OpenStack guide: the same attach-and-mount as the droplets volume (shared
 * code, `NodeVolume`); the cluster's provisioning mounts it and runs
 * `kato relocate services` into `servicesDirectory`. Only `cluster.addDataServices({ volume })`
 * creates one: `new DataServicesVolume(...)` throws, naming that method. Each node that
 * addDataServices() returns has it as `dataVolume`.
 */
export class DataServicesVolume extends Construct {
  readonly storage: NodeVolume;
  /** The directory on the volume that holds the services' data after `kato relocate services`. */
  readonly servicesDirectory: string;

  constructor(scope: Construct, id: string, props: DataServicesVolumeProps) {
    if (!builtInternally()) {
      throw new Error(
        `DataServicesVolume ${scope.node.path}/${id}: made with \`new\` it would be a blank volume that nothing mounts or relocates the services to; call cluster.addDataServices({ volume: { sizeGb, ... } }) on the StackatoCluster instead, which gives each data-services node its volume and steps`,
      );
    }
    super(scope, id);
    this.node.addValidation({ validate: () => volumeErrors(props, props.propPath ?? "addDataServices.volume") });
    this.storage = newManagedNodeVolume(this, "Storage", { ...props, label: "services" });
    this.servicesDirectory = `${this.storage.mountPoint}/stackato-services`;
  }

  /** The Cinder volume (for `moveFromId()` when the cluster moves, say). */
  get volume(): BlockstorageVolumeV3 {
    return this.storage.volume;
  }

  get volumeId(): string {
    return this.storage.volume.id;
  }
}

/** A data-services node's volume (only the cluster may build one). */
export function newDataServicesVolume(
  scope: Construct,
  id: string,
  props: DataServicesVolumeProps,
): DataServicesVolume {
  return buildInternally(() => new DataServicesVolume(scope, id, props));
}
