import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mountVolumeScript } from "../lib/provisioning/scripts";

/**
 * Runs the real mount script against a fake disk: stub `sudo`, `blkid`, `mkfs.ext4`, `mountpoint`
 * and `mount` on PATH record what they were asked to do, so the safety rules can be checked by
 * behaviour, not by reading the text: format only a blank disk, never twice, never a foreign one.
 */
class FakeNode {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-mount-"));
  readonly state = path.join(this.root, "state");
  readonly fstab = path.join(this.root, "fstab");
  readonly mounts = path.join(this.root, "mounts");
  readonly disk = path.join(this.root, "vdb");
  private readonly bin = path.join(this.root, "bin");
  private readonly byId = path.join(this.root, "by-id");

  constructor() {
    for (const dir of [this.state, this.bin, this.byId, path.join(this.root, "home")])
      fs.mkdirSync(dir, { recursive: true });
    // A new Cinder volume reads as zeros.
    fs.writeFileSync(this.disk, Buffer.alloc(64 * 1024));
    fs.writeFileSync(this.mounts, "/dev/vda1 / ext4 rw 0 0\n");
    fs.symlinkSync(path.join(this.root, "vdb"), path.join(this.byId, "virtio-0b6f3cbe-4e0a-4f5b-9"));
    fs.writeFileSync(this.fstab, "UUID=root-disk / ext4 defaults 0 1\n");
    const stubs: Record<string, string> = {
      sudo: '[ "$1" = -n ] && shift; exec "$@"',
      // blkid -p -o value -s TYPE|UUID DEVICE: exit 2 on a blank disk, as the real one does.
      blkid: `[ -f "$S/blkid_exit" ] && exit "$(cat "$S/blkid_exit")"
[ -f "$S/fs" ] || exit 2
if [ "$5" = TYPE ]; then cat "$S/fs"; else echo 5e1f-uuid; fi`,
      // mke2fs 1.42 asks "Proceed anyway? (y,n)" for a whole disk unless -F (misc/util.c,
      // check_plausibility); with no terminal the answer is end of input and it gives up.
      "mkfs.ext4": `case " $* " in *" -F "*) ;; *) echo "$5 is entire device, not just one partition!"; printf 'Proceed anyway? (y,n) '; read -r answer || exit 1; [ "$answer" = y ] || exit 1 ;; esac
echo "$*" >> "$S/mkfs.log"; echo ext4 > "$S/fs"`,
      mountpoint: `awk -v mp="$2" '$2 == mp { found = 1 } END { exit !found }' "${this.mounts}"`,
      mount: `echo "$*" >> "$S/mount.log"; echo "${this.disk} $1 ext4 rw 0 0" >> "${this.mounts}"`,
    };
    for (const [name, body] of Object.entries(stubs)) {
      fs.writeFileSync(path.join(this.bin, name), `#!/bin/sh\nS="${this.state}"\n${body}\n`, { mode: 0o755 });
    }
  }

  run(): { status: number | null; output: string } {
    const script = mountVolumeScript({
      deviceSerial: "0b6f3cbe-4e0a-4f5b-9",
      mountPoint: path.join(this.root, "mnt", "add-volume"),
      label: "droplets",
      byIdDir: this.byId,
      fstab: this.fstab,
      mounts: this.mounts,
    }).render();
    const result = spawnSync("bash", ["-c", script], {
      encoding: "utf8",
      env: { PATH: `${this.bin}:${process.env.PATH}`, HOME: path.join(this.root, "home") },
    });
    return { status: result.status, output: result.stdout + result.stderr };
  }

  lines(file: string): string[] {
    const full = path.join(this.state, file);
    return fs.existsSync(full) ? fs.readFileSync(full, "utf8").trim().split("\n") : [];
  }

  fstabLines(): string[] {
    return fs.readFileSync(this.fstab, "utf8").trim().split("\n");
  }

  cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

describe("the volume mount script, run against a fake disk", () => {
  let node: FakeNode;
  beforeEach(() => (node = new FakeNode()));
  afterEach(() => node.cleanup());

  test("formats a blank disk found by its serial, adds one fstab entry and mounts it", () => {
    const first = node.run();
    expect(first.output).toContain("is blank: creating an ext4 filesystem");
    expect(first.status).toBe(0);
    expect(node.lines("mkfs.log")).toEqual([`-F -q -L droplets ${node.disk}`]);
    expect(node.fstabLines()).toEqual([
      "UUID=root-disk / ext4 defaults 0 1",
      `UUID=5e1f-uuid ${path.join(node.root, "mnt", "add-volume")} ext4 defaults,nobootwait 0 2`,
    ]);
    expect(node.lines("mount.log")).toEqual([path.join(node.root, "mnt", "add-volume")]);
  });

  test("a second run changes nothing: no second mkfs, fstab entry or mount", () => {
    expect(node.run().status).toBe(0);
    const fstabAfterFirst = node.fstabLines();
    const second = node.run();
    expect(second.status).toBe(0);
    expect(second.output).not.toContain("creating an ext4 filesystem");
    expect(node.lines("mkfs.log")).toHaveLength(1);
    expect(node.fstabLines()).toEqual(fstabAfterFirst);
    expect(node.lines("mount.log")).toHaveLength(1);
  });

  test("an ext4 disk with data (a re-attached volume) is mounted, never formatted", () => {
    fs.writeFileSync(path.join(node.state, "fs"), "ext4\n");
    expect(node.run().status).toBe(0);
    expect(node.lines("mkfs.log")).toEqual([]);
    expect(node.lines("mount.log")).toHaveLength(1);
  });

  test("a disk holding another filesystem is refused, untouched", () => {
    fs.writeFileSync(path.join(node.state, "fs"), "xfs\n");
    const result = node.run();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("holds 'xfs', not ext4; refusing to touch it");
    expect(node.lines("mkfs.log")).toEqual([]);
    expect(node.fstabLines()).toEqual(["UUID=root-disk / ext4 defaults 0 1"]);
  });

  test("when blkid itself fails, the script stops instead of formatting", () => {
    fs.writeFileSync(path.join(node.state, "blkid_exit"), "4");
    const result = node.run();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("blkid could not probe");
    expect(node.lines("mkfs.log")).toEqual([]);
  });

  test("mkfs never waits for an answer: mke2fs 1.42's whole-disk question is answered by -F (issue 7, defect 5)", () => {
    const result = node.run();
    expect(result.output).not.toContain("Proceed anyway?");
    expect(result.status).toBe(0);
  });

  test("blkid finding nothing is not enough: a disk with data is refused, untouched (util-linux 2.20 exits 2 for an ambivalent probe too; defect 4)", () => {
    const data = Buffer.alloc(64 * 1024);
    data.write("LVM2 001", 512); // a signature blkid 2.20 may report as ambivalent, exiting 2
    fs.writeFileSync(node.disk, data);
    const result = node.run();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("blkid finds no filesystem on");
    expect(result.output).toContain("the device is not blank");
    expect(result.output).toContain("sudo blkid -p -o udev");
    expect(node.lines("mkfs.log")).toEqual([]);
    expect(node.fstabLines()).toEqual(["UUID=root-disk / ext4 defaults 0 1"]);
  });

  test("a replaced volume's fstab line is replaced, not joined by a second one (defect 10a)", () => {
    const mountPoint = path.join(node.root, "mnt", "add-volume");
    fs.appendFileSync(node.fstab, `UUID=old-volume-uuid ${mountPoint} ext4 defaults,nofail 0 2\n`);
    expect(node.run().status).toBe(0);
    expect(node.fstabLines()).toEqual([
      "UUID=root-disk / ext4 defaults 0 1",
      `UUID=5e1f-uuid ${mountPoint} ext4 defaults,nobootwait 0 2`,
    ]);
    expect(node.lines("mount.log")).toEqual([mountPoint]);
  });

  test("another device still mounted at the mount point is refused with the fix, not taken for ours (defect 10a)", () => {
    const mountPoint = path.join(node.root, "mnt", "add-volume");
    fs.appendFileSync(node.mounts, `/dev/vdc ${mountPoint} ext4 rw 0 0\n`);
    const result = node.run();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`${mountPoint} is mounted from /dev/vdc, not from volume`);
    expect(result.output).toContain("unmount it");
    expect(node.lines("mount.log")).toEqual([]);
  });
});
