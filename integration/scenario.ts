/**
 * The inner half of `npm run integration`, inside the loopback-only network namespace: control plane
 * up, the examples synthesized by the project's own app, applied with the real provider (openstack_*
 * resources targeted), checked through the APIs, planned again, destroyed. Prints one line per check
 * and leaves the counts in RESULT_FILE for the outer process's closing line.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { startHarness } from "cdktf-stackato-openstack-harness";
import {
  CheckFailure,
  checkFloatingIps,
  checkImages,
  checkInstances,
  checkKeypairs,
  checkPorts,
  checkSecurityGroups,
  checkServerGroups,
  checkVolumes,
} from "./checks";
import { OpenStack } from "./openstack-api";
import { describeFaults, isSchedulingRace, serverFaults } from "./scheduling-race";
import {
  CLI_CONFIG,
  PROVIDER_BINARY,
  StackJson,
  Terraform,
  openstackTargets,
  protectedAddresses,
  terraformBinary,
} from "./terraform";

export const RESULT_FILE = "result.json";

const CREDENTIALS = {
  authUrl: "http://127.0.0.1:5000/v3",
  username: "stackato",
  password: "stackato-secret",
  projectName: "stackato",
};

interface Outcome {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly seconds: number;
}

class Report {
  readonly outcomes: Outcome[] = [];

  async check(name: string, fn: () => Promise<string> | string): Promise<boolean> {
    const started = Date.now();
    let ok = true;
    let detail: string;
    try {
      detail = await fn();
    } catch (err) {
      ok = false;
      detail = err instanceof CheckFailure || err instanceof Error ? err.message : String(err);
    }
    const seconds = (Date.now() - started) / 1000;
    this.outcomes.push({ name, ok, detail, seconds });
    console.log(`${ok ? "PASS" : "FAIL"} ${name} (${seconds.toFixed(1)} s)${detail ? `: ${detail}` : ""}`);
    return ok;
  }

  fail(name: string, detail: string): void {
    this.outcomes.push({ name, ok: false, detail, seconds: 0 });
    console.log(`FAIL ${name}: ${detail}`);
  }
}

/** The plan's verdict per resource and the attributes that force a replacement, not the whole plan. */
function planSummary(output: string): string {
  const lines = output
    .split("\n")
    .filter((l) => /^\s*# \S+ (must be replaced|will be|has changed)|forces replacement|^Plan:|^Error/.test(l))
    .map((l) => l.trimEnd());
  return lines.length > 0 ? lines.join("\n") : lastLines(output, 40);
}

function lastLines(text: string, n = 25): string {
  return text.trim().split("\n").slice(-n).join("\n");
}

/** Synthesizes with the project's app (the one `cdktf synth` runs) and the given STACKATO_* settings. */
function synth(root: string, outDir: string, settings: Record<string, string>): void {
  const res = spawnSync(process.execPath, [path.join(root, "scripts", "run-app.js")], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...settings, CDKTF_OUTDIR: outDir },
  });
  if (res.status !== 0) throw new Error(`synth failed: ${res.stdout}${res.stderr}`);
}

