import { Fn, ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { ComputeInstanceV2 } from "../../.gen/providers/openstack/compute-instance-v2";
import { DataOpenstackNetworkingFloatingipV2 } from "../../.gen/providers/openstack/data-openstack-networking-floatingip-v2";
import { NetworkingFloatingipAssociateV2 } from "../../.gen/providers/openstack/networking-floatingip-associate-v2";
import { NetworkingFloatingipV2 } from "../../.gen/providers/openstack/networking-floatingip-v2";
import { NetworkingPortV2 } from "../../.gen/providers/openstack/networking-port-v2";
import { resolvedOnce } from "../private/resolved-once";
import { FlavorProps, flavorErrors, flavorFields } from "./flavor";
import { IStackatoImage } from "./image";
import { floatingIpAddressErrors, nonBlanks } from "../base/validation";
import { literalSafe, literalSafeOptional } from "../base/terraform-text";

export interface StackatoNodeProps extends FlavorProps {
  /** Nova server name. */
  readonly instanceName: string;
  readonly image: IStackatoImage;
  readonly networkId: string;
  /** Nova keypair name (pass the keypair's token so Terraform orders the two). */
  readonly keyName: string;
  /**
   * Security groups, by id. They go on the Neutron port, not the instance: the provider applies
   * instance-level groups by name only and ignores them on create when a port is given.
   */
  readonly securityGroupIds: string[];

  /**
   * Allocate a floating IP from this external pool and associate it with the node's port.
   * @default - no floating IP
   */
  readonly floatingIpPool?: string;

  /**
   * An existing floating IP of the project, by address, to associate with the node's port instead of
   * allocating one: it is looked up (a plan fails when the project has no such address) and only
   * associated, so destroying or replacing the node leaves the address allocated to the project, and
   * DNS records that point at it stay right.
   * @default - none: a new one from `floatingIpPool`, when that is given
   */
  readonly floatingIp?: string;

  /**
   * Nova server group id, for anti-affinity.
   * @default - none
   */
  readonly serverGroupId?: string;

  /**
   * Availability zone.
   * @default - the cloud's default
   */
  readonly availabilityZone?: string;

  /**
   * Instance metadata, e.g. the node's Stackato roles.
   * @default - none
   */
  readonly metadata?: Record<string, string>;

  /**
   * Cloud-init user data.
   * @default - none
   */
  readonly userData?: string;

  /**
   * Check the flavor, key name, zone and pool here. A cluster turns it off and checks each
   * addXxx() call once instead.
   * @default true
   */
  readonly validateFlavor?: boolean;
}

/**
 * One Stackato VM: a Neutron port carrying its security groups, the Nova instance on that port,
 * and optionally a floating IP associated with the port.
 */
export class StackatoNode extends Construct {
  readonly port: NetworkingPortV2;
  readonly instance: ComputeInstanceV2;
  private _floatingIp?: NetworkingFloatingipV2;
  private _floatingIpAssociation?: NetworkingFloatingipAssociateV2;
  private _reservedFloatingIp?: DataOpenstackNetworkingFloatingipV2;
  private readonly instanceName: string;
  private readonly privateIpToken: string;
  private instanceIdToken?: string;
  private publicIpToken?: string;
  private readonly callErrors: string[] = [];

  constructor(scope: Construct, id: string, props: StackatoNodeProps) {
    super(scope, id);
    if (props.validateFlavor ?? true)
      this.node.addValidation({ validate: () => [...flavorErrors(props), ...nodePropsErrors(props)] });
    this.node.addValidation({ validate: () => this.callErrors });

    this.instanceName = props.instanceName;
    this.port = new NetworkingPortV2(this, "Port", {
      name: `${props.instanceName}-port`,
      networkId: props.networkId,
      adminStateUp: true,
      securityGroupIds: props.securityGroupIds,
    });
    this.instance = new ComputeInstanceV2(this, "Instance", {
      name: props.instanceName,
      imageId: props.image.imageId,
      ...flavorFields(props),
      keyPair: literalSafe(props.keyName),
      availabilityZone: literalSafeOptional(props.availabilityZone),
      metadata: props.metadata,
      userData: props.userData,
      network: [{ port: this.port.id }],
      schedulerHints: props.serverGroupId ? [{ group: props.serverGroupId }] : undefined,
    });
    // One token per node, made here: clusters read this IP at synth (outputs, ssh hosts), where the
    // stack trace cdktf records for a new token is deepest and slowest to capture.
    this.privateIpToken = resolvedOnce(Token.asString(Fn.element(this.port.allFixedIps, 0)));
    if (props.floatingIp !== undefined) this.useReservedFloatingIp(props.floatingIp);
    else if (props.floatingIpPool !== undefined) this.addFloatingIp(props.floatingIpPool);
  }

  /**
   * Associates an existing floating IP, found by `address`, with the node's port. Terraform never
   * allocates or releases it: destroying the node only dissociates it.
   */
  useReservedFloatingIp(address: string): void {
    if (this.hasFloatingIp) {
      this.callErrors.push(
        `useReservedFloatingIp: ${this.node.path} already has a floating IP; give a node one floating IP, reserved or from a pool`,
      );
      return;
    }
    this.callErrors.push(...floatingIpAddressErrors("floatingIp", address));
    this._reservedFloatingIp = new DataOpenstackNetworkingFloatingipV2(this, "ReservedFloatingIp", { address });
    this._floatingIpAssociation = new NetworkingFloatingipAssociateV2(this, "FloatingIpAssociation", {
      floatingIp: this._reservedFloatingIp.address,
      portId: this.port.id,
    });
    // The address itself, not the lookup's attribute: it is known at synth, for outputs and DNS records.
    this.publicIpToken = address;
  }

  /** Allocates a floating IP from `pool` and associates it with the node's port. */
  addFloatingIp(pool: string): NetworkingFloatingipV2 {
    if (this._reservedFloatingIp) {
      throw new Error(
        `addFloatingIp: ${this.node.path} already has the reserved floating IP ${this.publicIpToken}; give a node one floating IP, reserved or from a pool`,
      );
    }
    if (this._floatingIp) {
      // A configuration mistake, reported at synth with the others (see README, "Bad input").
      this.callErrors.push(`addFloatingIp: ${this.node.path} already has a floating IP; call addFloatingIp() once`);
      return this._floatingIp;
    }
    this._floatingIp = new NetworkingFloatingipV2(this, "FloatingIp", {
      pool: literalSafe(pool),
      description: `${this.instanceName} public address`,
    });
    this._floatingIpAssociation = new NetworkingFloatingipAssociateV2(this, "FloatingIpAssociation", {
      floatingIp: this._floatingIp.address,
      portId: this.port.id,
    });
    this.publicIpToken = this._floatingIp.address;
    return this._floatingIp;
  }

  /** The floating IP allocated from a pool; undefined for none, or for a reserved one. */
  get floatingIp(): NetworkingFloatingipV2 | undefined {
    return this._floatingIp;
  }

  /** The lookup of the reserved floating IP (`floatingIp` prop or `useReservedFloatingIp()`), when the node takes one. */
  get reservedFloatingIp(): DataOpenstackNetworkingFloatingipV2 | undefined {
    return this._reservedFloatingIp;
  }

  /** Whether the node has a floating IP, from a pool or reserved. */
  get hasFloatingIp(): boolean {
    return this._floatingIpAssociation !== undefined;
  }

  get floatingIpAssociation(): NetworkingFloatingipAssociateV2 | undefined {
    return this._floatingIpAssociation;
  }

  /** The instance's id, one token however often it is read (steps and memberships trigger on it). */
  get instanceId(): string {
    return (this.instanceIdToken ??= this.instance.id);
  }

  /** Fixed IP on the tenant network. */
  get privateIp(): string {
    return this.privateIpToken;
  }

  /** Floating IP, when the node has one. */
  get publicIp(): string | undefined {
    return this.publicIpToken;
  }

  /** The address to ssh to: the floating IP when there is one, else the fixed IP. */
  get sshHost(): string {
    return this.publicIpToken ?? this.privateIp;
  }

  /**
   * What an ssh provisioner must wait for: the floating IP association when there is one (a
   * provisioner that only waits for the instance races the association and never connects).
   */
  get reachable(): ITerraformDependable {
    return this._floatingIpAssociation ?? this.instance;
  }
}

function nodePropsErrors(props: StackatoNodeProps): string[] {
  return nonBlanks([
    ["instanceName", props.instanceName, 'give the Nova server name, such as "stackato-core"'],
    ["image.imageId", props.image.imageId, "pass a StackatoImage, or an object whose imageId is a Glance image id"],
    [
      "keyName",
      props.keyName,
      "give the Nova keypair's name, such as StackatoKeypair.keyName; without a key the node cannot be reached",
    ],
    [
      "availabilityZone",
      props.availabilityZone,
      "give a zone from `openstack availability zone list`, or leave it out",
    ],
    ["floatingIpPool", props.floatingIpPool, "give the external network's name, or leave it out for no floating IP"],
  ]).concat(
    props.floatingIp !== undefined && props.floatingIpPool !== undefined
      ? [
          `floatingIp: the node takes the reserved address ${props.floatingIp}, so floatingIpPool would be unused; give one of the two`,
        ]
      : [],
  );
}
