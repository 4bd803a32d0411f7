/*
 * The fake kato's `role add|remove <role>...` and `config get|set <component> <key> [<value>]`
 * (kato.js dispatches here; `h` is its helpers: parse, count, refuse, expandRoles).
 */
"use strict";

function roleCmd(state, args, h) {
  const [sub, ...rest] = args;
  const { positional } = h.parse(rest, sub === "add" ? ["--no-start", "-s", "-v", "--verbose"] : ["-v", "--verbose"]);
  if (!["add", "remove"].includes(sub) || positional.length === 0) h.refuse("usage: kato role add|remove <role>...");
  const roles = h.expandRoles(positional);
  state.roles =
    sub === "add" ? [...new Set([...state.roles, ...roles])] : state.roles.filter((r) => !roles.includes(r));
  return `roles: ${state.roles.join(" ")}`;
}

function configCmd(state, args, h) {
  const [sub, ...rest] = args;
  const { positional } = h.parse(rest, []);
  if (sub === "get") {
    h.count(positional, 2, 2, "config get <component> <key>");
    const value = (state.config[positional[0]] ?? {})[positional[1]];
    if (value === undefined) throw new Error(`${positional[0]} ${positional[1]} is not set`);
    return value;
  }
  if (sub === "set") {
    h.count(positional, 3, 3, "config set <component> <key> <value>");
    state.config[positional[0]] = { ...(state.config[positional[0]] ?? {}), [positional[1]]: positional[2] };
    return "";
  }
  h.refuse(`unknown command 'config ${sub ?? ""}'`);
}

/**
 * `kato license set [<value>]` (the value "is read from STDIN" when not given), `license enable|disable`
 * (kato reference, Stackato 3.4). Only the license's sha256 is kept, in the node's state: the
 * scenarios check the key arrived, and that it is nowhere else on the host.
 */
function licenseCmd(state, args, h) {
  const [sub, ...rest] = args;
  const { positional } = h.parse(rest, ["-h", "--help"]);
  if (sub === "enable" || sub === "disable") {
    h.count(positional, 0, 0, `license ${sub}`);
    state.licenseEnabled = sub === "enable";
    return "";
  }
  if (sub !== "set") h.refuse(`unknown command 'license ${sub ?? ""}'`);
  h.count(positional, 0, 1, "license set [<value>]");
  const license = positional.length === 1 ? positional[0] : require("fs").readFileSync(0, "utf8");
  if (license.trim() === "") throw new Error("no license given");
  state.licenseSha256 = require("crypto").createHash("sha256").update(license).digest("hex");
  return "license set";
}

module.exports = { roleCmd, configCmd, licenseCmd };
