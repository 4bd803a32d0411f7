/**
 * The simulation's outer shell: the network namespace (loopback only), /dev/disk, and a teardown
 * that undoes everything from the registry even when the inner run crashed. Also the helpers the
 * scenarios use to look into a host.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readRegistry, HostRecord } from "../hosts/registry";

export interface Outer {
  readonly netns: string;
  readonly simDir: string;
  readonly createdDevDisk: boolean;
}

export function createOuter(simDir: string): Outer {
  const netns = `stackato-e2e-${process.pid}`;
  execFileSync("ip", ["netns", "add", netns]);
  execFileSync("ip", ["-n", netns, "link", "set", "lo", "up"]);
  // No udev in the simulation: /dev/disk exists only as the mount point of each host's private one.
  const createdDevDisk = !fs.existsSync("/dev/disk");
  if (createdDevDisk) fs.mkdirSync("/dev/disk");
  return { netns, simDir, createdDevDisk };
}

function quietly(cmd: string, args: string[]): void {
  spawnSync(cmd, args, { stdio: "ignore" });
}

/** Kills the hosts (by PID, from the registry), frees their loop devices, removes netns and /dev/disk. */
export function teardownOuter(outer: Outer, keep: boolean): void {
  const registry = readRegistry(outer.simDir);
  for (const host of Object.values(registry.hosts)) {
    for (const pid of [host.initPid, host.unsharePid]) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone already
      }
    }
  }
  // What the registry may not list (the inner run died mid-apply): the harness server, terraform,
  // and hosts whose boot was cut short. They are ours by the unique simulation directory in their
  // command line or working directory. The harness first, so that it boots nothing more.
  for (const pid of processesOf(outer.simDir)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone already
    }
  }
  // A mount namespace lets go of its mounts only once its last process is gone.
  const deadline = Date.now() + 5000;
  const volumes = path.join(outer.simDir, "volumes");
  const files = fs.existsSync(volumes) ? fs.readdirSync(volumes).map((f) => path.join(volumes, f)) : [];
  for (;;) {
    const busy = files.flatMap((file) => loopsOf(file));
    for (const loop of busy) quietly("losetup", ["-d", loop]);
    if (files.every((file) => loopsOf(file).length === 0) || Date.now() > deadline) break;
    spawnSync("sleep", ["0.2"]);
  }
  quietly("ip", ["netns", "del", outer.netns]);
  // Only if empty: another run's hosts may be using it as their mount point.
  if (outer.createdDevDisk) {
    try {
      fs.rmdirSync("/dev/disk");
    } catch {
      // Gone already, or not empty: either way not ours to remove now.
    }
  }
  if (!keep) {
    try {
      fs.rmSync(outer.simDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch (err) {
      console.error(`could not remove ${outer.simDir}: ${(err as Error).message}`);
    }
  }
}

/** Processes started for this simulation: the harness (--hosts <simDir>) first, then the rest. */
function processesOf(simDir: string): number[] {
  const found: Array<{ pid: number; harness: boolean }> = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      const mentions =
        argv.some((a) => a === simDir || a.startsWith(`${simDir}/`)) || cwd === simDir || cwd.startsWith(`${simDir}/`);
      if (mentions) found.push({ pid: Number(entry), harness: argv.includes("--hosts") });
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return [...found.filter((p) => p.harness), ...found.filter((p) => !p.harness)].map((p) => p.pid);
}

function loopsOf(file: string): string[] {
  const out = spawnSync("losetup", ["-j", file, "-O", "NAME", "-n"], { encoding: "utf8" }).stdout ?? "";
  return out
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

export function hostNamed(simDir: string, name: string): HostRecord {
  const host = Object.values(readRegistry(simDir).hosts).find((h) => h.name === name);
  if (!host) throw new Error(`no host named ${name} is running`);
  return host;
}

export function hostNames(simDir: string): string[] {
  return Object.values(readRegistry(simDir).hosts)
    .map((h) => h.name)
    .sort();
}

/** Runs a shell command inside a host (its mount, UTS and PID namespaces), as root or as stackato. */
export function onHost(
  host: HostRecord,
  command: string,
  user: "root" | "stackato" = "root",
): { code: number; out: string } {
  const argv = ["-t", String(host.initPid), "-m", "-u", "-p", "--"];
  const shell = user === "root" ? ["sh", "-c", command] : ["runuser", "-u", "stackato", "--", "sh", "-c", command];
  const run = spawnSync("nsenter", [...argv, ...shell], { encoding: "utf8", timeout: 30000 });
  return { code: run.status ?? -1, out: `${run.stdout ?? ""}${run.stderr ?? ""}`.trim() };
}

export interface KatoCall {
  readonly start: number;
  readonly end: number;
  readonly host: string;
  readonly ip: string;
  readonly args: string[];
  readonly exit: number;
  readonly error?: string;
  /** Roles running when the call began. */
  readonly running?: string[];
}

export function katoCalls(host: HostRecord): KatoCall[] {
  const file = path.join(host.dir, "var", "log", "fake-kato", "calls.jsonl");
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as KatoCall);
}

export interface KatoState {
  readonly stopped: string[];
  readonly roles: string[];
  readonly loadBalancerFor: string[] | null;
  /** sha256 of the license `kato license set` took, when one was set. */
  readonly licenseSha256?: string;
  readonly attachedTo: string | null;
  readonly relocated: Record<string, string>;
}

export function katoState(host: HostRecord): KatoState | undefined {
  const file = path.join(host.dir, "home", "stackato", ".fake-kato", "state.json");
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as KatoState) : undefined;
}

/** The core's message bus going up and down ({ t, event }), from its mbus.jsonl. */
export function mbusEvents(host: HostRecord): Array<{ t: number; event: string }> {
  const file = path.join(host.dir, "var", "log", "fake-kato", "mbus.jsonl");
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

export function hostFile(host: HostRecord, absolutePath: string): string {
  return fs.readFileSync(path.join(host.dir, absolutePath), "utf8");
}
