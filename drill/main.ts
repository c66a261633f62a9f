/**
 * `npm run drill [-- --env NAME] [-- --out DIR]`: the emulated DR drill (issue 18). Applies an
 * environment's AWS stacks on moto, reads them back, loses the primary Region behind a proxy, fails
 * the standby over the way the failover job does, and checks readiness before and after. Writes
 * drill-report.md and drill-report.xml (JUnit) to cdktf.out/drill/ (or --out). See drill/README.md.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CreateDBSubnetGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { EMULATOR_GAPS, StackJson, TargetPlan, planTargets, toleratedBy, unexpectedFailures, untolerated } from './emulator-gaps';
import { ROOT, ensureVenv, startMoto } from './moto';
import { writeOverride } from './overrides';
import { LossMode, RegionLossProxy, startProxy } from './proxy';
import { DrillReport, ReadinessRun, StepResult, drillPassed, renderJunit, renderMarkdown } from './report';
import { runTerraform, runTerraformJson } from './terraform';
import { withDirLock } from '../common/dir-lock';
import { Check, VerifyTargets, clientConfig, verifyDeployment, verifyFailover } from './verify';
import { EXPECTED_READINESS, compareReadiness } from './readiness-expectations';

/** The project's `terraform init` lock (scripts/lib/terraform.ts withInitLock: `.tools/plugin-cache` + `.init-lock`); the plugin cache is not safe for concurrent inits. */
const INIT_LOCK = path.join(ROOT, '.tools', 'plugin-cache.init-lock');

const USAGE = 'usage: npm run drill [-- --env NAME] [--out DIR]';

interface Args {
  env: string;
  out: string;
  help?: boolean;
}

export function parseArgs(argv: string[]): Args {
  const args: Args = { env: process.env.WARM_STANDBY_ENV ?? 'example', out: path.join(ROOT, 'cdktf.out', 'drill') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') args.help = true;
    else if ((a === '--env' || a === '-e') && argv[i + 1]) args.env = argv[++i];
    else if (a === '--out' && argv[i + 1]) args.out = path.resolve(argv[++i]);
    else throw new Error(`drill: unknown argument "${a}": ${USAGE}`);
  }
  if (!/^[a-z0-9-]+$/.test(args.env)) throw new Error(`drill: --env "${args.env}" is not an environment name (lower-case letters, digits, dashes)`);
  return args;
}

const log = (line: string) => process.stderr.write(`drill: ${line}\n`);

/** Synthesizes the app into `outdir` with the compiled cdktf app (bin/app.js), normal or failover mode. */
function synth(env: string, outdir: string, failover: boolean, logFile: string): void {
  fs.rmSync(outdir, { recursive: true, force: true });
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'app.js')], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, WARM_STANDBY_ENV: env, WARM_STANDBY_FAILOVER: failover ? '1' : '', CDKTF_OUTDIR: outdir, CDKTF_CONTEXT_JSON: '{}' },
  });
  fs.appendFileSync(logFile, `${r.stdout}${r.stderr}`);
  if (r.status !== 0) throw new Error(`synth ${failover ? 'failover' : 'normal'} failed (exit ${r.status}); see ${logFile}`);
}

interface Manifest {
  stacks: Record<string, { workingDirectory: string; dependencies?: string[] }>;
}

function readStack(dir: string): StackJson & Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as StackJson & Record<string, unknown>;
}

/** Stacks in deploy order (manifest dependencies), the AWS ones and the Kubernetes ones apart. */
export function deployOrder(manifest: Manifest): string[] {
  const order: string[] = [];
  const visit = (name: string, seen: Set<string>) => {
    if (order.includes(name)) return;
    if (seen.has(name)) throw new Error(`stack dependency cycle at ${name}`);
    seen.add(name);
    for (const dep of manifest.stacks[name]?.dependencies ?? []) visit(dep, seen);
    order.push(name);
  };
  for (const name of Object.keys(manifest.stacks).sort()) visit(name, new Set());
  return order;
}

export function isKubernetesStack(stack: Record<string, unknown>): boolean {
  const providers = Object.keys((stack.provider as Record<string, unknown>) ?? {});
  return providers.includes('helm') || providers.includes('kubernetes');
}

function resourcesOf(stack: StackJson, type: string): Record<string, Record<string, unknown>> {
  return (stack.resource?.[type] ?? {}) as Record<string, Record<string, unknown>>;
}

function first(stack: StackJson, type: string, pick?: (b: Record<string, unknown>) => boolean): Record<string, unknown> {
  const found = Object.values(resourcesOf(stack, type)).find((b) => pick?.(b) ?? true);
  if (!found) throw new Error(`the synthesized stack has no ${type}`);
  return found;
}

