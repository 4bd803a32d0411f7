/**
 * Starting and stopping the harness server process, and the environment Terraform needs to use it.
 * One server serves a whole test run: the jest global setup starts it and publishes its reattach
 * settings in process.env, which jest workers inherit.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ReattachProviders } from "./server";
import { NULL_PROVIDER_ADDRESS, realOpenStackProvider } from "./toolchain";

export const REATTACH_ENV = "TF_REATTACH_PROVIDERS";
const READY_TIMEOUT_MS = 30000;

export interface Harness {
  /** Process id of the server. */
  readonly pid: number;
  readonly reattach: ReattachProviders;
  /** The environment that points Terraform at this harness (see harnessEnv). */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** The variables every Terraform run against the harness needs; no network, no CLI config, no plugins. */
export function terraformEnvFor(reattach: ReattachProviders | string): Record<string, string> {
  return {
    [REATTACH_ENV]: typeof reattach === "string" ? reattach : JSON.stringify(reattach),
    // The machine's TF_CLI_CONFIG_FILE may name a file that does not exist; Terraform warns on every run.
    TF_CLI_CONFIG_FILE: "/dev/null",
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
  };
}

/**
 * The Terraform environment of the running harness, read from process.env (set by the jest global
 * setup, or by startHarness({ exportEnv: true })). Throws when no harness is running.
 */
export function harnessEnv(): Record<string, string> {
  const reattach = process.env[REATTACH_ENV];
  if (!reattach) {
    throw new Error(
      `${REATTACH_ENV} is not set: start the harness (jest globalSetup harness/jest-global-setup.ts, or startHarness())`,
    );
  }
  return terraformEnvFor(reattach);
}

/**
 * The environment for Terraform with the real terraform-provider-openstack, installed by `terraform init` from
 * the toolchain's mirror, next to the running harness's null provider (hashicorp/null is not buildable here).
 * Undefined when toolchain/build.sh has not built the provider. OS_AUTH_URL names a closed loopback port:
 * the provider authenticates lazily, so nothing is sent anywhere unless a step needs the cloud, and then it
 * fails at once instead of reaching a real one.
 */
export function realProviderEnv(): Record<string, string> | undefined {
  const real = realOpenStackProvider();
  if (!real) return undefined;
  const reattach = JSON.parse(harnessEnv()[REATTACH_ENV]) as ReattachProviders;
  return {
    ...terraformEnvFor({ [NULL_PROVIDER_ADDRESS]: reattach[NULL_PROVIDER_ADDRESS] } as ReattachProviders),
    TF_CLI_CONFIG_FILE: real.cliConfigFile,
    OS_AUTH_URL: "http://127.0.0.1:9/v3",
    // An OS_CLOUD of the operator's would point the provider at clouds.yaml; empty counts as unset.
    OS_CLOUD: "",
  };
}

export function harnessRunning(): boolean {
  return Boolean(process.env[REATTACH_ENV]);
}

/**
 * How to run server-main: compiled JS directly, or the TS source through ts-node when we are TS ourselves
 * or load a TS hosts module.
 */
function serverCommand(socketDir: string, extraArgs: string[], tsModules: boolean): string[] {
  const compiled = path.join(__dirname, "server-main.js");
  const tsNode = ["-r", "ts-node/register/transpile-only"];
  if (fs.existsSync(compiled)) return [...(tsModules ? tsNode : []), compiled, socketDir, ...extraArgs];
  return [...tsNode, path.join(__dirname, "server-main.ts"), socketDir, ...extraArgs];
}

export interface StartHarnessOptions {
  /** Also set the Terraform variables in this process's environment (what the jest global setup does). */
  readonly exportEnv?: boolean;
  /** Boot simulated hosts on apply, keeping their files under this directory (`npm run e2e`). */
  readonly hostsDir?: string;
  /** With hostsDir: the module that exports the HostsCloud class booting them (the repository's e2e/hosts/cloud.ts). */
  readonly hostsModule?: string;
}

/** Starts the server process and waits until it listens. */
export async function startHarness(options: StartHarnessOptions = {}): Promise<Harness> {
  // Unix socket paths are limited to ~100 bytes, so the directory stays short and in /tmp.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "tfh-"));
  const child = spawn(
    process.execPath,
    serverCommand(socketDir, hostsArgs(options), /\.ts$/.test(options.hostsModule ?? "")),
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
    },
  );
  let reattach: ReattachProviders;
  try {
    reattach = await waitForReady(child);
  } catch (err) {
    child.kill("SIGKILL");
    fs.rmSync(socketDir, { recursive: true, force: true });
    throw err;
  }
  // The server must never keep the caller (jest) alive: drop every handle that refs our event loop.
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.unref();
  const env = terraformEnvFor(reattach);
  if (options.exportEnv) Object.assign(process.env, env);
  return {
    pid: child.pid!,
    reattach,
    env,
    stop: async () => {
      await stopChild(child);
      fs.rmSync(socketDir, { recursive: true, force: true });
      if (options.exportEnv && process.env[REATTACH_ENV] === env[REATTACH_ENV]) delete process.env[REATTACH_ENV];
    },
  };
}

function hostsArgs(options: StartHarnessOptions): string[] {
  if (!options.hostsDir) return [];
  if (!options.hostsModule)
    throw new Error("startHarness: hostsDir needs hostsModule, the module exporting HostsCloud");
  return ["--hosts", options.hostsDir, "--hosts-module", path.resolve(options.hostsModule)];
}

function waitForReady(child: ChildProcess): Promise<ReattachProviders> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(
      () => reject(new Error(`harness server not ready after ${READY_TIMEOUT_MS} ms: ${stderr}`)),
      READY_TIMEOUT_MS,
    );
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve((JSON.parse(stdout.slice(0, newline)) as { reattach: ReattachProviders }).reattach);
      } catch (err) {
        reject(new Error(`harness server said something unexpected: ${stdout} ${stderr}`));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`harness server exited with ${code} before it was ready: ${stderr}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
