#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (dist/cli/main.js, built by scripts/setup). When a source changed since the
// last compile it recompiles first (scripts/build.js), so the CLI never runs code older than the tree.
const path = require('path');

const built = require(path.join(__dirname, '..', 'scripts', 'build.js')).ensureBuilt((line) => process.stderr.write(`warm-standby: ${line}\n`));
if (built !== 0) {
  process.exitCode = 2;
} else {
  require(path.join(__dirname, '..', 'dist', 'cli', 'main.js'))
    .main(process.argv.slice(2))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err) => {
        process.stderr.write(`warm-standby: internal error: ${String(err && err.message ? err.message : err).replace(/\s+/g, ' ')}\n`);
        process.exitCode = 2;
      },
    );
}
