#!/usr/bin/env node
// Build step: provider-schemas/ of this package, the schemas the harness serves and the force-new table,
// copied from the repository's provider-schemas/ (their one source; see its README), and the repository's
// LICENSE, which npm pack then includes. Both git-ignored here.
"use strict";
const fs = require("fs");
const path = require("path");

const from = path.resolve(__dirname, "..", "..", "..", "provider-schemas");
const to = path.resolve(__dirname, "..", "provider-schemas");
fs.mkdirSync(to, { recursive: true });
for (const file of ["openstack.json", "null.json", "force-new.json"]) {
  fs.copyFileSync(path.join(from, file), path.join(to, file));
}
fs.copyFileSync(path.resolve(__dirname, "..", "..", "..", "LICENSE"), path.resolve(__dirname, "..", "LICENSE"));
