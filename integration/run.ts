/**
 * `npm run integration`: applies the example stacks with the real Terraform and the real
 * terraform-provider-openstack 3.4.0 against a real OpenStack Zed control plane (Debian bookworm's
 * packages, fake hypervisor and volume drivers) on loopback, then checks what Nova, Neutron, Cinder
 * and Glance report. See integration/README.md.
 *
 * Two processes. The outer one (root) installs the packages if needed (integration/setup.sh),
 * creates a network namespace with only `lo`, runs the inner one inside it, samples the memory of
 * every process in the namespace, and always tears down: the services by their recorded PIDs, then
 * any process left in the namespace (all ours), then the namespace. The inner one starts the control
 * plane, synthesizes, applies and checks. Off Linux, without root or without packages it prints one
 * `skipping integration: ...` line and exits 0; with CI=true it fails instead.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CLI_CONFIG, PROVIDER_BINARY, terraformBinary } from "./terraform";

const INSIDE = "STACKATO_INTEGRATION_INSIDE";
const HERE = __dirname;
const ROOT = path.resolve(HERE, "..");

function skipOrFail(reason: string): number {
  if (process.env.CI === "true") {
    console.error(`FAIL: npm run integration: ${reason}`);
    console.log("integration: 0 passed, 1 failed");
    return 1;
  }
  console.log(`skipping integration: ${reason}`);
  return 0;
}

function processesIn(netns: string): number[] {
  const res = spawnSync("ip", ["netns", "pids", netns], { encoding: "utf8" });
  return (res.stdout ?? "")
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((p) => p !== process.pid);
}

interface MemorySample {
  /** Proportional set size: shared pages split between their users, so the sum is what the run uses. */
  totalKb: number;
  controlPlaneKb: number;
}

/** PSS of every process in the namespace: the control plane, and terraform/provider/node on top. */
function sampleMemory(netns: string): MemorySample {
  let totalKb = 0;
  let controlPlaneKb = 0;
  for (const pid of processesIn(netns)) {
    try {
      const pss = Number(/Pss:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
      const name = fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      totalKb += pss;
      if (!/^(node|terraform|ip)/.test(name)) controlPlaneKb += pss;
    } catch {
      // gone between the listing and the read
    }
  }
  return { totalKb, controlPlaneKb };
}

async function outer(): Promise<number> {
  if (process.platform !== "linux") return skipOrFail(`needs Linux (this is ${process.platform})`);
  if (process.getuid?.() !== 0) return skipOrFail("needs root (packages, network namespace, services)");
  if (spawnSync("sh", ["-c", "command -v ip && command -v apt-get"]).status !== 0)
    return skipOrFail("needs ip (iproute2) and apt-get (Debian bookworm)");
  if (!terraformBinary()) return skipOrFail("no terraform (.toolchain/bin/terraform, or terraform on PATH)");
  if (!fs.existsSync(PROVIDER_BINARY) || !fs.existsSync(CLI_CONFIG))
    return skipOrFail(
      `no ${path.relative(ROOT, PROVIDER_BINARY)} and ${path.relative(ROOT, CLI_CONFIG)} (toolchain/build.sh makes them)`,
    );
  const started = Date.now();
  const setup = spawnSync("bash", [path.join(HERE, "setup.sh")], { encoding: "utf8", env: process.env });
  process.stdout.write(setup.stdout ?? "");
  process.stderr.write(setup.stderr ?? "");
  if (setup.status !== 0) return skipOrFail("integration/setup.sh failed");
  if ((setup.stdout ?? "").includes("skipping integration:")) return 0;
  const setupSeconds = (Date.now() - started) / 1000;

  const runDir = fs.mkdtempSync("/var/tmp/stackato-integration-");
  const netns = `stackato-integ-${process.pid}`;
  const keep = process.env.STACKATO_INTEGRATION_KEEP === "1";
  let peak: MemorySample = { totalKb: 0, controlPlaneKb: 0 };
  let child: ReturnType<typeof spawn> | undefined;
  const interrupted = () => {
    try {
      if (child?.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  };
  process.on("SIGINT", interrupted);
  process.on("SIGTERM", interrupted);
  let code = 1;
  let result = { passed: 0, failed: 1 };
  try {
    if (spawnSync("ip", ["netns", "add", netns]).status !== 0) return skipOrFail("cannot create a network namespace");
    spawnSync("ip", ["netns", "exec", netns, "ip", "link", "set", "lo", "up"]);
    const sampler = setInterval(() => {
      const s = sampleMemory(netns);
      if (s.totalKb > peak.totalKb) peak = s;
    }, 1000);
    child = spawn("ip", ["netns", "exec", netns, process.execPath, ...process.execArgv, __filename], {
      stdio: "inherit",
      detached: true,
      env: { ...process.env, [INSIDE]: runDir, CHECKPOINT_DISABLE: "1", TS_NODE_TRANSPILE_ONLY: "true" },
    });
    code = await new Promise<number>((resolve) => child!.on("close", (c) => resolve(c ?? 1)));
    clearInterval(sampler);
  } finally {
    // The services by their recorded PIDs; then whatever is still in our namespace (only ours can be).
    spawnSync("ip", ["netns", "exec", netns, "bash", path.join(HERE, "controlplane.sh"), "stop", runDir], {
      stdio: "inherit",
    });
    const left = processesIn(netns);
    const names = left.map((pid) => {
      try {
        // The python services run as `python3 -c CODE PROG MODULE`: name them by PROG. An exiting
        // process has an empty command line: its comm then.
        const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        const prog =
          (argv[0].endsWith("python3") ? argv[3] : argv[0]) || fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
        return `${pid} ${prog}`;
      } catch {
        return String(pid);
      }
    });
    for (const pid of left) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    if (left.length > 0)
      console.log(`integration: killed ${left.length} processes left in the namespace (${names.join(", ")})`);
    spawnSync("ip", ["netns", "delete", netns]);
    try {
      result = JSON.parse(
        fs.readFileSync(path.join(runDir, "result.json") /* scenario.ts RESULT_FILE */, "utf8"),
      ) as typeof result;
    } catch {
      // the inner run died before its report
    }
    if (keep || code !== 0) console.log(`integration: kept ${runDir} (logs under log/, terraform.log)`);
    else fs.rmSync(runDir, { recursive: true, force: true });
  }
  const mb = (kb: number) => (kb / 1024).toFixed(0);
  console.log(
    `integration wall time ${((Date.now() - started) / 1000).toFixed(1)} s (package check/install ${setupSeconds.toFixed(1)} s); ` +
      `peak memory ${mb(peak.totalKb)} MB (PSS of every process in the namespace; control plane ${mb(peak.controlPlaneKb)} MB)`,
  );
  if (code !== 0 && result.failed === 0) result = { ...result, failed: 1 };
  console.log(`integration: ${result.passed} passed, ${result.failed} failed`);
  return code;
}

async function inner(runDir: string): Promise<number> {
  const { runIntegration } = await import("./scenario");
  return runIntegration(runDir, ROOT);
}

const runDir = process.env[INSIDE];
(runDir ? inner(runDir) : outer()).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.stack : String(err));
    if (!runDir) console.log("integration: 0 passed, 1 failed");
    process.exit(1);
  },
);
