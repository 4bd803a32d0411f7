import { Construct } from "constructs";
import { StackatoNode } from "../compute/node";
import { NodeVolume, VolumeOptions, volumeErrors } from "./node-volume";

export interface DataServicesVolumeProps extends VolumeOptions {
  /** The data-services node the volume is attached to. */
  readonly node: StackatoNode;
  /** Cinder name, e.g. `"<cluster>-data"`. */
  readonly volumeName: string;
  /** Where validation errors point. @default "addDataServices.volume" */
  readonly propPath?: string;
}

/**
 * The seed's data-services volume: the same attach-and-mount as the droplets volume (shared
 * code, `NodeVolume`); the cluster's provisioning mounts it and runs
 * `kato relocate services` into `servicesDirectory`.
 */
export class DataServicesVolume extends Construct {
  readonly storage: NodeVolume;
  /** The directory on the volume that holds the services' data after `kato relocate services`. */
  readonly servicesDirectory: string;

  constructor(scope: Construct, id: string, props: DataServicesVolumeProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => volumeErrors(props, props.propPath ?? "addDataServices.volume") });
    this.storage = new NodeVolume(this, "Storage", { ...props, label: "services" });
    this.servicesDirectory = `${this.storage.mountPoint}/stackato-services`;
  }

  get volumeId(): string {
    return this.storage.volume.id;
  }
}
