import { PRELUDE } from "./prelude";
import { ShellScript, shellQuote } from "./shell";

/**
 * Path of the cluster-internal private key on Controllers. The file provisioner writes it straight
 * into ~/.ssh (mode 700), never into /tmp, where it would be readable by others until moved.
 */
export const CLUSTER_KEY_PATH = "/home/stackato/.ssh/stackato_cluster_key";
export const CLUSTER_PUBLIC_KEY_UPLOAD = "/tmp/stackato_cluster_key.pub";

/**
 * On the Primary: trust the cluster-internal key for SFTP only (the forced command), so a
 * Controller's key can serve sshfs and nothing else.
 */
export function authorizeClusterKeyScript(): ShellScript {
  return new ShellScript("authorize-cluster-key", [["UPLOADED", CLUSTER_PUBLIC_KEY_UPLOAD]], String.raw`
${PRELUDE}
[ -s "$UPLOADED" ] || fail "$UPLOADED is missing; the file provisioner uploads it first"
mkdir -p "$HOME/.ssh"
chmod 700 "$HOME/.ssh"
line="command=\"/usr/lib/openssh/sftp-server\",no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-pty $(cat "$UPLOADED")"
touch "$HOME/.ssh/authorized_keys"
chmod 600 "$HOME/.ssh/authorized_keys"
if ! grep -qxF "$line" "$HOME/.ssh/authorized_keys"; then
  echo "$line" >> "$HOME/.ssh/authorized_keys"
fi
rm -f "$UPLOADED"
`.trim());
}

/** File names of the cluster key pair in the local key directory. */
export const CLUSTER_KEY_FILE = "id_rsa";

/**
 * Local command (run by `local-exec` at deploy time, never at synth) that creates the cluster's
 * internal key pair once. RSA in PEM form, because the Stackato VMs run OpenSSH 5.9, which reads
 * neither ed25519 keys nor the newer OpenSSH private key format.
 */
export function clusterKeygenCommand(keyDirectory: string, comment: string): string {
  const dir = shellQuote(keyDirectory);
  return [
    "set -eu",
    `mkdir -p ${dir}`,
    `chmod 700 ${dir}`,
    `if [ ! -f ${dir}/${CLUSTER_KEY_FILE} ]; then ssh-keygen -q -t rsa -b 4096 -m PEM -N '' -C ${shellQuote(comment)} -f ${dir}/${CLUSTER_KEY_FILE}; fi`,
  ].join("\n");
}
