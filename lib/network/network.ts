import { Construct } from "constructs";
import { DataOpenstackNetworkingNetworkV2 } from "../../.gen/providers/openstack/data-openstack-networking-network-v2";
import { literalSafe } from "../base/terraform-text";

/** An existing Neutron network, by name or id. */
export interface NetworkProps {
  /**
   * Name of the tenant network the nodes join; looked up with a data source.
   * Give exactly one of `networkName` and `networkId`.
   * @default - none
   */
  readonly networkName?: string;

  /**
   * Id of the tenant network the nodes join; used as it is.
   * @default - none
   */
  readonly networkId?: string;
}

/** Resolves `NetworkProps` to a network id, looking the name up when needed. */
export class StackatoNetwork extends Construct {
  readonly networkId: string;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => networkErrors(props) });
    if (props.networkId !== undefined) {
      this.networkId = props.networkId;
    } else {
      this.networkId = new DataOpenstackNetworkingNetworkV2(this, "Lookup", {
        name: literalSafe(props.networkName ?? ""),
      }).id;
    }
  }
}

function networkErrors(props: NetworkProps): string[] {
  const given = (["networkName", "networkId"] as const).filter((k) => props[k] !== undefined);
  if (given.length !== 1) {
    return [
      `network: give exactly one of networkName or networkId for the existing tenant network (see \`openstack network list\`); ${given.length === 0 ? "none was given" : "got both"}`,
    ];
  }
  return given
    .filter((k) => props[k]!.trim() === "")
    .map((k) => `${k}: is empty; give the network's ${k === "networkName" ? "name" : "id"}`);
}
