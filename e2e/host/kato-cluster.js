/*
 * The fake kato's cluster-membership commands, run on the core (kato.js dispatches here):
 *   kato node list [-j|-y]                    "List all nodes known to this cluster": one line per
 *                                             node, "<ip> <role> <role>...", the core first
 *   kato node retire -n <node-ip>             "Gracefully retires a DEA node": its app instances go to
 *                                             another DEA first, so there must be one; the node loses
 *                                             its dea role
 *   kato node remove [--skip-detach] <ip>...  removes nodes from the cluster; without --skip-detach
 *                                             the removed node is detached, which needs it reachable
 *                                             (a real kato hangs for minutes, bug 102494; here it
 *                                             fails); --skip-detach is "only ... if the node has
 *                                             already been destroyed", so the fake refuses it for a
 *                                             node that still answers on port 22
 * Syntax from admin/reference/kato-ref.rst (Stackato 3.4). The cluster's nodes are the core's
 * registry (cluster-members.json, written by mbus.js on attach). `retire` without -n (run on the
 * DEA itself) and the -j/-y output formats are not modelled and refused.
 */
"use strict";
const fs = require("fs");
const net = require("net");

const MEMBERS_FILE = "/home/stackato/.fake-kato/cluster-members.json";

function readMembers() {
  return fs.existsSync(MEMBERS_FILE) ? JSON.parse(fs.readFileSync(MEMBERS_FILE, "utf8")) : {};
}

function writeMembers(members) {
  fs.writeFileSync(`${MEMBERS_FILE}.tmp`, JSON.stringify(members, null, 2));
  fs.renameSync(`${MEMBERS_FILE}.tmp`, MEMBERS_FILE);
}

/** True when something accepts a TCP connection on <ip>:22 within 2 s: the node is up. */
function answers(ip) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: ip, port: 22 });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/**
 * `node list|retire|remove`; `h` is kato.js's helpers ({ parse, count, refuse, takeFault }).
 * Returns undefined for other subcommands.
 */
async function clusterCmd(state, sub, rest, h) {
  if (!["list", "retire", "remove"].includes(sub)) return undefined;
  if (!state.core) h.refuse(`this fake answers 'node ${sub}' on the core only (the cluster's registry is there)`);
  const members = readMembers();
  if (sub === "list") {
    const { positional } = h.parse(rest, []);
    h.count(positional, 0, 0, "node list");
    const lines = [`${state.ip} ${state.roles.join(" ")}`];
    for (const [ip, roles] of Object.entries(members)) lines.push(`${ip} base ${roles.join(" ")}`.trim());
    return lines.join("\n");
  }
  if (sub === "retire") {
    const { flags, positional } = h.parse(rest, ["-n", "--node"], ["-n", "--node"]);
    h.count(positional, 0, 0, "node retire [-n <node-id>]");
    const ip = flags["-n"] ?? flags["--node"];
    if (ip === undefined) h.refuse("this fake models 'node retire -n <node-ip>' on the core only");
    if (!members[ip]) throw new Error(`no node ${ip} in this cluster`);
    if (!members[ip].includes("dea")) throw new Error(`node ${ip} is not a DEA (roles ${members[ip].join(",")})`);
    const others = Object.entries(members).filter(([other, roles]) => other !== ip && roles.includes("dea"));
    if (others.length === 0) throw new Error(`no other DEA to move the app instances of ${ip} to`);
    await new Promise((r) => setTimeout(r, 500)); // app instances move
    members[ip] = members[ip].filter((r) => r !== "dea");
    writeMembers(members);
    return `retired DEA ${ip}; its app instances moved to ${others.map(([other]) => other).join(" ")}`;
  }
  const { flags, positional } = h.parse(rest, ["--skip-detach", "-s"]);
  h.count(positional, 1, 99, "node remove [--skip-detach] <node-IP>...");
  const skipDetach = Boolean(flags["--skip-detach"] || flags["-s"]);
  for (const ip of positional) {
    if (ip === state.ip) h.refuse("cannot remove the core from its own cluster");
    if (!members[ip]) throw new Error(`no node ${ip} in this cluster`);
    const up = await answers(ip);
    if (skipDetach && up)
      h.refuse(`${ip} still answers: --skip-detach is only for a node that has already been destroyed`);
    if (!skipDetach && !up)
      throw new Error(
        `cannot detach ${ip}: it does not answer (kato would hang here; --skip-detach for a destroyed node)`,
      );
  }
  if (h.takeFault("remove")) throw new Error(`removing ${positional.join(" ")} failed half-way (injected fault)`);
  for (const ip of positional) delete members[ip];
  writeMembers(members);
  return `removed ${positional.join(" ")}${skipDetach ? " (not detached)" : ""}`;
}

module.exports = { clusterCmd };
