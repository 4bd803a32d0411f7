/**
 * Entry point of the harness server process (started by startHarness). It runs apart from the test
 * process on purpose: tests and cdktf's matchers run Terraform with execSync, which blocks their own
 * event loop, so a server living in that loop would never answer and Terraform would hang.
 *
 * Usage: node server-main.js <socket-dir> [--hosts <sim-dir> --hosts-module <file>]; prints one JSON line
 * {"ready":true,"reattach":{...}}. With --hosts, apply boots simulated hosts through the HostsCloud class
 * that <file> exports (the repository's e2e/hosts/cloud.ts, used by `npm run e2e`, which starts this
 * process inside its network namespace); the harness itself knows no hosts.
 */
import { appendFileSync } from "fs";
import type { ApplyHook } from "./fake-provider";
import { startServers } from "./server";
import { loadProviderSchemas } from "./schema";

/** What a --hosts-module exports: a fake cloud that boots hosts on apply. */
export interface HostsCloudModule {
  readonly HostsCloud: new (simDir: string) => { readonly applyHook: ApplyHook; shutdown(): Promise<void> | void };
}

async function hostsCloud(simDir: string): Promise<InstanceType<HostsCloudModule["HostsCloud"]>> {
  const at = process.argv.indexOf("--hosts-module");
  if (at < 0) throw new Error("--hosts needs --hosts-module <file> (the module exporting HostsCloud)");
  const loaded = (await import(process.argv[at + 1])) as HostsCloudModule;
  return new loaded.HostsCloud(simDir);
}

const PARENT_CHECK_MS = 1000;

async function main(): Promise<void> {
  const socketDir = process.argv[2];
  if (!socketDir) throw new Error("usage: server-main <socket-dir>");
  const hostsAt = process.argv.indexOf("--hosts");
  // Loaded only in hosts mode: plain validate/plan runs never touch namespaces or loop devices.
  const cloud = hostsAt > 0 ? await hostsCloud(process.argv[hostsAt + 1]) : undefined;
  if (cloud) {
    // Our stderr is closed once we are ready: keep what kills the server where the e2e run shows it.
    const logCrash = (err: unknown) => {
      appendFileSync(
        `${process.argv[hostsAt + 1]}/harness-errors.log`,
        `${err instanceof Error ? err.stack : String(err)}\n`,
      );
      process.exit(1);
    };
    process.on("uncaughtException", logCrash);
    process.on("unhandledRejection", logCrash);
  }
  const running = await startServers(socketDir, loadProviderSchemas(), cloud?.applyHook);
  const stop = () => {
    // Exit even if a client holds a stream open: force the shutdown after a moment.
    setTimeout(() => process.exit(0), 500).unref();
    void running
      .stop()
      .then(() => cloud?.shutdown())
      .then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // If the process that started us dies without stopping us (jest killed, Ctrl-C), go too.
  const parent = process.ppid;
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      stop();
    }
  }, PARENT_CHECK_MS).unref();
  process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid, reattach: running.reattach })}\n`);
}

main().catch((err) => {
  process.stderr.write(`harness server failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
