#!/usr/bin/env node
// `npm run test:python`: the package as a Python user gets it. Builds the wheel with jsii-pacmak,
// installs it in a virtualenv with the pinned cdktf, constructs and jsii from PyPI
// (examples/python/requirements.txt), runs examples/python/main.py and checks that every stack it
// synthesizes equals the TypeScript example's (examples/*.ts through dist/main.js), metadata ("//"
// keys) aside. Closes with `python: N passed, N failed`.
//
// The wheel (dist-jsii/wheel/python/) is rebuilt only when what it packs changes (.jsii, the packed
// files of package.json "files", jsii-pacmak's version); the venv (dist-jsii/python-venv/) is made
// again only when requirements.txt or the Python changes, and takes a new wheel with one pip call.
// Without a usable python3 (>= 3.10, with venv and ensurepip) it prints `skipping python: <reason>`
// and exits 0, except under CI=true, where that fails.
"use strict";
const { spawnSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");
const {
  ROOT,
  setLanguage,
  ok,
  fail,
  finish,
  skip,
  seconds,
  tail,
  run,
  packFingerprint,
  ensureBuilt,
  synthBoth,
  compareOutputs,
  checkScenarios,
  checkError,
} = require("./binding-test-support");
const { compileReadmeTs, findBlock, indent } = require("./readme-code");

const EXAMPLE_DIR = path.join(ROOT, "examples", "python");
const REQUIREMENTS = path.join(EXAMPLE_DIR, "requirements.txt");
const REQUIREMENTS_DEV = path.join(EXAMPLE_DIR, "requirements-dev.txt");
const WHEEL_DIR = path.join(ROOT, "dist-jsii", "wheel");
const WHEEL_STAMP = path.join(WHEEL_DIR, "fingerprint");
const VENV = path.join(ROOT, "dist-jsii", "python-venv");
const VENV_STAMP = path.join(VENV, "stackato-stamp.json");
const VENV_PYTHON = path.join(VENV, process.platform === "win32" ? "Scripts/python.exe" : "bin/python");
const PYTHON = process.env.PYTHON || "python3";
const MAIN_PY = path.join(EXAMPLE_DIR, "main.py");

setLanguage("python", "Python");

// --- Python itself -------------------------------------------------------------------------------

function checkPython() {
  const probe = spawnSync(
    PYTHON,
    ["-c", "import sys, venv, ensurepip; print('%d.%d %s' % (sys.version_info[0], sys.version_info[1], sys.version))"],
    { encoding: "utf8" },
  );
  if (probe.error && probe.error.code === "ENOENT") skip(`${PYTHON} not found on PATH`);
  if (probe.error) skip(`${PYTHON} does not run: ${probe.error.message}`);
  if (probe.status !== 0) {
    skip(`${PYTHON} has no venv/ensurepip (on Debian: apt-get install python3-venv): ${tail(probe.stderr, 1)}`);
  }
  const [majorMinor, ...rest] = probe.stdout.trim().split(" ");
  const [major, minor] = majorMinor.split(".").map(Number);
  if (major < 3 || (major === 3 && minor < 10)) skip(`${PYTHON} is ${majorMinor}; the wheel needs Python >= 3.10`);
  return { version: majorMinor, full: rest.join(" ") };
}

// --- The wheel -----------------------------------------------------------------------------------

function findWheel() {
  const dir = path.join(WHEEL_DIR, "python");
  if (!fs.existsSync(dir)) return undefined;
  const wheels = fs.readdirSync(dir).filter((f) => f.endsWith(".whl"));
  return wheels.length === 1 ? path.join(dir, wheels[0]) : undefined;
}

function ensureWheel() {
  const fingerprint = packFingerprint();
  let wheel = findWheel();
  if (wheel && fs.existsSync(WHEEL_STAMP) && fs.readFileSync(WHEEL_STAMP, "utf8").trim() === fingerprint) {
    console.log(`wheel: ${path.relative(ROOT, wheel)} is up to date`);
    return { wheel, fingerprint };
  }
  const start = Date.now();
  fs.rmSync(WHEEL_DIR, { recursive: true, force: true });
  run(require.resolve("jsii-pacmak/bin/jsii-pacmak", { paths: [ROOT] }), [
    "--targets",
    "python",
    "--outdir",
    WHEEL_DIR,
  ]);
  wheel = findWheel();
  if (!wheel) throw new Error(`jsii-pacmak made no single wheel in ${path.join(WHEEL_DIR, "python")}`);
  fs.writeFileSync(WHEEL_STAMP, `${fingerprint}\n`);
  console.log(`wheel: built ${path.relative(ROOT, wheel)} with jsii-pacmak in ${seconds(start)}`);
  return { wheel, fingerprint };
}

// --- The virtualenv ------------------------------------------------------------------------------

function pip(args) {
  return run(VENV_PYTHON, ["-m", "pip", "--disable-pip-version-check", "--no-input", ...args]);
}

function ensureVenv(python, wheel) {
  const want = {
    requirements: crypto
      .createHash("sha256")
      .update(fs.readFileSync(REQUIREMENTS))
      .update(fs.readFileSync(REQUIREMENTS_DEV))
      .digest("hex"),
    python: python.full,
    wheel: wheel.fingerprint,
  };
  let have;
  try {
    have = JSON.parse(fs.readFileSync(VENV_STAMP, "utf8"));
  } catch {
    have = undefined;
  }
  const start = Date.now();
  if (have && fs.existsSync(VENV_PYTHON) && have.requirements === want.requirements && have.python === want.python) {
    if (have.wheel === want.wheel) {
      console.log(`venv: ${path.relative(ROOT, VENV)} is up to date`);
      return;
    }
    pip(["install", "--quiet", "--no-deps", "--force-reinstall", wheel.wheel]);
    console.log(`venv: installed the new wheel in ${seconds(start)}`);
  } else {
    fs.rmSync(VENV, { recursive: true, force: true });
    run(PYTHON, ["-m", "venv", VENV]);
    const created = Date.now();
    // One resolution of the pins and the wheel, so the wheel's requirements are met by the pinned versions.
    pip(["install", "--quiet", "-r", REQUIREMENTS, "-r", REQUIREMENTS_DEV, wheel.wheel]);
    console.log(
      `venv: created ${path.relative(ROOT, VENV)} in ${((created - start) / 1000).toFixed(1)}s, pip install in ${seconds(created)}`,
    );
  }
  fs.writeFileSync(VENV_STAMP, `${JSON.stringify(want, null, 2)}\n`);
}

// --- The checks ----------------------------------------------------------------------------------

/** `name==version` lines of requirements.txt, by lower-case name. */
function pinnedRequirements() {
  const pins = new Map();
  for (const line of fs.readFileSync(REQUIREMENTS, "utf8").split("\n")) {
    const m = /^\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s#]+)/.exec(line);
    if (m) pins.set(m[1].toLowerCase().replace(/[_.]/g, "-"), m[2]);
  }
  return pins;
}

function checkPins() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const pins = pinnedRequirements();
  const expected = {
    cdktf: pkg.peerDependencies.cdktf,
    constructs: pkg.devDependencies.constructs,
    jsii: pkg.devDependencies["jsii-pacmak"],
  };
  const wrong = Object.entries(expected)
    .filter(([name, version]) => pins.get(name) !== version)
    .map(
      ([name, version]) =>
        `${name}: requirements.txt pins ${pins.get(name) ?? "nothing"}, package.json says ${version}`,
    );
  const name =
    "requirements.txt pins cdktf, constructs and jsii as package.json does (peer cdktf, dev constructs, jsii-pacmak)";
  if (wrong.length) fail(name, wrong.join("\n"));
  else ok(name);

  // What the installed wheel asks for: every requirement pinned, and pip finds them all met.
  const requires = JSON.parse(
    run(VENV_PYTHON, [
      "-c",
      "import importlib.metadata as m, json; print(json.dumps(m.requires('cdktf-stackato-openstack')))",
    ]),
  );
  const unpinned = requires
    .map((r) => /^[A-Za-z0-9_.-]+/.exec(r)[0].toLowerCase().replace(/[_.]/g, "-"))
    .filter((n) => !pins.has(n));
  const name2 = `the wheel's requirements (${requires.join("; ")}) are pinned and met (pip check)`;
  try {
    pip(["check"]);
    if (unpinned.length) fail(name2, `not pinned in requirements.txt: ${unpinned.join(", ")}`);
    else ok(name2);
  } catch (e) {
    fail(name2, e.message);
  }
}

