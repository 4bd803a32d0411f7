#!/usr/bin/env node
/*
 * A strict fake of Stackato's `kato` for the simulated hosts, installed as /home/stackato/bin/kato.
 * Syntax from the Stackato 3.4 docs (admin/reference/kato-ref.rst, admin/cluster/index.rst in
 * Huskyeder/stackato-doc; the same reference as HP Helion ALS's kato-ref in hphelion/documentation).
 * Anything else (subcommand, flag, role name) is refused with exit 2, so a script that relies on a
 * command kato does not have fails here as it would on the VM. Real options the fake does not
 * model (--node, --all-but, ...) are refused too, with a message that says so.
 * Effects that the provisioning scripts depend on are real:
 * - `stop`/`start [role]` keep a stopped set; `process ready [--block N] all` waits while it is not
 *   empty (at most READY_CAP_S: nothing restarts a role by itself here, so waiting the full N
 *   seconds would only delay the same failure);
 * - `node setup core` opens <ip>:4222 (mbus.js), which `stop` of the core closes again;
 * - `node attach` needs the core's 4222 and known role names, and registers with the core;
 * - `relocate` needs an existing directory writable by stackato, copies the data there and leaves
 *   a symlink in the old place; a fault file can make it fail once half-way (kato-state.js);
 * - `node setup load_balancer --force` asks the core for the attached routers; explicit IPs must be
 *   routers the core knows;
 * - `node list`, `node retire -n`, `node remove [--skip-detach]` on the core: kato-cluster.js;
 * - `license set` reads the license from STDIN when not given, and keeps its sha256 (kato-config.js).
 * Every call is logged with its start and end time, host and exit status.
 */
"use strict";
const fs = require("fs");
const k = require("./kato-state");
const { clusterCmd } = require("./kato-cluster");
const { relocateCmd } = require("./kato-relocate");
const { roleCmd, configCmd, licenseCmd } = require("./kato-config");

const READY_CAP_S = 8;
const PROCESSES = [
  "all",
  "cloud_controller_ng",
  "dea_ng",
  "router2g",
  "nats_server",
  "health_manager",
  "stackato_rest",
  "mysql_node",
  "mysql_gateway",
  "postgresql_node",
  "postgresql_gateway",
  "filesystem_node",
  "redis_node",
  "mongodb_node",
  "rabbit_node",
  "memcached_node",
  "harbor_node",
];

class Refused extends Error {}
const refuse = (message) => {
  throw new Refused(message);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Splits args into flags (with the values of those in `valued`) and positionals; unknown flags are refused. */
function parse(args, allowed, valued = []) {
  const flags = {};
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("-")) {
      if (!allowed.includes(a)) refuse(`unknown option ${a} (or a kato option this fake does not model)`);
      flags[a] = valued.includes(a) ? args[++i] : true;
      if (flags[a] === undefined) refuse(`option ${a} needs a value`);
    } else positional.push(a);
  }
  return { flags, positional };
}

function expandRoles(list) {
  const roles = [];
  for (const r of list) {
    if (k.ROLE_GROUPS[r]) roles.push(...k.ROLE_GROUPS[r]);
    else if (k.KNOWN_ROLES.includes(r)) roles.push(r);
    else refuse(`unknown role '${r}' (known: ${k.KNOWN_ROLES.join(", ")}, data-services)`);
  }
  return roles;
}

function count(positional, min, max, usage) {
  if (positional.length < min || positional.length > max) refuse(`usage: kato ${usage}`);
}

