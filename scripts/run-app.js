#!/usr/bin/env node
// The cdktf app entry (cdktf.json "app"). It runs the compiled main.ts: `npm run build` keeps dist/ current,
// and plain node starts in a fraction of the time ts-node needs to compile the generated bindings.
"use strict";
require("../dist/main.js");