// The cluster code of the READMEs is a fragment; both languages run it in the same stack.
const TS_CLUSTER_STACK = (fragment) => `import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Frontend, ServerGroupPolicy, StackatoCluster, StackatoImage, StackatoKeypair } from "cdktf-stackato-openstack";
import { OpenstackProvider } from "cdktf-stackato-openstack/openstack";

class ReadmeCluster extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new OpenstackProvider(this, "openstack", {});
    const image = new StackatoImage(this, "Image", { existingImageName: "Stackato-3.6.2" });
    const keypair = new StackatoKeypair(this, "Keypair", { existingKeyName: "stackato-admin" });
${indent(fragment, 4)}
  }
}

const app = new App();
new ReadmeCluster(app, "readme-cluster");
app.synth();
`;
const PY_CLUSTER_STACK = (fragment) => `from cdktf import App, TerraformStack
from constructs import Construct

from cdktf_stackato_openstack import Frontend, ServerGroupPolicy, SshSettings, StackatoCluster, StackatoImage, StackatoKeypair
from cdktf_stackato_openstack.openstack import OpenstackProvider


class ReadmeCluster(TerraformStack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        OpenstackProvider(self, "openstack")
        image = StackatoImage(self, "Image", existing_image_name="Stackato-3.6.2")
        keypair = StackatoKeypair(self, "Keypair", existing_key_name="stackato-admin")
${indent(fragment, 8)}

app = App()
ReadmeCluster(app, "readme-cluster")
app.synth()
`;