async function processCmd(state, args) {
  const [sub, ...rest] = args;
  if (sub === "ready") {
    const { flags, positional } = parse(rest, ["--block", "-b"], ["--block", "-b"]);
    count(positional, 1, 1, "process ready [--block <seconds>] <process|all>");
    if (!PROCESSES.includes(positional[0])) refuse(`unknown process ${positional[0]}`);
    const blockArg = flags["--block"] ?? flags["-b"];
    const block = blockArg === undefined ? -1 : Number(blockArg);
    if (blockArg !== undefined && (!Number.isInteger(block) || block < 0)) refuse("--block takes whole seconds");
    // --block 0 blocks forever; without --block kato answers at once.
    const waitS = block < 0 ? 0 : block === 0 ? READY_CAP_S : Math.min(block, READY_CAP_S);
    const deadline = Date.now() + waitS * 1000;
    for (;;) {
      const current = k.loadState();
      if (current.stopped.length === 0) return "all processes ready";
      if (Date.now() >= deadline)
        throw new Error(
          `not ready: stopped roles ${current.stopped.join(", ")} (fake kato gave up after ${waitS} s${block >= 0 ? ` of --block ${block}` : ""})`,
        );
      await sleep(200);
    }
  }
  if (sub === "restart") {
    const { positional } = parse(rest, []);
    count(positional, 1, 99, "process restart <process>...");
    for (const p of positional) if (!PROCESSES.includes(p)) refuse(`unknown process ${p}`);
    await sleep(200);
    return `restarted ${positional.join(" ")}`;
  }
  refuse(`unknown command 'process ${sub ?? ""}'`);
}

async function nodeCmd(state, args) {
  const [sub, ...rest] = args;
  if (sub === "rename") {
    const { flags: given, positional } = parse(rest, [
      "--no-restart",
      "-r",
      "--skip-remap-hosts",
      "-s",
      "--skip-ssl-regeneration",
      "-l",
      "-v",
      "--verbose",
    ]);
    const flags = {
      ...given,
      "--no-restart": given["--no-restart"] || given["-r"],
      "--skip-ssl-regeneration": given["--skip-ssl-regeneration"] || given["-l"],
    };
    count(positional, 1, 1, "node rename <hostname> [--no-restart]");
    if (!/^[A-Za-z0-9.-]+$/.test(positional[0])) refuse(`invalid hostname ${positional[0]}`);
    state.name = positional[0];
    if (!flags["--skip-ssl-regeneration"])
      fs.writeFileSync(
        "/etc/ssl/private/stackato.key",
        `regenerated for ${state.name} at ${Date.now()} ${Math.random()}\n`,
      );
    if (!flags["--no-restart"]) await sleep(300);
    return `renamed to ${state.name}`;
  }
  if (sub === "setup") return setupCmd(state, rest);
  const membership = await clusterCmd(state, sub, rest, { parse, count, refuse, takeFault: k.takeFault });
  if (membership !== undefined) return membership;
  if (sub === "attach") {
    const { flags, positional } = parse(
      rest,
      ["-e", "--enable", "-s", "--no-start", "-v", "-f", "--force"],
      ["-e", "--enable"],
    );
    count(positional, 1, 1, "node attach [-e roles] <core-ip>");
    const roleArg = flags["-e"] ?? flags["--enable"];
    if (roleArg !== undefined && /\s/.test(roleArg)) refuse("-e takes comma-separated roles without spaces");
    // Without -e the fake enables nothing beyond base: the docs attach the load balancer that way,
    // and it "cannot have any other roles enabled".
    const roles = roleArg === undefined ? [] : expandRoles(roleArg.split(","));
    if (positional[0] === state.ip) refuse("cannot attach a node to itself");
    if (k.takeFault("attach")) throw new Error("attach failed half-way (injected fault)");
    try {
      await k.mbusRequest(positional[0], `ATTACH ${state.ip} ${roles.join(",") || "base"}`);
    } catch (err) {
      throw new Error(`cannot reach the core's message bus at ${positional[0]}:4222 (${err.message})`);
    }
    state.attachedTo = positional[0];
    state.roles = ["base", ...roles];
    return `attached to ${positional[0]} with roles ${roles.join(",")}`;
  }
  refuse(`unknown command 'node ${sub ?? ""}'`);
}

