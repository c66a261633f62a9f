/**
 * Every command of the runbook, run in order in bash on a cold working directory (nothing
 * synthesized, no Terraform initialised), step by step as an operator pastes them. Only what talks to
 * AWS (or to the clusters, the DNS, the application) is replaced, by fakes on PATH that record their
 * arguments: aws, terraform (its S3/HCP backend is AWS), npx cdktf deploy|destroy, kubectl, velero,
 * awscurl, curl, dig. `npm run synth` and `npx cdktf synth` are replaced by a copy of the same
 * environment's synth made in-process (synthesis itself is covered by the synth and gate suites);
 * jq, bash and `npx ts-node` (scripts/failover-targets.ts, from the checkout) are real.
 *
 * The fake terraform behaves like the real one where the runbook depends on it: it reads the
 * configuration of `-chdir` or else of the working directory, which must be a synthesized stack;
 * `output` and `plan` before `init` fail with "Backend initialization required"; only outputs the
 * stack declares can be read; `apply` needs the plan file `plan -out` wrote.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EnvironmentConfig, loadEnvironment, withLiveDnsIds, withRegionsSwapped } from '../../environments';
import { loadSynthesized } from '../../objectives/estimate';
import { failoverTargets } from '../../scripts/failover-targets';
import { buildRunbook, Runbook } from '../../objectives/runbook';
import { fakeAppliedState } from '../support/fake-state';
import { synthEnvironment } from '../support/synth';

const ROOT = path.resolve(__dirname, '..', '..');
const ARC_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-northeast-1', 'ap-southeast-2'];

const RECORD = `printf '%s\\t%s\\t%s' "$(basename "$0")" "\${WARM_STANDBY_ENV:-}" "\${WARM_STANDBY_FAILOVER:-}" >> "$FAKE_LOG"; printf '\\t%s' "$@" >> "$FAKE_LOG"; printf '\\n' >> "$FAKE_LOG"`;

/** The synth a (WARM_STANDBY_ENV, WARM_STANDBY_FAILOVER) pair selects, from $FAKE_SYNTHS; fails like main.ts on an unknown one. */
/** WARM_STANDBY_FAILBACK_IDS must name a JSON file with the ids (the real synth checks them; the test checks the file after the run). */
const FAILBACK_IDS = `[ -z "\${WARM_STANDBY_FAILBACK_IDS:-}" ] || { jq -e .dns.endpointHealthCheckId "$WARM_STANDBY_FAILBACK_IDS" > /dev/null || { echo "WARM_STANDBY_FAILBACK_IDS=$WARM_STANDBY_FAILBACK_IDS: not an ids file" >&2; exit 2; }; printf '%s %s\n' "$WARM_STANDBY_ENV" "$WARM_STANDBY_FAILBACK_IDS" >> "$FAKE_LOG.ids"; }`;

const SYNTH_DIR = `synth_dir() { key="\${WARM_STANDBY_ENV:-example}:\${WARM_STANDBY_FAILOVER:-0}"; dir=$(jq -r --arg k "$key" '.[$k] // empty' "$FAKE_SYNTHS"); [ -n "$dir" ] || { echo "no synth for $key" >&2; exit 1; }; echo "$dir"; }`;

