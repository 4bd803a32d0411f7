import { PRELUDE } from "./prelude";
import { ShellScript } from "./shell";

/** Where the seed mounts block storage on the node that owns it. */
export const VOLUME_MOUNT_POINT = "/mnt/add-volume";

/** Where kato keeps what `kato relocate <what>` moves (the relocate page of the admin guide). */
export const RELOCATABLE_DIRS = {
  droplets: "/home/stackato/stackato/data",
  services: "/var/stackato/services",
} as const;

/**
 * Formats (only if provably blank), mounts and persists a Cinder volume.
 *
 * The device is found by its serial, `/dev/disk/by-id/virtio-<first 20 chars of the volume id>`
 * (or the virtio-scsi name), never by `/dev/vdc`: Nova ignores requested device names on KVM.
 *
 * - Blank means blank. util-linux 2.20.1 (the VM's) makes `blkid -p` exit 2 not only when it finds
 *   nothing but also for an ambivalent probe or a probe error (misc-utils/blkid.c before 2.23), so a
 *   device is formatted only when blkid finds nothing AND its first and last 4 MiB are zeros, as a
 *   new Cinder volume's are. Anything else is refused with what to check.
 * - `mkfs.ext4 -F`: mke2fs 1.42 asks "Proceed anyway? (y,n)" for a whole disk (check_plausibility in
 *   misc/util.c), which fails with no terminal; one -F answers it and still refuses a mounted device.
 * - fstab: one line per mount point, `nobootwait` (mountall on 12.04 knows it, and not `nofail`,
 *   so a missing volume does not stall the boot). A replaced volume's line is replaced, and a
 *   different device still mounted there is refused rather than silently kept.
 */
export function mountVolumeScript(p: {
  deviceSerial: string;
  mountPoint: string;
  label: string;
  byIdDir?: string;
  fstab?: string;
  mounts?: string;
}): ShellScript {
  const params: Array<[string, string]> = [
    ["SERIAL", p.deviceSerial],
    ["MOUNT_POINT", p.mountPoint],
    ["LABEL", p.label],
    // Overridable so the tests can run the script against a fake disk, fstab and mount table.
    ["BY_ID_DIR", p.byIdDir ?? "/dev/disk/by-id"],
    ["FSTAB", p.fstab ?? "/etc/fstab"],
    ["MOUNTS", p.mounts ?? "/proc/mounts"],
  ];
  return new ShellScript(
    "mount-volume",
    params,
    String.raw`
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

mounted="$(awk -v mp="$MOUNT_POINT" '$2 == mp { source = $1 } END { print source }' "$MOUNTS")"
if [ -n "$mounted" ] && [ "$(readlink -f "$mounted")" != "$device" ]; then
  fail "$MOUNT_POINT is mounted from $mounted, not from volume $SERIAL ($device): the volume was replaced. Copy what you need from $MOUNT_POINT, unmount it (sudo umount $MOUNT_POINT), and apply again"
fi

# The first and last 4 MiB (or the whole device when smaller) read as zeros.
zeroed() {
  local dev="$1" limit=$((4 * 1048576)) size n
  size="$(sudo blockdev --getsize64 "$dev" 2>/dev/null || sudo stat -L -c %s "$dev")"
  n=$limit
  [ "$size" -ge "$n" ] || n=$size
  [ "$n" -eq 0 ] || sudo cmp -s -n "$n" "$dev" /dev/zero || return 1
  [ "$size" -gt $((2 * limit)) ] || return 0
  sudo dd if="$dev" bs=1048576 skip=$((size / 1048576 - 4)) 2>/dev/null | cmp -s -n "$limit" - /dev/zero
}

set +e
fstype="$(sudo blkid -p -o value -s TYPE "$device")"
probe=$?
set -e
if [ "$probe" -eq 2 ]; then
  zeroed "$device" || fail "blkid finds no filesystem on $device, but the device is not blank (data in its first or last 4 MiB); util-linux 2.20 reports an unreadable or ambivalent probe the same way, so it is not formatted. Check it with 'sudo blkid -p -o udev $device' and 'sudo file -s $device'; if it holds nothing you need, clear its start (sudo dd if=/dev/zero of=$device bs=1M count=4) and apply again"
  log "$device is blank: creating an ext4 filesystem"
  sudo mkfs.ext4 -F -q -L "$LABEL" "$device"
elif [ "$probe" -ne 0 ]; then
  fail "blkid could not probe $device (exit $probe); not formatting it"
elif [ "$fstype" != "ext4" ]; then
  fail "$device holds '$fstype', not ext4; refusing to touch it"
fi

uuid="$(sudo blkid -p -o value -s UUID "$device")"
[ -n "$uuid" ] || fail "$device has no filesystem UUID"
entry="UUID=$uuid $MOUNT_POINT ext4 defaults,nobootwait 0 2"
if ! grep -qxF "$entry" "$FSTAB"; then
  # One line for the mount point: the line of a volume this one replaced goes.
  { awk -v mp="$MOUNT_POINT" '$2 != mp' "$FSTAB"; echo "$entry"; } > "$STATE_DIR/fstab.new"
  # shellcheck disable=SC2024 # the new table is ours to read; only the write needs root
  sudo tee "$FSTAB" >/dev/null < "$STATE_DIR/fstab.new"
  rm -f "$STATE_DIR/fstab.new"
fi
sudo mkdir -p "$MOUNT_POINT"
if [ -z "$mounted" ]; then sudo mount "$MOUNT_POINT"; fi
`.trim(),
  );
}

