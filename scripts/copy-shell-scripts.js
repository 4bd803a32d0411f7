#!/usr/bin/env node
// Copies the provisioning scripts' bash (lib/provisioning/scripts/sh/*.sh) into dist/, beside the compiled
// code that reads them at synth; tsc copies only what it compiles. Run by `npm run build` and by the cdktf app
// entry (scripts/run-app.js), so an edited .sh file is what the next synth uses. Files no longer in lib/ go.
"use strict";
const fs = require("fs");
const path = require("path");

const RELATIVE = path.join("lib", "provisioning", "scripts", "sh");

function copyShellScripts(root) {
  const from = path.join(root, RELATIVE);
  const to = path.join(root, "dist", RELATIVE);
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from).filter((n) => n.endsWith(".sh"))) {
    fs.copyFileSync(path.join(from, name), path.join(to, name));
  }
}

module.exports = { copyShellScripts };

if (require.main === module) copyShellScripts(path.resolve(__dirname, ".."));
