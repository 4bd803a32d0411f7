import { CLUSTER_KEY_PATH } from "./cluster-key";
import { PRELUDE } from "./prelude";
import { ShellScript } from "./shell";
import { RELOCATABLE_DIRS } from "./volume-scripts";

/** Cloud Controller paths that every controller must share (cluster guide, "Multiple Controllers"). */
export const DROPLETS_DIR = RELOCATABLE_DIRS.droplets;
export const STAGED_UPLOADS_DIR = "/var/stackato/data/cloud_controller_ng/tmp/staged_droplet_uploads";

/**
 * Where the two shared stores live inside the shared directory. The cluster guide links staged
 * droplet uploads to a subdirectory of the share; HPE's cluster tool links both stores to the share
 * itself. We follow the guide, and put the droplets in a subdirectory as well: a Controller's links
 * then point into directories that exist only on the Primary's volume, so while sshfs is not
 * mounted a write fails loudly instead of landing on the local disk under the mount point.
 */
export const SHARED_DROPLETS_SUBDIR = "droplets";
export const SHARED_STAGED_SUBDIR = "staged_droplet_uploads";

/** The sshfs options the docs and HPE's cluster tool use; `delay_connect` lets fstab mount at boot. */
export const SSHFS_OPTIONS = ["idmap=user", "reconnect", "allow_other", "delay_connect", "ServerAliveInterval=15"];

/**
 * On the Primary, after the droplets are relocated: since Stackato 3.2 staged droplet uploads
 * must be shared too, so they move into a subdirectory of the shared directory.
 */
export function shareStagedUploadsScript(p: { sharedDir: string }): ShellScript {
  return new ShellScript(
    "share-staged-uploads",
    [
      ["TARGET", `${p.sharedDir}/${SHARED_STAGED_SUBDIR}`],
      ["STAGED_DIR", STAGED_UPLOADS_DIR],
    ],
    String.raw`
${PRELUDE}
require_sudo
wait_for_kato
if [ "$(readlink "$STAGED_DIR" || true)" != "$TARGET" ]; then
  stop_kato controller
  link_to_shared "$STAGED_DIR" "$TARGET"
  sudo chown stackato:stackato "$TARGET"
  start_stopped_kato
fi
`.trim(),
  );
}

/**
 * On a Controller: sshfs-mount the Primary's shared directory, persist it in fstab, and point
 * the droplet store (and, from 3.2, staged uploads) into it.
 *
 * Why the cluster guide's way (mount at /mnt/controller, then symlink) rather than the OpenStack
 * page's sshfs straight onto /home/stackato/stackato/data: a mount over the data directory hides
 * what the Controller already had there, while moving it aside and copying it in keeps it; one
 * mount then serves both shared paths; and the controller role is stopped during the switch (and
 * started again however the step ends). `cp -n` never overwrites what the Primary already stored.
 *
 * - Host key: OpenSSH before 6.4 makes `ssh-keygen -F` exit 0 even when the host is not in the file
 *   (ssh-keygen.c, do_known_hosts() ends in exit(0) in 5.9), so its output is tested, not its status.
 * - fstab: `_netdev,nobootwait`, no `nofail`. On 12.04 mountall reads the line and knows
 *   nobootwait, Ubuntu's mount drops it, and fuse 2.8's mount.fuse drops `_netdev` and hands every
 *   other option to sshfs, which rejects `nofail` (and `defaults`).
 */
