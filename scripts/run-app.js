#!/usr/bin/env node
// The cdktf app entry (cdktf.json "app"), for `npx cdktf synth`, `diff` and `deploy`. It first brings
// dist/ up to date with an incremental tsc build (about 2 s when nothing changed), so cdktf never runs
// code older than the source, and copies the scripts' .sh files beside it; then it runs the compiled
// main.ts with plain node, which starts in a fraction of the time ts-node needs to compile the bindings.
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");
const { copyShellScripts } = require("./copy-shell-scripts");

const root = path.resolve(__dirname, "..");
const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
const build = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], {
  cwd: root,
  stdio: "inherit",
});
if (build.status !== 0) {
  console.error("run-app: the TypeScript build failed (see above); not synthesizing from an older build");
  process.exit(build.status === null ? 1 : build.status);
}
copyShellScripts(root);
require(path.join(root, "dist", "main.js"));
