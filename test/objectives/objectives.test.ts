import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defineEnvironment, ENVIRONMENTS, EnvironmentConfig } from '../../environments';
import { objectivesCommand, runbookCommand } from '../../cli/commands/objectives';
import { cronIntervalSeconds, estimate, loadSynthesized, renderObjectives } from '../../objectives/estimate';
import { MODEL } from '../../objectives/model-constants';
import { buildRunbook, renderRunbook } from '../../objectives/runbook';
import { synthEnvironment } from '../support/synth';

const example = ENVIRONMENTS.example;

function variant(name: string, overrides: Partial<EnvironmentConfig>): EnvironmentConfig {
  // A copy of example with the same stacks layout; the name keeps temp dirs apart.
  return defineEnvironment({ ...(example as any), ...overrides, name });
}

function component(report: ReturnType<typeof estimate>, name: string) {
  const c = report.components.find((x) => x.component === name);
  if (!c) throw new Error(`no component ${name}`);
  return c;
}

function run(command: typeof objectivesCommand, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return command
    .run(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: process.cwd() })
    .then((code) => ({ code, out: out.join(''), err: err.join('') }));
}

describe('recovery objectives of example', () => {
  const app = synthEnvironment('example');
  const report = estimate(loadSynthesized(app.outdir));

  test('JSON has exactly the documented shape', () => {
    expect(Object.keys(report).sort()).toEqual(['components', 'environment', 'mode', 'overall']);
    expect(report.environment).toBe('example');
    expect(report.mode).toBe('normal');
    expect(report.components.map((c) => c.component)).toEqual(['dns', 'rds', 'velero', 'eks', 'elasticache', 'opensearch', 'redshift-feed']);
    for (const c of report.components) {
      expect(Object.keys(c).sort()).toEqual(['basis', 'component', 'meets', 'rpo_seconds', 'rto_seconds', 'target_rpo_seconds', 'target_rto_seconds']);
      expect(c.target_rpo_seconds).toBe(example.objectives.rpoSeconds);
      expect(c.target_rto_seconds).toBe(example.objectives.rtoSeconds);
      expect(c.meets).toBe(c.rpo_seconds <= c.target_rpo_seconds && c.rto_seconds <= c.target_rto_seconds);
    }
    expect(Object.keys(report.overall).sort()).toEqual(['meets', 'rpo_seconds', 'rto_seconds']);
    expect(report.overall.rpo_seconds).toBe(Math.max(...report.components.map((c) => c.rpo_seconds)));
  });

  test('DNS RTO with the manual switch = endpoint check interval x threshold + decision + flip + TTL, read from the standby stack', () => {
    // example runs the ARC switch by default; the manual switch is an explicit choice.
    const manualApp = synthEnvironment(variant('objmanual', { dns: { ...example.dns, switch: { kind: 'manual' } } }));
    const report = estimate(loadSynthesized(manualApp.outdir));
    const standby = manualApp.stacks['objmanual-standby'];
    expect(manualApp.stacks['objmanual-primary'].resource.aws_route53_record).toBeUndefined();
    const hc = Object.values<any>(standby.resource.aws_route53_health_check).find((c) => c.type === 'HTTPS');
    const rec = Object.values<any>(standby.resource.aws_route53_record).find((r) => r.failover_routing_policy.type === 'PRIMARY');
    const dns = component(report, 'dns');
    expect(dns.rto_seconds).toBe(hc.request_interval * hc.failure_threshold + MODEL.decision.seconds + MODEL.dnsSwitchFlip.seconds + rec.ttl);
    expect(dns.rto_seconds).toBe(10 * 3 + 600 + 60 + 60);
    expect(dns.basis).toContain(
      'endpoint health check 10 s interval x 3 failures (pages the operator) + 600 s operator decision + 60 s manual switch flip + 60 s TTL',
    );
  });

  test('Velero RPO = schedule interval + S3 RTC; RDS RPO = the ReplicaLag alarm threshold', () => {
    expect(component(report, 'velero').rpo_seconds).toBe(3600 + MODEL.s3ReplicationTimeControl.seconds);
    expect(component(report, 'rds').rpo_seconds).toBe(example.rds.replicaLagAllowanceSeconds);
    // The example standby already runs the primary's 3 nodes (Portworx's internal KVDB needs them): no scale-up.
    expect(component(report, 'eks').rto_seconds).toBe(0);
  });

  test('text and markdown tables list every component and the overall row', () => {
    for (const format of ['text', 'markdown'] as const) {
      const text = renderObjectives(report, format);
      for (const c of report.components) expect(text).toContain(c.component);
      expect(text).toContain('overall');
    }
  });
});

