#!/usr/bin/env node
'use strict';
// Runs the TypeScript CLI (cli/main.ts) through ts-node in transpile-only mode: no type
// checking at start-up (`npm run build` does that), and no tsconfig lookup beyond the options below.
const path = require('path');

require('ts-node').register({
  transpileOnly: true,
  skipProject: true,
  compilerOptions: { module: 'commonjs', target: 'ES2022', esModuleInterop: true, resolveJsonModule: true },
});

require(path.join(__dirname, '..', 'cli', 'main.ts'))
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
