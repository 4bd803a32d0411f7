/**
 * The inner run, inside the e2e network namespace: a throwaway key, the stacks, the harness in
 * hosts mode, then every scenario in order, each reported as it ends.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { startHarness } from "cdktf-stackato-openstack-harness";
import { Context, Scenario } from "./scenario";
import { init, LICENSE_KEY, synthStacks } from "./tf";
import { clusterScenarios } from "../scenarios/cluster";
import { lifecycleScenarios } from "../scenarios/lifecycle";
import { day2Scenarios } from "../scenarios/day2";
import { microCloudScenarios } from "../scenarios/micro-cloud";
import { callOrder } from "../scenarios/kato-order";

/** A throwaway RSA key in PEM form, made at run time in the simulation directory; never committed. */
function makeKey(simDir: string): string {
  const dir = path.join(simDir, "keys");
  fs.mkdirSync(dir, { mode: 0o700 });
  const key = path.join(dir, "id_rsa");
  execFileSync("ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-C", "stackato-e2e", "-f", key]);
  fs.copyFileSync(`${key}.pub`, path.join(simDir, "authorized_keys"));
  return key;
}

/** The variants of one stack share providers and backend: one `terraform init`, its result copied. */
function copyInit(from: string, to: string): void {
  fs.cpSync(path.join(from, ".terraform"), path.join(to, ".terraform"), { recursive: true });
  const lock = path.join(from, ".terraform.lock.hcl");
  if (fs.existsSync(lock)) fs.copyFileSync(lock, path.join(to, ".terraform.lock.hcl"));
}

export async function runScenarios(simDir: string): Promise<number> {
  const setupStarted = Date.now();
  const key = makeKey(simDir);
  const stacks = synthStacks(simDir, key);
  const synthSeconds = (Date.now() - setupStarted) / 1000;
  const harness = await startHarness({
    hostsDir: simDir,
    hostsModule: path.join(__dirname, "..", "hosts", "cloud.ts"),
  });
  const results: Array<{ scenario: Scenario; error?: string; seconds: number }> = [];
  try {
    const tfEnv = { ...harness.env, TF_VAR_stackato_license_key: LICENSE_KEY };
    const ctx: Context = { simDir, tfEnv, stacks, notes: {} };
    // The reserved-ip stack has its own backend (state file), so its own init.
    await Promise.all([stacks.cluster, stacks.microCloud, stacks.reservedIp].map((dir) => init(simDir, tfEnv, dir)));
    for (const dir of [
      stacks.clusterPlusDea,
      stacks.firstDeasGrown,
      stacks.deasShrunk,
      stacks.routerAdded,
      stacks.frontDoorRouters,
    ])
      copyInit(stacks.cluster, dir);
    console.log(
      `setup ${((Date.now() - setupStarted) / 1000).toFixed(1)} s (synth of 8 stacks ${synthSeconds.toFixed(1)} s, then harness and terraform init)`,
    );
    const scenarios = [...clusterScenarios, ...lifecycleScenarios, ...day2Scenarios, ...microCloudScenarios];
    for (const scenario of scenarios) {
      const started = Date.now();
      let error: string | undefined;
      try {
        // Each would wait for its own apply to time out on a cluster that never came up.
        if (scenario.needsCluster && !ctx.notes.clusterApplied)
          throw new Error("not run: the cluster from scenario 1 did not come up");
        await scenario.run(ctx);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      const seconds = (Date.now() - started) / 1000;
      results.push({ scenario, error, seconds });
      const label = `${String(scenario.id).padStart(2)} ${scenario.title}`;
      console.log(`${error ? "FAIL" : "PASS"} ${label} (${seconds.toFixed(1)} s)`);
      if (error)
        console.log(
          error
            .split("\n")
            .map((l) => `       ${l}`)
            .join("\n"),
        );
    }
    if (ctx.notes.scaleInTimeline)
      console.log(
        `\nscale-in of stackato-dea-2 and -3 (scenario 13): kato calls on the core, and when each VM was destroyed:\n${(
          ctx.notes.scaleInTimeline as string[]
        )
          .map((l) => `  ${l}`)
          .join("\n")}`,
      );
    try {
      console.log(
        `\nkato calls on stackato-controller-1, in order:\n${callOrder(simDir, "stackato-controller-1")
          .map((l) => `  ${l}`)
          .join("\n")}`,
      );
    } catch {
      // no such host: scenario 1 already failed
    }
  } finally {
    await harness.stop();
  }
  const failed = results.filter((r) => r.error).length;
  console.log(`\nlogs: ${path.join(simDir, "logs")} (removed at exit unless STACKATO_E2E_KEEP=1)`);
  console.log(`${results.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}