/** The Python README's code against the top README's TypeScript: the micro cloud app, and the cluster. */
async function checkReadmes(work) {
  const start = Date.now();
  const home = path.join(work, "home");
  fs.mkdirSync(path.join(home, ".ssh"), { recursive: true });
  // The micro cloud reads ~/.ssh/id_rsa.pub at synth.
  fs.copyFileSync(path.join(ROOT, "__tests__", "fixtures", "id_rsa.pub"), path.join(home, ".ssh", "id_rsa.pub"));
  const topReadme = path.join(ROOT, "README.md");
  const pyReadme = path.join(EXAMPLE_DIR, "README.md");
  const programs = path.join(work, "readme-programs");
  fs.mkdirSync(programs, { recursive: true });
  const cases = [];
  try {
    cases.push({
      label: "README micro cloud app:",
      ts: compileReadmeTs(
        findBlock(topReadme, "ts", "class Paas extends TerraformStack"),
        path.join(programs, "paas.js"),
      ),
      py: path.join(programs, "paas.py"),
      pySource: findBlock(pyReadme, "python", "class Paas(TerraformStack)"),
    });
    cases.push({
      label: "README cluster:",
      ts: compileReadmeTs(
        TS_CLUSTER_STACK(findBlock(topReadme, "ts", "new StackatoCluster(this")),
        path.join(programs, "cluster.js"),
      ),
      py: path.join(programs, "cluster.py"),
      pySource: PY_CLUSTER_STACK(findBlock(pyReadme, "python", "cluster = StackatoCluster(")),
    });
  } catch (e) {
    return fail("the READMEs have the code this test compares", e.message);
  }
  for (const [i, c] of cases.entries()) {
    fs.writeFileSync(c.py, c.pySource);
    compareOutputs(c.label, await synthBoth(work, `readme-${i}`, { HOME: home }, [VENV_PYTHON, c.py], c.ts));
  }
  console.log(`  (READMEs: synthesized in ${seconds(start)})`);
}

/** Every module of the wheel imports (the examples load only some: the L1 modules load lazily). */
function checkImports() {
  const name = "every module of the wheel imports";
  const script = [
    "import importlib, pkgutil, cdktf_stackato_openstack as p",
    "names = [m.name for m in pkgutil.walk_packages(p.__path__, p.__name__ + '.')]",
    "for n in names: importlib.import_module(n)",
    "print(len(names))",
  ].join("\n");
  try {
    const count = run(VENV_PYTHON, ["-c", script]).trim();
    ok(`${name} (${count} modules)`);
  } catch (e) {
    fail(name, e.message);
  }
}

