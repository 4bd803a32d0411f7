/**
 * `npm run e2e`: applies the example stacks with the real terraform against simulated Stackato
 * hosts on this machine (see e2e/README.md), then checks the hosts. Prints one line per scenario
 * and "N passed, N failed"; exits 1 when any failed.
 *
 * Two processes: the outer one (as root) creates the network namespace and /dev/disk, runs the
 * inner one inside the namespace, and always tears down (hosts by PID, loop devices, namespace),
 * also when the inner one crashed or was interrupted. Off Linux, without root or without the
 * tools it skips with one line; with CI=true it fails instead.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { terraformAvailable } from "cdktf-stackato-openstack-harness";
import { createOuter, teardownOuter } from "./lib/sim";

const INSIDE = "STACKATO_E2E_INSIDE";
const TOOLS = [
  "unshare",
  "nsenter",
  "ip",
  "losetup",
  "sshd",
  "sshfs",
  "ssh-keygen",
  "ssh-keyscan",
  "mkfs.ext4",
  "blkid",
  "sudo",
  "runuser",
];

function missingPrerequisite(): string | undefined {
  if (process.platform !== "linux") return `needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return "needs root (namespaces, loop devices, mounts)";
  const path = (process.env.PATH ?? "") + ":/usr/sbin:/sbin";
  const missing = TOOLS.filter(
    (tool) => spawnSync("sh", ["-c", `command -v ${tool}`], { env: { ...process.env, PATH: path } }).status !== 0,
  );
  if (!terraformAvailable()) missing.push("terraform");
  if (missing.length > 0)
    return `missing ${missing.join(", ")} (bash scripts/setup.sh installs them: openssh-server sshfs sudo, and terraform in .toolchain/bin)`;
  const probe = spawnSync("unshare", ["--mount", "--uts", "--pid", "--fork", "true"]);
  if (probe.status !== 0) return "cannot create namespaces here (unshare --mount --uts --pid failed)";
  return undefined;
}

async function outer(): Promise<number> {
  const missing = missingPrerequisite();
  if (missing) {
    if (process.env.CI === "true") {
      console.error(`FAIL: npm run e2e ${missing}`);
      return 1;
    }
    console.log(`skipping end-to-end tests: ${missing}`);
    return 0;
  }
  const started = Date.now();
  const simDir = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-e2e-"));
  const sim = createOuter(simDir);
  const keep = process.env.STACKATO_E2E_KEEP === "1";
  let child: ReturnType<typeof spawn> | undefined;
  // The inner run leads its own process group (ip, node, harness, terraform, hosts): all ours.
  const interrupted = () => {
    try {
      if (child?.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  process.on("SIGINT", interrupted);
  process.on("SIGTERM", interrupted);
  try {
    const args = [...process.execArgv, __filename];
    child = spawn("ip", ["netns", "exec", sim.netns, process.execPath, ...args], {
      stdio: "inherit",
      detached: true,
      env: { ...process.env, [INSIDE]: simDir, CHECKPOINT_DISABLE: "1", TS_NODE_TRANSPILE_ONLY: "true" },
    });
    const code = await new Promise<number>((resolve) => child!.on("close", (c) => resolve(c ?? 1)));
    return code;
  } finally {
    teardownOuter(sim, keep);
    const seconds = (Date.now() - started) / 1000;
    console.log(`e2e wall time ${seconds.toFixed(1)} s${keep ? `; kept ${simDir}` : ""}`);
    // A loaded machine stretches every apply (scenario 1 took 30 to 50 s on a shared 2-core machine).
    if (seconds > 180)
      console.log(
        `over 3 minutes: the machine was busy (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores); see each scenario's time above`,
      );
  }
}

async function inner(simDir: string): Promise<number> {
  // Loaded here: the outer process must not need the build (it may only print a skip line).
  const { runScenarios } = await import("./lib/runner");
  return runScenarios(simDir);
}

const simDir = process.env[INSIDE];
(simDir ? inner(simDir) : outer()).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  },
);
