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

module.exports = { roleCmd, configCmd };
