'use strict';
// Where `scripts/setup` put the tools; shared by scripts/with-tools.js and the TypeScript harnesses.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TOOLCHAIN_FILE = path.join(ROOT, '.tools', 'toolchain.json');

/** The toolchain written by scripts/setup; a clear error when setup has not run. */
function readToolchain() {
  if (!fs.existsSync(TOOLCHAIN_FILE)) {
    throw new Error(`${path.relative(process.cwd(), TOOLCHAIN_FILE) || TOOLCHAIN_FILE} is missing: run "bash scripts/setup" first`);
  }
  return JSON.parse(fs.readFileSync(TOOLCHAIN_FILE, 'utf8'));
}

/** process.env plus the project's tools on PATH and its Terraform CLI configuration. */
function toolEnv(base = process.env) {
  const env = { ...base };
  if (!fs.existsSync(TOOLCHAIN_FILE)) return env;
  const tc = readToolchain();
  const dirs = [path.join(ROOT, '.tools', 'bin'), path.dirname(tc.opa), path.dirname(tc.terraform), path.join(ROOT, 'node_modules', '.bin')];
  env.PATH = [...new Set(dirs), env.PATH || ''].join(path.delimiter);
  env.TF_CLI_CONFIG_FILE = tc.terraformrc;
  env.CHECKPOINT_DISABLE = '1';
  env.TF_IN_AUTOMATION = '1';
  return env;
}

module.exports = { ROOT, TOOLCHAIN_FILE, readToolchain, toolEnv };
