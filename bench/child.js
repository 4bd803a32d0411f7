// One measurement, in a fresh node process: build the app and synth it into `outdir`, timing
// construction + synth only (module load is timed apart). Prints one JSON line on stdout.
// Usage: node bench/child.js <library|baseline> <deas> <outdir> [library cdk.tf.json, for baseline]
"use strict";
const fs = require("fs");
const path = require("path");
const { performance } = require("perf_hooks");

function cpuMs(since) {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function main() {
  const [mode, deasText, outdir, libraryDocFile] = process.argv.slice(2);
  const deas = Number(deasText);
  if (!["library", "baseline"].includes(mode) || !Number.isInteger(deas) || !outdir) {
    throw new Error("usage: node bench/child.js <library|baseline> <deas> <outdir> [library cdk.tf.json]");
  }

  const loadCpu = process.cpuUsage();
  const loadStart = performance.now();
  const cdktf = require("cdktf");
  const app = require("./cluster-app");
  let build;
  if (mode === "library") {
    const loaded = app.loadLibrary();
    build = (a) => app.addClusterStack(loaded, a, deas);
  } else {
    const baseline = require("./baseline");
    // Turning the library's JSON into constructor props is set-up, like writing the stack by hand:
    // it is not timed; loading the bindings is module load.
    const decls = baseline.planBaseline(JSON.parse(fs.readFileSync(libraryDocFile, "utf8")));
    build = (a) => baseline.declareBaseline(a, app.STACK_NAME, decls);
  }
  const loadMs = performance.now() - loadStart;
  const loadCpuMs = cpuMs(loadCpu);

  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const a = new cdktf.App({ outdir, skipValidation: false });
  build(a);
  const buildMs = performance.now() - wallStart;
  a.synth();
  const wallMs = performance.now() - wallStart;
  const synthCpuMs = cpuMs(cpuStart);
  const maxRssKb = process.resourceUsage().maxRSS;

  // The floor: writing the final document once, as cdktf does (2-space indentation).
  const file = path.join(outdir, "stacks", app.STACK_NAME, "cdk.tf.json");
  const text = fs.readFileSync(file, "utf8");
  const doc = JSON.parse(text);
  const stringifyStart = performance.now();
  JSON.stringify(doc, null, 2);
  const stringifyMs = performance.now() - stringifyStart;

  const resources = Object.values(doc.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
  const result = {
    mode,
    deas,
    loadMs,
    loadCpuMs,
    wallMs,
    buildMs,
    cpuMs: synthCpuMs,
    maxRssKb,
    resources,
    jsonBytes: Buffer.byteLength(text),
    stringifyMs,
    file,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
