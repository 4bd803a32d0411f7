/**
 * Scenarios 12-17: a live cluster changed between two real applies (scale in and out, the load balancer
 * following its routers). They run after the lifecycle scenarios, on the cluster grown by scenario 10
 * (a second addDeas() call, stackato-dea2-1): the first addDeas() call grows to 3, shrinks to 1 (with
 * the core's first `node remove` failing half-way), a second addRouters() call brings a router, and taking that call out again removes it. Scenario 17
 * puts a micro cloud on a reserved floating IP and destroys and re-creates it.
 */
import * as fs from "fs";
import * as path from "path";
import { HostRecord, readRegistry } from "../hosts/registry";
import { Context, Expectations, Scenario } from "../lib/scenario";
import { KatoCall, hostNamed, hostNames, katoCalls, katoState, onHost } from "../lib/sim";
import { errorSummary, planCounts, RESERVED_FLOATING_IP, stateList, terraform } from "../lib/tf";
import { applyCluster } from "./cluster";
import { checkKatoOrder } from "./kato-order";

const line = (c: KatoCall) => c.args.join(" ");

/** When the harness destroyed each host's VM, by host name (the last time, for a name used twice). */
function destroyedAt(simDir: string): Record<string, number> {
  const file = path.join(simDir, "host-events.jsonl");
  if (!fs.existsSync(file)) return {};
  const events = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
  return Object.fromEntries(events.map((l) => JSON.parse(l)).map((e) => [e.name, e.t]));
}

/** The nodes the core's `kato node list` shows, "<ip> <roles>" a line. */
function nodeList(simDir: string): string[] {
  const run = onHost(hostNamed(simDir, "stackato-core"), "/home/stackato/bin/kato node list", "stackato");
  return run.out.split("\n").filter(Boolean);
}

async function expectNoChanges(ctx: Context, dir: string, expect: Expectations, when: string): Promise<void> {
  const plan = await terraform(ctx.simDir, ctx.tfEnv, dir, ["plan", "-detailed-exitcode"]);
  expect.that(
    plan.code === 0,
    `${when}: plan is not empty (exit ${plan.code}): ${JSON.stringify(planCounts(plan.output)) ?? errorSummary(plan.output)}`,
  );
}

const time = (t: number) => new Date(t).toISOString().slice(11, 23);

/**
 * Checks that `node` left the cluster before its VM went: on the core `kato node retire -n <ip>` (for a
 * DEA) then `kato node remove <ip>` (never --skip-detach: it was up), both done before the VM was
 * destroyed. Returns the timeline, for the run's output.
 */
function checkRemoved(
  ctx: Context,
  expect: Expectations,
  node: HostRecord,
  retired: boolean,
  before: Array<{ host: string; calls: KatoCall[] }> = [],
): string[] {
  const core = hostNamed(ctx.simDir, "stackato-core");
  const calls = katoCalls(core).filter((c) => c.args.includes(node.ip) && c.args[0] === "node");
  const ok = (pattern: RegExp) => calls.find((c) => c.exit === 0 && pattern.test(line(c)));
  const retire = ok(new RegExp(`^node retire -n ${node.ip.replace(/\./g, "\\.")}$`));
  const remove = ok(new RegExp(`^node remove ${node.ip.replace(/\./g, "\\.")}$`));
  const gone = destroyedAt(ctx.simDir)[node.name];
  expect.that(!hostNames(ctx.simDir).includes(node.name), `${node.name} still runs`);
  expect.that(Boolean(remove), `${node.name}: no successful 'kato node remove ${node.ip}' on the core`);
  expect.that(
    retired === Boolean(retire),
    `${node.name}: retired on the core: ${Boolean(retire)}, expected ${retired}`,
  );
  expect.that(!calls.some((c) => c.args.includes("--skip-detach")), `${node.name}: removed with --skip-detach`);
  if (retire && remove) expect.that(retire.end <= remove.start, `${node.name}: removed before its retirement ended`);
  expect.that(
    remove !== undefined && gone !== undefined && remove.end <= gone,
    `${node.name}: its VM was destroyed (${gone && time(gone)}) before its removal on the core ended (${remove && time(remove.end)})`,
  );
  expect.that(
    !nodeList(ctx.simDir).some((l) => l.startsWith(`${node.ip} `)),
    `${node.name} is still in kato node list`,
  );
  const timeline = [
    ...before.flatMap(({ host, calls: earlier }) =>
      earlier.map((c) => `${time(c.start)}-${time(c.end)} ${host}: kato ${line(c)} (exit ${c.exit})`),
    ),
    ...calls.map((c) => `${time(c.start)}-${time(c.end)} stackato-core: kato ${line(c)} (exit ${c.exit})`),
    `${gone ? time(gone) : "?"} ${node.name}: instance destroyed`,
  ];
  return timeline.sort();
}

