import { Construct } from "constructs";
import { FlavorProps } from "../compute/flavor";
import { IStackatoImage } from "../compute/image";
import { NetworkProps, StackatoNetwork } from "../network/network";
import { StackatoNode } from "../compute/node";
import { namedOutput } from "../private/outputs";
import { ProvisionStep } from "../provisioning/provision-step";
import { microCloudSetupScript, nodeUserData } from "../provisioning/scripts";
import { SshAccess, SshSettings } from "../provisioning/ssh";
import { agentForwardingWarning, sshSettingsErrors } from "../provisioning/ssh-validation";
import { claimClusterName, warn } from "../private/stack-checks";
import { domainPrecondition, sshUserPreconditions } from "../private/domain-precondition";
import { dnsLabel, domainErrors } from "../base/validation";
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
   * How the rename step logs in; required with `domain`. Its `user` is also the ssh command's user.
   * @default - user "stackato" in the ssh command
   */
  readonly ssh?: SshSettings;
}

/** A single-node Stackato micro cloud: the "Booting a Stackato VM" section of the Stackato OpenStack guide. */
export class StackatoMicroCloud extends Construct {
  readonly server: StackatoNode;
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
    this.server = new StackatoNode(this, "Node", {
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
    if (props.ssh !== undefined && props.domain === undefined) {
      warn(
        this,
        "ssh: only the rename step logs in, and it runs only with domain; set domain, or drop ssh (its user still shapes the ssh_command output)",
      );
    }
    if (props.domain !== undefined) {
      this.node.addValidation({
        validate: () => [...domainErrors(props.domain!), ...SshAccess.errors(true, props.ssh)],
      });
      this.node.addValidation({
        validate: () => sshSettingsErrors(props.ssh, { nodeNames: [name], mayUseBastion: false }),
      });
      const agentWarning = agentForwardingWarning(props.ssh);
      if (agentWarning) warn(this, agentWarning);
      domainPrecondition(this.server.instance, props.domain, "domain");
      sshUserPreconditions(this.server.instance, props.ssh);
      const ssh = new SshAccess(this, "Ssh", props.ssh ?? {}, name);
      new ProvisionStep(this, "Setup", {
        instanceId: this.server.instance.id,
        script: microCloudSetupScript({ domain: props.domain }),
        connection: ssh.connection(this.server.sshHost, undefined, name),
        dependsOn: [this.server.reachable],
      });
      namedOutput(this, name, "api_endpoint", this.apiEndpoint!, "Stackato API endpoint of the micro cloud");
    }
    namedOutput(this, name, "private_ip", this.server.privateIp, "Fixed IP of the micro cloud");
    if (this.server.publicIp)
      namedOutput(this, name, "public_ip", this.server.publicIp, "Floating IP of the micro cloud");
    namedOutput(this, name, "ssh_command", `ssh ${user}@${this.server.sshHost}`, "Log in to the micro cloud");
  }

  get privateIp(): string {
    return this.server.privateIp;
  }

  get publicIp(): string | undefined {
    return this.server.publicIp;
  }

  get instanceId(): string {
    return this.server.instance.id;
  }
}
