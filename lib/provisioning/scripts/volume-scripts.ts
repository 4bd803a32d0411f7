import { PRELUDE } from "./prelude";
import { CLUSTER_KEY_PATH } from "./cluster-key";
import { ShellScript } from "./shell";

/** Where the seed mounts block storage on the node that owns it. */
export const VOLUME_MOUNT_POINT = "/mnt/add-volume";

/**
 * Formats (only if blank), mounts and persists a Cinder volume.
 *
 * The device is found by its serial, `/dev/disk/by-id/virtio-<first 20 chars of the volume id>`
 * (or the virtio-scsi name), never by `/dev/vdc`: Nova ignores requested device names on KVM.
 * `blkid -p` exits 2 only when it finds no filesystem or partition table; any other failure stops
 * the script rather than risk formatting a disk that holds data.
 */
export function mountVolumeScript(p: { deviceSerial: string; mountPoint: string; label: string; byIdDir?: string; fstab?: string }): ShellScript {
  const params: Array<[string, string]> = [
    ["SERIAL", p.deviceSerial],
    ["MOUNT_POINT", p.mountPoint],
    ["LABEL", p.label],
    // Overridable so the tests can run the script against a fake disk and fstab.
    ["BY_ID_DIR", p.byIdDir ?? "/dev/disk/by-id"],
    ["FSTAB", p.fstab ?? "/etc/fstab"],
  ];
  return new ShellScript("mount-volume", params, String.raw`
${PRELUDE}
require_sudo
device=""
for ((i = 1; i <= 60; i++)); do
  for candidate in "$BY_ID_DIR/virtio-$SERIAL" "$BY_ID_DIR/scsi-0QEMU_QEMU_HARDDISK_$SERIAL"; do
    if [ -e "$candidate" ]; then device="$(readlink -f "$candidate")"; break 2; fi
  done
  sleep 2
done
[ -n "$device" ] || fail "volume with serial $SERIAL is not attached (no $BY_ID_DIR entry after 120 s)"
log "volume $SERIAL is $device"

set +e
fstype="$(sudo blkid -p -o value -s TYPE "$device")"
probe=$?
set -e
if [ "$probe" -eq 2 ]; then
  log "$device is blank: creating an ext4 filesystem"
  sudo mkfs.ext4 -q -L "$LABEL" "$device"
elif [ "$probe" -ne 0 ]; then
  fail "blkid could not probe $device (exit $probe); not formatting it"
elif [ "$fstype" != "ext4" ]; then
  fail "$device holds '$fstype', not ext4; refusing to touch it"
fi

uuid="$(sudo blkid -p -o value -s UUID "$device")"
[ -n "$uuid" ] || fail "$device has no filesystem UUID"
if ! grep -qs "^UUID=$uuid " "$FSTAB"; then
  # nofail: a detached volume must not stop the node from booting.
  echo "UUID=$uuid $MOUNT_POINT ext4 defaults,nofail 0 2" | sudo tee -a "$FSTAB" >/dev/null
fi
sudo mkdir -p "$MOUNT_POINT"
if ! mountpoint -q "$MOUNT_POINT"; then sudo mount "$MOUNT_POINT"; fi
`.trim());
}

/**
 * Creates `<dir>` owned by stackato on the mounted volume and moves a kato-managed store into it
 * with `kato relocate <what>` (the seed's last step on the Primary and on the data node).
 * Best practice is to stop kato around a relocation; the marker keeps it to one run.
 */
export function relocateScript(p: { what: "droplets" | "services"; target: string }): ShellScript {
  return new ShellScript(`relocate-${p.what}`, [["WHAT", p.what], ["TARGET", p.target]], String.raw`
${PRELUDE}
require_sudo
mountpoint -q "$(dirname "$TARGET")" || fail "$(dirname "$TARGET") is not mounted; the volume setup must run first"
sudo mkdir -p "$TARGET"
sudo chown stackato:stackato "$TARGET"
wait_for_kato
if ! is_done "relocate-$WHAT"; then
  log "relocating $WHAT to $TARGET"
  "$KATO" stop
  "$KATO" relocate "$WHAT" "$TARGET"
  "$KATO" start
  mark_done "relocate-$WHAT"
fi
`.trim());
}

/** Cloud Controller paths that every controller must share (cluster guide, "Multiple Controllers"). */
export const DROPLETS_DIR = "/home/stackato/stackato/data";
export const STAGED_UPLOADS_DIR = "/var/stackato/data/cloud_controller_ng/tmp/staged_droplet_uploads";

