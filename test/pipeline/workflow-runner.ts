/**
 * The workflow runner of the workflow-run-*.test.ts suites (split by event so jest runs them on both
 * cores). Issue 15.5: runs every job of .github/workflows/warm-standby.yml the way a fresh runner would: in
 * a clean copy of the checkout (tracked and unignored files only), each `run:` step in order with
 * bash -eo pipefail, the job's and step's env, ${{ }} expressions resolved from the workflow's
 * context, $GITHUB_OUTPUT / $GITHUB_ENV / $GITHUB_STEP_SUMMARY carried between steps, and the local
 * setup action expanded into its own steps. A job that cannot work here fails the suite.
 *
 * What stands in for the runner (listed so nothing is hidden):
 * - `actions/checkout`: the clean copy. `actions/setup-node|go`: this machine's Node and no Go (so
 *   setup must not need to build anything). `hashicorp/setup-terraform`: the terraform on PATH, whose
 *   version must equal the one the workflow pins. `actions/cache`: a cache hit, i.e. `.tools/bin` and
 *   the provider mirror restored from this checkout. npm packages: this checkout's node_modules
 *   (setup verifies it matches package-lock.json instead of running npm ci). Right before `bash
 *   scripts/setup`, dist/ and the policy bundle built from the same sources are copied in (setup and
 *   the launchers check them and recompile on a mismatch); a job without setup gets neither.
 * - `npm run drill` (moto, minutes of terraform) becomes its --help and a stub report.
 * - AWS: `npx cdktf deploy STACK` becomes the synth + gate cdktf runs before applying (node
 *   bin/app.js) and a check that STACK was synthesized; `warm-standby readiness` becomes its --help.
 * - `scripts/plan.ts` runs with the workflow's arguments plus --no-gate (plan only) against the
 *   terraform stub below, so its options and its walk over the stacks are exercised; the stub's plans
 *   hold no resources, so gating them would say nothing. Real plans of every stack, gated, are
 *   test/pipeline/plan.test.ts's job.
 * - Other `uses:` steps (credentials, uploads, comments) do not run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  'working-directory'?: string;
}
export interface Job {
  if?: string;
  needs?: string | string[];
  env?: Record<string, string>;
  strategy?: { matrix: Record<string, unknown[]> };
  outputs?: Record<string, string>;
  steps: Step[];
}
export const workflow = parse(fs.readFileSync(path.join(ROOT, '.github/workflows/warm-standby.yml'), 'utf8')) as {
  env?: Record<string, string>;
  jobs: Record<string, Job>;
};
const setupAction = parse(fs.readFileSync(path.join(ROOT, '.github/actions/setup/action.yml'), 'utf8')) as { runs: { steps: Step[] } };

interface Context {
  event: string;
  matrix: Record<string, string>;
  needs: Record<string, { outputs: Record<string, string> }>;
  steps: Record<string, { outputs: Record<string, string> }>;
  inputs: Record<string, string>;
}

/** Resolves one ${{ }} expression; anything this runner does not know is an error, not an empty string. */
function evaluate(expr: string, ctx: Context): string {
  const e = expr.trim();
  const or = e.match(/^(.*?)\s*\|\|\s*'([^']*)'$/);
  if (or) return evaluate(or[1], ctx) || or[2];
  const and = e.match(/^(inputs\.\w+)\s*&&\s*github\.actor$/);
  if (and) return evaluate(and[1], ctx) ? 'workflow-runner' : '';
  if (/^vars\[/.test(e) || /^vars\.\w+$/.test(e)) return '';
  if (/^secrets\.\w+$/.test(e)) return '';
  if (e === 'runner.temp') return '$RUNNER_TEMP';
  if (e === 'runner.os') return 'Linux';
  if (/^github\.(run_id|actor|repository)$/.test(e)) return 'workflow-runner';
  if (e === 'github.event.pull_request.number') return '1';
  const w = e.match(/^env\.(\w+)$/);
  if (w && workflow.env?.[w[1]] !== undefined) return String(workflow.env[w[1]]);
  const m = e.match(/^(matrix|inputs)\.(\w+)$/);
  if (m) return (m[1] === 'matrix' ? ctx.matrix : ctx.inputs)[m[2]] ?? '';
  const n = e.match(/^needs\.([\w-]+)\.outputs\.(\w+)$/);
  if (n) {
    const v = ctx.needs[n[1]]?.outputs[n[2]];
    if (v === undefined) throw new Error(`\${{ ${e} }}: job ${n[1]} did not run or set ${n[2]}`);
    return v;
  }
  const s = e.match(/^steps\.([\w-]+)\.outputs\.(\w+)$/);
  if (s) {
    const v = ctx.steps[s[1]]?.outputs[s[2]];
    if (v === undefined) throw new Error(`\${{ ${e} }}: step ${s[1]} did not set ${s[2]}`);
    return v;
  }
  throw new Error(`the workflow runner cannot evaluate \${{ ${e} }}`);
}
const expand = (text: string, ctx: Context): string => text.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => evaluate(expr, ctx));
const parseKv = (file: string): Record<string, string> =>
  Object.fromEntries(
    (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

/** `cp -p` of `sources` (relative to `from`) into `to`, keeping their folders and timestamps: one process, not a few syscalls per file from JavaScript. */
function copyPreserving(from: string, sources: readonly string[], to: string): void {
  const r = spawnSync('cp', ['-pR', '--parents', '-t', to, '--', ...sources], { cwd: from, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cp into ${to} failed: ${r.stderr}`);
}

/** A copy of the checkout as a clone of it would be, plus the restored caches (see the header). */
function cleanCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-runner-'));
  const files = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .stdout.split('\0')
    .filter(Boolean)
    // A deleted file is still listed until committed; the node_modules link is restored below.
    .filter((f) => fs.lstatSync(path.join(ROOT, f), { throwIfNoEntry: false })?.isSymbolicLink() === false);
  copyPreserving(ROOT, files, dir);
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(dir, 'node_modules'));
  return dir;
}

/** The `actions/cache` hit: OPA in .tools/bin and the provider mirror at $RUNNER_TEMP/tf-mirror. */
function restoreCache(dir: string, runnerTemp: string): void {
  fs.mkdirSync(path.join(dir, '.tools', 'bin'), { recursive: true });
  const opa = path.join(ROOT, '.tools', 'bin', 'opa');
  if (fs.existsSync(opa)) fs.symlinkSync(fs.realpathSync(opa), path.join(dir, '.tools', 'bin', 'opa'));
  const mirror = path.join(ROOT, '.tools', 'providers', 'registry.terraform.io', 'hashicorp');
  for (const name of fs.readdirSync(mirror)) {
    for (const version of fs.readdirSync(path.join(mirror, name))) {
      const platformDir = path.join(mirror, name, version, 'linux_amd64');
      const dest = path.join(runnerTemp, 'tf-mirror', 'registry.terraform.io', 'hashicorp', name, version, 'linux_amd64');
      fs.mkdirSync(dest, { recursive: true });
      for (const bin of fs.readdirSync(platformDir)) fs.symlinkSync(fs.realpathSync(path.join(platformDir, bin)), path.join(dest, bin));
    }
  }
}

/** Stand-ins for the AWS calls (see the header), first on PATH. */
function stubBin(dir: string): string {
  const bin = path.join(dir, '.runner-bin');
  fs.mkdirSync(bin);
  const realNpx = spawnSync('bash', ['-c', 'command -v npx'], { encoding: 'utf8' }).stdout.trim();
  fs.writeFileSync(
    path.join(bin, 'npx'),
    `#!/usr/bin/env bash
set -eo pipefail
if [ "$1" = cdktf ] && [ "$2" = deploy ]; then
  stack="$3"
  node bin/app.js
  test -f "cdktf.out/stacks/$stack/cdk.tf.json" || { echo "stub: $stack was not synthesized" >&2; exit 1; }
  echo "stub: synthesized and gated; terraform apply of $stack skipped (no AWS)"
  exit 0
fi
if [ "$1" = --no-install ] && [ "$2" = warm-standby ] && [ "$3" = readiness ]; then
  node bin/warm-standby.js readiness --help >/dev/null
  echo "### readiness (stub: no AWS)"
  exit 0
fi
exec ${realNpx} "$@"
`,
    { mode: 0o755 },
  );
  // terraform: init, plan and apply reach AWS (state backend, provider API) and are stubbed. plan
  // records its -target addresses; show -json prints a plan whose resource_changes are exactly those
  // addresses, so the real gate judges what the targeted failover plan would touch (WS-FO-007).
  const realTerraform = spawnSync('bash', ['-c', 'command -v terraform'], { encoding: 'utf8' }).stdout.trim();
  fs.writeFileSync(
    path.join(bin, 'terraform'),
    `#!/usr/bin/env bash
set -eo pipefail
case "$1" in
  # init leaves what a real one does (scripts/lib/terraform.ts links .terraform and copies the lock file).
  init) mkdir -p .terraform && touch .terraform.lock.hcl && echo "stub: terraform $* (no AWS)" ;;
  apply) echo "stub: terraform $* (no AWS)" ;;
  plan)
    out=""; : > .stub-targets
    for a in "$@"; do case "$a" in -target=*) echo "\${a#-target=}" >> .stub-targets ;; -out=*) out="\${a#-out=}" ;; esac; done
    [ -n "$out" ] && cp .stub-targets "$out"
    echo "stub: terraform plan of $(wc -l < .stub-targets) targets (no AWS)" ;;
  show)
    node -e 'const fs = require("fs");
