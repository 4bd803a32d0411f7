/*
 * The core's message bus as the fake kato needs it: something listening on <ip>:4222 (what
 * wait_for_port and HPE's tool probe), which also remembers the nodes that attached, so that
 * `kato node setup load_balancer` can find the routers. Line protocol, one request per connection:
 *   ATTACH <ip> <role,role>  -> OK
 *   ROUTERS                  -> the router IPs, space separated
 * A bare connect-and-close (a port probe) is fine. Usage: mbus.js <ip> <port>
 */
"use strict";
const fs = require("fs");
const net = require("net");

const [ip, port] = process.argv.slice(2);
const MEMBERS_FILE = "/home/stackato/.fake-kato/cluster-members.json";
const EVENTS_FILE = "/var/log/fake-kato/mbus.jsonl";

function members() {
  return fs.existsSync(MEMBERS_FILE) ? JSON.parse(fs.readFileSync(MEMBERS_FILE, "utf8")) : {};
}

function event(what) {
  fs.appendFileSync(EVENTS_FILE, `${JSON.stringify({ t: Date.now(), ip, event: what })}\n`);
}

const server = net.createServer((socket) => {
  let buffer = "";
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk) => {
    buffer += chunk.toString();
    const newline = buffer.indexOf("\n");
    if (newline < 0) return;
    const [verb, ...args] = buffer.slice(0, newline).trim().split(/\s+/);
    if (verb === "ATTACH" && args.length === 2) {
      const all = members();
      all[args[0]] = args[1].split(",").filter(Boolean);
      fs.writeFileSync(MEMBERS_FILE, JSON.stringify(all, null, 2));
      event(`attach ${args[0]} ${args[1]}`);
      socket.end("OK\n");
    } else if (verb === "ROUTERS") {
      const routers = Object.entries(members())
        .filter(([, roles]) => roles.includes("router"))
        .map(([address]) => address);
      socket.end(`${routers.join(" ")}\n`);
    } else socket.end("ERR unknown request\n");
  });
});

server.listen(Number(port), ip, () => event("up"));
const down = () => {
  event("down");
  process.exit(0);
};
process.on("SIGTERM", down);
process.on("SIGINT", down);
