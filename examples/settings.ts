import { LocalBackend, TerraformStack } from "cdktf";
import { StackatoKeypair, SshSettings } from "../lib";
import { OpenstackProvider } from "../lib/openstack";

/** Settings both examples share; each has a default, so synth needs no credentials and no files. */
export interface CommonSettings {
  /** Existing Glance image name. */
  readonly imageName: string;
  /** Existing Nova keypair; ignored when `publicKeyFile` is set. */
  readonly keyName: string;
  /** A public key to register as a new keypair instead. */
  readonly publicKeyFile?: string;
  readonly flavorName: string;
  readonly networkName: string;
  /** External network for floating IPs; empty for none. */
  readonly floatingIpPool?: string;
  readonly sshSourceCidrs: string[];
}

/** Reads the `STACKATO_*` variables the README lists; an empty variable counts as unset (its default applies). */
export function commonSettingsFromEnv(env: NodeJS.ProcessEnv): CommonSettings {
  return {
    imageName: env.STACKATO_IMAGE_NAME || "Stackato-3.6.2",
    keyName: env.STACKATO_KEYPAIR || "stackato-admin",
    publicKeyFile: env.STACKATO_PUBLIC_KEY_FILE || undefined,
    flavorName: env.STACKATO_FLAVOR || "m1.medium",
    networkName: env.STACKATO_NETWORK || "private",
    floatingIpPool: env.STACKATO_FLOATING_IP_POOL ?? "public",
    sshSourceCidrs: (env.STACKATO_SSH_CIDRS ?? "0.0.0.0/0").split(",").map((c) => c.trim()),
  };
}

/**
 * What every example stack starts with: the OpenStack provider (credentials from the OS_* variables
 * of `source openrc.sh`, never from code), the state backend, and the keypair.
 */
export function addStackBasics(stack: TerraformStack, id: string, settings: CommonSettings): StackatoKeypair {
  new OpenstackProvider(stack, "openstack", {});
  // State in the project folder (cdktf.out/stacks/<id>/../../..), as a relative path so the
  // synthesized JSON is the same on every machine; cdktf deletes a stack folder whose stack is gone.
  new LocalBackend(stack, { path: `../../../terraform.${id}.tfstate` });
  return new StackatoKeypair(
    stack,
    "Keypair",
    settings.publicKeyFile ? { publicKeyFile: settings.publicKeyFile } : { existingKeyName: settings.keyName },
  );
}

/** The default key file of the examples: one key for provisioning, read by Terraform at apply. */
export const DEFAULT_PRIVATE_KEY_FILE = "~/.ssh/id_rsa";

/**
 * Provisioning logs in with a key file (`STACKATO_SSH_PRIVATE_KEY`, default ~/.ssh/id_rsa), or
 * through ssh-agent only when `STACKATO_SSH_AGENT=true`. A key file is preferred: with ssh-agent,
 * Terraform forwards the agent to every node it connects to, so a spoofed or compromised node could
 * use every key the agent holds while the deploy runs.
 */
export function sshSettingsFor(privateKeyFile: string | undefined, useSshAgent = false): SshSettings {
  return useSshAgent ? { useSshAgent: true } : { privateKeyPath: privateKeyFile ?? DEFAULT_PRIVATE_KEY_FILE };
}
