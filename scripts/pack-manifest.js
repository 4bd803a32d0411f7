#!/usr/bin/env node
// `npm pack` / `npm publish` hooks: the published package.json keeps what consumers need and none of
// this repository's development set-up (no `prepare` that would try to generate and build on install,
// no devDependencies, no dev scripts). `prepack` strips package.json and keeps the original beside it;
// `postpack` puts the original back.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const manifest = path.join(root, "package.json");
const kept = path.join(root, ".package.dev.json");

const mode = process.argv[2];
if (mode === "strip") {
  if (fs.existsSync(kept))
    throw new Error(
      `${kept} exists: a previous pack did not finish; restore it with \`node scripts/pack-manifest.js restore\``,
    );
  const text = fs.readFileSync(manifest, "utf8");
  fs.writeFileSync(kept, text);
  const pkg = JSON.parse(text);
  delete pkg.scripts;
  delete pkg.devDependencies;
  // The workspaces (the harness and review packages) are this repository's, not the published library's.
  delete pkg.workspaces;
  fs.writeFileSync(manifest, JSON.stringify(pkg, null, 2) + "\n");
} else if (mode === "restore") {
  if (fs.existsSync(kept)) fs.renameSync(kept, manifest);
} else {
  console.error("usage: pack-manifest.js strip|restore");
  process.exit(2);
}
