// Runs the measurements: fresh child processes per sample (bench/child.js), the baseline identity
// check, and terraform validate/plan on the offline harness.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");
const { performance } = require("perf_hooks");
const { assertSameDocument } = require("./baseline");
const { ROOT } = require("./cluster-app");

const CHILD = path.join(__dirname, "child.js");

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One fresh node process building and synthesizing one app; returns its measurements. */
function runChild(mode, deas, outdir, libraryDoc) {
  fs.mkdirSync(outdir, { recursive: true });
  const args = [CHILD, mode, String(deas), outdir, ...(libraryDoc ? [libraryDoc] : [])];
  const child = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) {
    throw new Error(`bench: ${mode} with ${deas} DEAs failed (exit ${child.status}):\n${child.stderr}`);
  }
  return JSON.parse(child.stdout.trim().split("\n").pop());
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/**
 * Measures one size: a warm-up run of each (which also proves the baseline identical to the
 * library's document), then `runs` samples of each, library and baseline alternating so that load
 * from other processes on the machine hits both alike.
 */
function measureSize(deas, runs, scratch, log) {
  const warmDir = path.join(scratch, `warm-${deas}`);
  const warmLibrary = runChild("library", deas, path.join(warmDir, "library"));
  const warmBaseline = runChild("baseline", deas, path.join(warmDir, "baseline"), warmLibrary.file);
  assertSameDocument(readJson(warmLibrary.file), readJson(warmBaseline.file));
  log(`  ${deas} DEAs: baseline identical to the library's document (${warmLibrary.resources} resources)`);

  const samples = { library: [], baseline: [] };
  for (let run = 0; run < runs; run++) {
    for (const mode of ["library", "baseline"]) {
      const outdir = path.join(scratch, `run-${deas}-${mode}-${run}`);
      samples[mode].push(runChild(mode, deas, outdir, mode === "baseline" ? warmLibrary.file : undefined));
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  const summarize = (list) => ({
    cpuMs: median(list.map((s) => s.cpuMs)),
    wallMs: median(list.map((s) => s.wallMs)),
    loadMs: median(list.map((s) => s.loadMs)),
    maxRssMb: median(list.map((s) => s.maxRssKb)) / 1024,
    stringifyMs: median(list.map((s) => s.stringifyMs)),
    resources: list[0].resources,
    jsonBytes: list[0].jsonBytes,
  });
  const row = {
    deas,
    runs,
    library: summarize(samples.library),
    baseline: summarize(samples.baseline),
    stackDir: path.dirname(warmLibrary.file),
  };
  log(
    `  ${deas} DEAs: library ${Math.round(row.library.cpuMs)} ms CPU, baseline ${Math.round(row.baseline.cpuMs)} ms CPU, ratio ${(row.library.cpuMs / row.baseline.cpuMs).toFixed(2)}`,
  );
  return row;
}

/** terraform validate and plan of one synthesized stack dir on the offline harness, median of `runs`. */
async function measureTerraform(stackDir, runs) {
  // The harness workspace package, compiled (`npm ci` builds it), as the library's consumers would use it.
  const harness = require("cdktf-stackato-openstack-harness");
  if (!harness.terraformAvailable()) return { skipped: "terraform is not on PATH" };
  const running = await harness.startHarness({ exportEnv: true });
  const validate = [];
  const plan = [];
  let resourcesToCreate;
  try {
    for (let i = 0; i < runs; i++) {
      let start = performance.now();
      const validated = await harness.validateStackDir(stackDir);
      validate.push(performance.now() - start);
      if (!validated.ok) throw new Error(`bench: terraform validate failed:\n${validated.diagnostics.join("\n")}`);
      start = performance.now();
      const planned = await harness.planStackDir(stackDir);
      plan.push(performance.now() - start);
      if (!planned.ok) throw new Error(`bench: terraform plan failed:\n${planned.diagnostics.join("\n")}`);
      resourcesToCreate = planned.resourcesToCreate;
    }
  } finally {
    await running.stop();
  }
  return { runs, validateMs: median(validate), planMs: median(plan), resourcesToCreate };
}

function scratchDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), "stackato-bench-"));
}

module.exports = { median, measureSize, measureTerraform, scratchDir, runChild };
