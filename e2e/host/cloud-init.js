#!/usr/bin/env node
/*
 * What cloud-init 0.6.3 (Ubuntu 12.04) does with the user-data keys our nodes use, run as root on a
 * simulated host before its sshd starts. Usage: cloud-init.js <user-data file>
 *
 * Modelled on cloud-init 0.6.3's modules (cloudinit/CloudConfig/):
 * - cc_bootcmd: the `bootcmd` list is turned into one shell script by util.shellify (a string item is
 *   a line as is; a list item is each word single-quoted and joined by spaces), written to a temp
 *   file and run with `/bin/sh <file>`, with INSTANCE_ID in the environment.
 * - cc_set_passwords: `ssh_pwauth` true/1/yes -> "yes", false/0/no -> "no", anything else leaves
 *   sshd alone; the change is a `sed` over /etc/ssh/sshd_config that rewrites an existing
 *   (possibly commented) `PasswordAuthentication yes|no` line, then restarts ssh (here sshd has not
 *   started yet).
 * Any other key, or YAML this small parser does not know, fails the boot: a key the simulation
 * silently ignored would make the e2e prove nothing about it.
 */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { execFileSync } = require("child_process");

const MODELLED_KEYS = new Set(["bootcmd", "ssh_pwauth"]);

function fail(message) {
  process.stderr.write(`cloud-init simulation: ${message}\n`);
  process.exit(1);
}

function parseScalar(text) {
  const t = text.trim();
  if (t.startsWith('"')) return JSON.parse(t);
  if (t.startsWith("'")) {
    if (!t.endsWith("'")) fail(`unterminated string ${t}`);
    return t.slice(1, -1).replace(/''/g, "'");
  }
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === "true";
  return t;
}

/** A YAML flow sequence like [ sh, -c, "echo 'x' > f" ]: commas outside quotes separate items. */
function parseFlowSequence(text) {
  const inner = text.trim().replace(/^\[/, "").replace(/\]$/, "");
  const items = [];
  let current = "";
  let quote = null;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quote) {
      current += c;
      if (c === "\\" && quote === '"') current += inner[++i];
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (c === ",") {
      items.push(parseScalar(current));
      current = "";
    } else current += c;
  }
  if (quote) fail(`unterminated string in ${text}`);
  if (current.trim()) items.push(parseScalar(current));
  return items;
}

function parseCloudConfig(text) {
  const lines = text.split("\n");
  if (lines[0].trim() !== "#cloud-config") fail("user data is not #cloud-config; only that format is modelled");
  const config = {};
  let listKey = null;
  for (const line of lines.slice(1)) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const item = /^\s+-\s+(.*)$/.exec(line);
    if (item) {
      if (!listKey) fail(`list item outside a list: ${line}`);
      const value = item[1].trim();
      config[listKey].push(value.startsWith("[") ? parseFlowSequence(value) : parseScalar(value));
      continue;
    }
    const pair = /^([A-Za-z_][A-Za-z0-9_]*):\s*(.*)$/.exec(line);
    if (!pair) fail(`unsupported YAML: ${line}`);
    const [, key, value] = pair;
    if (!MODELLED_KEYS.has(key))
      fail(`key "${key}" is not modelled; teach e2e/host/cloud-init.js what cloud-init 0.6.3 does with it`);
    if (value === "") {
      config[key] = [];
      listKey = key;
    } else {
      config[key] = parseScalar(value);
      listKey = null;
    }
  }
  return config;
}

/** util.shellify of cloud-init 0.6.3. */
function shellify(commands) {
  const quote = (word) => `'${String(word).replace(/'/g, `'"'"'`)}'`;
  const lines = commands.map((c) => (Array.isArray(c) ? c.map(quote).join(" ") : String(c)));
  return `#!/bin/sh\n${lines.join("\n")}\n`;
}

function runBootcmd(commands) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bootcmd-")), "bootcmd");
  fs.writeFileSync(file, shellify(commands));
  try {
    execFileSync("/bin/sh", [file], { stdio: "inherit", env: { ...process.env, INSTANCE_ID: "i-simulated" } });
  } catch (err) {
    // 0.6.3 logs the failure and carries on booting; the e2e sees its effect (no sudo) instead.
    process.stderr.write(`bootcmd failed: ${err.message}\n`);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

function setPasswordAuthentication(value) {
  const text = String(value).toLowerCase();
  const setting = ["true", "1", "yes"].includes(text) ? "yes" : ["false", "0", "no"].includes(text) ? "no" : null;
  if (!setting) return;
  const file = "/etc/ssh/sshd_config";
  const before = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, before.replace(/^#*(PasswordAuthentication[ \t]+)(yes|no)/gm, `$1${setting}`));
}

const config = parseCloudConfig(fs.readFileSync(process.argv[2], "utf8"));
if (config.bootcmd) runBootcmd(config.bootcmd);
if ("ssh_pwauth" in config) setPasswordAuthentication(config.ssh_pwauth);
console.log(`applied ${Object.keys(config).join(", ") || "nothing"}`);
