/**
 * Scenario 3's checks: each volume is an ext4 filesystem mounted at /mnt/add-volume from its own
 * loop device, with one fstab line whose options Ubuntu 12.04's mountall understands; each
 * Controller has the Primary's shared directory on /mnt/controller over sshfs, with one fstab line
 * that fuse 2.8's mount helper accepts, and its droplet stores point into the share.
 */
import * as fs from "fs";
import { readRegistry } from "../hosts/registry";
import { Expectations } from "../lib/scenario";
import { hostFile, hostNamed, onHost } from "../lib/sim";

const DATA_DIR = "/home/stackato/stackato/data";
const STAGED_DIR = "/var/stackato/data/cloud_controller_ng/tmp/staged_droplet_uploads";

function fstabLines(fstab: string, mountPoint: string): string[][] {
  return fstab
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4 && !f[0].startsWith("#") && f[1] === mountPoint);
}

function checkVolumeHost(expect: Expectations, simDir: string, name: string): void {
  const host = hostNamed(simDir, name);
  const registry = readRegistry(simDir);
  const attachment = Object.values(registry.attachments).find((a) => a.instanceId === host.instanceId);
  if (!expect.that(Boolean(attachment), `${name}: no volume attached`)) return;
  const mount = onHost(host, "findmnt -n -o SOURCE,FSTYPE /mnt/add-volume");
  expect.equal(mount.out.split(/\s+/), [attachment!.loopDevice, "ext4"], `${name}: /mnt/add-volume source and type`);
  const uuid = onHost(host, `blkid -o value -s UUID ${attachment!.loopDevice}`).out;
  const lines = fstabLines(hostFile(host, "/etc/fstab"), "/mnt/add-volume");
  expect.equal(lines.length, 1, `${name}: fstab lines for /mnt/add-volume`);
  const [spec, , type, options] = lines[0] ?? [];
  expect.equal([spec, type], [`UUID=${uuid}`, "ext4"], `${name}: fstab entry for /mnt/add-volume`);
  const opts = (options ?? "").split(",");
  // Ubuntu 12.04 mounts at boot with mountall, which knows nobootwait but not nofail: without
  // nobootwait a missing volume stalls the boot (mountall's man page, "nobootwait").
  expect.that(
    opts.includes("nobootwait") && !opts.includes("nofail"),
    `${name}: /mnt/add-volume options '${options}' should have nobootwait and no nofail (mountall on 12.04)`,
  );
}

function checkController(expect: Expectations, simDir: string, name: string, coreIp: string): void {
  const host = hostNamed(simDir, name);
  const mount = onHost(host, "findmnt -n -o SOURCE,FSTYPE /mnt/controller");
  expect.equal(
    mount.out.split(/\s+/),
    [`stackato@${coreIp}:/mnt/add-volume/stackato-shared`, "fuse.sshfs"],
    `${name}: /mnt/controller source and type`,
  );
  const lines = fstabLines(hostFile(host, "/etc/fstab"), "/mnt/controller");
  expect.equal(lines.length, 1, `${name}: fstab lines for /mnt/controller`);
  const opts = (lines[0]?.[3] ?? "").split(",");
  expect.that(lines[0]?.[2] === "fuse.sshfs", `${name}: fstab type ${lines[0]?.[2]}`);
  // fuse 2.8 hands every option but user/auto/_netdev to sshfs, which rejects nofail.
  expect.that(
    !opts.includes("nofail"),
    `${name}: sshfs fstab options contain nofail, which fuse 2.8's mount helper passes to sshfs`,
  );
  for (const required of ["idmap=user", "reconnect", "allow_other"])
    expect.that(opts.includes(required), `${name}: sshfs options lack ${required} (cluster guide)`);
  for (const [dir, what] of [
    [DATA_DIR, "droplets"],
    [STAGED_DIR, "staged droplet uploads"],
  ]) {
    const link = onHost(host, `readlink ${dir}`).out;
    // A link to the mount point itself sends writes to the local disk when sshfs is down.
    expect.that(
      link.startsWith("/mnt/controller/"),
      `${name}: ${dir} (${what}) -> '${link}', expected a directory inside the share /mnt/controller/...`,
    );
    const resolved = onHost(host, `findmnt -n -o TARGET --target "$(readlink -f ${dir})"`).out;
    expect.equal(resolved, "/mnt/controller", `${name}: ${what} land on the mount`);
  }
}

export function checkMounts(simDir: string): void {
  const expect = new Expectations();
  const core = hostNamed(simDir, "stackato-core");
  checkVolumeHost(expect, simDir, "stackato-core");
  checkVolumeHost(expect, simDir, "stackato-data-1");
  const droplets = onHost(core, `readlink -f ${DATA_DIR}`).out;
  expect.that(
    droplets.startsWith("/mnt/add-volume/"),
    `stackato-core: droplets at ${droplets}, expected on the volume`,
  );
  expect.that(fs.existsSync(`${core.dir}/home/stackato/.fake-kato`), "stackato-core: kato never ran");
  const imageDroplet = onHost(core, `cat ${DATA_DIR}/image-droplet.txt`);
  expect.that(
    imageDroplet.code === 0,
    `stackato-core: the image's droplet did not survive the relocation (${imageDroplet.out})`,
  );
  const services = onHost(
    hostNamed(simDir, "stackato-data-1"),
    "readlink -f /var/stackato/services && cat /var/stackato/services/image-service.txt",
  );
  expect.that(
    services.code === 0 && services.out.startsWith("/mnt/add-volume/"),
    `stackato-data-1: services not on the volume with their data (${services.out})`,
  );
  for (const name of ["stackato-controller-1", "stackato-controller-2"]) checkController(expect, simDir, name, core.ip);
  expect.done();
}
