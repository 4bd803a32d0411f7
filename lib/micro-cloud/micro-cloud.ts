import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { FlavorProps } from "../compute/flavor";
import { IStackatoImage } from "../compute/image";
import { NetworkProps, StackatoNetwork } from "../network/network";
import { StackatoNode } from "../compute/node";
import { namedOutput } from "../private/outputs";
import { ProvisionStep } from "../provisioning/provision-step";
import { LICENSE_KEY_PARAM, licenseScript, microCloudSetupScript, nodeUserData } from "../provisioning/scripts";
import { SshAccess, SshSettings } from "../provisioning/ssh";
import { agentForwardingWarning, sshSettingsErrors } from "../provisioning/ssh-validation";
import { claimClusterName, warn } from "../private/stack-checks";
import { domainPrecondition, sshUserPreconditions } from "../private/domain-precondition";
import { dnsLabel, domainErrors, secretReferenceErrors } from "../base/validation";
import { StackatoSecurityGroups } from "../network/security-groups";

export interface StackatoMicroCloudProps extends FlavorProps, NetworkProps {
  /** The Stackato image to boot, e.g. a `StackatoImage`. */
  readonly image: IStackatoImage;

  /** Nova keypair name, e.g. `StackatoKeypair.keyName`. */
  readonly keyName: string;

  /**
   * Nova server name; also prefixes the outputs. A DNS label, unique among the stack's clusters and
   * micro clouds.
   * @default "microcloud", as in the `nova boot microcloud` of the Stackato OpenStack guide
   */
  readonly name?: string;

  /**
   * External network pool to take a floating IP from.
   * @default - no floating IP; the node is reached on its fixed IP
   */
  readonly floatingIpPool?: string;

  /**
   * An existing floating IP of the project, by address, instead of one from `floatingIpPool`. It is
   * looked up and associated, never allocated or released: destroying or replacing the micro cloud
   * leaves the address to the project, so DNS records that point at it stay right.
   * @default - a new floating IP from `floatingIpPool`, when that is given
   */
  readonly floatingIp?: string;

  /**
   * Security groups to use; the node joins the external group only.
   * @default - a new `stackato-ext` group (no internal group), with `sshSourceCidrs` applied
   */
  readonly securityGroups?: StackatoSecurityGroups;

  /**
   * Who may ssh in, when this construct creates the security group.
   * @default ["0.0.0.0/0"]
   */
  readonly sshSourceCidrs?: string[];

  /**
   * Rename the micro cloud to this DNS name over ssh (`kato role remove mdns`, then
   * `kato node rename <domain>`), so its API is `api.<domain>`. Needs `ssh`.
   * @default - no provisioning: the VM keeps its first-boot `stackato-xxxx.local` name
   */
  readonly domain?: string;

  /**
   * How the rename and license steps log in; required with `domain` or `licenseKey`. Its `user` is
   * also the ssh command's user.
   * @default - user "stackato" in the ssh command
   */
  readonly ssh?: SshSettings;

  /**
   * The Stackato license, set with `kato license set` (Stackato 3.4 and later; "microcloud or
   * cluster", kato reference) after the rename step, or on its own without `domain`. A reference to a
   * sensitive Terraform variable
   * (`new TerraformVariable(this, "stackato_license_key", { type: "string", sensitive: true }).stringValue`):
   * a literal is refused, because it would be written into cdk.tf.json. The key reaches the VM in a
   * 0700 file that the step reads and removes, and the step's triggers hold only its sha256.
   * @default - no license: Stackato runs under its free limits
   */
  readonly licenseKey?: string;
}

/** A single-node Stackato micro cloud: the "Booting a Stackato VM" section of the Stackato OpenStack guide. */
export class StackatoMicroCloud extends Construct {
  /** The micro cloud's one node, with every role; a cluster's `core` is its counterpart. */
  readonly core: StackatoNode;
  readonly securityGroups: StackatoSecurityGroups;
  /**
   * `https://api.<domain>`, as a cluster's; undefined without `domain` (the VM keeps the image's own name).
   */
  readonly apiEndpoint?: string;

