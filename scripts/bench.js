#!/usr/bin/env node
// `npm run bench`: see bench/run.js for what it measures and its options.
"use strict";
require("../bench/run")
  .main()
  .catch((err) => {
    console.error(err && err.stack ? err.stack : String(err));
    process.exit(1);
  });
