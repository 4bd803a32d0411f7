import { SSHProvisionerConnection, TerraformVariable } from "cdktf";
import { literalSafe } from "../base/terraform-text";
import { Construct } from "constructs";

/** How Terraform logs in to the nodes to provision them. */
export interface SshSettings {
  /**
   * Login user on the Stackato VM.
   * @default "stackato"
   */
  readonly user?: string;

  /**
   * Path of the private key on the machine that runs `cdktf deploy` (`~/` allowed). It becomes the
   * default of a Terraform variable `<cluster>_ssh_private_key_path` and is read with `file()` at
   * plan/apply time; the key itself never enters the synthesized JSON. Set the variable to "" (for
   * example `TF_VAR_<cluster>_ssh_private_key_path=` in a reviewer's CI) to fall back to ssh-agent.
   * Give this or `useSshAgent`.
   * @default - none
   */
  readonly privateKeyPath?: string;

  /**
   * Authenticate through ssh-agent (`SSH_AUTH_SOCK`) instead of a key file.
   * @default false
   */
  readonly useSshAgent?: boolean;

  /**
   * Jump host for nodes without a floating IP.
   * @default - the first exposed node with a floating IP, if any; otherwise nodes are reached
   * directly on their fixed IPs (run the deploy from inside the network or over a VPN)
   */
  readonly bastionHost?: string;

  /**
   * User on the bastion host.
   * @default - the same as `user`
   */
  readonly bastionUser?: string;

  /**
   * How long Terraform keeps retrying to connect; Stackato's first boot is slow.
   * @default "15m"
   */
  readonly timeout?: string;

  /**
   * The host public key (authorized_keys format, e.g. "ssh-rsa AAAA...") or the host CA key that
   * every node must present; Terraform refuses to connect to a node that shows another one.
   * Per-node keys in `hostKeys` take precedence.
   * @default - not checked: Terraform trusts the first key a node shows
   */
  readonly hostKey?: string;

  /**
   * Host public keys by node name (e.g. "stackato-core"), for re-provisioning nodes whose keys you
   * recorded (`ssh-keyscan`, or the console log of the first boot).
   * @default - `hostKey` for every node
   */
  readonly hostKeys?: Record<string, string>;

  /**
   * The bastion's host public key (or its host CA key).
   * @default - not checked
   */
  readonly bastionHostKey?: string;
}

/** Builds the ssh `connection` blocks of a cluster's provisioners from `SshSettings`. */
export class SshAccess extends Construct {
  readonly user: string;
  private readonly keyExpression: string;
  private readonly agentExpression: string;
  private readonly variableName: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly settings: SshSettings,
    variablePrefix: string,
  ) {
    super(scope, id);
    this.user = settings.user ?? "stackato";
    const variable = new TerraformVariable(this, "PrivateKeyPath", {
      type: "string",
      default: settings.privateKeyPath ?? "",
      description: "Private key for provisioning over ssh, read at plan/apply; empty means use ssh-agent",
    });
    const name = `${variablePrefix.replace(/[^A-Za-z0-9_]/g, "_")}_ssh_private_key_path`;
    variable.overrideLogicalId(name);
    this.variableName = name;
    // HCL evaluates both branches but reports only the chosen one's errors, so an empty path
    // never reaches file(): validate and plan work on machines that have no key.
    this.keyExpression = `\${var.${name} == "" ? null : file(pathexpand(var.${name}))}`;
    this.agentExpression = settings.useSshAgent ? "true" : `\${var.${name} == ""}`;
  }

  /** The connection for a node reachable at `host`, through `bastionHost` when given; `nodeName` picks its host key. */
  connection(host: string, bastionHost?: string, nodeName?: string): SSHProvisionerConnection {
    const bastion = this.settings.bastionHost ?? bastionHost;
    return {
      ...this.hostKeyFields(nodeName, bastion !== undefined),
      type: "ssh",
      host,
      user: this.user,
      privateKey: this.keyExpression,
      agent: this.agentExpression,
      timeout: this.settings.timeout ?? "15m",
      ...(bastion
        ? {
            bastionHost: bastion,
            bastionUser: this.settings.bastionUser ?? this.user,
            bastionPrivateKey: this.keyExpression,
          }
        : {}),
    };
  }

  /**
   * What a destroy-time connection needs, as values for a resource's own state (`terraform_data.input`):
   * destroy-time provisioners may only read `self`. The key's path is stored, never the key.
   */
  connectionInputs(host: string, bastionHost: string | undefined, nodeName: string): Record<string, string> {
    const keys = this.hostKeyFields(nodeName, true);
    return {
      host,
      user: literalSafe(this.user),
      key_path: `\${var.${this.variableName}}`,
      agent: this.settings.useSshAgent ? "true" : `\${tostring(var.${this.variableName} == "")}`,
      timeout: literalSafe(this.settings.timeout ?? "15m"),
      host_key: literalSafe(keys.hostKey ?? ""),
      bastion_host: this.settings.bastionHost ?? bastionHost ?? "",
      bastion_user: literalSafe(this.settings.bastionUser ?? this.user),
      bastion_host_key: literalSafe(this.settings.bastionHostKey ?? ""),
    };
  }

  /** The connection block that reads `connectionInputs` back from `self.input`. */
  static selfConnection(): Record<string, string> {
    const orNull = (field: string) => `\${self.input.${field} == "" ? null : self.input.${field}}`;
    const key = '${self.input.key_path == "" ? null : file(pathexpand(self.input.key_path))}';
    return {
      type: "ssh",
      host: "${self.input.host}",
      user: "${self.input.user}",
      private_key: key,
      agent: "${self.input.agent}",
      timeout: "${self.input.timeout}",
      host_key: orNull("host_key"),
      bastion_host: orNull("bastion_host"),
      bastion_user: "${self.input.bastion_user}",
      bastion_private_key: key,
      bastion_host_key: orNull("bastion_host_key"),
    };
  }

  /** `host_key` (and `bastion_host_key`) when pinned: Terraform then refuses a node showing another key. */
  private hostKeyFields(
    nodeName: string | undefined,
    withBastion: boolean,
  ): Pick<SSHProvisionerConnection, "hostKey" | "bastionHostKey"> {
    const hostKey = (nodeName !== undefined ? this.settings.hostKeys?.[nodeName] : undefined) ?? this.settings.hostKey;
    return {
      ...(hostKey !== undefined ? { hostKey } : {}),
      ...(withBastion && this.settings.bastionHostKey !== undefined
        ? { bastionHostKey: this.settings.bastionHostKey }
        : {}),
    };
  }

  /** Validation messages for the settings; `provisioning` says whether anything will log in. */
  static errors(provisioning: boolean, settings?: SshSettings): string[] {
    if (!provisioning) return [];
    if (!settings?.privateKeyPath && !settings?.useSshAgent) {
      return [
        "ssh.privateKeyPath: provisioning logs in to every node over ssh; give privateKeyPath (read with file() at apply, never at synth) or set useSshAgent: true, or turn provisioning off with provisioning: false",
      ];
    }
    if (settings.privateKeyPath !== undefined && /\.pub$/.test(settings.privateKeyPath)) {
      return [
        `ssh.privateKeyPath: "${settings.privateKeyPath}" is a public key; give the private key's path (without .pub)`,
      ];
    }
    return [];
  }
}
