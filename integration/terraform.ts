/**
 * The real Terraform with the real terraform-provider-openstack 3.4.0 (from .toolchain/, see
 * toolchain/build.sh) on a synthesized stack directory. The null provider is the project's harness,
 * reattached: hashicorp/null is not available to build here, and with `-target` on the openstack_*
 * resources no null_resource is planned or applied anyway (see integration/README.md).
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..");
export const TOOLCHAIN = path.join(ROOT, ".toolchain");
export const PROVIDER_BINARY = path.join(
  TOOLCHAIN,
  "providers/registry.terraform.io/terraform-provider-openstack/openstack/3.4.0/linux_amd64/terraform-provider-openstack_v3.4.0",
);
export const CLI_CONFIG = path.join(TOOLCHAIN, "terraform.rc");

/** `.toolchain/bin/terraform` when the toolchain has one, else the `terraform` on PATH. */
export function terraformBinary(): string | undefined {
  const pinned = path.join(TOOLCHAIN, "bin", "terraform");
  if (fs.existsSync(pinned)) return pinned;
  const found = spawnSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

export interface TfRun {
  readonly code: number;
  /** stdout and stderr together. */
  readonly output: string;
  readonly stdout: string;
  readonly seconds: number;
}

export class Terraform {
  constructor(
    private readonly binary: string,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  /** Runs terraform in `dir` (asynchronously, so that both stacks can be applied at once). */
  run(dir: string, args: string[], timeoutMs = 300000): Promise<TfRun> {
    const started = Date.now();
    return new Promise((resolve) => {
      const child = spawn(this.binary, [...args, "-no-color"], {
        cwd: dir,
        env: { ...process.env, ...this.env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const timer = setTimeout(() => {
        stderr += `\nkilled after ${timeoutMs} ms`;
        child.kill("SIGKILL");
      }, timeoutMs);
      child.on("close", (code) => {
        clearTimeout(timer);
        const seconds = (Date.now() - started) / 1000;
        fs.appendFileSync(
          this.logFile,
          `\n===== terraform ${args.join(" ")} (in ${dir}): exit ${code}, ${seconds.toFixed(1)} s\n${stdout}${stderr}`,
        );
        resolve({ code: code ?? 1, output: `${stdout}${stderr}`, stdout, seconds });
      });
    });
  }

  /** `terraform show -json` of the state: resource address to its attribute values. */
  async state(dir: string): Promise<Map<string, Record<string, unknown>>> {
    const res = await this.run(dir, ["show", "-json"]);
    if (res.code !== 0) throw new Error(`terraform show -json failed: ${res.output}`);
    const parsed = JSON.parse(res.stdout) as {
      values?: { root_module?: { resources?: { address: string; values: Record<string, unknown> }[] } };
    };
    const out = new Map<string, Record<string, unknown>>();
    for (const r of parsed.values?.root_module?.resources ?? []) out.set(r.address, r.values);
    return out;
  }
}

export type StackJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
};

/** Every `openstack_*` resource address the stack declares, for `-target=`. */
export function openstackTargets(stack: StackJson): string[] {
  const out: string[] = [];
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    if (!type.startsWith("openstack_")) continue;
    for (const name of Object.keys(byName)) out.push(`${type}.${name}`);
  }
  return out.sort();
}

/** The resource addresses (type.name) with `lifecycle.prevent_destroy`. */
export function protectedAddresses(stack: StackJson): string[] {
  const out: string[] = [];
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const lifecycle = body.lifecycle as { prevent_destroy?: boolean } | undefined;
      if (lifecycle?.prevent_destroy) out.push(`${type}.${name}`);
    }
  }
  return out.sort();
}
