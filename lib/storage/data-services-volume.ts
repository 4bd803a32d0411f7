import { Construct } from "constructs";
import { BlockstorageVolumeV3 } from "../../.gen/providers/openstack/blockstorage-volume-v3";
import { StackatoNode } from "../compute/node";
import { newManagedNodeVolume, NodeVolume, VolumeOptions, volumeErrors } from "./node-volume";

/** Handed to the private constructor by the cluster's own builder only. */
const BUILT_BY_CLUSTER = Symbol("built by the cluster");
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

  /**
   * Only the cluster builds one (`newDataServicesVolume`): the constructor is private, so `new` does not compile in
   * TypeScript and the class is not initializable from other languages. JavaScript can still call
   * it; without the cluster's token it throws, naming the method to call.
   */
  private constructor(scope: Construct, id: string, props: DataServicesVolumeProps, builder?: symbol) {
    if (builder !== BUILT_BY_CLUSTER) {
      throw new Error(
        `DataServicesVolume ${scope.node.path}/${id}: made with \`new\` it would be a blank volume that nothing mounts or relocates the services to; call cluster.addDataServices({ volume: { sizeGb, ... } }) on the StackatoCluster instead, which gives each data-services node its volume and steps`,
      );
    }
    super(scope, id);
    this.node.addValidation({ validate: () => volumeErrors(props, props.propPath ?? "addDataServices.volume") });
    this.storage = newManagedNodeVolume(this, "Storage", { ...props, label: "services" });
    this.servicesDirectory = `${this.storage.mountPoint}/stackato-services`;
  }

  /** @internal */
  static _build(scope: Construct, id: string, props: DataServicesVolumeProps): DataServicesVolume {
    return new DataServicesVolume(scope, id, props, BUILT_BY_CLUSTER);
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
  return DataServicesVolume._build(scope, id, props);
}
