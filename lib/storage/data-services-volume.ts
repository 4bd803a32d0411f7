import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { StackatoNode } from "../compute/node";
import { NodeVolume, VolumeOptions, volumeErrors } from "./node-volume";
import { ProvisionStep } from "../provisioning/provision-step";
import { ProvisioningContext } from "../provisioning/provisioning-context";
import { relocateScript } from "../provisioning/scripts";

export interface DataServicesVolumeProps extends VolumeOptions {
  /** The data-services node the volume is attached to. */
  readonly node: StackatoNode;
  /** Cinder name, e.g. "<cluster>-data". */
  readonly volumeName: string;
  /** Where validation errors point. @default "addDataServices.volume" */
  readonly propPath?: string;
}

/**
 * The seed's data-services volume: the same attach-and-mount as the droplets volume (shared
 * code, `NodeVolume`), then `kato relocate services /mnt/add-volume/stackato-services`.
 */
export class DataServicesVolume extends Construct {
  readonly storage: NodeVolume;
  private readonly server: StackatoNode;

  constructor(scope: Construct, id: string, props: DataServicesVolumeProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => volumeErrors(props, props.propPath ?? "addDataServices.volume") });
    this.server = props.node;
    this.storage = new NodeVolume(this, "Storage", { ...props, label: "services" });
  }

  get volumeId(): string {
    return this.storage.volume.id;
  }

  /** Mount, then relocate the services after `attached` (the node's attach step). */
  provision(ctx: ProvisioningContext, attached: ITerraformDependable): ProvisionStep {
    const connection = ctx.connectionTo(this.server);
    const mount = this.storage.mount(connection, []);
    return new ProvisionStep(this, "RelocateServices", {
      instanceId: this.server.instance.id,
      script: relocateScript({ what: "services", target: `${this.storage.mountPoint}/stackato-services` }),
      connection,
      dependsOn: [mount.resource, attached],
    });
  }
}
