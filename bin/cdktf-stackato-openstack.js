#!/usr/bin/env node
"use strict";
// The package's command line; the code is compiled to dist/review (see review/cli.ts).
require("../dist/review/cli.js")
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(err && err.stack ? err.stack : String(err));
    process.exit(2);
  });
