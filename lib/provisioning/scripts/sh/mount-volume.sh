. ./prelude.sh
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
