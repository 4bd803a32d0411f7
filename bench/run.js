// `npm run bench`: synth cost of the cluster example from 1 to 2,000 DEAs against a raw-cdktf
// baseline, and terraform validate/plan of the 200-DEA stack on the offline harness. Writes
// bench/results.md. Not a test: the figures depend on the machine and its load.
//
//   npm run bench                      full run: 1, 10, 50, 200, 500, 2000 DEAs; 5 runs after a warm-up
//   npm run bench -- --quick           CI smoke check: 1 and 10 DEAs, 1 run; report to a temp file
//   options: --sizes 1,200  --runs 7  --out FILE  --terraform-runs 3
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { measureSize, measureTerraform, scratchDir } = require("./measure");
const { render } = require("./report");

const FULL_SIZES = [1, 10, 50, 200, 500, 2000];
const QUICK_SIZES = [1, 10];
const TERRAFORM_SIZE = 200;

function parseArgs(argv) {
  const options = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`bench: ${arg} needs a value`);
      return argv[++i];
    };
    if (arg === "--quick") options.quick = true;
    else if (arg === "--sizes") options.sizes = value().split(",").map(Number);
    else if (arg === "--runs") options.runs = Number(value());
    else if (arg === "--terraform-runs") options.terraformRuns = Number(value());
    else if (arg === "--out") options.out = path.resolve(value());
    else throw new Error(`bench: unknown option ${arg}; see the comment at the top of bench/run.js`);
  }
  const sizes = options.sizes ?? (options.quick ? QUICK_SIZES : FULL_SIZES);
  if (sizes.some((n) => !Number.isInteger(n) || n < 0))
    throw new Error("bench: --sizes takes whole numbers, e.g. --sizes 1,10,200");
  const runs = options.runs ?? (options.quick ? 1 : 5);
  if (!Number.isInteger(runs) || runs < 1) throw new Error("bench: --runs takes a whole number >= 1");
  return {
    quick: options.quick,
    sizes,
    runs,
    terraformRuns: options.terraformRuns ?? (options.quick ? 1 : 3),
    out:
      options.out ??
      (options.quick ? path.join(os.tmpdir(), "stackato-bench-quick.md") : path.join(__dirname, "results.md")),
  };
}

async function main(argv = process.argv.slice(2)) {
  process.env.CHECKPOINT_DISABLE = "1";
  const options = parseArgs(argv);
  const log = (line) => console.error(line);
  const scratch = scratchDir();
  try {
    log(`bench: sizes ${options.sizes.join(", ")} DEAs, ${options.runs} run(s) each after a warm-up`);
    const rows = options.sizes.map((deas) => measureSize(deas, options.runs, scratch, log));
    const terraformRow = rows.find((r) => r.deas === TERRAFORM_SIZE) ?? rows[rows.length - 1];
    log(`bench: terraform validate and plan of the ${terraformRow.deas}-DEA stack on the offline harness`);
    const terraform = await measureTerraform(terraformRow.stackDir, options.terraformRuns);
    const report = render({
      rows,
      terraform,
      terraformDeas: terraformRow.deas,
      quick: options.quick,
      runs: options.runs,
    });
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, report);
    if (!fs.readFileSync(options.out, "utf8").includes("| DEAs |"))
      throw new Error(`bench: ${options.out} has no table`);
    process.stdout.write(report);
    log(`bench: report written to ${path.relative(process.cwd(), options.out) || options.out}`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

module.exports = { main, parseArgs };
