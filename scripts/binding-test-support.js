// What `npm run test:python` and `npm run test:go` share: the reporter (`ok - ...`, `FAIL - ...`,
// closing with `<language>: N passed, N failed`), running commands, and synthesizing an app in
// TypeScript and in the other language side by side to compare their output, metadata aside.
"use strict";
const { spawn, spawnSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const IN_CI = process.env.CI === "true";
const NODE_MAJOR = process.versions.node.split(".")[0];
// jsii warns on every run under a Node it no longer supports; the message says nothing about this package.
const QUIET_JSII = {
  JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: "1",
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: NODE_MAJOR,
  JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION: "1",
};

// The settings the examples are synthesized with, in both languages: the defaults, and every
// variable set to a non-default value (key file, image upload, renamed micro cloud, ssh-agent, no
// floating IPs, narrowed SSH, more DEAs).
const SCENARIOS = [
  { name: "defaults", env: {} },
  {
    name: "every setting",
    env: {
      STACKATO_IMAGE_NAME: "Stackato-3.4.2",
      STACKATO_IMAGE_FILE: "~/images/stackato-v3.6.2.qcow2",
      STACKATO_PUBLIC_KEY_FILE: path.join(ROOT, "__tests__", "fixtures", "id_rsa.pub"),
      STACKATO_FLAVOR: "m1.large",
      STACKATO_NETWORK: "tenant-net",
      STACKATO_FLOATING_IP_POOL: "",
      STACKATO_SSH_CIDRS: "203.0.113.0/24, 198.51.100.7/32",
      STACKATO_MICRO_CLOUD_DOMAIN: "micro.example.com",
      STACKATO_SSH_AGENT: "true",
      STACKATO_DOMAIN: "paas.example.org",
      STACKATO_DEA_FLAVOR: "m1.xlarge",
      STACKATO_DEA_COUNT: "3",
    },
  },
];
// A setting the library rejects: the error must reach the other language with the same message.
const BAD_SETTING = { STACKATO_DOMAIN: "not_a_domain" };

const counts = { passed: 0, failed: 0, language: "bindings", Language: "Bindings" };

/** Names the language of the closing line (`python: N passed, N failed`) and of the messages. */
function setLanguage(language, Language) {
  counts.language = language;
  counts.Language = Language;
}

function ok(name) {
  counts.passed++;
  console.log(`ok - ${name}`);
}

function fail(name, detail) {
  counts.failed++;
  console.log(`FAIL - ${name}`);
  if (detail) console.log(detail.replace(/^/gm, "    "));
}

function finish() {
  console.log(`${counts.language}: ${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed === 0 ? 0 : 1);
}

/** A missing toolchain: a skip for a developer, a failure in CI (which must run the test). */
function skip(reason) {
  if (IN_CI) {
    console.log(`FAIL - ${counts.language}: ${reason} (CI=true: the ${counts.Language} test must run there)`);
    counts.failed++;
    finish();
  }
  console.log(`skipping ${counts.language}: ${reason}`);
  process.exit(0);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

function tail(text, lines = 40) {
  return String(text || "")
    .trimEnd()
    .split("\n")
    .slice(-lines)
    .join("\n");
}

/** Runs a command to completion; throws with its output's tail when it fails. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    ...options,
    env: { ...process.env, ...QUIET_JSII, ...(options.env || {}) },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(
      `${path.basename(command)} ${args.join(" ")} exited ${result.status}\n${tail(result.stdout)}\n${tail(result.stderr)}`,
    );
  }
  return result.stdout;
}

/** Like run(), without waiting: resolves to { status, stdout, stderr }. */
function runAsync(command, args, env, cwd = ROOT) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

function walk(dir, out) {
  if (!fs.existsSync(dir)) return;
  if (fs.statSync(dir).isFile()) {
    out.push(dir);
    return;
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
}

/** A glob of package.json "files" ("dist/lib/**\/*.js", "bin/*.js", "README.md") as a RegExp. */
function globToRegExp(glob) {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*" && glob[i + 2] === "/") {
      re += "(?:.*/)?";
      i += 2;
    } else if (c === "*") re += "[^/]*";
    else re += c.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/**
 * What jsii-pacmak makes a package of: the files `npm pack` takes (the .jsii and the compiled code the
 * package bundles), and jsii-pacmak's version. Unchanged, the generated package would be too.
 */
function packFingerprint() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const hash = crypto.createHash("sha256");
  hash.update(`jsii-pacmak ${require("jsii-pacmak/package.json").version}\n`);
  const files = new Set([path.join(ROOT, "package.json"), path.join(ROOT, ".jsii")]);
  for (const glob of pkg.files) {
    const parts = glob.split("/");
    const firstWild = parts.findIndex((p) => p.includes("*"));
    const base = firstWild === -1 ? parts : parts.slice(0, firstWild);
    const found = [];
    walk(path.join(ROOT, ...base), found);
    const re = globToRegExp(glob);
    for (const file of found) if (re.test(path.relative(ROOT, file).split(path.sep).join("/"))) files.add(file);
  }
  for (const file of [...files].sort()) {
    hash.update(`${path.relative(ROOT, file)}\n`);
    hash.update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

/** The build is current when .jsii and dist/main.js are newer than the TypeScript they come from. */
function ensureBuilt() {
  const newest = (dirs) => {
    const files = [];
    for (const d of dirs) walk(path.join(ROOT, d), files);
    return Math.max(0, ...files.filter((f) => f.endsWith(".ts")).map((f) => fs.statSync(f).mtimeMs));
  };
  const mtime = (f) => (fs.existsSync(path.join(ROOT, f)) ? fs.statSync(path.join(ROOT, f)).mtimeMs : 0);
  const stale =
    mtime(".jsii") < newest(["lib", ".gen"]) || mtime("dist/main.js") < newest(["lib", ".gen", "examples", "main.ts"]);
  if (!stale) return;
  const start = Date.now();
  run("npm", ["run", "build"]);
  console.log(`build: npm run build (the TypeScript was newer than .jsii or dist/) in ${seconds(start)}`);
}

function readTree(dir) {
  const files = [];
  walk(dir, files);
  return new Map(files.map((f) => [path.relative(dir, f).split(path.sep).join("/"), fs.readFileSync(f, "utf8")]));
}

/** The JSON without its "//" keys: construct paths and stack metadata, which may differ between languages. */
function stripMetadata(value) {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (value && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) if (key !== "//") out[key] = stripMetadata(value[key]);
    return out;
  }
  return value;
}

/** The first few places where two JSON values differ, as paths. */
function differences(a, b, at = "$", out = []) {
  if (out.length >= 8) return out;
  const show = () => `${at}: TypeScript ${JSON.stringify(a)} / ${counts.Language} ${JSON.stringify(b)}`;
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || a === null || b === null) {
    if (a !== b) out.push(show());
    return out;
  }
  if (typeof a !== "object") {
    if (a !== b) out.push(show());
    return out;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!(key in b)) out.push(`${at}.${key}: only in TypeScript`);
    else if (!(key in a)) out.push(`${at}.${key}: only in ${counts.Language}`);
    else differences(a[key], b[key], `${at}.${key}`, out);
    if (out.length >= 8) break;
  }
  return out;
}

/** The environment both apps synthesize in: nothing of the caller's STACKATO_* or cdktf settings. */
function synthEnv(outdir, settings) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME || os.tmpdir(),
    CDKTF_OUTDIR: outdir,
    CHECKPOINT_DISABLE: "1",
    // jsii unpacks cdktf and this package once into a cache under HOME; keep using it when HOME is replaced.
    JSII_RUNTIME_PACKAGE_CACHE_ROOT:
      process.env.JSII_RUNTIME_PACKAGE_CACHE_ROOT || path.join(os.homedir(), ".cache", "aws", "jsii", "package-cache"),
    ...QUIET_JSII,
    ...settings,
  };
}

/**
 * Runs a TypeScript program (default: the examples, dist/main.js) and the other language's command
 * side by side, each writing to its own outdir.
 */
async function synthBoth(work, label, settings, other, tsProgram = path.join(ROOT, "dist", "main.js")) {
  const tsOut = path.join(work, label, "typescript");
  const otherOut = path.join(work, label, "other");
  fs.mkdirSync(path.join(work, label), { recursive: true });
  const [ts, py] = await Promise.all([
    runAsync(process.execPath, [tsProgram], synthEnv(tsOut, settings)),
    runAsync(other[0], other.slice(1), synthEnv(otherOut, settings)),
  ]);
  return { ts, other: py, tsOut, otherOut };
}

/** Checks that both programs ran, wrote the same stacks and warnings, and the same JSON metadata aside. */
function compareOutputs(label, { ts, other, tsOut, otherOut }) {
  const Lang = counts.Language;
  if (ts.status !== 0) return fail(`${label} the TypeScript app synthesizes`, tail(ts.stderr));
  if (other.status !== 0) return fail(`${label} the ${Lang} app synthesizes`, tail(other.stderr));
  const tsTree = readTree(tsOut);
  const otherTree = readTree(otherOut);
  const stacks = [...tsTree.keys()].filter((f) => f.endsWith("/cdk.tf.json")).sort();
  const otherStacks = [...otherTree.keys()].filter((f) => f.endsWith("/cdk.tf.json")).sort();
  const manifestName = `${label} same stacks and warnings (manifest.json: ${stacks.map((s) => s.split("/")[1]).join(", ")})`;
  const manifestDiff = differences(
    JSON.parse(tsTree.get("manifest.json") || "null"),
    JSON.parse(otherTree.get("manifest.json") || "null"),
  );
  if (stacks.length === 0 || stacks.join() !== otherStacks.join() || manifestDiff.length) {
    fail(
      manifestName,
      [`TypeScript: ${stacks.join(", ")}`, `${Lang}: ${otherStacks.join(", ")}`, ...manifestDiff].join("\n"),
    );
  } else ok(manifestName);
  for (const file of stacks) {
    const stack = file.split("/")[1];
    const name = `${label} ${stack} from ${Lang} equals TypeScript's, metadata aside`;
    if (!otherTree.has(file)) {
      fail(name, `${Lang} wrote no ${file}`);
      continue;
    }
    const tsText = tsTree.get(file);
    const otherText = otherTree.get(file);
    const diff = differences(stripMetadata(JSON.parse(tsText)), stripMetadata(JSON.parse(otherText)));
    if (diff.length) fail(name, diff.join("\n"));
    else ok(`${name}${tsText === otherText ? " (byte-identical, metadata included)" : ""}`);
  }
}

/** The examples in both languages, with every scenario's settings. */
async function checkScenarios(work, other) {
  for (const [i, scenario] of SCENARIOS.entries()) {
    const start = Date.now();
    compareOutputs(`examples, ${scenario.name}:`, await synthBoth(work, `scenario-${i}`, scenario.env, other));
    console.log(`  (${scenario.name}: both synthesized in ${seconds(start)})`);
  }
}

/** A setting the library rejects: the other language fails too, with the library's message and its own error kind. */
async function checkError(work, other, errorPattern) {
  const { ts, other: result } = await synthBoth(work, "bad-setting", BAD_SETTING, other);
  const Lang = counts.Language;
  const name = `a setting the library rejects fails in ${Lang} with the library's message`;
  const message = (ts.stderr.split("\n").find((l) => /^\s+\[cluster\//.test(l)) || "").trim();
  if (ts.status === 0 || !message) return fail(name, `the TypeScript example did not reject it:\n${tail(ts.stderr)}`);
  if (result.status === 0) return fail(name, `the ${Lang} example exited 0`);
  if (!result.stderr.includes(message))
    return fail(name, `${Lang}'s error lacks "${message}":\n${tail(result.stderr)}`);
  if (!errorPattern.test(result.stderr)) return fail(name, `no ${errorPattern} in:\n${tail(result.stderr)}`);
  ok(`${name} (${message.slice(0, 60)}...)`);
}

module.exports = {
  ROOT,
  IN_CI,
  QUIET_JSII,
  setLanguage,
  ok,
  fail,
  finish,
  skip,
  seconds,
  tail,
  run,
  runAsync,
  walk,
  packFingerprint,
  ensureBuilt,
  synthBoth,
  compareOutputs,
  checkScenarios,
  checkError,
};
