// bench/results.md: the machine, the table, and the targets marked met / not met.
"use strict";
const fs = require("fs");
const os = require("os");
const { execFileSync } = require("child_process");
const { OTHER_NODES, ROOT } = require("./cluster-app");

const TARGETS = { ratioAt200: 1.1, perNodeGrowth: 1.3, wallAt2000Ms: 10000, rssAt2000Mb: 1024 };

function tryRun(file, args) {
  try {
    return execFileSync(file, args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

function machine() {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  const terraform = tryRun("terraform", ["version", "-json"]);
  const commit = tryRun("git", ["rev-parse", "--short", "HEAD"]);
  // What is measured: lib/ (through dist/) and the bench itself, not the report it is writing.
  const dirty = tryRun("git", ["status", "--porcelain", "--", "lib", "bench", ":!bench/results.md"]);
  return {
    cpu: model,
    cores: os.cpus().length,
    memoryGb: (os.totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    terraform: terraform ? JSON.parse(terraform).terraform_version : "not on PATH",
    cdktf: require("cdktf/package.json").version,
    commit: commit ? `${commit}${dirty ? " (with uncommitted changes)" : ""}` : "unknown",
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  };
}

const ms = (v) => `${Math.round(v)}`;
const nodesOf = (row) => row.deas + OTHER_NODES;
const perNode = (row, which) => row[which].cpuMs / nodesOf(row);

function targetLines(rows) {
  const at = (deas) => rows.find((r) => r.deas === deas);
  const mark = (ok) => (ok ? "**met**" : "**not met**");
  const lines = [];
  const r200 = at(200);
  const r2000 = at(2000);
  if (r200) {
    const ratio = r200.library.cpuMs / r200.baseline.cpuMs;
    lines.push(
      `- CPU ratio to the baseline at 200 DEAs at most ${TARGETS.ratioAt200.toFixed(2)}: ${ratio.toFixed(2)} - ${mark(ratio <= TARGETS.ratioAt200)}`,
    );
  }
  if (r200 && r2000) {
    const growth = perNode(r2000, "library") / perNode(r200, "library");
    lines.push(
      `- ms per node at 2,000 DEAs within ${TARGETS.perNodeGrowth}x that at 200: ${perNode(r2000, "library").toFixed(2)} vs ${perNode(r200, "library").toFixed(2)} ms = ${growth.toFixed(2)}x - ${mark(growth <= TARGETS.perNodeGrowth)}`,
    );
  }
  if (r2000) {
    const wall = r2000.library.wallMs;
    const rss = r2000.library.maxRssMb;
    lines.push(
      `- 2,000 DEAs under 10 s: ${(wall / 1000).toFixed(2)} s synth wall time (${((wall + r2000.library.loadMs) / 1000).toFixed(2)} s with module load) - ${mark(wall + r2000.library.loadMs < TARGETS.wallAt2000Ms)}`,
    );
    lines.push(`- 2,000 DEAs under 1 GB: ${Math.round(rss)} MB peak RSS - ${mark(rss < TARGETS.rssAt2000Mb)}`);
  }
  if (lines.length === 0) lines.push("- (this run has neither the 200- nor the 2,000-DEA size: no target to check)");
  return lines;
}

function render({ rows, terraform, terraformDeas, quick, runs }) {
  const m = machine();
  const out = [];
  out.push("# `npm run bench` results", "");
  out.push(
    quick
      ? "A `--quick` run (CI smoke check: figures are single runs, not medians)."
      : `A full run: each figure is the median of ${runs} fresh node processes after one warm-up process.`,
    "",
  );
  out.push("## Machine", "");
  out.push(
    `- CPU: ${m.cpu}, ${m.cores} cores (shared with other work: load average ${m.load} when the report was written)`,
  );
  out.push(`- memory: ${m.memoryGb} GB; node ${m.node}; terraform ${m.terraform}; cdktf ${m.cdktf}`);
  out.push(`- commit ${m.commit}; date ${m.date}`, "");
  out.push("## Synth", "");
  out.push(
    "The cluster example (core, 2 controllers + shared droplets volume, N DEAs, 2 routers + load balancer, a data-services node), built from dist/ in a fresh process;",
    "CPU is user+sys of construction + `app.synth()` (module load excluded, shown apart). **Baseline**: the same document declared through the generated L1 classes with the same logical ids,",
    "built from the library's own cdk.tf.json and proven identical to it apart from `//` metadata before it is timed. **Floor**: one `JSON.stringify` of the final document.",
    "The baseline writes references as the plain `${...}` strings of the document (only `depends_on` goes through objects with an `fqn`), so it creates and resolves",
    "no reference tokens: it is a lower bound for any construct library on cdktf, which must pass references as tokens. ms/node is CPU / nodes.",
    "The machine is shared: compare figures within one run.",
    "",
  );
  out.push(
    "| DEAs | nodes | resources | JSON bytes | CPU ms | wall ms | peak RSS MB | module load ms | baseline CPU ms | baseline wall ms | CPU ratio | wall ratio | ms/node | baseline ms/node | stringify floor ms |",
  );
  out.push("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const l = r.library;
    const b = r.baseline;
    out.push(
      `| ${r.deas} | ${nodesOf(r)} | ${l.resources} | ${l.jsonBytes} | ${ms(l.cpuMs)} | ${ms(l.wallMs)} | ${Math.round(l.maxRssMb)} | ${ms(l.loadMs)} | ${ms(b.cpuMs)} | ${ms(b.wallMs)} | ${(l.cpuMs / b.cpuMs).toFixed(2)} | ${(l.wallMs / b.wallMs).toFixed(2)} | ${perNode(r, "library").toFixed(2)} | ${perNode(r, "baseline").toFixed(2)} | ${l.stringifyMs.toFixed(1)} |`,
    );
  }
  out.push("", `## Terraform on the offline harness (${terraformDeas} DEAs)`, "");
  if (terraform.skipped) out.push(`Skipped: ${terraform.skipped}.`);
  else
    out.push(
      `terraform validate ${ms(terraform.validateMs)} ms, terraform plan ${ms(terraform.planMs)} ms (median of ${terraform.runs}; ${terraform.resourcesToCreate} resources to create), CHECKPOINT_DISABLE=1.`,
    );
  out.push("", "## Targets", "", ...targetLines(rows), "");
  return out.join("\n");
}

module.exports = { render, machine, TARGETS };
