#!/usr/bin/env node
'use strict';
// `npm run synth`: synthesizes and gates the app the way `cdktf synth` does (the cdktf.json app with
// CDKTF_OUTDIR and CDKTF_CONTEXT_JSON set, stale stacks removed first), in this process, without the
// cdktf CLI: the CLI adds several seconds of its own start-up to a synth that takes about as long
// (npm run bench, item 2). `npx cdktf synth|deploy` still work: they run the same bin/app.js.
//
//   npm run synth [-- --context KEY=VALUE ...]
const fs = require('node:fs');
const path = require('node:path');
const { toolEnv } = require('./toolchain');

const ROOT = path.resolve(__dirname, '..');
const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8'));
const context = { ...(config.context ?? {}) };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const value = args[i] === '--context' ? args[++i] : args[i].startsWith('--context=') ? args[i].slice('--context='.length) : undefined;
  if (value === undefined || !value.includes('=')) {
    process.stderr.write(`synth: unknown argument "${args[i] ?? ''}": only --context KEY=VALUE is accepted\n`);
    process.exit(2);
  }
  context[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
}
const outdir = path.resolve(ROOT, config.output ?? 'cdktf.out');
// Like cdktf synth: stacks of an earlier synth (another environment) must not linger.
fs.rmSync(path.join(outdir, 'stacks'), { recursive: true, force: true });
fs.rmSync(path.join(outdir, 'manifest.json'), { force: true });
Object.assign(process.env, toolEnv(), { CDKTF_OUTDIR: outdir, CDKTF_CONTEXT_JSON: JSON.stringify(context) });
process.chdir(ROOT);
require(path.join(ROOT, 'bin', 'app.js'));