const FAKES: Record<string, string> = {
  aws: `${RECORD}
case "$1 $2" in
  "route53 list-health-checks") echo "hc-endpoint-0001" ;;
  "opensearch describe-domain") echo "vpc-follower.example.internal" ;;
  "sqs get-queue-url") echo "https://sqs.example.internal/123456789012/queue" ;;
  "lambda invoke") printf '%s' '{"action":"stopReplication","autofollow":"deleted","stoppedIndices":["orders","payments"]}' > "\${@: -1}"; echo None ;;
  # Versioned buckets: the payload bucket lists 1200 versions (more than one DeleteObjects call takes),
  # then the 200 left; the others an object version and a delete marker; then nothing.
  "s3api list-object-versions")
    bucket=""; prev=""; for a in "$@"; do [ "$prev" = "--bucket" ] && bucket="$a"; prev="$a"; done
    n=$(cat "$FAKE_LOG.listed.$bucket" 2>/dev/null || echo 0); echo $((n + 1)) > "$FAKE_LOG.listed.$bucket"
    case "$bucket:$n" in
      *feed-payload*:0) seq 1 1200 | jq -cs '{Versions: [.[] | {Key: "payload/\\(.)", VersionId: "v\\(.)", IsLatest: true}]}' ;;
      *feed-payload*:1) seq 1001 1200 | jq -cs '{Versions: [.[] | {Key: "payload/\\(.)", VersionId: "v\\(.)", IsLatest: true}]}' ;;
      *:0) echo '{"Versions":[{"Key":"backups/a/velero-backup.json","VersionId":"v1","IsLatest":true}],"DeleteMarkers":[{"Key":"backups/b","VersionId":"v2"}]}' ;;
      *) echo '{}' ;;
    esac ;;
  "s3api delete-objects")
    bucket=""; file=""; prev=""; for a in "$@"; do [ "$prev" = "--bucket" ] && bucket="$a"; [ "$prev" = "--delete" ] && file="\${a#file://}"; prev="$a"; done
    printf '%s\t%s\n' "$bucket" "$(jq -c . "$file")" >> "$FAKE_LOG.deletes" ;;
esac
exit 0`,
  terraform: `${RECORD}
chdir="."; case "\${1:-}" in -chdir=*) chdir="\${1#-chdir=}"; shift ;; esac
[ -f "$chdir/cdk.tf.json" ] || { echo "Error: No configuration files in '$chdir'" >&2; exit 1; }
need_init() { [ -f "$chdir/.terraform/initialized" ] || { echo 'Error: Backend initialization required, please run "terraform init"' >&2; exit 1; }; }
case "$1" in
  init) mkdir -p "$chdir/.terraform" && touch "$chdir/.terraform/initialized" ;;
  plan)
    need_init
    for a in "$@"; do case "$a" in -out=*) printf '%s\n' "$@" > "$chdir/\${a#-out=}" ;; esac; done ;;
  apply)
    need_init
    plan="\${@: -1}"
    [ -f "$chdir/$plan" ] || { echo "Error: Failed to load $plan as a plan file" >&2; exit 1; } ;;
  output)
    need_init
    name="\${@: -1}"
    jq -e --arg n "$name" '.output[$n]' "$chdir/cdk.tf.json" > /dev/null || { echo "Error: Output \\"$name\\" not found" >&2; exit 1; }
    case "$name" in
      dns_arc_cluster_endpoints) echo '[${ARC_REGIONS.map((r) => `{"region":"${r}","endpoint":"https://arc-${r}.example.internal/v1"}`).join(',')}]' ;;
      dns_arc_routing_controls) echo '{"primary":"arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/primary","standby":"arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/standby"}' ;;
      *) echo "fake-$name" ;;
    esac ;;
  show)
    need_init
    # The live stack's state as applied (test/support/fake-state.ts), else what Terraform shows for no state.
    [ "$2" = "-json" ] || { echo "only show -json is faked" >&2; exit 1; }
    f="$FAKE_STATES/$(basename "$chdir").json"; if [ -f "$f" ]; then cat "$f"; else echo '{"format_version":"1.0"}'; fi ;;
  state)
    need_init
    [ "$2" = "rm" ] && [ $# -gt 2 ] || { echo "usage: terraform state rm ADDRESS..." >&2; exit 1; }
    for a in "\${@:3}"; do jq -e --arg t "\${a%%.*}" --arg n "\${a#*.}" '.resource[$t][$n]' "$chdir/cdk.tf.json" > /dev/null || { echo "Error: Invalid target address $a" >&2; exit 1; }; done ;;
  *) echo "unexpected terraform command $1" >&2; exit 1 ;;
esac`,
  npx: `${SYNTH_DIR}
if [ "$1" = "cdktf" ]; then
  ${RECORD}
  ${FAILBACK_IDS}
  [ -z "\${WARM_STANDBY_RESTORE_BACKUP:-}" ] || printf '%s %s\n' "$3" "$WARM_STANDBY_RESTORE_BACKUP" >> "$FAKE_LOG.restore"
  dir=$(synth_dir) || exit 1
  if [ "$2" = "synth" ]; then rm -rf cdktf.out && cp -R "$dir" cdktf.out; exit 0; fi
  shift 2
  for a in "$@"; do case "$a" in -*) ;; *) jq -e --arg s "$a" '.stacks[$s]' "$dir/manifest.json" > /dev/null || { echo "stack $a is not in the synth of $WARM_STANDBY_ENV" >&2; exit 1; } ;; esac; done
  exit 0
fi
if [ "$1" = "warm-standby" ]; then shift; exec node "$FAKE_ROOT/bin/warm-standby.js" "$@"; fi
if [ "$1" = "ts-node" ]; then shift; exec node "$FAKE_ROOT/node_modules/ts-node/dist/bin.js" "$@"; fi
echo "unexpected npx $1" >&2; exit 1`,
  npm: `${RECORD}
${FAILBACK_IDS}
${SYNTH_DIR}
[ "$1 $2" = "run synth" ] || { echo "unexpected npm $*" >&2; exit 1; }
dir=$(synth_dir) || exit 1
rm -rf cdktf.out && cp -R "$dir" cdktf.out`,
  awscurl: `${RECORD}
case "$*" in *follower_stats*) echo '{"index_stats":{"orders":{},"payments":{}}}' ;; esac`,
  // Backups the standby's Velero synced from the replica bucket: the newest completed is too recent to be
  // fully replicated, one failed; the runbook must pick the older completed one.
  kubectl: `${RECORD}
case "$*" in "get backups.velero.io -n velero -o json") echo '{"items":[${[
    ['velero-warm-standby-20000101000000', 'Completed', '2000-01-01T00:00:00Z'],
    ['velero-warm-standby-20000101010000', 'Failed', '2000-01-01T01:00:00Z'],
    ['velero-warm-standby-29990101000000', 'Completed', '2999-01-01T00:00:00Z'],
    ['manual-20000101020000', 'Completed', '2000-01-01T02:00:00Z'],
  ]
    .map(
      ([name, phase, at]) =>
        `{"metadata":{"name":"${name}","labels":${name.startsWith('manual') ? '{}' : '{"velero.io/schedule-name":"velero-warm-standby"}'}},"status":{"phase":"${phase}","completionTimestamp":"${at}"}}`,
    )
    .join(',')}]}' ;; esac`,
  velero: RECORD,
  curl: RECORD,
  dig: RECORD,
};

