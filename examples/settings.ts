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

/** Reads the `STACKATO_*` variables the README lists. */
export function commonSettingsFromEnv(env: NodeJS.ProcessEnv): CommonSettings {
  return {
    imageName: env.STACKATO_IMAGE_NAME ?? "Stackato-3.6.2",
    keyName: env.STACKATO_KEYPAIR ?? "stackato-admin",
    publicKeyFile: env.STACKATO_PUBLIC_KEY_FILE || undefined,
    flavorName: env.STACKATO_FLAVOR ?? "m1.medium",
    networkName: env.STACKATO_NETWORK ?? "private",
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

/** Provisioning logs in with the given private key, or through ssh-agent without one. */
export function sshSettingsFor(privateKeyFile: string | undefined): SshSettings {
  return privateKeyFile ? { privateKeyPath: privateKeyFile } : { useSshAgent: true };
}
