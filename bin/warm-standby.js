#!/usr/bin/env node
'use strict';
// Runs the compiled CLI, bundled into dist/cli.bundle.js (scripts/build.js, run by scripts/setup),
// through V8's code cache (scripts/code-cache.js). When a source changed since the last compile it
// recompiles first, so the CLI never runs code older than the tree.
const path = require('path');

const built = require(path.join(__dirname, '..', 'scripts', 'build.js')).ensureBuilt((line) => process.stderr.write(`warm-standby: ${line}\n`));
if (built !== 0) {
  process.exitCode = 2;
} else {
  const { loadBundle } = require(path.join(__dirname, '..', 'scripts', 'code-cache.js'));
  // One cache per command: each compiles other functions.
  const cli = loadBundle(path.join(__dirname, '..', 'dist', 'cli.bundle.js'), process.argv[2]);
  cli.exports
    .main(process.argv.slice(2))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err) => {
        process.stderr.write(`warm-standby: internal error: ${String(err && err.message ? err.message : err).replace(/\s+/g, ' ')}\n`);
        process.exitCode = 2;
      },
    )
    // After the command: the cache then also holds the functions the run compiled.
    .finally(cli.saveCache);
}
