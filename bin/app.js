#!/usr/bin/env node
'use strict';
// The cdktf app (cdktf.json "app"): runs the compiled main.ts (dist/main.js), recompiling first when
// a source changed since the last compile (scripts/build.js).
const path = require('path');

const built = require(path.join(__dirname, '..', 'scripts', 'build.js')).ensureBuilt((line) => process.stderr.write(`app: ${line}\n`));
if (built !== 0) process.exit(1);
// main.ts runs itself only as the entry module; here it is required, so start it explicitly.
void require(path.join(__dirname, '..', 'dist', 'main.js'))
  .synthAndGate()
  .then((code) => process.exit(code));
