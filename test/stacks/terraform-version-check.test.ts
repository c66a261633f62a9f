/**
 * cdktf's Terraform version check runs once per process (stacks/terraform-version-check.ts), and a
 * Terraform that is too old is still refused.
 *
 * The synths run in a child process: cdktf runs `terraform version` with the real process
 * environment, which a suite cannot change (jest gives it a copy of process.env).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

// Synthesizes an app of N stacks, each with an HCP Terraform backend (cdktf requires Terraform >= 1.1
// for it), after loading the stacks as the app does; prints "ok" or the synth error.
const SCRIPT = `
require('./stacks');
const { App, CloudBackend, NamedCloudWorkspace, TerraformStack } = require('cdktf');
const app = new App({ outdir: process.env.OUTDIR });
for (let i = 0; i < Number(process.env.STACKS); i++) {
  const stack = new TerraformStack(app, 'stack-' + i);
  new CloudBackend(stack, { organization: 'org', workspaces: new NamedCloudWorkspace('ws-' + i) });
}
try { app.synth(); console.log('ok'); } catch (e) { console.log(e.message); }
`;

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-version-check-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Runs SCRIPT with a `terraform` on PATH that records each call and prints `Terraform v<version>`. */
function synthWithTerraform(version: string, stacks: number): { output: string; calls: string } {
  const bin = fs.mkdtempSync(path.join(work, 'bin-'));
  const calls = path.join(bin, 'calls');
  fs.writeFileSync(calls, '');
  fs.writeFileSync(path.join(bin, 'terraform'), `#!/bin/sh\necho "$*" >> "${calls}"\necho "Terraform v${version}"\n`, { mode: 0o755 });
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register', '-e', SCRIPT], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, OUTDIR: fs.mkdtempSync(path.join(work, 'out-')), STACKS: String(stacks) },
  });
  expect(run.stderr).toBe('');
  return { output: run.stdout.trim(), calls: fs.readFileSync(calls, 'utf8') };
}

test('three stacks that need Terraform >= 1.1 run `terraform version` once', () => {
  expect(synthWithTerraform('1.13.4', 3)).toEqual({ output: 'ok', calls: 'version\n' });
});

test('a Terraform too old is still refused, with the version and the constraint', () => {
  const { output, calls } = synthWithTerraform('1.0.9', 2);
  // cdktf stops at the first stack that fails its checks.
  expect(output).toContain('[stack-0/backend] terraform version 1.0.9 is lower than the required version >=1.1 for this construct.');
  expect(calls).toBe('version\n');
});