export async function runIntegration(runDir: string, root: string): Promise<number> {
  const report = new Report();
  const timings: string[] = [];
  const tfBinary = terraformBinary();
  if (!tfBinary) return finish(report.fail("prerequisites", "no terraform (.toolchain/bin/terraform or PATH)"));
  if (!fs.existsSync(PROVIDER_BINARY) || !fs.existsSync(CLI_CONFIG))
    return finish(
      report.fail("prerequisites", `no ${path.relative(root, PROVIDER_BINARY)} or ${path.relative(root, CLI_CONFIG)}`),
    );

  function finish(_?: void): number {
    const passed = report.outcomes.filter((o) => o.ok).length;
    const failed = report.outcomes.length - passed;
    if (timings.length) console.log(`timings: ${timings.join(", ")}`);
    // The outer process prints the closing `integration: N passed, N failed` line after its teardown.
    fs.writeFileSync(path.join(runDir, RESULT_FILE), JSON.stringify({ passed, failed }));
    return failed === 0 ? 0 : 1;
  }

  // 1. The control plane (its own log lines say what it is doing; a failure shows the service's log).
  // STACKATO_INTEGRATION_REUSE=1 (development) uses a control plane already running in runDir.
  let t = Date.now();
  if (process.env.STACKATO_INTEGRATION_REUSE !== "1") {
    const cp = spawnSync("bash", [path.join(__dirname, "controlplane.sh"), "start", runDir], { stdio: "inherit" });
    timings.push(`control plane ${((Date.now() - t) / 1000).toFixed(0)} s`);
    if (cp.status !== 0) return finish(report.fail("control plane starts", `controlplane.sh exited ${cp.status}`));
  }

  const harness = await startHarness();
  try {
    const nullOnly = {
      "registry.terraform.io/hashicorp/null": harness.reattach["registry.terraform.io/hashicorp/null"],
    };
    const tf = new Terraform(
      tfBinary,
      {
        TF_REATTACH_PROVIDERS: JSON.stringify(nullOnly),
        TF_CLI_CONFIG_FILE: CLI_CONFIG,
        CHECKPOINT_DISABLE: "1",
        TF_IN_AUTOMATION: "1",
        OS_AUTH_URL: CREDENTIALS.authUrl,
        OS_USERNAME: CREDENTIALS.username,
        OS_PASSWORD: CREDENTIALS.password,
        OS_PROJECT_NAME: CREDENTIALS.projectName,
        OS_USER_DOMAIN_NAME: "Default",
        OS_PROJECT_DOMAIN_NAME: "Default",
        OS_REGION_NAME: "RegionOne",
      },
      path.join(runDir, "terraform.log"),
    );

    // 2. Synth: the micro cloud uploads the fixture image from a local file and registers a key;
    // the cluster looks up an existing image and key pair by name (both made by the fixture).
    t = Date.now();
    const fixture = path.join(runDir, "fixture");
    const common = { STACKATO_NETWORK: "private", STACKATO_FLOATING_IP_POOL: "public" };
    synth(root, path.join(runDir, "synth-micro-cloud"), {
      ...common,
      STACKATO_IMAGE_FILE: path.join(fixture, "stackato-integration.qcow2"),
      STACKATO_PUBLIC_KEY_FILE: path.join(fixture, "id_rsa.pub"),
    });
    synth(root, path.join(runDir, "synth-cluster"), {
      ...common,
      STACKATO_IMAGE_NAME: "Stackato-fixture",
      STACKATO_KEYPAIR: "stackato-fixture",
    });
    timings.push(`synth ${((Date.now() - t) / 1000).toFixed(0)} s`);
    const stacks = ["micro-cloud", "cluster"].map((name) => {
      const dir = path.join(runDir, `synth-${name}`, "stacks", name);
      return { name, dir, json: JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as StackJson };
    });

    const os = await OpenStack.login(CREDENTIALS);
    // Both stacks at once: they share nothing (the cluster uses the fixture's image and key pair).
    const deploy = async (stack: (typeof stacks)[number]): Promise<void> => {
      const targets = openstackTargets(stack.json).map((a) => `-target=${a}`);
      const init = await tf.run(stack.dir, ["init", "-input=false"]);
      if (init.code !== 0) {
        report.fail(`${stack.name}: terraform init`, lastLines(init.output));
        return;
      }
      let applied = false;
      await report.check(`${stack.name}: apply ${targets.length} openstack resources`, async () => {
        const apply = () =>
          tf.run(stack.dir, ["apply", "-auto-approve", "-input=false", "-parallelism=20", ...targets], 600000);
        let res = await apply();
        let retried = "";
        if (res.code !== 0) {
          const faults = await serverFaults(os, res.output);
          if (!isSchedulingRace(faults))
            throw new CheckFailure(`${lastLines(res.output, 40)}${describeFaults(faults)}`);
          // Terraform tainted the instance that went to ERROR; the next apply schedules it alone.
          retried = ` (applied again once after Nova's scheduling race:${describeFaults(faults)})`;
          res = await apply();
        }
        timings.push(`${stack.name} apply ${res.seconds.toFixed(0)} s`);
        if (res.code !== 0) throw new CheckFailure(`${lastLines(res.output, 40)}${retried}`);
        applied = true;
        return `${/Apply complete! Resources: [^\n]*/.exec(res.output)?.[0] ?? ""}${retried}`;
      });
      if (!applied) return;
      const state = await tf.state(stack.dir);
      const checksStarted = Date.now();
      await report.check(`${stack.name}: instances`, () => checkInstances(os, stack.json, state));
      await report.check(`${stack.name}: security groups hold exactly the declared rules`, () =>
        checkSecurityGroups(os, stack.json, state),
      );
      await report.check(`${stack.name}: ports in the declared security groups`, () =>
        checkPorts(os, stack.json, state),
      );
      await report.check(`${stack.name}: server groups and their policies`, () =>
        checkServerGroups(os, stack.json, state),
      );
      await report.check(`${stack.name}: volumes attached to the declared servers`, () =>
        checkVolumes(os, stack.json, state),
      );
      await report.check(`${stack.name}: floating IPs on the exposed nodes only`, () =>
        checkFloatingIps(os, stack.json, state),
      );
      await report.check(`${stack.name}: images uploaded from localFilePath`, () => checkImages(os, stack.json, state));
      await report.check(`${stack.name}: key pairs`, () => checkKeypairs(os, stack.json));
      timings.push(`${stack.name} checks ${((Date.now() - checksStarted) / 1000).toFixed(0)} s`);
      await report.check(`${stack.name}: a second plan has no changes`, async () => {
        const res = await tf.run(stack.dir, ["plan", "-input=false", "-detailed-exitcode", ...targets]);
        if (res.code !== 0) throw new CheckFailure(`plan exited ${res.code}:\n${planSummary(res.output)}`);
        return "";
      });
    };
    await Promise.all(stacks.map(deploy));

    // 3. Destroy: Terraform refuses while prevent_destroy volumes are in the configuration; the rest
    // then goes by -target, and the protected volumes stay, detached, until deleted on purpose.
    const teardown = async (stack: (typeof stacks)[number]): Promise<void> => {
      const protectedOnes = protectedAddresses(stack.json);
      if (protectedOnes.length > 0) {
        await report.check(`${stack.name}: destroy is refused for the prevent_destroy volumes`, async () => {
          const res = await tf.run(stack.dir, ["destroy", "-auto-approve", "-input=false"]);
          if (res.code === 0) throw new CheckFailure("terraform destroy succeeded");
          const refused = protectedOnes.filter((a) => res.output.includes(a));
          if (!res.output.includes("Instance cannot be destroyed") || refused.length !== protectedOnes.length)
            throw new CheckFailure(`not the prevent_destroy refusal:\n${lastLines(res.output)}`);
          return `"Instance cannot be destroyed" for ${refused.length} volumes`;
        });
      }
      const rest = openstackTargets(stack.json)
        .filter((a) => !protectedOnes.includes(a))
        .map((a) => `-target=${a}`);
      await report.check(`${stack.name}: destroy of everything else`, async () => {
        const res = await tf.run(
          stack.dir,
          ["destroy", "-auto-approve", "-input=false", "-parallelism=20", ...rest],
          600000,
        );
        timings.push(`${stack.name} destroy ${res.seconds.toFixed(0)} s`);
        if (res.code !== 0) throw new CheckFailure(lastLines(res.output, 40));
        const after = await tf.state(stack.dir);
        const left = [...after.keys()].filter((a) => !a.startsWith("data."));
        if (!same(left, protectedOnes)) throw new CheckFailure(`left in the state: ${left.join(", ")}`);
        const kept: string[] = [];
        for (const address of protectedOnes) {
          const id = String(after.get(address)?.id);
          const { volume } = await os.get<{ volume: { status: string } }>("volumev3", `/volumes/${id}`);
          if (volume.status !== "available") throw new CheckFailure(`${address} is ${volume.status} after the destroy`);
          kept.push(id);
        }
        // Cleaning up on purpose, as an operator would: out of the state, then deleted in Cinder.
        for (const address of protectedOnes) await tf.run(stack.dir, ["state", "rm", address]);
        for (const id of kept) await os.delete("volumev3", `/volumes/${id}`);
        return `${/Destroy complete! Resources: [^\n]*/.exec(res.output)?.[0] ?? ""}${kept.length ? `; ${kept.length} protected volumes kept, available, then deleted through Cinder` : ""}`;
      });
    };
    await Promise.all(stacks.map(teardown));
    await report.check("the project is empty again", async () => {
      const servers = (await os.get<{ servers: unknown[] }>("compute", "/servers")).servers;
      const fips = (await os.get<{ floatingips: unknown[] }>("network", `/v2.0/floatingips?project_id=${os.projectId}`))
        .floatingips;
      const groups = (
        await os.get<{ security_groups: { name: string }[] }>(
          "network",
          `/v2.0/security-groups?project_id=${os.projectId}`,
        )
      ).security_groups.filter((g) => g.name !== "default");
      const serverGroups = (await os.get<{ server_groups: unknown[] }>("compute", "/os-server-groups")).server_groups;
      const ports = (
        await os.get<{ ports: { device_owner: string }[] }>("network", `/v2.0/ports?project_id=${os.projectId}`)
      ).ports.filter((p) => !p.device_owner.startsWith("network:"));
      const leftovers = [
        servers.length && `${servers.length} servers`,
        fips.length && `${fips.length} floating IPs`,
        groups.length && `${groups.length} security groups`,
        serverGroups.length && `${serverGroups.length} server groups`,
        ports.length && `${ports.length} ports`,
      ].filter(Boolean);
      if (leftovers.length) throw new CheckFailure(`left behind: ${leftovers.join(", ")}`);
      return "";
    });
  } finally {
    await harness.stop();
  }
  return finish();
}

function same(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);
}