const addresses = fs.readFileSync(process.argv[1], "utf8").split("\\n").filter(Boolean);
const changes = addresses.map((address) => { const parts = address.split("."); return { address, mode: "managed", type: parts[0], name: parts[1], change: { actions: ["update"], before: {}, after: {} } }; });
const meta = { value: JSON.parse(fs.readFileSync("cdk.tf.json", "utf8")).output.warm_standby_stack.value };
process.stdout.write(JSON.stringify({ format_version: "1.2", terraform_version: "1.11.4", resource_changes: changes, planned_values: { outputs: { warm_standby_stack: meta }, root_module: {} }, configuration: { root_module: {} } }));' "\${@: -1}" ;;
  *) exec ${realTerraform} "$@" ;;
esac
`,
    { mode: 0o755 },
  );
  // The shared node_modules must never be emptied by an `npm ci` in the copy: it stands for the install.
  const realNpm = spawnSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  fs.writeFileSync(
    path.join(bin, 'npm'),
    // npm run drill: moto, terraform applies and the failover take minutes and a Python virtualenv;
    // the stub proves the drill's entry point compiles and answers, and writes the report it would.
    `#!/usr/bin/env bash
set -eo pipefail
if [ "$1" = ci ]; then echo "runner: npm ci stands as the shared node_modules"; exit 0; fi
if [ "$1" = run ] && [ "$2" = drill ]; then
  node scripts/with-tools.js ts-node --transpile-only drill/main.ts --help >/dev/null
  mkdir -p cdktf.out/drill
  echo "### drill (stub: no emulator)" > cdktf.out/drill/drill-report.md
  echo "stub: npm run drill \${*:3} (no emulator)"
  exit 0