function regionOf(stack: Record<string, unknown>): string {
  return ((stack.provider as { aws: { region: string; alias?: string }[] }).aws.find((p) => !p.alias) ?? { region: '' }).region;
}

/** The names the read-back checks use, from the synthesized stacks (what was deployed). */
function verifyTargets(primary: Record<string, unknown>, standby: Record<string, unknown>, accountId: string): VerifyTargets {
  const bucket = (s: StackJson) => String(first(s, 'aws_s3_bucket', (b) => String(b.bucket).includes('-velero-')).bucket);
  const queue = (s: StackJson) => String(first(s, 'aws_sqs_queue', (b) => !String(b.name).endsWith('-dlq')).name);
  const topic = (s: StackJson) => String(first(s, 'aws_sns_topic', (b) => !String(b.name).endsWith('-alerts')).name);
  const [pr, sr] = [regionOf(primary), regionOf(standby)];
  const ng = first(standby, 'aws_eks_node_group');
  return {
    primaryRegion: pr,
    standbyRegion: sr,
    accountId,
    primaryDb: String(first(primary, 'aws_db_instance').identifier),
    replicaDb: String(first(standby, 'aws_db_instance').identifier),
    primaryBackupBucket: bucket(primary),
    standbyBackupBucket: bucket(standby),
    topics: { [pr]: `arn:aws:sns:${pr}:${accountId}:${topic(primary)}`, [sr]: `arn:aws:sns:${sr}:${accountId}:${topic(standby)}` },
    queues: { [pr]: queue(primary), [sr]: queue(standby) },
    standbyCluster: String(first(standby, 'aws_eks_cluster').name),
    nodeGroup: String(ng.node_group_name),
  };
}

