/**
 * Running Terraform against the harness: validate, plan, apply and destroy of a synthesized stack
 * directory. Every run is asynchronous (never execSync), takes its environment from harnessEnv(),
 * and plans and applies in a scratch copy so the caller's directory gets no .terraform or state.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { harnessEnv, realProviderEnv } from "./harness";
import { parseJsonLines, parseValidateJson } from "./terraform-output";
import { toolchainTerraform } from "./toolchain";
import type { ApplyResult, RawRun, TerraformResult } from "./terraform-types";

// The result types live in terraform-types.ts, which terraform-output.ts reads too (no import cycle).
export type { ApplyResult, RawRun, TerraformResult } from "./terraform-types";

export interface ApplyOptions {
  /**
   * Keep provisioner and connection blocks. The fake cloud has no hosts to ssh into, so this must
   * be false (the default) for an apply to succeed; it is explicit so callers say what they test.
   */
  readonly provisioners?: boolean;
}

/** TERRAFORM_BINARY, else the pinned toolchain's (toolchain/build.sh), else `terraform` on PATH. */
export const TERRAFORM = process.env.TERRAFORM_BINARY || toolchainTerraform() || "terraform";
const RUN_TIMEOUT_MS = 120000;

/** Whether a terraform executable is there: TERRAFORM_BINARY, the toolchain's, or one on PATH. */
export function terraformAvailable(): boolean {
  if (TERRAFORM.includes("/")) return isExecutable(TERRAFORM);
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => dir && isExecutable(path.join(dir, TERRAFORM)));
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Runs terraform with the harness environment; never throws for a non-zero exit. */
export function runTerraform(args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<RawRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(TERRAFORM, args, {
      cwd,
      env: { ...process.env, ...harnessEnv(), ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Which OpenStack provider Terraform talks to: the harness's schema-only fake, or the real
 * terraform-provider-openstack from the toolchain (toolchain.ts), which also runs its own checks.
 */
export type ProviderChoice = "fake" | "real";

/**
 * `terraform validate -json` of `dir`. With the fake, no init is needed: reattached providers are never
 * installed. With the real provider, a scratch copy is initialised from the toolchain's mirror first.
 */
export async function validateStackDir(dir: string, provider: ProviderChoice = "fake"): Promise<TerraformResult> {
  if (provider === "fake") return parseValidateJson(await runTerraform(["validate", "-json", "-no-color"], dir));
  const env = realProviderEnv();
  if (!env) throw new Error("the real OpenStack provider is not built: run `bash toolchain/build.sh`");
  const workDir = copyStackDir(dir);
  try {
    const init = await runTerraform(["init", "-backend=false", "-input=false", "-no-color"], workDir, env);
    if (init.code !== 0) return initFailure(init);
    return parseValidateJson(await runTerraform(["validate", "-json", "-no-color"], workDir, env));
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** Copies a stack directory to a scratch directory, without any .terraform or state from earlier runs. */
export function copyStackDir(dir: string, options: ApplyOptions = { provisioners: true }): string {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-stack-"));
  fs.cpSync(dir, workDir, {
    recursive: true,
    filter: (source) =>
      !/(^|\/)\.terraform(\/|$)|\.tfstate(\.backup)?$|\.terraform\.lock\.hcl$/.test(path.relative(dir, source)),
  });
  isolateState(path.join(workDir, "cdk.tf.json"));
  if (options.provisioners === false) stripProvisioners(path.join(workDir, "cdk.tf.json"));
  return workDir;
}

type SynthesizedJson = {
  terraform?: { backend?: Record<string, unknown> };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
};

function editJson(file: string, edit: (config: SynthesizedJson) => void): void {
  const config = JSON.parse(fs.readFileSync(file, "utf8")) as SynthesizedJson;
  edit(config);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
}

/**
 * Points the backend at a state file inside the scratch copy. Stacks name a state path relative to
 * cdktf.out/stacks/<name> (e.g. ../../../terraform.<name>.tfstate), which from a copy in /tmp would
 * land anywhere; and a fake apply must never read or write the operator's real state.
 */
export function isolateState(file: string): void {
  editJson(file, (config) => {
    if (config.terraform?.backend) config.terraform.backend = { local: { path: "terraform.tfstate" } };
  });
}

/** Removes provisioner and connection blocks from every resource of a synthesized JSON file. */
export function stripProvisioners(file: string): void {
  editJson(file, (config) =>
    forEachResource(config, (resource) => {
      delete resource.provisioner;
      delete resource.connection;
    }),
  );
}

/**
 * Drops lifecycle.prevent_destroy in an applied scratch copy, so a test can check that protected
 * resources refuse to be destroyed and then still clean up the fake cloud.
 */
export function allowDestroy(workDir: string): void {
  editJson(path.join(workDir, "cdk.tf.json"), (config) =>
    forEachResource(config, (resource) => {
      const lifecycle = resource.lifecycle as Record<string, unknown> | undefined;
      if (lifecycle) delete lifecycle.prevent_destroy;
    }),
  );
}

function forEachResource(config: SynthesizedJson, visit: (resource: Record<string, unknown>) => void): void {
  for (const byName of Object.values(config.resource ?? {}))
    for (const resource of Object.values(byName)) visit(resource);
}

/** `terraform init`: our stacks declare a local backend. It runs offline: reattached providers are skipped. */
export async function initWorkDir(workDir: string, env: Record<string, string> = {}): Promise<RawRun> {
  return runTerraform(["init", "-input=false", "-no-color"], workDir, env);
}

function initFailure(run: RawRun): TerraformResult {
  return {
    ok: false,
    stdout: run.stdout,
    stderr: run.stderr,
    diagnostics: [`error: terraform init failed: ${run.stderr.trim()}`],
  };
}

/**
 * init + `terraform plan` of a copy of `dir`; resourcesToCreate is the plan's "to add" count.
 * `planArgs` go to the plan as they are, e.g. `-var=name=value` or `-var-file=/abs/path.tfvars`.
 */
export async function planStackDir(dir: string, planArgs: string[] = []): Promise<TerraformResult> {
  const workDir = copyStackDir(dir);
  try {
    const initRun = await initWorkDir(workDir);
    if (initRun.code !== 0) return initFailure(initRun);
    return await planWorkDir(workDir, planArgs);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** `terraform plan` in an initialised directory, e.g. after applyStackDir to check that nothing changes. */
export async function planWorkDir(
  workDir: string,
  planArgs: string[] = [],
): Promise<TerraformResult & { changes?: number }> {
  const run = await runTerraform(["plan", "-input=false", "-lock=false", "-json", ...planArgs], workDir);
  const parsed = parseJsonLines(run);
  const summary = parsed.changeSummary;
  return { ...parsed.result, changes: summary ? summary.add + summary.change + summary.remove : undefined };
}

/** init + `terraform apply` of a copy of `dir` against the fake cloud. The copy stays for destroy. */
export async function applyStackDir(
  dir: string,
  options: ApplyOptions = { provisioners: false },
): Promise<ApplyResult> {
  const workDir = copyStackDir(dir, options);
  const initRun = await initWorkDir(workDir);
  if (initRun.code !== 0) return { ...initFailure(initRun), workDir };
  const run = await runTerraform(["apply", "-auto-approve", "-input=false", "-lock=false", "-json"], workDir);
  return { ...parseJsonLines(run).result, workDir };
}

/** `terraform destroy` in a directory applyStackDir left (the caller removes the directory). */
export async function destroyWorkDir(workDir: string): Promise<TerraformResult> {
  const run = await runTerraform(["destroy", "-auto-approve", "-input=false", "-lock=false", "-json"], workDir);
  return parseJsonLines(run).result;
}

/** `terraform output -json` of an applied directory, as name -> value. */
export async function outputsOf(workDir: string): Promise<Record<string, unknown>> {
  const run = await runTerraform(["output", "-json"], workDir);
  if (run.code !== 0) throw new Error(`terraform output failed: ${run.stderr}`);
  const outputs = JSON.parse(run.stdout) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(outputs).map(([name, o]) => [name, o.value]));
}

/** Managed resources in the local state of an applied directory (the one state file there). */
export function managedResourcesInState(
  workDir: string,
): Array<{ type: string; name: string; attributes: Record<string, unknown> }> {
  const stateFile = fs.readdirSync(workDir).find((f) => f.endsWith(".tfstate"));
  if (!stateFile) return [];
  const state = JSON.parse(fs.readFileSync(path.join(workDir, stateFile), "utf8")) as {
    resources: Array<{
      mode: string;
      type: string;
      name: string;
      instances: Array<{ attributes: Record<string, unknown> }>;
    }>;
  };
  return state.resources
    .filter((r) => r.mode === "managed")
    .flatMap((r) => r.instances.map((i) => ({ type: r.type, name: r.name, attributes: i.attributes })));
}
