#!/usr/bin/env node
// `npm run validate`: terraform validate and plan, offline, on every stack of cdktf.out (run
// `npm run synth` first). It is the review package's command `cdktf-stackato-openstack-review validate`,
// run from this checkout's build of packages/review, so the repository and its users validate the same way.
// Usage: node scripts/validate-offline.js [cdktf.out | stacks-dir]   (default: cdktf.out)
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "packages", "review", "dist", "cli.js");

if (!fs.existsSync(CLI)) {
  console.error(
    "validate-offline: packages/review/dist is missing: run `npm run build --workspaces` (`npm ci` builds it) first",
  );
  process.exit(2);
}
require(CLI)
  .main(["validate", process.argv[2] || path.join(ROOT, "cdktf.out")])
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(`validate-offline: ${err && err.stack ? err.stack : String(err)}`);
    process.exit(2);
  });
