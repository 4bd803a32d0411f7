import { localShellWord } from "../../base/shell-words";
import { stepBody } from "./step-body";
import { ShellScript } from "./shell";

/**
 * Path of the cluster-internal private key on Controllers. The file provisioner writes it straight
 * into ~/.ssh (mode 700), never into /tmp, where it would be readable by others until moved.
 */
export const CLUSTER_KEY_PATH = "/home/stackato/.ssh/stackato_cluster_key";
export const CLUSTER_PUBLIC_KEY_UPLOAD = "/tmp/stackato_cluster_key.pub";

/** Ends the authorized_keys line of the cluster key, so a new key replaces the old one. */
export const CLUSTER_KEY_TAG = "stackato-terraform:cluster-key";

/**
 * On the Primary: trust the cluster-internal key with sftp-server as its forced command. That stops
 * a shell or a command over ssh, but not SFTP writes anywhere `stackato` may write, including
 * ~/.ssh/authorized_keys: a Controller's key is in effect full `stackato` access to the Primary
 * (and root through the passwordless sudo), and the README says so. The line carries a tag, so a
 * regenerated key replaces the previous one instead of joining it.
 */
export function authorizeClusterKeyScript(): ShellScript {
  return new ShellScript(
    "authorize-cluster-key",
    [
      ["UPLOADED", CLUSTER_PUBLIC_KEY_UPLOAD],
      ["TAG", CLUSTER_KEY_TAG],
    ],
    stepBody("authorize-cluster-key.sh"),
  );
}

/** File names of the cluster key pair in the local key directory. */
export const CLUSTER_KEY_FILE = "id_rsa";

/**
 * Local command (run by `local-exec` at deploy time, never at synth) that creates the cluster's
 * internal key pair once. RSA in PEM form, because the Stackato VMs run OpenSSH 5.9, which reads
 * neither ed25519 keys nor the newer OpenSSH private key format.
 */
export function clusterKeygenCommand(keyDirectory: string, comment: string): string {
  // A Terraform template: the folder and comment may be references, which reach the shell as their values.
  const dir = localShellWord(keyDirectory);
  return [
    "set -eu",
    `mkdir -p ${dir}`,
    `chmod 700 ${dir}`,
    `if [ ! -f ${dir}/${CLUSTER_KEY_FILE} ]; then ssh-keygen -q -t rsa -b 4096 -m PEM -N '' -C ${localShellWord(comment)} -f ${dir}/${CLUSTER_KEY_FILE}; fi`,
  ].join("\n");
}