async function setupCmd(state, args) {
  const [what, ...rest] = args;
  if (what === "core") {
    const { positional } = parse(rest, ["-v", "--verbose"]);
    count(positional, 0, 1, "node setup core [<endpoint>]");
    if (state.attachedTo) refuse("this node is attached to a core; detach first");
    state.core = true;
    state.coreEndpoint = positional[0] ?? null;
    state.roles = ["base", "primary", "controller", "router"];
    if (!state.stopped.includes("primary")) k.startMbus(state);
    return `core set up${state.coreEndpoint ? ` for ${state.coreEndpoint}` : ""}`;
  }
  if (what === "load_balancer") {
    const { flags, positional } = parse(rest, ["--force"]);
    if (!state.attachedTo) refuse("attach this node to the core first (kato node attach <core-ip>)");
    let routers = positional;
    if (routers.length === 0) {
      if (!flags["--force"]) refuse("without router IPs kato asks to confirm the discovered ones; use --force");
      routers = (await k.mbusRequest(state.attachedTo, "ROUTERS")).split(/\s+/).filter(Boolean);
    }
    if (routers.length === 0) throw new Error("no routers attached to the cluster");
    // Explicit IPs must be routers of the cluster, as the core knows them (not one removed already).
    const known = (await k.mbusRequest(state.attachedTo, "ROUTERS")).split(/\s+/).filter(Boolean);
    const strangers = routers.filter((ip) => !known.includes(ip));
    if (strangers.length > 0) throw new Error(`not routers of this cluster: ${strangers.join(" ")}`);
    state.loadBalancerFor = routers;
    state.roles = ["base"];
    return `load balancer for ${routers.join(" ")}`;
  }
  refuse(`unknown command 'node setup ${what ?? ""}'`);
}

async function stopStart(state, verb, args) {
  const { positional } = parse(args, ["-v", "--verbose"]);
  const affected = positional.length === 0 ? state.roles.filter((r) => r !== "base") : expandRoles(positional);
  const role = positional.length === 0 ? undefined : positional.join(" ");
  if (verb === "stop") {
    state.stopped = [...new Set([...state.stopped, ...affected])];
    if (state.core && affected.includes("primary")) k.stopMbus(state);
  } else {
    if (k.takeFault(verb))
      throw new Error(`${verb} ${role ?? "all"} failed (injected fault); still stopped: ${state.stopped.join(", ")}`);
    state.stopped = state.stopped.filter((r) => !affected.includes(r));
    if (state.core && !state.stopped.includes("primary")) k.startMbus(state);
  }
  await sleep(300);
  return `${verb} ${role ?? "all"}`;
}

async function run(state, args) {
  const [cmd, ...rest] = args;
  switch (cmd) {
    case "process":
      return processCmd(state, rest);
    case "node":
      return nodeCmd(state, rest);
    case "role":
      return roleCmd(state, rest, { parse, count, refuse, expandRoles });
    case "config":
      return configCmd(state, rest, { parse, count, refuse });
    case "license":
      return licenseCmd(state, rest, { parse, count, refuse });
    case "stop":
    case "start":
    case "restart":
      return stopStart(state, cmd, rest);
    case "relocate":
      return relocateCmd(state, rest, { parse, count, refuse });
    default:
      refuse(`unknown command '${cmd ?? ""}'`);
  }
}

/** Commands that only read: they neither take the lock nor write the state back. */
const readOnly = (args) =>
  (args[0] === "process" && args[1] === "ready") || (args[0] === "config" && args[1] === "get");

async function main() {
  const args = process.argv.slice(2);
  const start = Date.now();
  if (require("os").userInfo().username !== "stackato") {
    process.stderr.write("kato must run as the stackato user, not root\n");
    process.exit(1);
  }
  // Steps on one node run in parallel: one kato call at a time changes the state (no lost updates).
  const writes = !readOnly(args);
  if (writes) await k.lock();
  const state = k.loadState();
  // What ran while this call began: the scenarios check that data moved only with kato stopped.
  const running = state.roles.filter((r) => r !== "base" && !state.stopped.includes(r));
  let exit = 0;
  let error;
  try {
    const out = await run(state, args);
    if (writes) k.saveState(state);
    if (out) console.log(out);
  } catch (err) {
    exit = err instanceof Refused ? 2 : 1;
    error = err.message;
    // A partly done command keeps what it did (stopped roles, a closed message bus).
    if (writes && !(err instanceof Refused)) k.saveState(state);
    process.stderr.write(`kato ${args.join(" ")}: ${error}\n`);
  } finally {
    if (writes) k.unlock();
  }
  k.logCall({ start, end: Date.now(), host: k.simInfo().name, ip: state.ip, args, exit, error, running });
  process.exit(exit);
}

main();