export function controllerSharedDropletsScript(p: {
  primaryIp: string;
  remoteDir: string;
  mountPoint: string;
  shareStagedUploads: boolean;
}): ShellScript {
  return new ShellScript(
    "controller-shared-droplets",
    [
      ["PRIMARY_IP", p.primaryIp],
      ["REMOTE_DIR", p.remoteDir],
      ["MOUNT_POINT", p.mountPoint],
      ["SHARE_STAGED", p.shareStagedUploads ? "yes" : "no"],
      ["KEY_PATH", CLUSTER_KEY_PATH],
      ["DATA_DIR", DROPLETS_DIR],
      ["STAGED_DIR", STAGED_UPLOADS_DIR],
      ["DROPLETS_TARGET", `${p.mountPoint}/${SHARED_DROPLETS_SUBDIR}`],
      ["STAGED_TARGET", `${p.mountPoint}/${SHARED_STAGED_SUBDIR}`],
      ["SSHFS_OPTIONS", SSHFS_OPTIONS.join(",")],
    ],
    String.raw`
${PRELUDE}
require_sudo
chmod 700 "$HOME/.ssh"
[ -s "$KEY_PATH" ] || fail "cluster key $KEY_PATH is missing; the file provisioner uploads it first"
chmod 600 "$KEY_PATH"

# Trust the Primary's host key once, on first contact inside the private network.
known_hosts="$HOME/.ssh/known_hosts"
touch "$known_hosts"
if [ -z "$(ssh-keygen -F "$PRIMARY_IP" -f "$known_hosts" 2>/dev/null)" ]; then
  ssh-keyscan -H "$PRIMARY_IP" >> "$known_hosts" 2>/dev/null || true
  [ -n "$(ssh-keygen -F "$PRIMARY_IP" -f "$known_hosts" 2>/dev/null)" ] || fail "could not read the Primary's ssh host key from $PRIMARY_IP (ssh-keyscan); check that sshd runs there"
fi

# allow_other needs user_allow_other, and the stackato user must be in the fuse group.
grep -qx "user_allow_other" /etc/fuse.conf 2>/dev/null || echo "user_allow_other" | sudo tee -a /etc/fuse.conf >/dev/null
if getent group fuse >/dev/null && ! id -nG stackato | grep -qw fuse; then sudo usermod -a -G fuse stackato; fi

# fstab mounts run as root; uid/gid make the files appear as stackato's, as they are on the Primary.
owner="uid=$(id -u stackato),gid=$(id -g stackato)"
entry="stackato@$PRIMARY_IP:$REMOTE_DIR $MOUNT_POINT fuse.sshfs _netdev,nobootwait,$owner,IdentityFile=$KEY_PATH,UserKnownHostsFile=$known_hosts,$SSHFS_OPTIONS 0 0"
if ! grep -qxF "$entry" /etc/fstab; then
  # One line for the mount point: an older entry (a previous Primary address) goes.
  { awk -v mp="$MOUNT_POINT" '$2 != mp' /etc/fstab; echo "$entry"; } > "$STATE_DIR/fstab.new"
  # shellcheck disable=SC2024 # the new table is ours to read; only the write needs root
  sudo tee /etc/fstab >/dev/null < "$STATE_DIR/fstab.new"
  rm -f "$STATE_DIR/fstab.new"
fi
sudo mkdir -p "$MOUNT_POINT"
if ! mountpoint -q "$MOUNT_POINT"; then sudo mount "$MOUNT_POINT"; fi
[ -d "$DROPLETS_TARGET" ] || fail "$DROPLETS_TARGET is missing: the share from $PRIMARY_IP is not mounted, or the Primary has not relocated its droplets yet"
if [ "$SHARE_STAGED" = yes ]; then
  [ -d "$STAGED_TARGET" ] || fail "$STAGED_TARGET is missing: the Primary has not shared its staged droplet uploads yet"
fi

wait_for_kato
needs_link=no
[ "$(readlink "$DATA_DIR" || true)" = "$DROPLETS_TARGET" ] || needs_link=yes
if [ "$SHARE_STAGED" = yes ] && [ "$(readlink "$STAGED_DIR" || true)" != "$STAGED_TARGET" ]; then needs_link=yes; fi
if [ "$needs_link" = yes ]; then
  log "pointing the droplet store at the Primary's shared directory"
  stop_kato controller
  link_to_shared "$DATA_DIR" "$DROPLETS_TARGET"
  if [ "$SHARE_STAGED" = yes ]; then link_to_shared "$STAGED_DIR" "$STAGED_TARGET"; fi
  start_stopped_kato
fi
`.trim(),
  );
}
