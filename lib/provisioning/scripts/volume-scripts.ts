import { stepBody } from "./step-body";
import { ShellScript } from "./shell";

/** Where the Stackato OpenStack guide mounts block storage on the node that owns it. */
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
  return new ShellScript("mount-volume", params, stepBody("mount-volume.sh"));
}

/**
 * Moves a kato-managed store onto a mounted volume with `kato relocate <what> <target>` (the Stackato OpenStack guide's
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
  return new ShellScript(`relocate-${p.what}`, params, stepBody("relocate.sh"));
}