interface Call {
  readonly tool: string;
  readonly env: string;
  readonly failover: string;
  readonly args: readonly string[];
}

interface Execution {
  readonly calls: readonly Call[];
  readonly failures: readonly string[];
  /** `<stack> <backup>` of each cdktf deploy that had WARM_STANDBY_RESTORE_BACKUP set. */
  readonly restores: readonly string[];
  /** `<WARM_STANDBY_ENV> <file>` of each synth or cdktf call that had WARM_STANDBY_FAILBACK_IDS set. */
  readonly failbackIds: readonly string[];
  /** Each DeleteObjects request (the file the command passed), with its bucket. */
  readonly deletes: readonly { bucket: string; request: { Objects: { Key: string; VersionId: string }[]; Quiet: boolean } }[];
  /** The working directory the commands ran in. */
  readonly work: string;
}

/** Blocks in the order an operator runs them: prepare, each failover step, each failback step. */
function blocks(runbook: Runbook): { name: string; commands: readonly string[] }[] {
  return [
    { name: 'prepare', commands: runbook.prepare.commands },
    ...runbook.failover.steps.map((s, i) => ({ name: `failover ${i + 1} ${s.phase}`, commands: s.actions.flatMap((a) => a.commands) })),
    ...runbook.failback.steps.map((s, i) => ({ name: `failback ${i + 1}`, commands: s.commands })),
  ];
}

/** The environment with an explicit manual DNS switch (ARC is the default). */
function withManualSwitch(env: EnvironmentConfig): EnvironmentConfig {
  return { ...env, dns: { ...env.dns, switch: { kind: 'manual' } } };
}

/** Synth dirs per (WARM_STANDBY_ENV, WARM_STANDBY_FAILOVER); `manual`: of the manual-switch variant of the environment. */
function synthMap(envName: string, variant?: 'manual'): Record<string, string> {
  if (variant === 'manual') {
    const env = withManualSwitch(loadEnvironment(envName));
    return {
      [`${envName}:0`]: synthEnvironment(env).outdir,
      [`${envName}:1`]: synthEnvironment(env, { failover: true }).outdir,
      [`${envName}-failback:0`]: synthEnvironment(withRegionsSwapped(env)).outdir,
    };
  }
  return {
    [`${envName}:0`]: synthEnvironment(envName).outdir,
    [`${envName}:1`]: synthEnvironment(envName, { failover: true }).outdir,
    [`${envName}-failback:0`]: synthEnvironment(`${envName}-failback`).outdir,
  };
}

