/**
 * What the hosts-mode fake cloud has built, kept in `<sim-dir>/registry.json` so that the e2e
 * runner can find the hosts to check, and tear everything down even when the harness died.
 */
import * as fs from "fs";
import * as path from "path";

export interface HostRecord {
  readonly name: string;
  readonly instanceId: string;
  /** Fixed IP (127.x) its sshd listens on. */
  readonly ip: string;
  /** Directory holding the host's private /etc, /var, /home, /mnt, /tmp, /run, /root and /dev/disk. */
  readonly dir: string;
  /** The `unshare --kill-child` process: killing it ends the host's PID namespace. */
  readonly unsharePid: number;
  /** PID 1 of the host's namespaces, as seen from outside (for nsenter). */
  readonly initPid: number;
}

export interface AttachmentRecord {
  readonly volumeId: string;
  readonly instanceId: string;
  readonly loopDevice: string;
  readonly byIdLink: string;
}

export interface Registry {
  /** Neutron port id -> fixed IP. */
  ports: Record<string, string>;
  /** Floating address -> fixed IP it forwards to (null when not associated). */
  floatingIps: Record<string, string | null>;
  /** Instance id -> host. */
  hosts: Record<string, HostRecord>;
  /** Volume id -> sparse backing file. */
  volumes: Record<string, string>;
  /** Attachment id -> loop device. */
  attachments: Record<string, AttachmentRecord>;
  /** Last host number used in 127.42.1.N (fixed) and 127.42.2.N (floating). */
  lastFixed: number;
  lastFloating: number;
}

export function registryPath(simDir: string): string {
  return path.join(simDir, "registry.json");
}

export function emptyRegistry(): Registry {
  return { ports: {}, floatingIps: {}, hosts: {}, volumes: {}, attachments: {}, lastFixed: 0, lastFloating: 0 };
}

export function readRegistry(simDir: string): Registry {
  const file = registryPath(simDir);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Registry) : emptyRegistry();
}

export function writeRegistry(simDir: string, registry: Registry): void {
  const file = registryPath(simDir);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(registry, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

/** Fixed IPs live in 127.42.1.0/24, floating IPs in 127.42.2.0/24: loopback only, readable in logs. */
export function allocateAddress(registry: Registry, kind: "fixed" | "floating"): string {
  if (kind === "fixed") {
    registry.lastFixed += 1;
    if (registry.lastFixed > 254) throw new Error("hosts mode: out of fixed IPs in 127.42.1.0/24");
    return `127.42.1.${registry.lastFixed}`;
  }
  registry.lastFloating += 1;
  if (registry.lastFloating > 254) throw new Error("hosts mode: out of floating IPs in 127.42.2.0/24");
  return `127.42.2.${registry.lastFloating}`;
}