/**
 * Python docstrings keep `<placeholder>` text. jsii renders doc comments as reStructuredText, where a bare
 * `<cluster>` was dropped as HTML ("Default: "-droplets""); code spans keep it.
 */
function checkDocstrings() {
  const name = 'docstrings keep placeholders (SharedDropletVolumeOptions.volume_name: "<cluster>-droplets")';
  const script = [
    "import cdktf_stackato_openstack as p",
    "print(p.SharedDropletVolumeOptions.volume_name.__doc__)",
  ].join("\n");
  try {
    const doc = run(VENV_PYTHON, ["-c", script]);
    if (doc.includes("<cluster>-droplets")) ok(name);
    else fail(name, `the docstring is:\n${tail(doc)}`);
  } catch (e) {
    fail(name, e.message);
  }
}

/**
 * The wheel is the library only: the review CLI is its own npm package (packages/review, run with
 * `npx cdktf-stackato-openstack-review`), so the wheel installs no command into the venv.
 */
function checkCommand() {
  const name = "the wheel installs no cdktf-stackato-openstack command (the review CLI is its own npm package)";
  const bin = path.dirname(VENV_PYTHON);
  const commands = fs.readdirSync(bin).filter((file) => file.startsWith("cdktf-stackato-openstack"));
  if (commands.length === 0) ok(name);
  else fail(name, `the venv has ${commands.join(", ")}`);
}

/** The Python code type-checks against the wheel's typings, and the typings catch a wrong argument. */
function checkTypes(work) {
  const start = Date.now();
  const programs = path.join(work, "readme-programs");
  const checked = [
    path.join(EXAMPLE_DIR, "main.py"),
    path.join(programs, "paas.py"),
    path.join(programs, "cluster.py"),
  ];
  const wrong = path.join(work, "wrong_types.py");
  fs.writeFileSync(
    wrong,
    [
      "from cdktf import App, TerraformStack",
      "from cdktf_stackato_openstack import StackatoImage",
      "",
      'StackatoImage(TerraformStack(App(), "s"), "Image", existing_image_name=3)',
      "",
    ].join("\n"),
  );
  const result = spawnSync(
    VENV_PYTHON,
    ["-m", "mypy", "--strict", "--cache-dir", path.join(ROOT, "dist-jsii", "mypy-cache"), ...checked, wrong],
    { cwd: work, encoding: "utf8" },
  );
  const lines = result.stdout.split("\n").filter((l) => /: error:/.test(l));
  const inChecked = lines.filter((l) => !l.startsWith(wrong) && !l.startsWith("wrong_types.py"));
  const name = "main.py and the README code type-check against the wheel's typings (mypy --strict)";
  if (result.error || !fs.existsSync(checked[1]) || inChecked.length) {
    fail(name, result.error ? result.error.message : tail(`${result.stdout}\n${result.stderr}`));
  } else ok(name);
  const name2 = 'the typings reject a wrong argument (existing_image_name=3: "expected str | None")';
  if (
    lines.some((l) => l.includes("wrong_types.py:4") && l.includes('"existing_image_name"') && l.includes("[arg-type]"))
  ) {
    ok(name2);
  } else fail(name2, tail(`${result.stdout}\n${result.stderr}`));
  console.log(`  (mypy: ${seconds(start)})`);
}

async function main() {
  const started = Date.now();
  const python = checkPython();
  console.log(`python ${python.version} (${PYTHON})`);
  try {
    ensureBuilt();
    const wheel = ensureWheel();
    ensureVenv(python, wheel);
  } catch (e) {
    fail("build the wheel and install it in a virtualenv", e.message);
    finish();
  }
  checkPins();
  checkImports();
  checkDocstrings();
  checkCommand();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-python-"));
  try {
    await checkScenarios(work, [VENV_PYTHON, MAIN_PY]);
    await checkReadmes(work);
    checkTypes(work);
    await checkError(work, [VENV_PYTHON, MAIN_PY], /RuntimeError: Error: Validation failed/);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`  (total ${seconds(started)})`);
  finish();
}

main().catch((e) => {
  fail("test:python ran to the end", e.stack || String(e));
  finish();
});
