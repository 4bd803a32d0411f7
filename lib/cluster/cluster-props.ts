import { DataServicesVolume } from "../storage/data-services-volume";
import { StackatoNode } from "../compute/node";
import { IStackatoImage } from "../compute/image";
import { NetworkProps } from "../network/network";
import { StackatoSecurityGroups } from "../network/security-groups";
import { SshSettings } from "../provisioning/ssh";
import { CoreOptions } from "./cluster-options";
import { Frontend } from "./frontend";
import { NodeKind } from "../base/node-kind";

export interface StackatoClusterProps extends NetworkProps {
  /**
   * The cluster's DNS name. The core is renamed to it and set up with `api.<domain>`; point
   * `<domain>` and `*.<domain>` at the front node (see the `dns_records` output).
   */
  readonly domain: string;

  /** The Stackato image every node boots. */
  readonly image: IStackatoImage;

  /** Nova keypair injected into every node, e.g. `StackatoKeypair.keyName`. */
  readonly keyName: string;

  /**
   * Prefix of server, volume and security group names, and of outputs.
   * @default "stackato" - nodes stackato-core, stackato-dea-1, ...; groups stackato-ext and stackato-int
   */
  readonly name?: string;

  /**
   * The core node (primary, controller, router).
   * @default - flavor m1.medium, no extra roles
   */
  readonly core?: CoreOptions;

  /**
   * Security groups to use.
   * @default - new `<name>-ext` and `<name>-int` groups, with `sshSourceCidrs`
   */
  readonly securityGroups?: StackatoSecurityGroups;

  /**
   * Who may ssh to the exposed nodes, when this construct creates the groups.
   * @default ["0.0.0.0/0"]
   */
  readonly sshSourceCidrs?: string[];

  /**
   * The cluster's front door: the nodes that take the floating IPs and the external security group,
   * and through which every other node is reached over ssh. `Frontend.routers()` and
   * `Frontend.loadBalancer()` build those nodes right after the core; `addRouters()` adds routers to
   * either (with the core as the front door, routers are refused).
   * @default Frontend.core()
   */
  readonly frontend?: Frontend;

  /**
   * External pool for floating IPs on the front door's nodes (`frontend`).
   * @default - no floating IPs
   */
  readonly floatingIpPool?: string;

  /**
   * Wire the cluster together over ssh (`kato node setup core`, `kato node attach`, volumes).
   * Off gives bare VMs and volumes.
   * @default true
   */
  readonly provisioning?: boolean;

  /**
   * How provisioners log in. Required when provisioning: a key path or ssh-agent.
   * @default - none
   */
  readonly ssh?: SshSettings;

  /**
   * Stackato release of the image; staged droplet uploads are shared from 3.2 on.
   * @default "3.6.2"
   */
  readonly stackatoVersion?: string;

  /**
   * The Stackato license, set on the core with `kato license set` right after its setup, before any
   * other node attaches ("add the license key before building cluster", cluster guide); Stackato 3.4
   * and later. A reference to a sensitive Terraform variable
   * (`new TerraformVariable(this, "stackato_license_key", { type: "string", sensitive: true }).stringValue`):
   * a literal is refused, because it would be written into cdk.tf.json. The key reaches the core in a
   * 0700 file that the step reads and removes, and the step's triggers hold only its sha256, so a new
   * key sets the license again.
   * @default - no license: Stackato runs under its free limits
   */
  readonly licenseKey?: string;

  /**
   * Which certificate generation the core, routers and load balancer serve. Add 1 to rotate the
   * certificate through `cdktf deploy`: a self-signed one (made by the first deploy) is made anew; your
   * own (the files you put in the key folder's `ssl/`) is uploaded again from that folder. Either way
   * the core, every router and the load balancer install it and restart what serves it. Setting it
   * the first time re-runs those steps once.
   * @default 0 - the certificate made (or found) by the first deploy; it changes only with the domain
   */
  readonly certificateGeneration?: number;
}

/** One node of the cluster. */
export interface ClusterNode {
  readonly kind: NodeKind;
  /**
   * Nova server name, e.g. "stackato-dea-2". Only the front door's nodes (`frontend`) have a
   * floating IP (`server.publicIp`); use the cluster's `frontendAddress` for DNS records.
   */
  readonly name: string;
  /** The roles given to `kato node attach -e` (for the core: the roles it keeps). */
  readonly roles: string[];
  readonly server: StackatoNode;
  /**
   * A data-services node's own volume (`addDataServices()` without `withVolume: false`): its
   * `volume.moveFromId()` keeps the data when a construct id changes.
   * @default - none: only data-services nodes have one
   */
  readonly dataVolume?: DataServicesVolume;
}