fi
exec ${realNpm} "$@"
`,
    { mode: 0o755 },
  );
  return bin;
}

export interface JobRun {
  outputs: Record<string, string>;
  log: string;
  summary: string;
}

function runJob(name: string, ctx: Omit<Context, 'steps'>): JobRun {
  const job = workflow.jobs[name];
  const dir = cleanCopy();
  const runnerTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-runner-temp-'));
  const files = { output: path.join(runnerTemp, 'output'), env: path.join(runnerTemp, 'env'), summary: path.join(runnerTemp, 'summary.md') };
  const full: Context = { ...ctx, steps: {} };
  let log = '';
  const jobEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(job.env ?? {})) jobEnv[k] = expand(String(v), full);
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (k.startsWith('WARM_STANDBY_') || k === 'TF_CLI_CONFIG_FILE' || k.startsWith('npm_')) delete base[k];
  const env: NodeJS.ProcessEnv = {
    ...base,
    PATH: `${stubBin(dir)}:${process.env.PATH}`,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: runnerTemp,
    GITHUB_STEP_SUMMARY: files.summary,
    ...Object.fromEntries(Object.entries(workflow.env ?? {}).map(([k, v]) => [k, String(v)])),
    ...jobEnv,
  };
  const runStep = (step: Step, where: string): void => {
    if (step.uses) {
      if (step.uses === './.github/actions/setup') {
        for (const inner of setupAction.runs.steps) runStep(inner, `${where} > setup action`);
      } else if (step.uses.startsWith('hashicorp/setup-terraform@')) {
        const want = expand(String(step.with?.terraform_version), full);
        const have = JSON.parse(spawnSync('terraform', ['version', '-json'], { encoding: 'utf8' }).stdout).terraform_version as string;
        if (have !== want) throw new Error(`${where}: the workflow pins terraform ${want}; this machine has ${have}`);
      } else if (step.uses.startsWith('actions/cache@')) {
        restoreCache(dir, runnerTemp);
      }
      return;
    }
    if (step.run === undefined) return;
    if (step.if && !/^always\(\)$/.test(step.if.trim())) return;
    let script = expand(step.run, full);
    if (script.trim() === 'bash scripts/setup') {
      // What setup would compile from these same sources; setup checks them and rebuilds on a mismatch.
      copyPreserving(ROOT, ['dist', 'policies/bundle'], dir);
    }
    script = script.replace(/(scripts\/plan\.ts\s[^\n]*)/g, '$1 --no-gate');
    fs.writeFileSync(files.output, '');
    const stepEnv: NodeJS.ProcessEnv = { ...env, ...parseKv(files.env), GITHUB_OUTPUT: files.output, GITHUB_ENV: files.env };
    for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = expand(String(v), full);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: step['working-directory'] ? path.join(dir, expand(step['working-directory'], full)) : dir,
      env: stepEnv,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    log += `--- ${where}: ${step.name ?? step.id ?? script.split('\n')[0]}\n${r.stdout}${r.stderr}`;
    if (r.status !== 0) throw new Error(`${where} "${step.name ?? script.split('\n')[0]}" exited ${r.status}:\n${(r.stdout + r.stderr).slice(-3000)}`);
    if (step.id) full.steps[step.id] = { outputs: parseKv(files.output) };
  };
  try {
    job.steps.forEach((step, i) => runStep(step, `${name}[${JSON.stringify(ctx.matrix)}] step ${i + 1}`));
    const outputs = Object.fromEntries(Object.entries(job.outputs ?? {}).map(([k, v]) => [k, expand(v, full)]));
    return { outputs, log, summary: fs.existsSync(files.summary) ? fs.readFileSync(files.summary, 'utf8') : '' };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(runnerTemp, { recursive: true, force: true });
  }
}

const triggered = (event: string, inputs: Record<string, string> = {}): string[] =>
  Object.entries(workflow.jobs)
    .filter(([, j]) => {
      const cond = j.if ?? '';
      // A dispatch runs the jobs of the chosen action only.
      const action = cond.match(/github\.event_name == 'workflow_dispatch' && inputs\.action == '(\w+)'/);
      if (event === 'workflow_dispatch' && action) return inputs.action === action[1];
      if (event === 'pull_request') return /== 'pull_request'/.test(cond);
      if (/!= 'pull_request'/.test(cond)) return true;
      return cond.includes(`'${event}'`);
    })
    .map(([n]) => n);
const needsOf = (j: Job): string[] => (j.needs === undefined ? [] : Array.isArray(j.needs) ? j.needs : [j.needs]);

/** Runs the jobs an event triggers, each after the jobs it needs, like Actions would. */
export function runEvent(event: string, inputs: Record<string, string> = {}): Record<string, JobRun[]> {
  const names = triggered(event, inputs);
  const done: Record<string, JobRun[]> = {};
  const needs: Context['needs'] = {};
  while (Object.keys(done).length < names.length) {
    const ready = names.filter((n) => !done[n] && needsOf(workflow.jobs[n]).every((d) => done[d]));
    if (ready.length === 0) throw new Error(`${event}: jobs wait on jobs that never run: ${names.filter((n) => !done[n]).join(', ')}`);
    for (const name of ready) {
      const matrix = workflow.jobs[name].strategy?.matrix ?? {};
      const combos = Object.keys(matrix).length ? (matrix.environment as string[]).map((environment) => ({ environment })) : [{}];
      done[name] = combos.map((m) => runJob(name, { event, matrix: m, needs, inputs }));
      needs[name] = { outputs: done[name][0].outputs };
    }
  }
  return done;
}
