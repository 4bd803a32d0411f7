#!/usr/bin/env node
// `npm run pack:cdktn`: the same package for CDK Terrain (cdktn 0.24), the community fork of CDKTF.
// One source, two packages: this packs the cdktf build as `npm pack` makes it, rewrites the framework
// imports (cdktf -> cdktn) in the compiled JavaScript and type declarations, renames the package, sets
// cdktn's peer ranges, and writes cdktn-stackato-openstack-<version>.tgz at the repository root.
// Run `npm run build` first (npm ci does).
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const CDKTN_VERSION = "^0.24.0";
const CONSTRUCTS_RANGE = ">=10.6.0 <10.8.0";

/** cdktf module specifiers in compiled code: "cdktf", "cdktf/lib/...", and any "@cdktf/..." package. */
function rewriteFramework(text) {
  return text
    .replace(/(["'])cdktf(\/[^"']*)?\1/g, (_m, q, rest) => `${q}cdktn${rest ?? ""}${q}`)
    .replace(/(["'])@cdktf\//g, (_m, q) => `${q}@cdktn/`);
}

function walk(dir, visit) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, visit);
    else visit(full);
  }
}

function main() {
  if (!fs.existsSync(path.join(root, "dist", "lib", "index.js")))
    throw new Error("dist/ is missing: run `npm run build` first");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktn-pack-"));
  try {
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: root, encoding: "utf8" }),
    )[0];
    execFileSync("tar", ["-xzf", path.join(work, packed.filename), "-C", work]);
    const pkgDir = path.join(work, "package");

    let rewritten = 0;
    walk(path.join(pkgDir, "dist"), (file) => {
      if (!/\.(js|d\.ts)$/.test(file)) return;
      const before = fs.readFileSync(file, "utf8");
      const after = rewriteFramework(before);
      if (after !== before) {
        fs.writeFileSync(file, after);
        rewritten++;
      }
    });

    const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
    manifest.name = "cdktn-stackato-openstack";
    manifest.description = `${manifest.description} Built for CDK Terrain (cdktn).`;
    manifest.keywords = [...manifest.keywords.filter((k) => k !== "cdktf"), "cdktn"];
    manifest.peerDependencies = { cdktn: CDKTN_VERSION, constructs: CONSTRUCTS_RANGE };
    // The jsii assembly names cdktf types; the cdktn package is for TypeScript and JavaScript apps.
    delete manifest.jsii;
    manifest.files = manifest.files.filter((f) => f !== ".jsii");
    fs.rmSync(path.join(pkgDir, ".jsii"), { force: true });
    fs.writeFileSync(path.join(pkgDir, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

    const leftover = [];
    walk(path.join(pkgDir, "dist"), (file) => {
      if (/\.(js|d\.ts)$/.test(file) && /["']cdktf(["'/])|["']@cdktf\//.test(fs.readFileSync(file, "utf8")))
        leftover.push(path.relative(pkgDir, file));
    });
    if (leftover.length > 0)
      throw new Error(`cdktf imports left after the rewrite: ${leftover.slice(0, 5).join(", ")}`);

    const out = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", root], {
        cwd: pkgDir,
        encoding: "utf8",
      }),
    )[0];
    console.log(
      `${out.filename}: ${rewritten} files rewritten for cdktn ${CDKTN_VERSION}, constructs ${CONSTRUCTS_RANGE}`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
