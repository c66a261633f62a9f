#!/usr/bin/env node
// Runs a command with the project's tools (from `scripts/setup`) on PATH and Terraform pointed at the
// project's CLI configuration, so users never edit PATH or environment variables by hand.
'use strict';
const { spawnSync } = require('node:child_process');
const { toolEnv } = require('./toolchain');

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: node scripts/with-tools.js <command> [args...]\n');
  process.exit(2);
}
const result = spawnSync(command, args, { stdio: 'inherit', env: toolEnv() });
if (result.error) {
  process.stderr.write(`with-tools: cannot run ${command}: ${result.error.message}\n`);
  process.exit(127);
}
process.exit(result.status === null ? 1 : result.status);
