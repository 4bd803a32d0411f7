/*
 * State, call log, fault injection and message-bus plumbing of the fake kato (kato.js).
 * Files on the simulated host:
 *   /home/stackato/.fake-kato/state.json   roles, stopped roles, names, config, cluster membership
 *   /var/log/fake-kato/calls.jsonl         one JSON line per call: start/end time, host, args, exit
 *   /var/lib/fake-kato/faults              lines "<subcommand> fail-once": the next such call fails
 *                                          half-way (the e2e runner writes it from outside)
 */
"use strict";
const fs = require("fs");
const net = require("net");
const path = require("path");
const { spawn } = require("child_process");

const STATE_DIR = "/home/stackato/.fake-kato";
const STATE_FILE = path.join(STATE_DIR, "state.json");
const LOG_FILE = "/var/log/fake-kato/calls.jsonl";
const FAULTS_FILE = "/var/lib/fake-kato/faults";
const MBUS_PORT = 4222;

/** Stackato 3.x roles (cluster guide "Roles"; release notes for rabbit3), and the data-services group. */
const KNOWN_ROLES = [
  "base",
  "primary",
  "controller",
  "router",
  "dea",
  "mdns",
  "filesystem",
  "mongodb",
  "mysql",
  "postgresql",
  "rabbit",
  "rabbit3",
  "redis",
  "memcached",
  "harbor",
];
const ROLE_GROUPS = {
  "data-services": ["filesystem", "mongodb", "mysql", "postgresql", "rabbit", "redis", "memcached"],
};

/** A fresh VM boots as a micro cloud: every role but the disabled-by-default ones. */
function initialState(sim) {
  return {
    name: sim.name,
    ip: sim.ip,
    roles: ["base", "primary", "controller", "router", "dea", "mdns", "filesystem", "mysql", "postgresql"],
    stopped: [],
    core: false,
    coreEndpoint: null,
    attachedTo: null,
    loadBalancerFor: null,
    config: {},
    mbusPid: null,
    relocated: {},
  };
}

function simInfo() {
  return JSON.parse(fs.readFileSync("/etc/stackato-sim.json", "utf8"));
}

function loadState() {
  if (!fs.existsSync(STATE_FILE)) return initialState(simInfo());
  return JSON.parse(fs.readFileSync(STATE_FILE, "utf8"));
}

function saveState(state) {
  fs.mkdirSync(STATE_DIR, { recursive: true });
  fs.writeFileSync(`${STATE_FILE}.tmp`, JSON.stringify(state, null, 2));
  fs.renameSync(`${STATE_FILE}.tmp`, STATE_FILE);
}

const LOCK_DIR = path.join(STATE_DIR, "lock");

/** An exclusive lock (a directory holding the owner's pid); a dead owner's lock is taken over. */
async function lock() {
  fs.mkdirSync(STATE_DIR, { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, "pid"), String(process.pid));
      return;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(path.join(LOCK_DIR, "pid"), "utf8"));
      } catch {
        // being created or removed right now
      }
      if (owner && !alive(owner)) fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function unlock() {
  fs.rmSync(LOCK_DIR, { recursive: true, force: true });
}

function logCall(entry) {
  fs.appendFileSync(LOG_FILE, `${JSON.stringify(entry)}\n`);
}

/** True (and the fault is used up) when the runner asked this subcommand to fail once. */
function takeFault(subcommand) {
  if (!fs.existsSync(FAULTS_FILE)) return false;
  const lines = fs.readFileSync(FAULTS_FILE, "utf8").split("\n").filter(Boolean);
  const index = lines.indexOf(`${subcommand} fail-once`);
  if (index < 0) return false;
  lines.splice(index, 1);
  fs.writeFileSync(FAULTS_FILE, lines.map((l) => `${l}\n`).join(""));
  return true;
}

/** The message bus the core serves once set up: a detached mbus.js on <ip>:4222. */
function startMbus(state) {
  if (state.mbusPid && alive(state.mbusPid)) return;
  const child = spawn(process.execPath, [path.join(__dirname, "mbus.js"), state.ip, String(MBUS_PORT)], {
    detached: true,
    stdio: "ignore",
  });
  child.unref();
  state.mbusPid = child.pid;
}

function stopMbus(state) {
  if (state.mbusPid && alive(state.mbusPid)) process.kill(state.mbusPid, "SIGTERM");
  state.mbusPid = null;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One request to a core's message bus; rejects when nothing listens on <ip>:4222. */
function mbusRequest(ip, line) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: ip, port: MBUS_PORT });
    let answer = "";
    socket.setTimeout(5000, () => socket.destroy(new Error("timeout")));
    socket.on("connect", () => socket.write(`${line}\n`));
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("end", () => resolve(answer.trim()));
    socket.on("error", reject);
  });
}

module.exports = {
  KNOWN_ROLES,
  ROLE_GROUPS,
  loadState,
  saveState,
  lock,
  unlock,
  logCall,
  takeFault,
  startMbus,
  stopMbus,
  mbusRequest,
  simInfo,
  alive,
};