/**
 * Moves a kato-managed store onto a mounted volume with `kato relocate <what> <target>` (the seed's
 * last step on the Primary and on the data node), with kato stopped around it.
 *
 * - The state lives on the volume, not in the node's markers: a node whose store already points
 *   at the target has nothing to do, and a replaced node (new instance, same volume) finds the
 *   volume's `.stackato-relocated` note and adopts the data there instead of relocating over it.
 * - kato before 3.4.1 exits 0 when a relocation fails, so success is checked (the store must point
 *   at the target) before the note is written.
 */
export function relocateScript(p: {
  what: keyof typeof RELOCATABLE_DIRS;
  volume: string;
  target: string;
  store?: string;
}): ShellScript {
  const params: Array<[string, string]> = [
    ["WHAT", p.what],
    ["VOLUME", p.volume],
    ["TARGET", p.target],
    // Overridable so the tests can relocate a store in a temporary tree.
    ["STORE", p.store ?? RELOCATABLE_DIRS[p.what]],
  ];
  return new ShellScript(
    `relocate-${p.what}`,
    params,
    String.raw`
${PRELUDE}
require_sudo
mountpoint -q "$VOLUME" || fail "$VOLUME is not mounted; the volume setup must run first"
sudo mkdir -p "$TARGET"
sudo chown stackato:stackato "$TARGET"
note="$TARGET/.stackato-relocated"
wait_for_kato
if [ "$(readlink -f "$STORE")" = "$(readlink -f "$TARGET")" ]; then
  log "$WHAT already on the volume at $TARGET"
elif [ -f "$note" ]; then
  log "the volume already holds this cluster's $WHAT (replaced node): adopting $TARGET"
  stop_kato all
  link_to_shared "$STORE" "$TARGET"
  start_stopped_kato
else
  log "relocating $WHAT to $TARGET"
  stop_kato all
  "$KATO" relocate "$WHAT" "$TARGET"
  [ "$(readlink -f "$STORE")" = "$(readlink -f "$TARGET")" ] || fail "kato relocate $WHAT reported success, but $STORE does not point at $TARGET (kato before 3.4.1 exits 0 on failure; see its output above)"
  touch "$note"
  start_stopped_kato
fi
`.trim(),
  );
}