  constructor(scope: Construct, id: string, props: StackatoMicroCloudProps) {
    super(scope, id);
    const name = props.name ?? "microcloud";
    this.node.addValidation({ validate: () => dnsLabel("name", props.name, 63, undefined, false) });
    claimClusterName(this, name);
    if (props.securityGroups && props.sshSourceCidrs) {
      this.node.addValidation({
        validate: () => [
          "sshSourceCidrs: only applies to the group this construct creates; set it on the StackatoSecurityGroups you passed",
        ],
      });
    }
    this.securityGroups =
      props.securityGroups ??
      new StackatoSecurityGroups(this, "SecurityGroups", {
        internalGroup: false,
        sshSourceCidrs: props.sshSourceCidrs,
      });
    const network = new StackatoNetwork(this, "Network", props);
    this.core = new StackatoNode(this, "Node", {
      ...props,
      instanceName: name,
      networkId: network.networkId,
      securityGroupIds: [this.securityGroups.externalGroupId],
      metadata: { stackato_roles: "micro" },
      // Key logins only: the image's password is the public default, and port 22 is open.
      userData: nodeUserData(),
    });

    this.apiEndpoint = props.domain === undefined ? undefined : `https://api.${props.domain}`;
    const user = props.ssh?.user ?? "stackato";
    const logsIn = props.domain !== undefined || props.licenseKey !== undefined;
    if (props.ssh !== undefined && !logsIn) {
      warn(
        this,
        "ssh: only the rename and license steps log in, and they run only with domain or licenseKey; set one, or drop ssh (its user still shapes the ssh_command output)",
      );
    }
    this.node.addValidation({
      validate: () => secretReferenceErrors("licenseKey", props.licenseKey, "stackato_license_key"),
    });
    if (logsIn) {
      this.node.addValidation({
        validate: () => [
          ...(props.domain !== undefined ? domainErrors(props.domain) : []),
          ...SshAccess.errors(true, props.ssh),
        ],
      });
      this.node.addValidation({
        validate: () => sshSettingsErrors(props.ssh, { nodeNames: [name], mayUseBastion: false }),
      });
      const agentWarning = agentForwardingWarning(props.ssh);
      if (agentWarning) warn(this, agentWarning);
      if (props.domain !== undefined) domainPrecondition(this.core.instance, props.domain, "domain");
      sshUserPreconditions(this.core.instance, props.ssh);
      const ssh = new SshAccess(this, "Ssh", props.ssh ?? {}, name);
      const connection = ssh.connection(this.core.sshHost, undefined, name);
      let previous: ITerraformDependable = this.core.reachable;
      if (props.domain !== undefined) {
        previous = new ProvisionStep(this, "Setup", {
          instanceId: this.core.instance.id,
          script: microCloudSetupScript({ domain: props.domain }),
          connection,
          dependsOn: [previous],
        }).resource;
        namedOutput(this, name, "api_endpoint", this.apiEndpoint!, "Stackato API endpoint of the micro cloud");
      }
      if (props.licenseKey !== undefined) {
        new ProvisionStep(this, "License", {
          instanceId: this.core.instance.id,
          script: licenseScript({ licenseKey: props.licenseKey }),
          // The key reaches the VM in a 0700 file and the triggers as its sha256 only.
          secretParams: [LICENSE_KEY_PARAM],
          connection,
          dependsOn: [previous],
        });
      }
    }
    namedOutput(this, name, "private_ip", this.core.privateIp, "Fixed IP of the micro cloud");
    if (this.core.publicIp) namedOutput(this, name, "public_ip", this.core.publicIp, "Floating IP of the micro cloud");
    namedOutput(this, name, "ssh_command", `ssh ${user}@${this.core.sshHost}`, "Log in to the micro cloud");
  }

  /**
   * The micro cloud's node.
   * @deprecated use `core`, the name a cluster uses for the same node
   */
  get server(): StackatoNode {
    return this.core;
  }

  get privateIp(): string {
    return this.core.privateIp;
  }

  get publicIp(): string | undefined {
    return this.core.publicIp;
  }

  get instanceId(): string {
    return this.core.instance.id;
  }
}
