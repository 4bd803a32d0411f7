/** Scenario 9: the micro cloud example, with a domain, applies; its kato drops mDNS and takes the name. */
import { Expectations, Scenario } from "../lib/scenario";
import { hostNamed, katoCalls, katoState } from "../lib/sim";
import { errorSummary, MICRO_DOMAIN, terraform } from "../lib/tf";

const microCloud: Scenario = {
  id: 9,
  title: "the micro cloud with a domain applies",
  async run(ctx) {
    const expect = new Expectations();
    const run = await terraform(ctx.simDir, ctx.tfEnv, ctx.stacks.microCloud, ["apply", "-auto-approve"]);
    expect.that(run.code === 0 && !run.timedOut, `terraform apply failed:\n${errorSummary(run.output)}`);
    const host = hostNamed(ctx.simDir, "microcloud");
    const calls = katoCalls(host).map((c) => `${c.args.join(" ")}${c.exit ? ` -> exit ${c.exit}` : ""}`);
    expect.equal(
      calls.filter((c) => !c.startsWith("process ready")),
      ["role remove mdns", `node rename ${MICRO_DOMAIN}`],
      "kato calls on the micro cloud",
    );
    const state = katoState(host);
    expect.that(Boolean(state && !state.roles.includes("mdns")), `mdns still enabled: ${state?.roles.join(" ")}`);
    const plan = await terraform(ctx.simDir, ctx.tfEnv, ctx.stacks.microCloud, ["plan", "-detailed-exitcode"]);
    expect.equal(plan.code, 0, "exit code of a second plan (0 = no changes)");
    expect.done();
  },
};

export const microCloudScenarios: Scenario[] = [microCloud];