const growFirst: Scenario = {
  id: 12,
  title: "growing the first of two addDeas() calls changes nothing about the second",
  needsCluster: true,
  async run(ctx) {
    const expect = new Expectations();
    const second = hostNamed(ctx.simDir, "stackato-dea2-1");
    const callsBefore = katoCalls(second).length;
    // The apply prints its plan first: read it there rather than plan twice.
    const result = await applyCluster(ctx, ctx.stacks.firstDeasGrown);
    expect.that(result.ok, `apply failed:\n${errorSummary(result.output)}`);
    const counts = planCounts(result.output);
    expect.that(
      Boolean(counts && counts.add > 0 && counts.change === 0 && counts.destroy === 0),
      `plan should only add: ${JSON.stringify(counts)}`,
    );
    const aboutSecond = result.output.split("\n").filter((l) => /^\s+# .*(Deas2_|stackato-dea2-1)/.test(l));
    expect.equal(aboutSecond, [], "plan lines about the second addDeas() call");
    expect.that(hostNames(ctx.simDir).includes("stackato-dea-3"), "stackato-dea-3 did not boot");
    expect.equal(hostNamed(ctx.simDir, "stackato-dea2-1").dir, second.dir, "stackato-dea2-1's host (not replaced)");
    expect.equal(katoCalls(second).length, callsBefore, "kato calls on stackato-dea2-1 during the apply");
    expect.done();
  },
};

const scaleIn: Scenario = {
  id: 13,
  title:
    "DEAs scaled in are retired, then removed on the core before their VMs go; a removal interrupted half-way is finished by the next apply",
  needsCluster: true,
  async run(ctx) {
    const expect = new Expectations();
    const going = ["stackato-dea-2", "stackato-dea-3"].map((n) => hostNamed(ctx.simDir, n));
    const core = hostNamed(ctx.simDir, "stackato-core");
    const deaCalls = Object.fromEntries(going.map((h) => [h.name, katoCalls(h).length]));
    const faults = path.join(core.dir, "var", "lib", "fake-kato", "faults");
    fs.writeFileSync(faults, "remove fail-once\n");
    fs.chmodSync(faults, 0o666); // kato runs as stackato
    const first = await applyCluster(ctx, ctx.stacks.deasShrunk);
    expect.that(!first.ok, "the apply with a removal failing half-way succeeded");
    expect.that(/injected fault/.test(first.output), "the injected fault did not fire on the core");
    const second = await applyCluster(ctx, ctx.stacks.deasShrunk);
    expect.that(second.ok, `the next apply did not finish the removal:\n${errorSummary(second.output)}`);
    const timelines = going.map((h) => {
      const before = katoCalls(h).slice(deaCalls[h.name]);
      return checkRemoved(ctx, expect, h, true, before.length ? [{ host: h.name, calls: before }] : []);
    });
    // Both DEAs' removals, the interrupted one (a failed 'node remove', then the next apply's) first.
    ctx.notes.scaleInTimeline = [...timelines]
      .sort((a, b) => Number(/\(exit 1\)/.test(b.join())) - Number(/\(exit 1\)/.test(a.join())))
      .flatMap((t) => [...t, ""]);
    const deas = nodeList(ctx.simDir).filter((l) => / dea( |$)/.test(l)).length;
    expect.equal(deas, 2, "DEAs left in kato node list (stackato-dea-1, stackato-dea2-1)");
    await expectNoChanges(ctx, ctx.stacks.deasShrunk, expect, "plan after scaling in");
    expect.done();
  },
};

const lbRouters = (ctx: Context) =>
  [...(katoState(hostNamed(ctx.simDir, "stackato-lb"))?.loadBalancerFor ?? [])].sort();
const routerIps = (ctx: Context) =>
  hostNames(ctx.simDir)
    .filter((n) => /^stackato-router\d*-/.test(n))
    .map((n) => hostNamed(ctx.simDir, n).ip)
    .sort();

const routerAdded: Scenario = {
  id: 14,
  title: "a router added to the live cluster is attached and routed to by the load balancer",
  needsCluster: true,
  async run(ctx) {
    const expect = new Expectations();
    const result = await applyCluster(ctx, ctx.stacks.routerAdded);
    expect.that(result.ok, `apply failed:\n${errorSummary(result.output)}`);
    expect.that(hostNames(ctx.simDir).includes("stackato-router2-1"), "stackato-router2-1 did not boot");
    try {
      checkKatoOrder(ctx.simDir, ["stackato-router2-1"]);
    } catch (err) {
      expect.that(false, (err as Error).message);
    }
    expect.equal(routerIps(ctx).length, 3, "routers running");
    expect.equal(lbRouters(ctx), routerIps(ctx), "routers the load balancer routes to");
    expect.done();
  },
};

const routerRemoved: Scenario = {
  id: 15,
  title: "a router taken out leaves the load balancer, then the cluster, before its VM goes",
  needsCluster: true,
  async run(ctx) {
    const expect = new Expectations();
    const router = hostNamed(ctx.simDir, "stackato-router2-1");
    const lb = hostNamed(ctx.simDir, "stackato-lb");
    const lbCallsBefore = katoCalls(lb).length;
    const result = await applyCluster(ctx, ctx.stacks.deasShrunk);
    expect.that(result.ok, `apply failed:\n${errorSummary(result.output)}`);
    const setups = katoCalls(lb)
      .slice(lbCallsBefore)
      .filter((c) => c.exit === 0 && /^node setup load_balancer/.test(line(c)));
    const remaining = routerIps(ctx);
    expect.equal(
      setups.map((c) => c.args.slice(3, -1).sort()),
      [remaining],
      "load balancer setups (node setup load_balancer <ips> --force) during the apply",
    );
    checkRemoved(ctx, expect, router, false);
    const remove = katoCalls(hostNamed(ctx.simDir, "stackato-core")).find(
      (c) => c.exit === 0 && line(c) === `node remove ${router.ip}`,
    );
    expect.that(
      Boolean(setups[0] && remove && setups[0].end <= remove.start),
      "the router was removed from the cluster before the load balancer stopped routing to it",
    );
    expect.equal(lbRouters(ctx), remaining, "routers the load balancer routes to");
    await expectNoChanges(ctx, ctx.stacks.deasShrunk, expect, "plan after taking the router out");
    expect.done();
  },
};

/**
 * The fake's cluster commands are strict, or scenarios 13 and 15 would prove nothing about how the
 * removal uses them: --skip-detach on a node that is up, retire without a node or of a node that is
 * not a DEA, and removal of an unknown node all fail; the node list is unchanged afterwards.
 */
const strictMembership: Scenario = {
  id: 16,
  title: "(self-check) the fake kato refuses --skip-detach for a node that is up, and retire of a non-DEA",
  needsCluster: true,
  async run(ctx) {
    const expect = new Expectations();
    const core = hostNamed(ctx.simDir, "stackato-core");
    const dea = hostNamed(ctx.simDir, "stackato-dea-1");
    const controller = hostNamed(ctx.simDir, "stackato-controller-1");
    const listed = nodeList(ctx.simDir);
    for (const [args, code, pattern] of [
      [`node remove --skip-detach ${dea.ip}`, 2, /only for a node that has already been destroyed/],
      ["node retire", 2, /retire -n/],
      [`node retire -n ${controller.ip}`, 1, /is not a DEA/],
      ["node remove 127.42.1.250", 1, /no node 127\.42\.1\.250/],
      ["node list --bogus", 2, /unknown option/],
    ] as Array<[string, number, RegExp]>) {
      const run = onHost(core, `/home/stackato/bin/kato ${args}`, "stackato");
      expect.that(run.code === code && pattern.test(run.out), `kato ${args}: exit ${run.code}: ${run.out}`);
    }
    expect.equal(nodeList(ctx.simDir), listed, "kato node list after the refused calls");
    expect.done();
  },
};

/**
 * A node on a reserved floating IP (StackatoMicroCloud's `floatingIp`, as the cluster's exposed nodes
 * take them) is destroyed and created again: the address is never released (the fake cloud still
 * holds it, unassociated, between the two), and the new VM is reached on it: its setup step logs in
 * through the address and renames it.
 */
const reservedFloatingIp: Scenario = {
  id: 17,
  title: "a reserved floating IP survives a destroy and re-create of its node",
  async run(ctx) {
    const expect = new Expectations();
    const dir = ctx.stacks.reservedIp;
    const holder = () => readRegistry(ctx.simDir).floatingIps[RESERVED_FLOATING_IP];
    const renamed = (host: HostRecord) =>
      katoCalls(host).some((c) => c.exit === 0 && line(c) === "node rename reserved.e2e.test");
    const first = await terraform(ctx.simDir, ctx.tfEnv, dir, ["apply", "-auto-approve"]);
    if (!expect.that(first.code === 0, `first apply failed:\n${errorSummary(first.output)}`)) return expect.done();
    const before = hostNamed(ctx.simDir, "reserved-ip");
    expect.equal(holder(), before.ip, `${RESERVED_FLOATING_IP} forwards to`);
    expect.that(renamed(before), "the first VM was not set up through the reserved address");
    const managed = (await stateList(ctx.simDir, ctx.tfEnv, dir)).filter((a) => /floatingip_v2\./.test(a));
    expect.equal(
      managed.map((a) => a.replace(/\.[^.]+$/, "")),
      ["data.openstack_networking_floatingip_v2"],
      "floating IPs in the state (a lookup, never a managed address Terraform could release)",
    );
    const destroy = await terraform(ctx.simDir, ctx.tfEnv, dir, ["destroy", "-auto-approve"]);
    expect.that(destroy.code === 0, `destroy failed:\n${errorSummary(destroy.output)}`);
    expect.that(!hostNames(ctx.simDir).includes("reserved-ip"), "the VM still runs after destroy");
    expect.equal(holder(), null, `${RESERVED_FLOATING_IP} after destroy (held by the project, not associated)`);
    const again = await terraform(ctx.simDir, ctx.tfEnv, dir, ["apply", "-auto-approve"]);
    expect.that(again.code === 0, `apply after destroy failed:\n${errorSummary(again.output)}`);
    const after = hostNamed(ctx.simDir, "reserved-ip");
    expect.that(after.instanceId !== before.instanceId, "the node was not created anew");
    expect.equal(holder(), after.ip, `${RESERVED_FLOATING_IP} forwards to, after re-create`);
    expect.that(renamed(after), "the new VM was not set up through the reserved address");
    expect.done();
  },
};

/**
 * The front door moves on the live cluster (`frontend` from the load balancer to the routers): the
 * load balancer leaves the cluster before its VM goes, each router takes a floating IP, and nothing
 * else is replaced or set up again; the nodes behind are now reached through the first router.
 */
const frontDoorMoved: Scenario = {
  id: 18,
  title: "the front door moves from the load balancer to the routers, in place",
  needsCluster: true,
  async run(ctx) {
    const expect = new Expectations();
    const lb = hostNamed(ctx.simDir, "stackato-lb");
    const survivors = hostNames(ctx.simDir).filter((n) => n !== "stackato-lb");
    const instanceIds = () => Object.fromEntries(survivors.map((n) => [n, hostNamed(ctx.simDir, n).instanceId]));
    const idsBefore = instanceIds();
    const katoCallsBefore = survivors.map((n) => katoCalls(hostNamed(ctx.simDir, n)).length);
    const result = await applyCluster(ctx, ctx.stacks.frontDoorRouters);
    if (!expect.that(result.ok, `apply failed:\n${errorSummary(result.output)}`)) return expect.done();
    checkRemoved(ctx, expect, lb, false);
    expect.equal(instanceIds(), idsBefore, "instance ids of the nodes that stay (none replaced)");
    const held = Object.values(readRegistry(ctx.simDir).floatingIps).filter(Boolean).sort();
    expect.equal(held, routerIps(ctx), "the addresses floating IPs forward to (each router's, and nothing else)");
    const setUpAgain = survivors.filter((n, i) =>
      katoCalls(hostNamed(ctx.simDir, n))
        .slice(katoCallsBefore[i])
        .some((c) => /^node (attach|setup|rename)/.test(line(c))),
    );
    expect.equal(setUpAgain, [], "nodes set up or attached again");
    await expectNoChanges(ctx, ctx.stacks.frontDoorRouters, expect, "plan after moving the front door");
    expect.done();
  },
};

export const day2Scenarios: Scenario[] = [
  growFirst,
  scaleIn,
  routerAdded,
  routerRemoved,
  strictMembership,
  frontDoorMoved,
  reservedFloatingIp,
];
