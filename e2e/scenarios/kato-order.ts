/**
 * Scenario 2's checks: the kato calls each host's fake kato logged, against the order of the
 * Stackato cluster guide (admin/cluster/index.rst): core renamed then set up, then its volume
 * relocated; every other node attaches once, with its roles, to the core's message bus; routers
 * and the load balancer take the cluster name first; the load balancer is set up after the routers
 * attached. Also: no call failed, nothing is left stopped, the core's bus never went down once
 * nodes began to attach, and the routers and load balancer serve the core's SSL key.
 */
import { Expectations } from "../lib/scenario";
import { hostFile, hostNamed, katoCalls, KatoCall, katoState, mbusEvents } from "../lib/sim";
import { DOMAIN } from "../lib/tf";

const line = (c: KatoCall) => c.args.join(" ");

/** True when `expected` appear in this order among the calls (other calls may come between). */
function inOrder(calls: KatoCall[], expected: RegExp[]): boolean {
  let i = 0;
  for (const call of calls) if (i < expected.length && expected[i].test(line(call))) i++;
  return i === expected.length;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function expectedCalls(name: string, coreIp: string): RegExp[] {
  const attach = (roles: string) => new RegExp(`^node attach -e ${roles} ${esc(coreIp)}$`);
  const rename = new RegExp(`^node rename ${esc(DOMAIN)}( --no-restart)?$`);
  if (name === "stackato-core")
    return [
      rename,
      new RegExp(`^node setup core api\\.${esc(DOMAIN)}$`),
      // The e2e cluster has a licenseKey: set right after the core's setup, before its volume steps.
      /^license set$/,
      /^relocate droplets \/mnt\/add-volume\//,
    ];
  // A later addXxx() call names its nodes stackato-dea2-1, ...
  const of = (kind: string) => new RegExp(`^stackato-${kind}\\d*-`).test(name);
  if (of("controller")) return [attach("controller")];
  if (of("dea")) return [attach("dea")];
  if (of("router")) return [rename, attach("router")];
  if (of("data")) return [attach("data-services"), /^relocate services \/mnt\/add-volume\//];
  if (name === "stackato-lb")
    return [rename, new RegExp(`^node attach ${esc(coreIp)}$`), /^node setup load_balancer( \S+)+ --force$/];
  throw new Error(`no expected kato order for ${name}`);
}

export function checkKatoOrder(simDir: string, names: string[]): void {
  const expect = new Expectations();
  const core = hostNamed(simDir, "stackato-core");
  const routerIps: string[] = [];
  let firstAttach = Infinity;
  for (const name of names) {
    const host = hostNamed(simDir, name);
    const calls = katoCalls(host);
    const failed = calls.filter((c) => c.exit !== 0);
    expect.that(
      failed.length === 0,
      `${name}: kato calls failed: ${failed.map((c) => `'${line(c)}' (${c.error})`).join("; ")}`,
    );
    const expected = expectedCalls(name, core.ip);
    const ok = calls.filter((c) => c.exit === 0);
    expect.that(
      inOrder(ok, expected),
      `${name}: expected kato calls in this order ${expected.map(String).join(" < ")}; got: ${calls.map(line).join(" | ")}`,
    );
    const attaches = ok.filter((c) => /^node attach /.test(line(c)));
    expect.that(
      name === "stackato-core" || attaches.length === 1,
      `${name}: ${attaches.length} successful node attach calls, expected 1`,
    );
    for (const stop of ok.filter((c) => /^stop\b/.test(line(c)))) {
      const role = stop.args.slice(1).join(" ") || undefined;
      const restarted = ok.some(
        (c) => c.start > stop.start && (line(c) === "start" || (role !== undefined && line(c) === `start ${role}`)),
      );
      expect.that(restarted, `${name}: '${line(stop)}' was never followed by a start`);
    }
    // Best practice in the docs (admin/best-practices, "Relocating Services, Droplets, and
    // Containers"): kato stop, then kato relocate, then kato start.
    for (const relocate of ok.filter((c) => /^relocate /.test(line(c)) && (c.running ?? []).length > 0)) {
      expect.that(false, `${name}: '${line(relocate)}' ran while roles were running: ${relocate.running!.join(", ")}`);
    }
    const state = katoState(host);
    expect.equal(state?.stopped ?? [], [], `${name}: roles still stopped at the end`);
    if (attaches[0]) firstAttach = Math.min(firstAttach, attaches[0].start);
    if (/^stackato-router\d*-/.test(name)) routerIps.push(host.ip);
  }
  const downs = mbusEvents(core).filter((e) => e.event === "down" && e.t > firstAttach);
  expect.that(
    downs.length === 0,
    `the core's message bus (4222) went down ${downs.length} time(s) after nodes began to attach (kato stop on the core while others attach)`,
  );
  if (names.includes("stackato-lb")) {
    const lb = katoState(hostNamed(simDir, "stackato-lb"));
    expect.equal([...(lb?.loadBalancerFor ?? [])].sort(), routerIps.sort(), "routers the load balancer found");
    // The docs: the load balancer and all routers must serve the same SSL certificate (SSO, AOK);
    // HPE's tool copies the core's /etc/ssl/private/stackato.key to them.
    const coreKey = hostFile(core, "/etc/ssl/private/stackato.key");
    for (const name of names.filter((n) => /^stackato-router\d*-/.test(n) || n === "stackato-lb")) {
      expect.that(
        hostFile(hostNamed(simDir, name), "/etc/ssl/private/stackato.key") === coreKey,
        `${name}: /etc/ssl/private/stackato.key differs from the core's`,
      );
    }
  }
  expect.done();
}

/** The kato call order recorded for one host, for the report. */
export function callOrder(simDir: string, name: string): string[] {
  return katoCalls(hostNamed(simDir, name)).map(
    (c) => `${new Date(c.start).toISOString().slice(11, 23)} kato ${line(c)}${c.exit ? ` -> exit ${c.exit}` : ""}`,
  );
}
