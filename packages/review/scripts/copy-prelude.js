#!/usr/bin/env node
// Build step: dist/prelude.sh, the library's shared shell prelude of this release, which the report strips
// from step scripts (see prelude.ts). The review package reads it from there, not from the library package.
// Also the repository's LICENSE, which npm pack then includes (git-ignored here).
"use strict";
const fs = require("fs");
const path = require("path");

const from = path.resolve(__dirname, "..", "..", "..", "lib", "provisioning", "scripts", "sh", "prelude.sh");
const to = path.resolve(__dirname, "..", "dist", "prelude.sh");
fs.mkdirSync(path.dirname(to), { recursive: true });
fs.copyFileSync(from, to);
fs.copyFileSync(path.resolve(__dirname, "..", "..", "..", "LICENSE"), path.resolve(__dirname, "..", "LICENSE"));