/** Runs each block with `bash -eu -o pipefail` in one cold working directory; returns the recorded calls. */
function execute(runbook: Runbook, synths: Record<string, string>, states: Record<string, unknown> = {}): Execution {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-run-'));
  const bin = path.join(dir, 'fake-bin');
  const work = path.join(dir, 'work');
  fs.mkdirSync(bin);
  fs.mkdirSync(work);
  // The runbook runs from a checkout: the failover step runs scripts/failover-targets.ts from it.
  fs.symlinkSync(path.join(ROOT, 'scripts'), path.join(work, 'scripts'));
  for (const [name, body] of Object.entries(FAKES)) fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
  const log = path.join(dir, 'calls.tsv');
  fs.writeFileSync(log, '');
  const synthsFile = path.join(dir, 'synths.json');
  fs.writeFileSync(synthsFile, JSON.stringify(synths));
  const statesDir = path.join(dir, 'states');
  fs.mkdirSync(statesDir);
  for (const [stack, state] of Object.entries(states)) fs.writeFileSync(path.join(statesDir, `${stack}.json`), JSON.stringify(state));
  const env = {
    // Fakes first; node (for `npx warm-standby`) from its own directory; system tools (jq, cp) after.
    PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: dir,
    FAKE_LOG: log,
    FAKE_SYNTHS: synthsFile,
    FAKE_ROOT: ROOT,
    FAKE_STATES: statesDir,
  };
  const failures: string[] = [];
  for (const block of blocks(runbook).filter((b) => b.commands.length > 0)) {
    const r = spawnSync('bash', ['-eu', '-o', 'pipefail', '-c', block.commands.join('\n')], {
      cwd: work,
      env,
      encoding: 'utf8',
      // stdin not a socket: bash would then source /etc/bash.bashrc as for a remote shell.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.status !== 0) failures.push(`${block.name}: exit ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  const calls = fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [tool, e, failover, ...args] = line.split('\t');
      return { tool, env: e, failover, args };
    });
  const restores = fs.existsSync(`${log}.restore`) ? fs.readFileSync(`${log}.restore`, 'utf8').split('\n').filter(Boolean) : [];
  const failbackIds = fs.existsSync(`${log}.ids`) ? fs.readFileSync(`${log}.ids`, 'utf8').split('\n').filter(Boolean) : [];
  const deletes = (fs.existsSync(`${log}.deletes`) ? fs.readFileSync(`${log}.deletes`, 'utf8').split('\n').filter(Boolean) : []).map((line) => {
    const [bucket, json] = line.split('\t');
    return { bucket, request: JSON.parse(json) as { Objects: { Key: string; VersionId: string }[]; Quiet: boolean } };
  });
  return { calls, failures, restores, failbackIds, deletes, work };
}

const show = (c: Call) =>
  `${c.env ? `WARM_STANDBY_ENV=${c.env} ` : ''}${c.failover ? `WARM_STANDBY_FAILOVER=${c.failover} ` : ''}${c.tool} ${c.args.join(' ')}`;

describe('runbook commands run cold, AWS replaced by recording fakes', () => {
  describe.each([
    ['example', 'normal synth', false, undefined],
    ['example', 'failover synth', true, undefined],
    ['example', 'normal synth, manual DNS switch', false, 'manual'],
    ['prod-eu', 'normal synth', false, undefined],
  ] as const)('%s, runbook from the %s', (envName, _what, fromFailover, variant) => {
    const synths = synthMap(envName, variant);
    const runbook = buildRunbook(loadSynthesized(synths[`${envName}:${fromFailover ? 1 : 0}`], { allowFailoverSynth: true }));
    // The live standby's state as applied: failback reads the DNS switch's ids from it.
    const liveStandby = JSON.parse(fs.readFileSync(path.join(synths[`${envName}:0`], 'stacks', `${envName}-standby`, 'cdk.tf.json'), 'utf8'));
    const run = execute(runbook, synths, { [`${envName}-standby`]: fakeAppliedState(liveStandby) });
    const lines = run.calls.map(show);

    test('every block exits 0', () => {
      expect(run.failures).toEqual([]);
    });

    test('the first Terraform call on a stack is init, and the synth comes before it', () => {
      const terraform = run.calls.filter((c) => c.tool === 'terraform');
      expect(terraform.length).toBeGreaterThan(0);
      expect(terraform[0].args.slice(1, 2)).toEqual(['init']);
      const firstSynth = run.calls.findIndex((c) => c.tool === 'npm');
      expect(firstSynth).toBeGreaterThanOrEqual(0);
      expect(firstSynth).toBeLessThan(run.calls.indexOf(terraform[0]));
      expect(run.calls[firstSynth]).toMatchObject({ env: envName, failover: '1' });
    });

    test('the standby AWS stack is applied in failover mode (targeted, no refresh), then its Kubernetes stack deployed, without the primary', () => {
      const synth = lines.indexOf(`WARM_STANDBY_ENV=${envName} WARM_STANDBY_FAILOVER=1 npx cdktf synth`);
      expect(synth).toBeGreaterThanOrEqual(0);
      // Targets: those scripts/failover-targets.ts gives for the failover synth of the standby stack.
      const standby = JSON.parse(fs.readFileSync(path.join(synths[`${envName}:1`], 'stacks', `${envName}-standby`, 'cdk.tf.json'), 'utf8'));
      const targets = failoverTargets(standby);
      expect(targets).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_db_instance\./)]));
      expect(targets.filter((t) => /^aws_(iam|route53)/.test(t))).toEqual([]);
      const after = lines.slice(synth + 1).filter((l) => l.startsWith('terraform ') || / cdktf deploy /.test(l));
      expect(after.slice(0, 4)).toEqual([
        'terraform init -input=false',
        `terraform plan -input=false -refresh=false ${targets.map((t) => `-target=${t}`).join(' ')} -out=failover.tfplan`,
        'terraform apply failover.tfplan',
        `WARM_STANDBY_ENV=${envName} WARM_STANDBY_FAILOVER=1 npx cdktf deploy ${envName}-standby-k8s --auto-approve --ignore-missing-stack-dependencies`,
      ]);
      // Nothing deploys the standby AWS stack (or the primary) with cdktf during the failover.
      const deploys = lines.filter((l) => / cdktf deploy /.test(l) && l.startsWith(`WARM_STANDBY_ENV=${envName} WARM_STANDBY_FAILOVER=1 `));
      expect(deploys).toEqual([after[3]]);
    });

    test('the DNS switch is flipped with the id Terraform output, and flipped back at the end of the failback', () => {
      if (variant !== 'manual') {
        const flips = run.calls.filter((c) => c.tool === 'aws' && c.args[1] === 'update-routing-control-states');
        expect(flips).toHaveLength(2);
        const entries = flips.map((c) => JSON.parse(c.args[c.args.indexOf('--update-routing-control-state-entries') + 1]) as unknown);
        expect(entries[0]).toEqual([
          { RoutingControlArn: expect.stringMatching(/routingcontrol\/standby$/), RoutingControlState: 'On' },
          { RoutingControlArn: expect.stringMatching(/routingcontrol\/primary$/), RoutingControlState: 'Off' },
        ]);
        expect(entries[1]).toEqual([
          { RoutingControlArn: expect.stringMatching(/routingcontrol\/primary$/), RoutingControlState: 'On' },
          { RoutingControlArn: expect.stringMatching(/routingcontrol\/standby$/), RoutingControlState: 'Off' },
        ]);
        // The first cluster endpoint answered, so each flip went to it and stopped there.
        expect(flips.map((c) => c.args.slice(2, 6))).toEqual([
          ['--region', 'us-east-1', '--endpoint-url', 'https://arc-us-east-1.example.internal/v1'],
          ['--region', 'us-east-1', '--endpoint-url', 'https://arc-us-east-1.example.internal/v1'],
        ]);
      } else {
        const flips = lines.filter((l) => l.includes('aws route53 update-health-check'));
        expect(flips).toEqual([
          'aws route53 update-health-check --health-check-id fake-dns_switch_health_check_id --inverted',
          'aws route53 update-health-check --health-check-id fake-dns_switch_health_check_id --no-inverted',
        ]);
      }
    });

    test('detection reads the health check it found; OpenSearch replication is stopped by the in-VPC follower function, in the standby Region', () => {
      expect(lines).toContain('aws route53 get-health-check-status --health-check-id hc-endpoint-0001');
      // The domain is VPC-only: nothing calls it from the operator's machine.
      expect(run.calls.filter((c) => c.tool === 'awscurl')).toEqual([]);
      const standby = synthEnvironment(envName).env.standbyRegion;
      const followerFunctions = Object.values<any>(
        JSON.parse(fs.readFileSync(path.join(synths[`${envName}:1`], 'stacks', `${envName}-standby`, 'cdk.tf.json'), 'utf8')).resource.aws_lambda_function,
      )
        .filter((f) => f.environment?.variables?.WARM_STANDBY_STOP_REPLICATION)
        .map((f) => f.function_name as string);
      expect(followerFunctions).toHaveLength(1);
      const invokes = run.calls.filter((c) => c.tool === 'aws' && c.args[0] === 'lambda' && c.args[1] === 'invoke');
      expect(invokes).toHaveLength(1);
      const arg = (name: string) => invokes[0].args[invokes[0].args.indexOf(name) + 1];
      expect([arg('--region'), arg('--function-name'), JSON.parse(arg('--payload'))]).toEqual([standby, followerFunctions[0], { action: 'stopReplication' }]);
    });

    test('the master secret replica is detached in the failover, before anything is destroyed; failback keeps it and the search principals out of the destroy', () => {
      const detach = lines.findIndex((l) => l.startsWith('aws secretsmanager stop-replication-to-replica'));
      const destroy = lines.findIndex((l) => / cdktf destroy /.test(l));
      expect(detach).toBeGreaterThanOrEqual(0);
      expect(detach).toBeLessThan(destroy);
      const stateRm = run.calls.filter((c) => c.tool === 'terraform' && c.args[1] === 'state' && c.args[0] === `-chdir=cdktf.out/stacks/${envName}-primary`);
      expect(stateRm).toHaveLength(1);
      expect(
        stateRm[0].args
          .slice(3)
          // The KMS keys and the audit trail: the next test.
          .filter((a) => !/^aws_(kms_key|cloudwatch_log_group)\.|\.AccessLogs_/.test(a))
          .map((a) => a.replace(/_[0-9A-F]{8}$/, ''))
          .sort(),
      ).toEqual([
        // The Global Datastore: its primary member is the promoted standby group; the swapped environment joins it.
        'aws_elasticache_global_replication_group.Cache_GlobalReplicationGroup',
        'aws_iam_role.SearchPrincipals_AdminRole',
        'aws_iam_role.SearchPrincipals_ReplicationRole',
        'aws_iam_role_policy.SearchPrincipals_AdminHttp',
        'aws_iam_role_policy.SearchPrincipals_ReplicationHttp',
        // The AUTH token secret: its replica in the surviving Region is what the live cache clients read.
        'aws_secretsmanager_secret.Cache_AuthToken_Secret',
        'aws_secretsmanager_secret.Database_MasterSecret',
        'aws_secretsmanager_secret_version.Cache_AuthToken_Version',
        'aws_secretsmanager_secret_version.Database_MasterSecret_Version',
      ]);
      expect(run.calls.indexOf(stateRm[0])).toBeLessThan(run.calls.findIndex((c) => c.tool === 'npx' && c.args[1] === 'destroy'));
    });

    test('failback keeps the KMS keys of the kept secrets and the audit trail out of the destroy, and empties the buckets it destroys', () => {
      const primary = JSON.parse(fs.readFileSync(path.join(synths[`${envName}:0`], 'stacks', `${envName}-primary`, 'cdk.tf.json'), 'utf8'));
      const stateRm = run.calls.find((c) => c.tool === 'terraform' && c.args[1] === 'state' && c.args[0] === `-chdir=cdktf.out/stacks/${envName}-primary`)!;
      const kept = stateRm.args.slice(3);
      const byName = (type: string, name: string) =>
        `${type}.${Object.entries<any>(primary.resource[type]).find(([, r]) => r.name === name || r.bucket === name)![0]}`;
      // A key scheduled for deletion decrypts nothing: the kept secrets need theirs.
      for (const secret of Object.values<any>(primary.resource.aws_secretsmanager_secret)) {
        expect(kept).toContain(/^\$\{(aws_kms_key\.[^.]+)\.arn\}$/.exec(secret.kms_key_id as string)![1]);
      }
      // Audit logs stay for logging.retentionDays: every audit-class log group and the access-log bucket.
      const auditGroups = Object.entries<any>(primary.resource.aws_cloudwatch_log_group).filter(([, g]) => g.tags?.['warm-standby/log-class'] === 'audit');
      expect(auditGroups.length).toBeGreaterThanOrEqual(5);
      for (const [, g] of auditGroups) expect(kept).toContain(byName('aws_cloudwatch_log_group', g.name as string));
      const buckets = Object.values<any>(primary.resource.aws_s3_bucket).map((b) => b.bucket as string);
      const accessLogBucket = buckets.find((b) => b.includes('-s3-access-logs-'))!;
      expect(kept.filter((a) => a.startsWith('aws_s3_bucket.'))).toEqual([byName('aws_s3_bucket', accessLogBucket)]);
      // No other key, no other bucket: the rest of the Region is destroyed.
      expect(kept.filter((a) => a.startsWith('aws_kms_key.'))).toHaveLength(2);

      // The Kubernetes stack (Velero) goes first, then every version of the other buckets, then the primary stack.
      const destroys = run.calls.filter((c) => c.tool === 'npx' && c.args[1] === 'destroy');
      expect(destroys.map((c) => c.args.slice(2).filter((a) => !a.startsWith('-')))).toEqual([
        [`${envName}-replication`, `${envName}-primary-k8s`],
        [`${envName}-primary`],
      ]);
      const deletes = run.calls.filter((c) => c.tool === 'aws' && c.args[1] === 'delete-objects');
      const arg = (c: { args: readonly string[] }, name: string) => c.args[c.args.indexOf(name) + 1];
      const payloadBucket = buckets.find((b) => b.includes('-feed-payload-'))!;
      const veleroBucket = buckets.find((b) => b.includes('-velero-'))!;
      expect(buckets.sort()).toEqual([accessLogBucket, payloadBucket, veleroBucket].sort());
      // The request is passed as a file (file://): the fake records its content.
      expect(deletes.map((c) => arg(c, '--delete'))).toEqual(deletes.map(() => 'file://failback-delete.json'));
      const deleted = (bucket: string) => run.deletes.filter((d) => d.bucket === bucket).map((d) => d.request);
      expect(deleted(veleroBucket)).toEqual([
        {
          Objects: [
            { Key: 'backups/a/velero-backup.json', VersionId: 'v1' },
            { Key: 'backups/b', VersionId: 'v2' },
          ],
          Quiet: true,
        },
      ]);
      // 500 keys a round even when a listing returns more (DeleteObjects takes 1000), then the 200 listed next.
      expect(deleted(payloadBucket).map((d) => [d.Objects.length, d.Objects[0].Key, d.Objects.at(-1)!.Key])).toEqual([
        [500, 'payload/1', 'payload/500'],
        [200, 'payload/1001', 'payload/1200'],
      ]);
      expect(deleted(accessLogBucket)).toEqual([]);
      for (const c of deletes) {
        expect(arg(c, '--region')).toBe(loadEnvironment(envName).primaryRegion);
        expect(run.calls.indexOf(destroys[0])).toBeLessThan(run.calls.indexOf(c));
        expect(run.calls.indexOf(c)).toBeLessThan(run.calls.indexOf(destroys[1]));
      }
    });

    test('the failover Restore gets the newest completed backup of the schedule older than the replication SLA, never the newest', () => {
      expect(run.restores).toEqual([`${envName}-standby-k8s velero-warm-standby-20000101000000`]);
    });

    test('failback reads the live switch ids from the live standby state, the swapped synth accepts them, and Route 53 leaves the live state only after the deploy', () => {
      const swapped = variant === 'manual' ? withRegionsSwapped(withManualSwitch(loadEnvironment(envName))) : loadEnvironment(`${envName}-failback`);
      const idsFile = JSON.parse(fs.readFileSync(path.join(run.work, 'failback-ids.json'), 'utf8'));
      // What the real synth does with WARM_STANDBY_FAILBACK_IDS: validate, then import (throws on a bad file).
      const adopted = withLiveDnsIds(swapped, idsFile, 'failback-ids.json');
      expect(adopted.failback?.liveDns?.endpointHealthCheckId).toMatch(/^[0-9a-f]{8}-/);
      expect(run.failbackIds).toEqual([`${envName}-failback failback-ids.json`, `${envName}-failback failback-ids.json`]);
      const show = lines.findIndex((l) => l === `terraform -chdir=cdktf.out/stacks/${envName}-standby show -json`);
      const deploy = lines.findIndex((l) => l.startsWith(`WARM_STANDBY_ENV=${envName}-failback npx cdktf deploy`));
      const dnsRm = run.calls.findIndex((c) => c.tool === 'terraform' && c.args[1] === 'state' && c.args[0] === `-chdir=cdktf.out/stacks/${envName}-standby`);
      expect(show).toBeGreaterThan(0);
      expect([show < deploy, deploy < dnsRm]).toEqual([true, true]);
      const removed = run.calls[dnsRm].args.slice(3).map((a) => a.split('.')[0]);
      expect([...new Set(removed)].sort()).toEqual(
        variant === 'manual'
          ? ['aws_route53_health_check', 'aws_route53_record']
          : [
              'aws_route53_health_check',
              'aws_route53_record',
              'aws_route53recoverycontrolconfig_cluster',
              'aws_route53recoverycontrolconfig_control_panel',
              'aws_route53recoverycontrolconfig_routing_control',
              'aws_route53recoverycontrolconfig_safety_rule',
            ],
      );
      const deleted = lines.filter((l) => l.startsWith('aws route53 delete-health-check'));
      expect(deleted).toEqual(variant === 'manual' ? [`aws route53 delete-health-check --health-check-id ${idsFile.dns.manualSwitchHealthCheckId}`] : []);
    });

    test('failback deploys the swapped environment, whose synth exists and holds the stacks it names', () => {
      const failback = lines.filter((l) => l.startsWith(`WARM_STANDBY_ENV=${envName}-failback `));
      expect(failback).toEqual(
        expect.arrayContaining([
          `WARM_STANDBY_ENV=${envName}-failback npm run synth`,
          `WARM_STANDBY_ENV=${envName}-failback npx cdktf deploy ${envName}-standby ${envName}-standby-k8s ${envName}-replication --auto-approve --ignore-missing-stack-dependencies`,
        ]),
      );
    });
  });

  test('the fakes can fail: terraform output before init fails like the real one (the runbook before this fix)', () => {
    const source = synthEnvironment('example');
    const runbook = buildRunbook(loadSynthesized(source.outdir));
    const withoutInit: Runbook = {
      ...runbook,
      failover: {
        ...runbook.failover,
        steps: runbook.failover.steps.map((s) => ({ ...s, actions: s.actions.map((a) => ({ ...a, commands: a.commands.filter((c) => !/ init /.test(c)) })) })),
      },
      prepare: { ...runbook.prepare, commands: runbook.prepare.commands.filter((c) => !/ init /.test(c)) },
    };
    const run = execute(withoutInit, synthMap('example'));
    expect(run.failures).toEqual(expect.arrayContaining([expect.stringMatching(/^failover 3 switch: exit 1: .*Backend initialization required/)]));
  });
});