describe('estimates move with their inputs', () => {
  const base = estimate(loadSynthesized(synthEnvironment('example').outdir));

  test('doubling the Velero interval doubles its backup-interval share of the RPO', () => {
    const doubled = variant('objvelero', { velero: { ...example.velero, backupIntervalMinutes: example.velero.backupIntervalMinutes * 2 } });
    const app = synthEnvironment(doubled);
    const r = estimate(loadSynthesized(app.outdir), { env: doubled });
    const rtc = MODEL.s3ReplicationTimeControl.seconds;
    expect(component(r, 'velero').rpo_seconds - rtc).toBe(2 * (component(base, 'velero').rpo_seconds - rtc));
    expect(component(r, 'velero').rpo_seconds).toBe(7200 + rtc);
  });

  test('DNS, RDS, EKS and feed estimates follow the configuration', () => {
    const changed = variant('objmoved', {
      dns: { ...example.dns, ttlSeconds: 30, healthCheck: { ...example.dns.healthCheck, requestIntervalSeconds: 30, failureThreshold: 2 } },
      rds: { ...example.rds, replicaLagAllowanceSeconds: 120 },
      // Portworx off lets the standby shrink to one node, which must scale up on failover.
      portworx: { ...example.portworx, enabled: false },
      eks: { ...example.eks, standby: { ...example.eks.standby, desiredNodes: 1, minNodes: 1 } },
      redshiftFeed: { ...example.redshiftFeed, maxBatchingWindowSeconds: 60 },
    });
    const r = estimate(loadSynthesized(synthEnvironment(changed).outdir), { env: changed });
    expect(component(r, 'dns').rto_seconds).toBe(30 * 2 + MODEL.decision.seconds + MODEL.dnsSwitchFlip.seconds + 30);
    expect(component(r, 'rds').rpo_seconds).toBe(120);
    expect(component(r, 'eks').rto_seconds).toBe(MODEL.eksNodeScaleUp.seconds);
    expect(component(r, 'redshift-feed').rpo_seconds).toBe(component(base, 'redshift-feed').rpo_seconds + 30);
    expect(r.overall.rto_seconds).toBe(base.overall.rto_seconds + MODEL.eksNodeScaleUp.seconds + (60 - 30) + (30 - 60));
  });

  test('cron schedules become intervals', () => {
    expect(cronIntervalSeconds('0 * * * *')).toBe(3600);
    expect(cronIntervalSeconds('*/15 * * * *')).toBe(900);
    expect(cronIntervalSeconds('0 */2 * * *')).toBe(7200);
    expect(cronIntervalSeconds('0 0 * * *')).toBe(86400);
    expect(cronIntervalSeconds('0 6,18 * * *')).toBe(43200);
    expect(cronIntervalSeconds('@every 90m')).toBe(5400);
    expect(() => cronIntervalSeconds('0 0 1 * *')).toThrow(/cannot turn cron/);
  });
});