function desiredNodes(stack: StackJson): number {
  const s = first(stack, 'aws_eks_node_group').scaling_config as { desired_size: number };
  return s.desired_size;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n\nThe emulated DR drill on moto; see drill/README.md.\n`);
    return 0;
  }
  const started = Date.now();
  fs.mkdirSync(args.out, { recursive: true });
  const work = path.join(args.out, 'work');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'state'), { recursive: true });
  const logFile = path.join(args.out, 'drill.log');
  fs.writeFileSync(logFile, '');
  const report: DrillReport = {
    env: args.env,
    steps: [],
    stacks: [],
    gaps: EMULATOR_GAPS.map((g) => ({
      type: g.type,
      which: g.which,
      why: g.why,
      how:
        g.how === 'stub'
          ? `stub: ${g.stubHow ?? ''}`
          : g.how === 'ignore'
            ? `applied; lifecycle.ignore_changes ${(g.ignoreChanges ?? []).join(', ')}`
            : 'excluded (-target)',
    })),
    checks: [],
    failover: [],
    readiness: [],
    totalSeconds: 0,
  };
  const step = async <T>(name: string, f: () => Promise<T> | T, critical = true): Promise<T | undefined> => {
    const t0 = Date.now();
    log(`step: ${name}`);
    try {
      const value = await f();
      report.steps.push({ name, ok: true, seconds: (Date.now() - t0) / 1000, detail: '' });
      return value;
    } catch (e) {
      const detail = (e as Error).message.replace(/\s+/g, ' ').slice(0, 800);
      report.steps.push({ name, ok: false, seconds: (Date.now() - t0) / 1000, detail });
      log(`FAILED: ${name}: ${detail}`);
      if (critical) throw new StopDrill();
      return undefined;
    }
  };
  const stateOf = (stack: string) => path.join(work, 'state', `${stack}.tfstate`);
  const tfEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_EC2_METADATA_DISABLED: 'true',
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
  };
  let emulator: Awaited<ReturnType<typeof startMoto>> | undefined;
  let proxy: RegionLossProxy | undefined;
  try {
    const server = await step('emulator set-up (virtualenv from drill/requirements.txt)', () => ensureVenv(log));
    const normalOut = path.join(work, 'synth-normal');
    await step(`synth ${args.env} (normal mode)`, () => synth(args.env, normalOut, false, logFile));
    const manifest = JSON.parse(fs.readFileSync(path.join(normalOut, 'manifest.json'), 'utf8')) as Manifest;
    const order = deployOrder(manifest);
    const dirOf = (name: string) => path.join(normalOut, manifest.stacks[name].workingDirectory);
    const stacks = Object.fromEntries(order.map((n) => [n, readStack(dirOf(n))]));
    const awsStacks = order.filter((n) => !isKubernetesStack(stacks[n]));
    const primaryName = awsStacks.find((n) => n.endsWith('-primary'))!;
    const standbyName = awsStacks.find((n) => n.endsWith('-standby'))!;
    const primary = stacks[primaryName];
    const standby = stacks[standbyName];
    const accountId = String(((primary.provider as { aws: { allowed_account_ids?: string[] }[] }).aws[0].allowed_account_ids ?? ['123456789012'])[0]);
    const targets = verifyTargets(primary, standby, accountId);

    // The hosted zone the environment names by id: moto gets the id through drill/moto_server.py.
    const record = first(standby, 'aws_route53_record');
    const zoneId = String(record.zone_id);
    const zoneName = String(record.name).split('.').slice(1).join('.');
    process.env.DRILL_HOSTED_ZONES = `${zoneName}=${zoneId}`;
    // moto answers GetCallerIdentity with MOTO_ACCOUNT_ID: the environment's account, which its providers' allowed_account_ids accept.
    process.env.MOTO_ACCOUNT_ID = accountId;
    emulator = await step('start moto', () => startMoto(path.join(path.dirname(server!), 'python'), path.join(args.out, 'moto.log')));
    const endpoint = emulator!.url;
    log(`moto on ${endpoint}`);

    await step(`seed hosted zone ${zoneName} (${zoneId})`, async () => {
      const r53 = new Route53Client(clientConfig(endpoint, 'us-east-1'));
      const out = await r53.send(new CreateHostedZoneCommand({ Name: zoneName, CallerReference: `drill-${Date.now()}` }));
      const got = (out.HostedZone?.Id ?? '').replace('/hostedzone/', '');
      if (got !== zoneId) throw new Error(`moto created the zone as ${got}, not ${zoneId}`);
    });

    for (const name of order) {
      if (isKubernetesStack(stacks[name])) {
        report.stacks.push({ name, skipped: 'Kubernetes/Helm stack: the emulator has no cluster API', applied: 0, total: 0, excluded: [] });
        log(`stack ${name}: skipped (Kubernetes/Helm: no cluster)`);
        continue;
      }
      if (name === standbyName) {
        // moto quirk: CreateDBInstanceReadReplica looks the replica's subnet group up in the source Region too.
        await step('seed the replica subnet group in the primary Region', async () => {
          const group = String(first(standby, 'aws_db_subnet_group').name);
          const state = JSON.parse(fs.readFileSync(stateOf(primaryName), 'utf8')) as {
            resources: { type: string; instances: { attributes: { id: string; map_public_ip_on_launch?: boolean } }[] }[];
          };
          const subnets = state.resources.filter((r) => r.type === 'aws_subnet').flatMap((r) => r.instances.map((i) => i.attributes.id));
          await new RDSClient(clientConfig(endpoint, targets.primaryRegion)).send(
            new CreateDBSubnetGroupCommand({
              DBSubnetGroupName: group,
              DBSubnetGroupDescription: 'drill: moto looks the replica subnet group up in the source Region',
              SubnetIds: subnets,
            }),
          );
        });
      }
      await step(`apply ${name}`, () => applyStack(name, dirOf(name), stacks[name], endpoint, stateOf, tfEnv, work, report));
    }

    report.checks.push(...((await step('read back with the AWS SDK', () => verifyDeployment(endpoint, targets), false)) ?? []));
    const before = await step('readiness before failover', () => readiness(args.env, endpoint, path.join(args.out, 'readiness-before.json')), false);
    if (before) report.readiness.push(compareReadiness('before', before, EXPECTED_READINESS.before));

    // Failover: synthesize the failover mode and apply the standby stack through the proxy.
    const failoverOut = path.join(work, 'synth-failover');
    await step(`synth ${args.env} (failover mode)`, () => synth(args.env, failoverOut, true, logFile));
    const fManifest = JSON.parse(fs.readFileSync(path.join(failoverOut, 'manifest.json'), 'utf8')) as Manifest;
    const fDir = path.join(failoverOut, fManifest.stacks[standbyName].workingDirectory);
    const preFailoverState = path.join(work, 'state', `${standbyName}.pre-failover.tfstate`);
    fs.copyFileSync(stateOf(standbyName), preFailoverState);
    for (const mode of ['region', 'region+global'] as LossMode[]) {
      if (mode === 'region+global') fs.copyFileSync(preFailoverState, stateOf(standbyName));
      proxy = await startProxy(endpoint, targets.primaryRegion, mode);
      const result = await step(
        `failover (${mode} lost): plan + apply ${standbyName}`,
        () => failover(standbyName, fDir, proxy!, stateOf, tfEnv, work, targets.primaryRegion),
        mode === 'region',
      );
      const checks: Check[] = [];
      if (mode === 'region') checks.push(...(await verifyFailover(endpoint, targets, desiredNodes(primary), proxy.counts.actions)));
      checks.push({
        name: `no request reached ${targets.primaryRegion}`,
        ok: proxy.counts.reachedLostRegion === 0,
        detail: `forwarded ${JSON.stringify(proxy.counts.forwarded)}; refused ${JSON.stringify(proxy.counts.refused)}`,
      });
      const r = result ?? { applied: 0, planned: 0, failures: ['failover step failed'], readsPrimaryState: [], replaced: [] };
      checks.push({
        name: 'the failover plan reads no primary-Region state',
        ok: r.readsPrimaryState.length === 0,
        detail: r.readsPrimaryState.join(', ') || 'no data source or remote state names it',
      });
      checks.push({
        name: 'the failover plan destroys or replaces nothing',
        ok: r.replaced.length === 0,
        detail: r.replaced.join(', ') || 'no delete or replace',
      });
      report.failover.push({ mode, ...r, checks });
      await proxy.close();
      proxy = undefined;
      if (mode === 'region') {
        const after = await step('readiness after failover', () => readiness(args.env, endpoint, path.join(args.out, 'readiness-after.json')), false);
        if (after) report.readiness.push(compareReadiness('after', after, EXPECTED_READINESS.after));
      }
    }
  } catch (e) {
    if (!(e instanceof StopDrill)) report.steps.push({ name: 'drill', ok: false, seconds: 0, detail: (e as Error).stack ?? String(e) });
  } finally {
    if (proxy) await proxy.close();
    if (emulator) await emulator.stop();
    report.totalSeconds = (Date.now() - started) / 1000;
    fs.writeFileSync(path.join(args.out, 'drill-report.md'), renderMarkdown(report));
    fs.writeFileSync(path.join(args.out, 'drill-report.xml'), renderJunit(report));
    log(`report: ${path.relative(ROOT, path.join(args.out, 'drill-report.md'))} (${Math.round(report.totalSeconds)} s)`);
  }
  const ok = drillPassed(report);
  log(ok ? 'PASS' : 'FAIL');
  return ok ? 0 : 1;
}

class StopDrill extends Error {}

async function applyStack(
  name: string,
  dir: string,
  stack: StackJson,
  endpoint: string,
  stateOf: (s: string) => string,
  env: NodeJS.ProcessEnv,
  work: string,
  report: DrillReport,
): Promise<void> {
  writeOverride(dir, { statePath: stateOf(name), endpoint, stateOf });
  const logFile = path.join(work, `${name}.apply.jsonl`);
  const init = await withDirLock(INIT_LOCK, () => runTerraform(dir, ['init', '-input=false', '-no-color'], env, logFile));
  if (init.exitCode !== 0) throw new Error(`terraform init failed: ${init.output.split('\n').slice(-5).join(' ')}`);
  const plan: TargetPlan = planTargets(stack);
  const total = plan.targets.length + plan.excluded.length;
  log(`stack ${name}: applying ${plan.targets.length}/${total} resources (${plan.excluded.length} excluded as emulator gaps)`);
  const res = await runTerraformJson(
    dir,
    ['apply', '-auto-approve', '-input=false', '-json', ...plan.targets.map((t) => `-target=${t}`)],
    env,
    logFile,
    (line) => log(`stack ${name}: ${line}`),
  );
  const failures = unexpectedFailures(res.failures, plan);
  report.stacks.push({
    name,
    applied: res.applied.length,
    total,
    excluded: plan.excluded,
    failures: failures.map((f) => `${f.address ?? ''} ${f.message}`.trim()),
    seconds: res.seconds,
  });
  log(`stack ${name}: ${res.applied.length} applied, ${failures.length} failed, ${res.seconds} s`);
  if (res.exitCode !== 0 || failures.length)
    throw new Error(`${failures.length} failure(s), first: ${failures[0]?.address ?? ''} ${failures[0]?.message ?? `exit ${res.exitCode}`}`);
}

export interface FailoverResult {
  applied: number;
  planned: number;
  failures: string[];
  /** Failures an emulator gap tolerates (its `toleratedFailure`), for the report. */
  tolerated?: string[];
  /** Data sources or remote-state reads in the failover plan that name the primary Region. */
  readsPrimaryState: string[];
  /** Resources the plan deletes or replaces (must be none). */
  replaced: string[];
}

async function failover(
  name: string,
  dir: string,
  proxy: RegionLossProxy,
  stateOf: (s: string) => string,
  env: NodeJS.ProcessEnv,
  work: string,
  primaryRegion: string,
): Promise<FailoverResult> {
  writeOverride(dir, { statePath: stateOf(name), endpoint: proxy.url, stateOf, maxRetries: 2 });
  const logFile = path.join(work, `${name}.failover.jsonl`);
  const init = await withDirLock(INIT_LOCK, () => runTerraform(dir, ['init', '-input=false', '-no-color', '-reconfigure'], env, logFile));
  if (init.exitCode !== 0) throw new Error(`terraform init failed: ${init.output.split('\n').slice(-5).join(' ')}`);
  const stack = readStack(dir);
  // The failover job's targets (scripts/failover-targets.ts: no global control planes), minus the gaps.
  const ft = spawnSync(
    process.execPath,
    [require.resolve('ts-node/dist/bin'), '--transpile-only', path.join(ROOT, 'scripts', 'failover-targets.ts'), path.join(dir, 'cdk.tf.json')],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (ft.status !== 0) throw new Error(`failover-targets failed: ${ft.stderr}`);
  const excluded = new Set(planTargets(stack).excluded.map((e) => e.address));
  const targets = ft.stdout
    .split('\n')
    .filter((l) => l.startsWith('-target='))
    .filter((l) => !excluded.has(l.slice('-target='.length)));
  const planFile = path.join(work, `${name}.failover.tfplan`);
  const plan = await runTerraformJson(dir, ['plan', '-refresh=false', '-input=false', '-json', `-out=${planFile}`, ...targets], env, logFile, log);
  if (plan.exitCode !== 0)
    return {
      applied: 0,
      planned: plan.plannedChanges,
      failures: plan.failures.map((f) => `${f.address ?? ''} ${f.message}`.trim()),
      readsPrimaryState: [],
      replaced: [],
    };
  const show = await runTerraform(dir, ['show', '-json', planFile], env, logFile);
  const planJson = JSON.parse(show.output.slice(show.output.indexOf('{'))) as PlanJson;
  const apply = await runTerraformJson(dir, ['apply', '-input=false', '-json', planFile], env, logFile, log);
  return {
    applied: apply.applied.length,
    planned: plan.plannedChanges,
    failures: untolerated(apply.failures).map((f) => `${f.address ?? ''} ${f.message}`.trim()),
    tolerated: apply.failures.filter((f) => toleratedBy(f)).map((f) => `${f.address ?? ''}: ${toleratedBy(f)!.type} emulator gap`),
    readsPrimaryState: primaryReads(planJson, primaryRegion),
    replaced: destructiveChanges(planJson),
  };
}

/** Resources the plan deletes or replaces: a failover promotes and scales, it must never destroy. */
export function destructiveChanges(plan: PlanJson): string[] {
  return (plan.resource_changes ?? []).filter((rc) => rc.change.actions.includes('delete')).map((rc) => `${rc.address} (${rc.change.actions.join('+')})`);
}

interface PlanJson {
  resource_changes?: { address: string; change: { actions: string[] } }[];
  configuration?: { root_module?: { resources?: { address: string; mode: string; type: string; expressions?: unknown }[] } };
  prior_state?: unknown;
}

/** Data sources and remote-state reads of the plan's configuration that point at the primary Region. */
export function primaryReads(plan: PlanJson, primaryRegion: string): string[] {
  return (plan.configuration?.root_module?.resources ?? [])
    .filter((r) => r.mode === 'data')
    .filter((r) => r.type === 'terraform_remote_state' || JSON.stringify(r.expressions ?? {}).includes(primaryRegion))
    .map((r) => r.address);
}

/** Runs `warm-standby readiness --format json` against the emulator; returns id -> status. */
function readiness(env: string, endpoint: string, outFile: string): Record<string, string> {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin', 'warm-standby.js'), 'readiness', '--env', env, '--format', 'json', '--s3-path-style', '--out', outFile],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_EC2_METADATA_DISABLED: 'true' },
    },
  );
  if (!fs.existsSync(outFile)) throw new Error(`readiness wrote no report (exit ${r.status}): ${r.stderr.slice(-400)}`);
  const parsed = JSON.parse(fs.readFileSync(outFile, 'utf8')) as { checks: { id: string; status: string }[] };
  return Object.fromEntries(parsed.checks.map((c) => [c.id, c.status]));
}

export type { StepResult, ReadinessRun };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    },
  );
}
