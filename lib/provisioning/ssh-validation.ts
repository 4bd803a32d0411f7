import { USER_NAME_PATTERN } from "../private/domain-precondition";
import { isIP } from "net";
import { Token } from "cdktf";
import { publicKeyError } from "../compute/public-key";
import { isHostname, nonBlanks } from "../base/validation";
import { SshSettings } from "./ssh";

/** What the settings are checked against: the nodes there are, and whether a jump host is used. */
export interface SshSettingsContext {
  /** Names of the nodes provisioning logs in to, for `hostKeys`. */
  readonly nodeNames: string[];
  /** Some node is reached through a bastion (given, or the cluster's own exposed node). */
  readonly mayUseBastion: boolean;
}

/** Go's time.ParseDuration syntax, which Terraform's connection `timeout` uses. */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/**
 * Checks of `SshSettings` beyond "how do we log in" (see `SshAccess.errors`): blank strings, a key's
 * text where its path belongs, and host keys.
 */
export function sshSettingsErrors(settings: SshSettings | undefined, context: SshSettingsContext): string[] {
  if (!settings) return [];
  const errors = nonBlanks([
    ["ssh.user", settings.user, 'an empty user makes Terraform log in as root; leave it out for "stackato"'],
    [
      "ssh.bastionHost",
      settings.bastionHost,
      "give the jump host's address, or leave it out to use the cluster's exposed node",
    ],
    ["ssh.bastionUser", settings.bastionUser, "give the user on the jump host, or leave it out to use ssh.user"],
  ]);
  // POSIX portable user names; anything else would be a typo, or worse, reach a shell.
  for (const [prop, user] of [
    ["ssh.user", settings.user],
    ["ssh.bastionUser", settings.bastionUser],
  ] as const) {
    if (
      user !== undefined &&
      !Token.isUnresolved(user) &&
      user.trim() !== "" &&
      !new RegExp(USER_NAME_PATTERN).test(user)
    ) {
      errors.push(`${prop}: "${user}" is not a user name; give the login user alone, such as "stackato"`);
    }
  }
  const bastion = settings.bastionHost;
  if (
    bastion !== undefined &&
    !Token.isUnresolved(bastion) &&
    bastion.trim() !== "" &&
    !isIP(bastion) &&
    !isHostname(bastion)
  ) {
    errors.push(
      `ssh.bastionHost: "${bastion}" is not a hostname or IP address; give the jump host alone, such as "203.0.113.5"`,
    );
  }
  const timeout = settings.timeout;
  if (timeout !== undefined && !Token.isUnresolved(timeout) && !GO_DURATION.test(timeout)) {
    errors.push(
      `ssh.timeout: "${timeout}" is not a duration; write one the way Terraform does, such as "15m" or "1h30m"`,
    );
  }
  const keyPath = settings.privateKeyPath;
  if (keyPath !== undefined && !Token.isUnresolved(keyPath)) {
    if (/PRIVATE KEY/.test(keyPath)) {
      errors.push(
        'ssh.privateKeyPath: this is the text of a private key, which would be written into cdk.tf.json; give the path of the key file instead, such as "~/.ssh/id_rsa"',
      );
    } else if (/[\r\n]/.test(keyPath)) {
      errors.push(
        'ssh.privateKeyPath: holds a line break, so it is not a file path; give the path of the key file, such as "~/.ssh/id_rsa"',
      );
    }
  }
  errors.push(...hostKeyErrors("ssh.hostKey", settings.hostKey));
  errors.push(...hostKeyErrors("ssh.bastionHostKey", settings.bastionHostKey));
  for (const [name, key] of Object.entries(settings.hostKeys ?? {})) {
    if (!context.nodeNames.includes(name)) {
      errors.push(
        `ssh.hostKeys: "${name}" is not a node of this cluster; use the Nova server names, which are ${context.nodeNames.join(", ")}`,
      );
    }
    errors.push(...hostKeyErrors(`ssh.hostKeys["${name}"]`, key));
  }
  if (settings.bastionHostKey !== undefined && settings.bastionHost === undefined && !context.mayUseBastion) {
    errors.push("ssh.bastionHostKey: there is no bastion host to check it against; drop it, or give bastionHost");
  }
  return errors;
}

function hostKeyErrors(prop: string, key: string | undefined): string[] {
  if (key === undefined || Token.isUnresolved(key)) return [];
  const error = publicKeyError(prop, key);
  if (!error) return [];
  // Keep what is wrong; the fix for a host key is another host key, not a new key pair.
  const what = error.slice(0, error.indexOf("; ") >= 0 ? error.indexOf("; ") : error.length);
  return [
    `${what}; give the node's host public key, such as the "ssh-rsa AAAA..." part of \`ssh-keyscan -t rsa <host>\``,
  ];
}

/** The warning for ssh-agent logins without pinned host keys, or undefined. */
export function agentForwardingWarning(settings: SshSettings | undefined): string | undefined {
  if (!settings?.useSshAgent || settings.hostKey !== undefined || settings.hostKeys !== undefined) return undefined;
  return "ssh.useSshAgent: Terraform forwards your ssh-agent to every node it provisions, so a spoofed or compromised node could use your keys while it runs; prefer privateKeyPath (a key for this cluster only), or pin the nodes' keys with ssh.hostKey or ssh.hostKeys";
}
