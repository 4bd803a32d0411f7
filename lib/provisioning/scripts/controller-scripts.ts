import { CLUSTER_KEY_PATH } from "./cluster-key";
import { stepBody } from "./step-body";
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
    stepBody("share-staged-uploads.sh"),
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
    stepBody("controller-shared-droplets.sh"),
  );
}
