/*
 * The fake kato's `relocate [-v] containers|droplets|services <new_location>` (kato.js dispatches
 * here): the target must be an existing directory writable by stackato; the data is copied there and
 * the old place becomes a symlink. A fault file can make it fail once half-way, after the copy
 * (kato-state.js).
 */
"use strict";
const fs = require("fs");
const { execFileSync } = require("child_process");
const k = require("./kato-state");

const RELOCATE_PATHS = {
  droplets: "/home/stackato/stackato/data",
  services: "/var/stackato/services",
  containers: "/var/stackato/containers",
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `h` is kato.js's helpers ({ parse, count, refuse }). */
async function relocateCmd(state, args, h) {
  const { positional } = h.parse(args, ["-v"]);
  h.count(positional, 2, 2, "relocate [-v] containers|droplets|services <new_location>");
  const [what, target] = positional;
  const source = RELOCATE_PATHS[what];
  if (!source) h.refuse(`cannot relocate '${what}'`);
  if (!fs.existsSync(target) || !fs.statSync(target).isDirectory())
    throw new Error(`${target} does not exist or is not a directory`);
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch {
    throw new Error(`${target} is not writable by stackato`);
  }
  if (fs.existsSync(source) && fs.realpathSync(source) === fs.realpathSync(target))
    return `${what} already at ${target}`;
  if (fs.existsSync(source)) execFileSync("cp", ["-a", `${source}/.`, `${target}/`]);
  await sleep(1000); // the data moves while the roles are down; real relocations take minutes
  if (k.takeFault("relocate"))
    throw new Error(
      `relocating ${what} failed half-way (injected fault): data copied to ${target}, ${source} left in place`,
    );
  fs.rmSync(source, { recursive: true, force: true });
  fs.symlinkSync(target, source);
  state.relocated[what] = target;
  return `${what} relocated to ${target}`;
}

module.exports = { relocateCmd };