describe('runbook of example', () => {
  const app = synthEnvironment('example');
  const synthesized = loadSynthesized(app.outdir);
  const report = estimate(synthesized);
  const runbook = buildRunbook(synthesized);

  test('detecting the loss of us-east-1 needs no us-east-1 call first: endpoint probe and the standby Region alarms, no AWS Health API', () => {
    const detect = runbook.failover.steps.find((s) => s.phase === 'detect')!.actions.flatMap((a) => a.commands);
    const all = [...runbook.failover.steps.flatMap((s) => s.actions.flatMap((a) => a.commands)), ...runbook.failback.steps.flatMap((s) => s.commands)];
    expect(all.filter((c) => /aws health /.test(c))).toEqual([]);
    expect(detect[0]).toMatch(/^curl .*https:\/\/pay-use1\.example\.com\/healthz$/);
    expect(detect[1]).toBe(
      "aws cloudwatch describe-alarms --region us-west-2 --state-value ALARM --query 'MetricAlarms[].[AlarmName,StateReason]' --output text",
    );
    // What still goes to Route 53 (us-east-1) comes after, marked optional.
    expect(detect[2]).toMatch(/# Route 53 API \(us-east-1\): optional/);
  });

  test("primary us-east-1: the detect step says the health check's page may never come, and which alarm does", () => {
    const detect = runbook.failover.steps.find((s) => s.phase === 'detect')!.actions[0].description;
    expect(detect).toContain(
      "With the primary in us-east-1, the health check's alarm and its topic are in us-east-1 too (Route 53 publishes health-check metrics there only), so that page may never come: the standby's RDS ReplicaLag alarm in us-west-2 (missing data breaching) is the page that does.",
    );
    expect(detect).toMatch(/ Confirm:$/);
    const euDetect = buildRunbook(loadSynthesized(synthEnvironment('prod-eu').outdir)).failover.steps.find((s) => s.phase === 'detect')!.actions[0].description;
    expect(euDetect).not.toContain('may never come');
    expect(euDetect).toMatch(/flipped\. Confirm:$/);
  });

  test('steps in order, every component covered, durations add up to the overall RTO', () => {
    expect(runbook.failover.steps.map((s) => s.phase)).toEqual(['detect', 'decide', 'switch', 'data-tier', 'compute', 'traffic', 'verify']);
    const covered = new Set(runbook.failover.steps.flatMap((s) => s.components));
    for (const c of report.components) expect(covered).toContain(c.component);
    const sum = runbook.failover.steps.reduce((n, s) => n + s.duration_seconds, 0);
    expect(sum).toBe(runbook.failover.total_seconds);
    expect(runbook.failover.total_seconds).toBe(report.overall.rto_seconds);
  });

  test("commands carry the environment's real names", () => {
    const md = renderRunbook(runbook, 'markdown');
    expect(md).toContain('WARM_STANDBY_ENV=example WARM_STANDBY_FAILOVER=1 WARM_STANDBY_RESTORE_BACKUP="$BACKUP" npx cdktf deploy example-standby-k8s');
    expect(md).toContain(
      'aws elasticache failover-global-replication-group --region us-west-2 --global-replication-group-id ldgnf-payments-cache --primary-region us-west-2 --primary-replication-group-id payments-example-usw2-redis',
    );
    // The promoted replica's credential: the replica of the source's master secret, named as synthesized.
    expect(md).toContain('aws secretsmanager stop-replication-to-replica --region us-west-2 --secret-id payments-example-use1-pg-master');
    expect(md).toContain('aws lambda invoke --region us-west-2 --function-name payments-example-usw2');
    expect(md).toContain('payments-example-usw2');
    expect(md).toContain('aws rds promote-read-replica --region us-west-2 --db-instance-identifier payments-example-usw2-pg');
    expect(md).toContain('## Failback');
    // Markdown order follows the phases.
    const at = (s: string) => md.indexOf(s);
    expect(at('## 1. detect')).toBeLessThan(at('## 2. decide'));
    expect(at('## 2. decide')).toBeLessThan(at('## 3. switch'));
    expect(at('## 3. switch')).toBeLessThan(at('## 4. data-tier'));
    expect(at('## 4. data-tier')).toBeLessThan(at('## 5. compute'));
    expect(at('## 5. compute')).toBeLessThan(at('## 6. traffic'));
    expect(at('## 6. traffic')).toBeLessThan(at('## 7. verify'));
    expect(at('## 7. verify')).toBeLessThan(at('## Failback'));
    const json = JSON.parse(renderRunbook(runbook, 'json'));
    expect(json.failover.total_seconds).toBe(report.overall.rto_seconds);
    expect(json.failback.steps.length).toBeGreaterThan(0);
  });
});

describe('DNS switch in the estimate and the runbook', () => {
  const optedOut = variant('objendpoint', { dns: { ...example.dns, switch: { kind: 'endpoint', reason: 'test environment without writes' } } });

  test('manual (an explicit choice): the switch is flipped before the data tier, failback flips it back explicitly', () => {
    const runbook = buildRunbook(loadSynthesized(synthEnvironment(variant('objmanual2', { dns: { ...example.dns, switch: { kind: 'manual' } } })).outdir));
    const flip = runbook.failover.steps.find((s) => s.phase === 'switch')!;
    expect(flip.duration_seconds).toBe(MODEL.dnsSwitchFlip.seconds);
    const commands = flip.actions.flatMap((a) => a.commands).join('\n');
    expect(commands).toContain('terraform -chdir=cdktf.out/stacks/objmanual2-standby output -raw dns_switch_health_check_id');
    expect(commands).toContain('aws route53 update-health-check --health-check-id "$SWITCH" --inverted');
    const failback = runbook.failback.steps.map((s) => s.commands.join('\n')).join('\n');
    expect(failback).toContain('--no-inverted');
    expect(failback).not.toMatch(/--inverted(?!\S)/);
  });

  test('arc (prod-eu): one transaction, standby ON and primary OFF, tried on the five cluster endpoint Regions; failback the other way', () => {
    const runbook = buildRunbook(loadSynthesized(synthEnvironment('prod-eu').outdir));
    const flip = runbook.failover.steps
      .find((s) => s.phase === 'switch')!
      .actions.flatMap((a) => a.commands)
      .join('\n');
    expect(flip).toContain('for r in us-east-1 us-west-2 eu-west-1 ap-northeast-1 ap-southeast-2; do');
    expect(flip).toContain('aws route53-recovery-cluster update-routing-control-states --region "$r" --endpoint-url "$ep"');
    expect(flip).toContain('--arg on "$STANDBY" --arg off "$PRIMARY"');
    const failback = runbook.failback.steps[runbook.failback.steps.length - 1].commands.join('\n');
    expect(failback).toContain('--arg on "$PRIMARY" --arg off "$STANDBY"');
  });

  test('endpoint (opted out): no switch step, DNS RTO is detection + TTL, total shorter by the flip', () => {
    const base = estimate(loadSynthesized(synthEnvironment('example').outdir));
    const synthesized = loadSynthesized(synthEnvironment(optedOut).outdir);
    const r = estimate(synthesized, { env: optedOut });
    expect(component(r, 'dns').rto_seconds).toBe(10 * 3 + 60);
    expect(r.overall.rto_seconds).toBe(base.overall.rto_seconds - MODEL.dnsSwitchFlip.seconds);
    const runbook = buildRunbook(synthesized, { env: optedOut });
    expect(runbook.failover.steps.map((s) => s.phase)).toEqual(['detect', 'decide', 'data-tier', 'compute', 'traffic', 'verify']);
    expect(runbook.failover.total_seconds).toBe(r.overall.rto_seconds);
  });
});

describe('failover mode', () => {
  test('a failover synth (standby stack alone) is refused with a message saying where to estimate instead', () => {
    const app = synthEnvironment('example', { failover: true });
    expect(() => loadSynthesized(app.outdir)).toThrow(/failover synth holds only the standby Region; estimate objectives .* from the normal synth/);
  });
});

describe('commands', () => {
  const outdir = synthEnvironment('example').outdir;

  test('objectives prints text/json/markdown; exit 1 when a target is missed, 0 otherwise', async () => {
    const json = await run(objectivesCommand, [outdir, '--format', 'json']);
    const report = JSON.parse(json.out);
    expect(json.code).toBe(report.overall.meets ? 0 : 1);
    expect((await run(objectivesCommand, [outdir])).out).toContain('recovery objectives: example');
    expect((await run(objectivesCommand, [outdir, '-f', 'markdown'])).out).toContain('| component |');
  });

  test('runbook prints markdown by default and json on request', async () => {
    const md = await run(runbookCommand, [outdir]);
    expect(md.code).toBe(0);
    expect(md.out).toMatch(/^# Failover runbook: example/);
    expect(JSON.parse((await run(runbookCommand, [outdir, '--format', 'json'])).out).environment).toBe('example');
  });

  test('a bad path, a folder without manifest and a bad format are one-line errors', async () => {
    await expect(run(objectivesCommand, ['/no/such/cdktf.out'])).rejects.toThrow(/^no such file or directory \(\/no\/such\/cdktf.out\)$/);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'objectives-empty-'));
    await expect(run(runbookCommand, [empty])).rejects.toThrow(/manifest.json is missing/);
    await expect(run(objectivesCommand, [outdir, '--format', 'xml'])).rejects.toThrow(/unknown format "xml"/);
    await expect(run(runbookCommand, [])).rejects.toThrow(/needs exactly one cdktf.out folder/);
  });
});

describe('runbook OpenSearch failback', () => {
  test('invokes the follower function whose stop configuration names the autofollow rule the replication stack creates', () => {
    const app = synthEnvironment('example');
    const invocation = Object.values<any>(app.stacks['example-replication'].resource.aws_lambda_invocation)[0];
    const rule = invocation.triggers.autofollow_rule as string;
    expect(rule).toMatch(/-all$/);
    const fn = Object.values<any>(app.stacks['example-standby'].resource.aws_lambda_function).find(
      (f) => f.environment?.variables?.WARM_STANDBY_STOP_REPLICATION,
    );
    expect(JSON.parse(fn.environment.variables.WARM_STANDBY_STOP_REPLICATION).ruleName).toBe(rule);
    const text = renderRunbook(buildRunbook(loadSynthesized(app.outdir)), 'markdown');
    expect(text).toContain(`--function-name ${fn.function_name as string} --cli-binary-format raw-in-base64-out --payload '{"action":"stopReplication"}'`);
    expect(text).not.toContain('awscurl');
  });
});
