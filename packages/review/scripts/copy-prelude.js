#!/usr/bin/env node
// Build step: dist/prelude.sh, the library's shared shell prelude of this release, which the report strips
// from step scripts (see prelude.ts). The review package reads it from there, not from the library package.
"use strict";
const fs = require("fs");
const path = require("path");

const from = path.resolve(__dirname, "..", "..", "..", "lib", "provisioning", "scripts", "sh", "prelude.sh");
const to = path.resolve(__dirname, "..", "dist", "prelude.sh");
fs.mkdirSync(path.dirname(to), { recursive: true });
fs.copyFileSync(from, to);