/**
 * On the Primary, after the droplets are relocated: since Stackato 3.2 staged droplet uploads
 * must be shared too, so they move into a subdirectory of the shared directory.
 */
export function shareStagedUploadsScript(p: { sharedDir: string }): ShellScript {
  return new ShellScript("share-staged-uploads", [["SHARED_DIR", p.sharedDir], ["STAGED_DIR", STAGED_UPLOADS_DIR]], String.raw`
${PRELUDE}
require_sudo
wait_for_kato
if [ "$(readlink "$STAGED_DIR" || true)" != "$SHARED_DIR/staged_droplet_uploads" ]; then
  "$KATO" stop controller
  link_to_shared "$STAGED_DIR" "$SHARED_DIR/staged_droplet_uploads"
  sudo chown stackato:stackato "$SHARED_DIR/staged_droplet_uploads"
  "$KATO" start controller
fi
`.trim());
}

/** The sshfs options the docs and HPE's cluster tool use; `delay_connect` lets fstab mount at boot. */
export const SSHFS_OPTIONS = ["idmap=user", "reconnect", "allow_other", "delay_connect", "ServerAliveInterval=15"];

/**
 * On a Controller: sshfs-mount the Primary's shared directory, persist it in fstab, and point
 * the droplet store (and, from 3.2, staged uploads) at it.
 *
 * Why the cluster guide's way (mount at /mnt/controller, then symlink) rather than the OpenStack
 * page's sshfs straight onto /home/stackato/stackato/data: a mount over the data directory hides
 * what the Controller already had there, while moving it aside and copying it in keeps it; one
 * mount then serves both shared paths; and `kato stop controller` first means nothing writes
 * during the switch. `cp -n` never overwrites what the Primary already stored.
 */
export function controllerSharedDropletsScript(p: { primaryIp: string; remoteDir: string; mountPoint: string; shareStagedUploads: boolean }): ShellScript {
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
if ! ssh-keygen -F "$PRIMARY_IP" -f "$known_hosts" >/dev/null; then
  ssh-keyscan -H "$PRIMARY_IP" >> "$known_hosts" 2>/dev/null
fi

# allow_other needs user_allow_other, and the stackato user must be in the fuse group.
grep -qx "user_allow_other" /etc/fuse.conf 2>/dev/null || echo "user_allow_other" | sudo tee -a /etc/fuse.conf >/dev/null
if getent group fuse >/dev/null && ! id -nG stackato | grep -qw fuse; then sudo usermod -a -G fuse stackato; fi

# fstab mounts run as root; uid/gid make the files appear as stackato's, as they are on the Primary.
owner="uid=$(id -u stackato),gid=$(id -g stackato)"
entry="stackato@$PRIMARY_IP:$REMOTE_DIR $MOUNT_POINT fuse.sshfs defaults,_netdev,nofail,$owner,IdentityFile=$KEY_PATH,UserKnownHostsFile=$known_hosts,$SSHFS_OPTIONS 0 0"
if ! grep -qxF "$entry" /etc/fstab; then
  # Drop an older entry for this mount point (e.g. a previous Primary address), then add ours.
  sudo sed -i "\# $MOUNT_POINT fuse.sshfs #d" /etc/fstab
  echo "$entry" | sudo tee -a /etc/fstab >/dev/null
fi
sudo mkdir -p "$MOUNT_POINT"
if ! mountpoint -q "$MOUNT_POINT"; then sudo mount "$MOUNT_POINT"; fi

wait_for_kato
needs_link=no
[ "$(readlink "$DATA_DIR" || true)" = "$MOUNT_POINT" ] || needs_link=yes
if [ "$SHARE_STAGED" = yes ] && [ "$(readlink "$STAGED_DIR" || true)" != "$MOUNT_POINT/staged_droplet_uploads" ]; then needs_link=yes; fi
if [ "$needs_link" = yes ]; then
  log "pointing the droplet store at the Primary's shared directory"
  "$KATO" stop controller
  link_to_shared "$DATA_DIR" "$MOUNT_POINT"
  if [ "$SHARE_STAGED" = yes ]; then link_to_shared "$STAGED_DIR" "$MOUNT_POINT/staged_droplet_uploads"; fi
fi
`.trim(),
  );
}
