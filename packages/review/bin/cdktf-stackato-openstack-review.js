#!/usr/bin/env node
"use strict";
// The review command line; the code is compiled to dist/ (see cli.ts).
require("../dist/cli.js")
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(err && err.stack ? err.stack : String(err));
    process.exit(2);
  });
