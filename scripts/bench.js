#!/usr/bin/env node
// `npm run bench`: how long synth, terraform validate and terraform plan take for each example stack,
// against the offline harness. Not a test: figures depend on the machine; compare ratios within a run.
// The `cluster` stack is the target: synth + validate + plan under 3 s on a 2-core machine.
// Usage: node scripts/bench.js [runs]   (default 5; each figure is the median of the runs)
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { performance } = require("perf_hooks");

const ROOT = path.resolve(__dirname, "..");
const RUNS = Math.max(1, Number(process.argv[2]) || 5);
const TARGET_STACK = "cluster";
const TARGET_MS = 3000;

function requireBuilt(relative) {
  const file = path.join(ROOT, "dist", relative);
  if (!fs.existsSync(file)) {
    console.error(`bench: ${path.relative(ROOT, file)} is missing: run \`npm run build\` first`);
    process.exit(2);
  }
  return require(file);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timed(fn) {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

async function main() {
  const loadStart = performance.now();
  const { App } = require("cdktf");
  const examples = requireBuilt("examples/index.js");
  const harness = requireBuilt("harness/index.js");
  const loadMs = performance.now() - loadStart;
  if (!harness.terraformAvailable()) {
    console.error("bench: terraform not on PATH");
    process.exit(2);
  }
  const start = await timed(() => harness.startHarness({ exportEnv: true }));
  const samples = new Map(); // stack -> { synth: [], validate: [], plan: [], resources }
  try {
    for (let run = 0; run < RUNS; run++) {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
      // Building the construct tree is shared by all stacks; it is part of each stack's synth below,
      // split evenly, because `cdktf synth` pays it once for the app.
      const build = await timed(() => {
        const app = new App({ outdir });
        examples.buildExamples(app);
        return app;
      });
      const stacks = harness.stacksOf(build.value);
      for (const stack of stacks) {
        const name = stack.node.id;
        if (!samples.has(name)) samples.set(name, { synth: [], validate: [], plan: [], resources: undefined });
        const s = samples.get(name);
        const synth = await timed(() => harness.synthStackDir(stack));
        const validate = await timed(() => harness.validateStackDir(synth.value));
        const plan = await timed(() => harness.planStackDir(synth.value));
        if (!validate.value.ok || !plan.value.ok) {
          throw new Error(`${name}: ${[...validate.value.diagnostics, ...plan.value.diagnostics].join("\n")}`);
        }
        s.synth.push(synth.ms + build.ms / stacks.length);
        s.validate.push(validate.ms);
        s.plan.push(plan.ms);
        s.resources = plan.value.resourcesToCreate;
      }
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  } finally {
    await start.value.stop();
  }
  report(samples, loadMs, start.ms);
}

function report(samples, loadMs, harnessStartMs) {
  const f = (ms) => `${Math.round(ms)}`.padStart(8);
  console.log(`${os.cpus().length} CPUs, node ${process.version}, median of ${RUNS} run(s); times in ms`);
  console.log(`module load (cdktf + bindings + harness): ${Math.round(loadMs)} ms; harness server start: ${Math.round(harnessStartMs)} ms\n`);
  console.log(`${"stack".padEnd(14)}${"resources".padStart(10)}${"synth".padStart(8)}${"validate".padStart(9)}${"plan".padStart(8)}${"total".padStart(8)}   validate/synth  plan/synth`);
  const totals = new Map();
  for (const [name, s] of samples) {
    const synth = median(s.synth);
    const validate = median(s.validate);
    const plan = median(s.plan);
    const total = synth + validate + plan;
    totals.set(name, total);
    console.log(
      `${name.padEnd(14)}${String(s.resources ?? "-").padStart(10)}${f(synth)} ${f(validate)}${f(plan)}${f(total)}   ${(validate / synth).toFixed(2).padStart(14)}  ${(plan / synth).toFixed(2).padStart(10)}`,
    );
  }
  const target = totals.get(TARGET_STACK);
  if (target === undefined) {
    console.log(`\nno "${TARGET_STACK}" stack in the examples yet: no target to check`);
  } else {
    const verdict = target < TARGET_MS ? "within" : "OVER";
    console.log(`\n${TARGET_STACK}: synth + validate + plan = ${Math.round(target)} ms, ${verdict} the ${TARGET_MS} ms target`);
    for (const [name, total] of totals) {
      if (name !== TARGET_STACK) console.log(`${TARGET_STACK} / ${name} total: ${(target / total).toFixed(2)}`);
    }
  }
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
