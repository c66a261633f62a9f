/**
 * Offline Terraform plans of every stack of an environment, gated by the warm-standby policies.
 *
 *   npm run plan                                   # example: synth, plan 5 stacks, gate the plans
 *   WARM_STANDBY_ENV=prod-eu npm run plan
 *   npm run plan -- --from cdktf.out               # plan an existing synthesis instead
 *   npm run plan -- --out-dir plans --no-gate      # only write the plan JSONs
 *   npm run plan -- --format sarif --gate-out plans.sarif
 *   npm run plan -- -f text -f junit=plans.xml --rule 'WS-EKS-*' --severity-threshold HIGH
 *
 * Writes `<out-dir>/<stack>.json` (`terraform show -json` of a saved plan; default cdktf.out/plans),
 * then runs `warm-standby check <every plan>` with the gate options given (formats, outputs, rule
 * selection, severity threshold, exceptions, parameters: scripts/lib/plan-args.ts). The plans are
 * evaluated together as one plan set, so cross-Region rules see both Regions. Exit status:
 * the gate's (0 pass, 1 mandatory finding, 2 input error), or 2 when synthesis/planning fails.
 * No AWS access: see scripts/lib/plan.ts for what is changed in the temporary copy of each stack.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { DEFAULT_ENVIRONMENT, loadEnvironment } from '../environments';
import { buildEnvironment } from '../stacks';
import { planApp, tempOutdir } from './lib/plan';
import { PLAN_USAGE, parsePlanArgs } from './lib/plan-args';
import { parseFailover, removeOtherEnvironmentPlans } from '../gate/synth-selection';

const ROOT = path.resolve(__dirname, '..');

/** Synthesizes the selected environment exactly as main.ts does, into a temp folder. */
function synthesize(): string {
  const envName = process.env.WARM_STANDBY_ENV || DEFAULT_ENVIRONMENT;
  const flag = process.env.WARM_STANDBY_FAILOVER;
  const failover = flag === undefined || flag === '' ? false : parseFailover(flag, 'WARM_STANDBY_FAILOVER');
  const outdir = tempOutdir(`plan-synth-${envName}-`);
  const app = new App({ outdir });
  buildEnvironment(app, loadEnvironment(envName), { failover });
  app.synth();
  return outdir;
}

async function main(): Promise<number> {
  const args = parsePlanArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(PLAN_USAGE);
    return 0;
  }
  const outdir = args.from ? path.resolve(args.from) : synthesize();
  const outDir = path.resolve(args.outDir);
  fs.mkdirSync(outDir, { recursive: true });
  // Plans of another environment left in the folder would be gated with this one's by a later
  // `warm-standby check <dir>/*.json`.
  const removed = args.from ? [] : removeOtherEnvironmentPlans(outDir, process.env.WARM_STANDBY_ENV || DEFAULT_ENVIRONMENT);
  if (removed.length) process.stderr.write(`plan: removed plans of other environments: ${removed.join(', ')}\n`);
  process.stderr.write(`plan: stacks from ${outdir}\n`);
  const { plans, skipped } = await planApp(outdir, outDir);
  for (const p of plans) {
    process.stderr.write(`plan: ${p.stack}: ${p.resourceChanges} resource changes -> ${path.relative(process.cwd(), p.planJson)}\n`);
  }
  for (const s of skipped) process.stderr.write(`plan: ${s.stack}: NOT planned offline: ${s.reason}; gate its synthesized config instead\n`);
  if (!args.from) fs.rmSync(outdir, { recursive: true, force: true });
  if (!args.gate) return 0;

  const gateArgs = ['check', ...plans.map((p) => p.planJson), ...args.checkArgs];
  const gate = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'warm-standby.js'), ...gateArgs], { stdio: 'inherit' });
  return gate.status ?? 2;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`plan: ${error.message}\n`);
    process.exit(2);
  },
);
