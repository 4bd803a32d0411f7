/**
 * Synthesizing the example stacks for the simulation, and running the real terraform on them.
 * Each stack is synthesized into <sim>/deploy/<variant>/stacks/<id>; the examples' local backend
 * (`../../../terraform.<id>.tfstate`) and the cluster key directory (`../../../.stackato-keys`)
 * then land in <sim>/deploy, shared by every variant, as they would be in one project folder.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import {
  ClusterExampleSettings,
  ClusterStack,
  clusterSettingsFromEnv,
  MicroCloudStack,
  microCloudSettingsFromEnv,
} from "../../examples";
import { TERRAFORM } from "cdktf-stackato-openstack-harness";

// A healthy cluster apply takes ~15 s here; a hung provisioner (a prompt, a wait) fails at this.
const APPLY_TIMEOUT_MS = 60000;

export interface Stacks {
  readonly cluster: string;
  /** The cluster with a second addDeas() call of one DEA (stackato-dea2-1). */
  readonly clusterPlusDea: string;
  /** ... with its first addDeas() call grown to 3. */
  readonly firstDeasGrown: string;
  /** ... with its first addDeas() call shrunk to 1. */
  readonly deasShrunk: string;
  /** ... shrunk, with a second addRouters() call of one router (stackato-router2-1). */
  readonly routerAdded: string;
  /** ... shrunk, with the two routers as the front door instead of the load balancer. */
  readonly frontDoorRouters: string;
  readonly microCloud: string;
  /** A second micro cloud, "reserved-ip", on the reserved floating IP RESERVED_FLOATING_IP. */
  readonly reservedIp: string;
}

export const DOMAIN = "paas.e2e.test";
export const MICRO_DOMAIN = "micro.e2e.test";
/**
 * The cluster's license key, given as TF_VAR_stackato_license_key: scenario 1 checks it reached the
 * core's kato and is nowhere else (no /tmp, no log, no state).
 */
export const LICENSE_KEY = "E2E-LICENSE-3f1c9a7e-never-in-a-file";
/** Outside the fake cloud's pool (127.42.2.0/24): an address the project holds, as an operator reserves one. */
export const RESERVED_FLOATING_IP = "127.42.3.10";

export function synthStacks(simDir: string, privateKeyFile: string): Stacks {
  const env = {
    ...process.env,
    STACKATO_SSH_PRIVATE_KEY: privateKeyFile,
    STACKATO_DOMAIN: DOMAIN,
    STACKATO_MICRO_CLOUD_DOMAIN: MICRO_DOMAIN,
    STACKATO_LICENSE_KEY_VARIABLE: "true",
  };
  const deploy = path.join(simDir, "deploy");
  fs.mkdirSync(deploy, { recursive: true });
  const base = new App({ outdir: path.join(deploy, "base"), skipValidation: false });
  new ClusterStack(base, "cluster", clusterSettingsFromEnv(env));
  new MicroCloudStack(base, "micro-cloud", microCloudSettingsFromEnv(env));
  new MicroCloudStack(base, "reserved-ip", {
    ...microCloudSettingsFromEnv(env),
    name: "reserved-ip",
    domain: "reserved.e2e.test",
    floatingIp: RESERVED_FLOATING_IP,
  });
  base.synth();
  // The same cluster changed through the public API, as an operator edits a live stack: a second
  // addDeas() call; then its first call grown; then shrunk; then one router more (a second call).
  const variant = (
    dir: string,
    deaCount: number,
    extraRouters: number,
    frontDoor?: ClusterExampleSettings["frontDoor"],
  ): string => {
    const app = new App({ outdir: path.join(deploy, dir) });
    const settings = { ...clusterSettingsFromEnv(env), deaCount, frontDoor };
    const stack = new ClusterStack(app, "cluster", settings);
    stack.cluster.addDeas({ count: 1, flavorName: settings.deaFlavorName });
    if (extraRouters > 0) stack.cluster.addRouters({ count: extraRouters, flavorName: settings.flavorName });
    app.synth();
    return path.join(deploy, dir, "stacks", "cluster");
  };
  return {
    cluster: path.join(deploy, "base", "stacks", "cluster"),
    clusterPlusDea: variant("plus-dea", 2, 0),
    firstDeasGrown: variant("first-deas-grown", 3, 0),
    deasShrunk: variant("deas-shrunk", 1, 0),
    routerAdded: variant("router-added", 1, 1),
    frontDoorRouters: variant("front-door-routers", 1, 0, "routers"),
    microCloud: path.join(deploy, "base", "stacks", "micro-cloud"),
    reservedIp: path.join(deploy, "base", "stacks", "reserved-ip"),
  };
}

export interface TfRun {
  readonly code: number | null;
  readonly output: string;
  readonly timedOut: boolean;
}

let runCounter = 0;

/** Runs terraform in `dir` with the harness environment; the output also goes to <sim>/logs. */
export function terraform(
  simDir: string,
  env: Record<string, string>,
  dir: string,
  args: string[],
  timeoutMs = APPLY_TIMEOUT_MS,
): Promise<TfRun> {
  const logs = path.join(simDir, "logs");
  fs.mkdirSync(logs, { recursive: true });
  const logFile = path.join(logs, `${String(++runCounter).padStart(2, "0")}-${path.basename(dir)}-${args[0]}.log`);
  return new Promise((resolve) => {
    const flags = args[0] === "state" ? [] : ["-no-color", "-input=false"];
    const child = spawn(TERRAFORM, [...args, ...flags], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let timedOut = false;
    const collect = (chunk: Buffer) => (output += chunk.toString());
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGINT");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      fs.writeFileSync(logFile, `$ terraform ${args.join(" ")}\n${output}`);
      resolve({ code, output, timedOut });
    });
  });
}

export async function init(simDir: string, env: Record<string, string>, dir: string): Promise<void> {
  const run = await terraform(simDir, env, dir, ["init"], 60000);
  if (run.code !== 0) throw new Error(`terraform init failed in ${dir}:\n${run.output}`);
}

/** The lines of Terraform's output that say what failed, for a readable scenario failure. */
export function errorSummary(output: string): string {
  const lines = output.split("\n");
  const picked: string[] = [];
  lines.forEach((line, i) => {
    if (
      /^Error: |ERROR|(^|\s)kato [a-z].*: |Host key verification|unknown option|Input\/output error|Proceed anyway|^timed out/.test(
        line,
      )
    )
      picked.push(line.trim());
    if (/^Error: /.test(line) && lines[i + 2]) picked.push(`  ${lines[i + 2].trim()}`);
  });
  return [...new Set(picked)].slice(0, 14).join("\n");
}

/** "Plan: 1 to add, 0 to change, 0 to destroy." -> numbers; null when Terraform said "No changes". */
export function planCounts(output: string): { add: number; change: number; destroy: number } | null {
  const m = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(output);
  if (!m) return null;
  return { add: Number(m[1]), change: Number(m[2]), destroy: Number(m[3]) };
}

/** Resource addresses in the state of an initialised stack directory. */
export async function stateList(simDir: string, env: Record<string, string>, dir: string): Promise<string[]> {
  const run = await terraform(simDir, env, dir, ["state", "list"], 30000);
  return run.output
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}
