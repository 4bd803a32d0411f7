/**
 * Entry point of the harness server process (started by startHarness). It runs apart from the test
 * process on purpose: tests and cdktf's matchers run Terraform with execSync, which blocks their own
 * event loop, so a server living in that loop would never answer and Terraform would hang.
 *
 * Usage: node server-main.js <socket-dir>; prints one JSON line {"ready":true,"reattach":{...}}.
 */
import { startServers } from "./server";

const PARENT_CHECK_MS = 1000;

async function main(): Promise<void> {
  const socketDir = process.argv[2];
  if (!socketDir) throw new Error("usage: server-main <socket-dir>");
  const running = await startServers(socketDir);
  const stop = () => {
    // Exit even if a client holds a stream open: force the shutdown after a moment.
    setTimeout(() => process.exit(0), 500).unref();
    void running.stop().then(() => process.exit(0));
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
