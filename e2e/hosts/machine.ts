/**
 * The machine-level effects of the hosts-mode fake cloud: booting a simulated host (its own mount,
 * UTS and PID namespaces; see e2e/host/boot-host.sh), and volumes as sparse files on loop devices.
 * Everything runs inside the e2e network namespace, where only loopback exists.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { HostRecord } from "./registry";

const BOOT_TIMEOUT_MS = 30000;

/** e2e/host, beside this folder (e2e/hosts). */
export function hostSupportDir(): string {
  const dir = path.resolve(__dirname, "..", "host");
  if (!fs.existsSync(path.join(dir, "boot-host.sh"))) throw new Error(`e2e/host not found from ${__dirname}`);
  return dir;
}

export interface HostSpec {
  readonly name: string;
  readonly instanceId: string;
  readonly ip: string;
  readonly userData: string;
}

/** A fresh directory for the host's private trees; a replaced instance of the same name gets a new one. */
function hostDirFor(simDir: string, name: string): string {
  const base = path.join(simDir, "hosts", name.replace(/[^A-Za-z0-9_.-]/g, "_"));
  let dir = base;
  for (let n = 2; fs.existsSync(dir); n++) dir = `${base}.${n}`;
  return dir;
}

/** Creates the host's private trees and boots it; resolves once its sshd accepts connections. */
export async function bootHost(simDir: string, spec: HostSpec): Promise<HostRecord> {
  const dir = hostDirFor(simDir, spec.name);
  for (const sub of ["var", "home", "mnt", "tmp", "run", "root", "dev-disk/by-id", "boot"])
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
  fs.chmodSync(path.join(dir, "tmp"), 0o1777);
  // /etc starts as this machine's (users, sshd, sudo, pam); boot-host.sh makes it the VM's.
  execFileSync("cp", ["-a", "/etc", path.join(dir, "etc")], { stdio: "pipe" });
  fs.writeFileSync(path.join(dir, "boot", "user-data"), spec.userData);
  fs.copyFileSync(path.join(simDir, "authorized_keys"), path.join(dir, "boot", "authorized_keys"));
  // Faults the e2e runner wants the fake kato of this host to inject (e2e/host/kato-state.js).
  const faults = path.join(simDir, "faults", spec.name);
  if (fs.existsSync(faults)) {
    fs.mkdirSync(path.join(dir, "var", "lib", "fake-kato"), { recursive: true });
    fs.copyFileSync(faults, path.join(dir, "var", "lib", "fake-kato", "faults"));
    fs.chmodSync(path.join(dir, "var", "lib", "fake-kato", "faults"), 0o666);
  }
  // /dev/fuse is 0600 on this machine; the VM's is usable by its users.
  execFileSync("mknod", ["-m", "0666", path.join(dir, "fuse"), "c", "10", "229"], { stdio: "pipe" });

  const log = fs.openSync(path.join(dir, "boot.log"), "a");
  const child = spawn(
    "unshare",
    [
      "--mount",
      "--uts",
      "--pid",
      "--fork",
      "--kill-child",
      "--mount-proc",
      "bash",
      path.join(hostSupportDir(), "boot-host.sh"),
      dir,
      spec.name,
      spec.ip,
    ],
    { stdio: ["ignore", log, log], detached: false },
  );
  fs.closeSync(log);
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) =>
      reject(
        new Error(
          `host ${spec.name} did not boot (exit ${code}); see ${dir}/boot.log:\n${tail(path.join(dir, "boot.log"))}`,
        ),
      ),
    ),
  );
  await Promise.race([waitForPort(spec.ip, 22, BOOT_TIMEOUT_MS), exited]);
  child.removeAllListeners("exit");
  child.unref();
  return {
    name: spec.name,
    instanceId: spec.instanceId,
    ip: spec.ip,
    dir,
    unsharePid: child.pid!,
    initPid: initPidOf(child.pid!),
  };
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-15).join("\n");
  } catch {
    return "";
  }
}

function initPidOf(unsharePid: number): number {
  const children = fs.readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, "utf8").trim().split(/\s+/);
  return Number(children[0]);
}

/** Ends a host: killing its unshare process makes the kernel kill its whole PID namespace. */
export function stopHost(host: Pick<HostRecord, "unsharePid" | "initPid">): void {
  for (const pid of [host.initPid, host.unsharePid]) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

export async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${host}:${port} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A Cinder volume: a sparse file of the volume's size. */
export function createVolumeFile(simDir: string, volumeId: string, sizeGb: number): string {
  fs.mkdirSync(path.join(simDir, "volumes"), { recursive: true });
  const file = path.join(simDir, "volumes", `${volumeId}.img`);
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, "");
    fs.truncateSync(file, sizeGb * 1024 * 1024 * 1024);
  }
  return file;
}

/**
 * Attaches a volume: a loop device for the file, and the by-id link that udev would make for a
 * virtio disk whose serial is the volume id cut to 20 characters (what Nova/libvirt pass to KVM).
 */
export function attachVolume(
  volumeFile: string,
  volumeId: string,
  hostDir: string,
): { loopDevice: string; byIdLink: string } {
  const loopDevice = execFileSync("losetup", ["--find", "--show", volumeFile], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
  const byIdLink = path.join(hostDir, "dev-disk", "by-id", `virtio-${volumeId.slice(0, 20)}`);
  fs.rmSync(byIdLink, { force: true });
  fs.symlinkSync(loopDevice, byIdLink);
  return { loopDevice, byIdLink };
}

export function detachVolume(loopDevice: string, byIdLink: string): void {
  fs.rmSync(byIdLink, { force: true });
  try {
    execFileSync("losetup", ["-d", loopDevice], { stdio: "ignore" });
  } catch {
    // still mounted inside a live host: the runner's teardown detaches it after the host is gone
  }
}