describe('warm-standby runbook on a failover synth', () => {
  test('writes the runbook (it refused before: "a failover synth holds only the standby Region"), says which synth, draws the Restore', async () => {
    const { runbookCommand } = await import('../../cli/commands/objectives');
    const out: string[] = [];
    const err: string[] = [];
    const code = await runbookCommand.run([synthEnvironment('example', { failover: true }).outdir], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      cwd: process.cwd(),
    });
    expect([code, err.join('')]).toEqual([0, '']);
    const text = out.join('');
    expect(text).toContain('Written from the failover synth (WARM_STANDBY_FAILOVER=1: the standby Region alone)');
    expect(text).toContain('Restore velero-warm-standby-failover');
    expect(text).toContain('aws secretsmanager stop-replication-to-replica --region us-west-2 --secret-id payments-example-use1-pg-master');
  });
});

describe('the runbook written from the swapped synth (failback step "switch back") synthesizes the swapped environment again', () => {
  const synths = {
    'example-failback:0': synthEnvironment('example-failback').outdir,
    'example-failback:1': synthEnvironment('example-failback', { failover: true }).outdir,
  };
  const runbook = buildRunbook(loadSynthesized(synths['example-failback:0']));
  const run = execute(runbook, synths);
  const lines = run.calls.map(show);

  test('every block exits 0 and each synth and deploy selects example-failback (the stacks keep the name "example")', () => {
    expect(run.failures).toEqual([]);
    const selected = run.calls.filter((c) => c.tool === 'npm' || (c.tool === 'npx' && c.args[0] === 'cdktf')).map((c) => c.env);
    expect(selected.length).toBeGreaterThan(0);
    expect([...new Set(selected)]).toEqual(['example-failback']);
  });

  test('it fails over to us-east-1 with the Global Datastore id the live environment created (ldgnf-), and points back to the live runbook for the rest', () => {
    expect(lines).toContain(
      'aws elasticache failover-global-replication-group --region us-east-1 --global-replication-group-id ldgnf-payments-cache --primary-region us-east-1 --primary-replication-group-id payments-example-use1-redis',
    );
    expect(runbook.failback.steps.map((s) => s.title)).toEqual([
      expect.stringMatching(/^This runbook was written from example-failback.*Failback section of example's runbook/),
    ]);
  });
});

describe('failback: emptying the retired buckets stops on a DeleteObjects error instead of looping', () => {
  test('an object DeleteObjects cannot delete (Errors in the response) ends the command with exit 1 after one round', () => {
    const runbook = buildRunbook(loadSynthesized(synthMap('example')['example:0'], { allowFailoverSynth: true }));
    const line = blocks(runbook)
      .flatMap((b) => b.commands)
      .find((c) => c.includes('s3api delete-objects'))!;
    expect(line.startsWith('[ -s failback-kept.txt ] && (')).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-empty-'));
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.mkdirSync(path.join(dir, 'cdktf.out', 'stacks', 'example-primary'), { recursive: true });
    fs.copyFileSync(
      path.join(synthMap('example')['example:0'], 'stacks', 'example-primary', 'cdk.tf.json'),
      path.join(dir, 'cdktf.out', 'stacks', 'example-primary', 'cdk.tf.json'),
    );
    fs.writeFileSync(path.join(dir, 'failback-kept.txt'), 'aws_kms_key.Keys_RdsKey\n');
    // The object never goes away (Object Lock): the listing returns it every time, the delete reports an error.
    const aws = `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "${dir}/aws.log"
case "$1 $2" in
  "s3api list-object-versions") echo '{"Versions":[{"Key":"locked","VersionId":"v1"}]}' ;;
  "s3api delete-objects") echo '{"Errors":[{"Key":"locked","VersionId":"v1","Code":"AccessDenied","Message":"Object is WORM protected"}]}' ;;
esac`;
    fs.writeFileSync(path.join(bin, 'aws'), aws, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'npx'), `#!/usr/bin/env bash\nprintf 'npx %s\\n' "$*" >> "${dir}/aws.log"\n`, { mode: 0o755 });
    const r = spawnSync('bash', ['-c', line], {
      cwd: dir,
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir },
      encoding: 'utf8',
      timeout: 30_000,
      // stdin not a socket: bash would then source /etc/bash.bashrc as for a remote shell.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect([r.status, r.stderr.trim()]).toEqual([
      1,
      expect.stringMatching(/^delete-objects failed in payments-example-use1-(velero|feed-payload)-123456789012$/),
    ]);
    const calls = fs.readFileSync(path.join(dir, 'aws.log'), 'utf8').split('\n').filter(Boolean);
    // One listing, one delete, no destroy of the primary stack.
    expect(calls.map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual(['s3api list-object-versions', 's3api delete-objects']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
