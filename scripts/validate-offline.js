#!/usr/bin/env node
// `npm run validate`: terraform validate and plan, offline, on every stack in cdktf.out/stacks/*
// (run `npm run synth` first). Terraform reattaches to the harness's schema-only providers, so this
// needs no network, no credentials and no provider binaries. Exits non-zero when anything fails.
// Usage: node scripts/validate-offline.js [stacks-dir]   (default: cdktf.out/stacks)
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const STACKS_DIR = path.resolve(process.argv[2] || path.join(ROOT, "cdktf.out", "stacks"));
const HARNESS = path.join(ROOT, "dist", "harness", "index.js");

function fail(message) {
  console.error(`validate-offline: ${message}`);
  process.exit(2);
}

function stackDirs() {
  if (!fs.existsSync(STACKS_DIR))
    fail(`${path.relative(ROOT, STACKS_DIR)} does not exist: run \`npm run synth\` first`);
  const dirs = fs
    .readdirSync(STACKS_DIR)
    .map((name) => ({ name, dir: path.join(STACKS_DIR, name) }))
    .filter(({ dir }) => fs.existsSync(path.join(dir, "cdk.tf.json")))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (dirs.length === 0) fail(`no stacks in ${path.relative(ROOT, STACKS_DIR)}: run \`npm run synth\` first`);
  return dirs;
}

function pad(text, width) {
  return String(text).padEnd(width);
}

async function main() {
  if (!fs.existsSync(HARNESS))
    fail("dist/harness is missing: run `npm run build` (or `npm run synth`, which builds) first");
  const harness = require(HARNESS);
  if (!harness.terraformAvailable()) fail("terraform not on PATH: install Terraform >= 1.11 to validate offline");
  const stacks = stackDirs();
  const running = await harness.startHarness({ exportEnv: true });
  const failures = [];
  try {
    const width = Math.max(5, ...stacks.map((s) => s.name.length)) + 2;
    console.log(`${pad("stack", width)}${pad("validate", 10)}${pad("plan", 6)}to create`);
    for (const { name, dir } of stacks) {
      const validated = await harness.validateStackDir(dir);
      // A stack that does not validate cannot plan; say so instead of repeating the same errors.
      const planned = validated.ok ? await harness.planStackDir(dir) : undefined;
      const planText = planned ? (planned.ok ? "ok" : "FAIL") : "skip";
      const toCreate =
        planned && planned.ok && planned.resourcesToCreate !== undefined ? planned.resourcesToCreate : "-";
      console.log(`${pad(name, width)}${pad(validated.ok ? "ok" : "FAIL", 10)}${pad(planText, 6)}${toCreate}`);
      if (!validated.ok) failures.push({ name, step: "validate", diagnostics: validated.diagnostics });
      if (planned && !planned.ok) failures.push({ name, step: "plan", diagnostics: planned.diagnostics });
    }
  } finally {
    await running.stop();
  }
  for (const { name, step, diagnostics } of failures) {
    console.error(`\n${name}: terraform ${step} failed`);
    for (const d of diagnostics) console.error(`  ${d}`);
  }
  process.exit(failures.length > 0 ? 1 : 0);
}

main().catch((err) => fail(err && err.stack ? err.stack : String(err)));
