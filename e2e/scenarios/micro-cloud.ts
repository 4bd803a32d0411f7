/** Scenario 9: the micro cloud example, with a domain, applies; its kato drops mDNS and takes the name. */
import { Expectations, Scenario } from "../lib/scenario";
import { hostNamed, katoCalls, katoState, onHost } from "../lib/sim";
import { createHash } from "crypto";
import { errorSummary, LICENSE_KEY, MICRO_DOMAIN, terraform } from "../lib/tf";

const microCloud: Scenario = {
  id: 9,
  title: "the micro cloud with a domain and a license applies",
  async run(ctx) {
    const expect = new Expectations();
    const run = await terraform(ctx.simDir, ctx.tfEnv, ctx.stacks.microCloud, ["apply", "-auto-approve"]);
    expect.that(run.code === 0 && !run.timedOut, `terraform apply failed:\n${errorSummary(run.output)}`);
    const host = hostNamed(ctx.simDir, "microcloud");
    const calls = katoCalls(host).map((c) => `${c.args.join(" ")}${c.exit ? ` -> exit ${c.exit}` : ""}`);
    // The e2e synthesizes with STACKATO_LICENSE_KEY_VARIABLE=true: the license follows the rename, key on STDIN.
    expect.equal(
      calls.filter((c) => !c.startsWith("process ready")),
      ["role remove mdns", `node rename ${MICRO_DOMAIN}`, "license set"],
      "kato calls on the micro cloud",
    );
    const state = katoState(host);
    expect.that(Boolean(state && !state.roles.includes("mdns")), `mdns still enabled: ${state?.roles.join(" ")}`);
    expect.equal(
      state?.licenseSha256,
      createHash("sha256").update(LICENSE_KEY).digest("hex"),
      "sha256 of the license the micro cloud's kato holds",
    );
    const plan = await terraform(ctx.simDir, ctx.tfEnv, ctx.stacks.microCloud, ["plan", "-detailed-exitcode"]);
    expect.equal(plan.code, 0, "exit code of a second plan (0 = no changes)");
    expect.done();
  },
};

/**
 * The simulation checks itself: the fake kato must refuse what the real one does not know, or the
 * scenarios above would prove nothing about the scripts' kato syntax. Runs on the micro cloud after
 * scenario 9, so no cluster host's call log changes.
 */
const strictKato: Scenario = {
  id: 11,
  title: "(self-check) the fake kato refuses unknown commands, flags and roles, and checks relocate targets",
  async run(ctx) {
    const expect = new Expectations();
    const host = hostNamed(ctx.simDir, "microcloud");
    const kato = (args: string) => onHost(host, `/home/stackato/bin/kato ${args}`, "stackato");
    for (const args of [
      "frobnicate",
      "node attach --bogus 127.0.0.1",
      "node attach -e dea,bogus 127.0.0.1",
      "role add --bogus dea",
      "process ready --block x all",
      "node setup load_balancer",
    ]) {
      const run = kato(args);
      expect.that(run.code === 2, `kato ${args}: exit ${run.code}, expected 2 (refused): ${run.out}`);
    }
    const missing = kato("relocate droplets /mnt/no-such-dir");
    expect.that(
      missing.code === 1 && /does not exist/.test(missing.out),
      `relocate into a missing directory: exit ${missing.code}: ${missing.out}`,
    );
    onHost(host, "mkdir -p /mnt/root-only && chmod 755 /mnt/root-only");
    const readOnly = kato("relocate droplets /mnt/root-only");
    expect.that(
      readOnly.code === 1 && /not writable/.test(readOnly.out),
      `relocate into a directory stackato cannot write: exit ${readOnly.code}: ${readOnly.out}`,
    );
    const asRoot = onHost(host, "/home/stackato/bin/kato process ready all");
    expect.that(asRoot.code !== 0, "kato ran as root");
    const noCore = kato("node attach -e dea 127.42.1.254");
    expect.that(
      noCore.code === 1 && /message bus/.test(noCore.out),
      `attach with no core listening: exit ${noCore.code}: ${noCore.out}`,
    );
    expect.done();
  },
};

export const microCloudScenarios: Scenario[] = [microCloud, strictKato];
