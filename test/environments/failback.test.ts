/**
 * Failback's "environment with Regions swapped": `<env>-failback` loads, is validated, synthesizes
 * and passes the gate as main.ts runs it, and never puts state where the live stacks keep theirs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ENVIRONMENTS, FAILBACK_SUFFIX, applyFailbackIds, loadEnvironment, withLiveDnsIds, withRegionsSwapped } from '../../environments';
import { gateSynthesizedApp } from '../../gate/synth-gate';
import { synthEnvironment } from '../support/synth';
import { Naming } from '../../naming';
import { redisAuthSecretName } from '../../modules/elasticache';
import { FAILBACK_KEEP_PATHS } from '../../objectives/runbook';

const stateOf = (stack: any): string => {
  const s3 = stack.terraform?.backend?.s3;
  return s3 ? `s3://${s3.bucket}/${s3.key}` : `tfc:${stack.terraform?.cloud?.organization}/${stack.terraform?.cloud?.workspaces?.name}`;
};
const regionOf = (stack: any): string => stack.output.warm_standby_stack.value.region;

describe('withRegionsSwapped', () => {
  const example = ENVIRONMENTS.example;
  const swapped = withRegionsSwapped(example);

  test('swaps the Regions and what belongs to each Region (VPC CIDR, application endpoint); keeps the name and role sizing', () => {
    expect([swapped.name, swapped.primaryRegion, swapped.standbyRegion]).toEqual(['example', 'us-west-2', 'us-east-1']);
    expect([swapped.network.primaryCidr, swapped.network.standbyCidr]).toEqual([example.network.standbyCidr, example.network.primaryCidr]);
    expect([swapped.dns.primaryTarget, swapped.dns.standbyTarget]).toEqual(['pay-usw2.example.com', 'pay-use1.example.com']);
    expect(swapped.eks.primary).toEqual(example.eks.primary);
    expect(swapped.eks.standby).toEqual(example.eks.standby);
    expect(swapped.backend).toEqual(example.backend);
  });

  test('HCP Terraform workspaces get their own prefix (they are named after the stack only)', () => {
    const prod = withRegionsSwapped(ENVIRONMENTS['prod-eu']);
    expect(prod.backend).toMatchObject({ kind: 'cloud', workspacePrefix: 'warm-standby-failback' });
  });

  test('loadEnvironment("<env>-failback") returns the validated swapped environment; an unknown base is still an error', () => {
    expect(FAILBACK_SUFFIX).toBe('-failback');
    const loaded = loadEnvironment('example-failback');
    expect([loaded.primaryRegion, loaded.standbyRegion]).toEqual(['us-west-2', 'us-east-1']);
    expect(() => loadEnvironment('staging-failback')).toThrow(/unknown environment "staging-failback".*known environments: example, prod-eu/);
  });
});

describe.each(['example', 'prod-eu'])('%s-failback synthesized and gated like any environment', (base) => {
  const name = `${base}${FAILBACK_SUFFIX}`;
  const env = loadEnvironment(name);
  const app = synthEnvironment(name);
  const live = synthEnvironment(base);

  test('five stacks, the primary ones in the old standby Region', () => {
    expect(Object.keys(app.stacks).sort()).toEqual([`${base}-primary`, `${base}-primary-k8s`, `${base}-replication`, `${base}-standby`, `${base}-standby-k8s`]);
    expect(regionOf(app.stacks[`${base}-primary`])).toBe(ENVIRONMENTS[base].standbyRegion);
    expect(regionOf(app.stacks[`${base}-standby`])).toBe(ENVIRONMENTS[base].primaryRegion);
  });

  test('no stack keeps its state where a live stack does', () => {
    const liveStates = new Set(Object.values(live.stacks).map(stateOf));
    const states = Object.values(app.stacks).map(stateOf);
    expect(states.filter((s) => liveStates.has(s))).toEqual([]);
  });

  test('the replica in the old primary Region replicates from the instance in the old standby Region', () => {
    const replica = Object.values<any>(app.stacks[`${base}-standby`].resource.aws_db_instance)[0];
    const promoted = Object.values<any>(live.stacks[`${base}-standby`].resource.aws_db_instance)[0];
    expect(replica.replicate_source_db).toBe(`arn:aws:rds:${ENVIRONMENTS[base].standbyRegion}:${env.accountId}:db:${promoted.identifier}`);
  });

  test('the gate as main.ts runs it passes (exit 0)', async () => {
    const out: string[] = [];
    const code = await gateSynthesizedApp(app.outdir, env, {}, (t) => out.push(t));
    expect(out.join('')).toMatch(/PASS/);
    expect(code).toBe(0);
  });
});

/** The live switch's ids as scripts/failback-ids.ts writes them (made-up ids in AWS's formats). */
function liveIds(base: string): any {
  const live = ENVIRONMENTS[base];
  const panel = 'arn:aws:route53-recovery-control::123456789012:controlpanel/0123456789abcdef0123456789abcdef';
  return {
    environment: base,
    dns: {
      endpointHealthCheckId: 'e0000000-0000-4000-8000-000000000001',
      arc: {
        clusterArn: 'arn:aws:route53-recovery-control::123456789012:cluster/c0000000-0000-4000-8000-000000000001',
        controlPanelArn: panel,
        safetyRuleArn: `${panel}/safetyrule/5afe000000000001`,
        routingControls: {
          [live.primaryRegion]: { arn: `${panel}/routingcontrol/1000000000000001`, healthCheckId: 'a1000000-0000-4000-8000-000000000001' },
          [live.standbyRegion]: { arn: `${panel}/routingcontrol/2000000000000002`, healthCheckId: 'a2000000-0000-4000-8000-000000000002' },
        },
      },
    },
  };
}

const importsOf = (stack: any): Record<string, string> => Object.fromEntries((stack.import ?? []).map((i: any) => [i.to as string, i.id as string]));
const addressOf = (stack: any, type: string, pathEnd: string): string => {
  const hit = Object.entries<any>(stack.resource?.[type] ?? {}).find(([, r]) => (r['//'].metadata.path as string).endsWith(pathEnd));
  if (!hit) throw new Error(`no ${type} at */${pathEnd}`);
  return `${type}.${hit[0]}`;
};

describe.each([
  ['example', 'ldgnf-payments-cache'],
  ['prod-eu', 'gxeiz-payments-cache'],
])('%s-failback adopts the live Global Datastore and DNS switch', (base, liveGlobalId) => {
  const live = ENVIRONMENTS[base];
  const swapped = loadEnvironment(`${base}${FAILBACK_SUFFIX}`);
  const withIds = withLiveDnsIds(swapped, liveIds(base), 'test ids');
  const app = synthEnvironment(withIds);
  const standby = app.stacks[`${base}-standby`];
  const primary = app.stacks[`${base}-primary`];

  test('the standby joins the live Global Datastore: the id keeps the live primary Region prefix (not the new primary one)', () => {
    const member = Object.values<any>(standby.resource.aws_elasticache_replication_group)[0];
    expect(member.global_replication_group_id).toBe(liveGlobalId);
    expect(standby.output.warm_standby_stack.value.global_datastore_region).toBe(live.primaryRegion);
  });

  test("the standby reads the AUTH token the live Global Datastore was created with: the old primary group's secret, kept in its Region", () => {
    const liveNaming = new Naming(live);
    const read = Object.values<any>(standby.data.aws_secretsmanager_secret_version);
    expect(read.map((d) => d.secret_id)).toEqual([redisAuthSecretName(liveNaming.cacheGroupId('primary'))]);
    expect(standby.provider.aws[0].region).toBe(live.primaryRegion);
  });

  test('the swapped primary imports the live Global Datastore instead of creating a second one', () => {
    const address = addressOf(primary, 'aws_elasticache_global_replication_group', 'Cache/GlobalReplicationGroup');
    expect(importsOf(primary)).toEqual({ [address]: liveGlobalId });
  });

  test("the swapped standby imports the retired primary's audit trail the runbook keeps (same names in that Region), and nothing else of it", () => {
    const livePrimary = synthEnvironment(base).stacks[`${base}-primary`];
    const kept = (r: any) => new RegExp(FAILBACK_KEEP_PATHS).test(r['//'].metadata.path as string) || r.tags?.['warm-standby/log-class'] === 'audit';
    const keptNames = (type: string, key: string) =>
      Object.values<any>(livePrimary.resource[type])
        .filter(kept)
        .map((r) => r[key] as string);
    const adopted = (type: string) =>
      Object.entries(importsOf(standby))
        .filter(([to]) => to.startsWith(`${type}.`))
        .map(([to, id]) => {
          const config = standby.resource[type][to.split('.')[1]];
          // The import id is the name the standby declares, so the next plan changes nothing about it.
          expect(config.name ?? config.bucket).toBe(id);
          return id;
        });
    const groups = adopted('aws_cloudwatch_log_group');
    expect(groups.length).toBeGreaterThanOrEqual(5);
    // Every adopted group exists in the Region (the retired primary created it) and survived its destroy.
    expect(keptNames('aws_cloudwatch_log_group', 'name')).toEqual(expect.arrayContaining(groups));
    // Every audit group of the standby is adopted: creating one over a kept group would fail.
    expect(
      Object.values<any>(standby.resource.aws_cloudwatch_log_group)
        .filter((g) => g.tags?.['warm-standby/log-class'] === 'audit')
        .map((g) => g.name as string)
        .sort(),
    ).toEqual([...groups].sort());
    expect(adopted('aws_s3_bucket')).toEqual(keptNames('aws_s3_bucket', 'bucket'));
    expect(adopted('aws_s3_bucket')).toEqual([new Naming(live).accessLogBucket('primary')]);
  });

  test('the swapped standby imports the live DNS switch (routing controls by Region) and both failover records', () => {
    const ids = liveIds(base).dns;
    const at = (type: string, p: string) => addressOf(standby, type, p);
    const rc = 'aws_route53recoverycontrolconfig';
    expect(Object.fromEntries(Object.entries(importsOf(standby)).filter(([to]) => !/^aws_(cloudwatch_log_group|s3_bucket)\./.test(to)))).toEqual({
      [at('aws_route53_health_check', 'HealthCheck/HealthCheck')]: ids.endpointHealthCheckId,
      [at(`${rc}_cluster`, 'DnsSwitch/Cluster')]: ids.arc.clusterArn,
      [at(`${rc}_control_panel`, 'DnsSwitch/ControlPanel')]: ids.arc.controlPanelArn,
      [at(`${rc}_safety_rule`, 'DnsSwitch/AtLeastOneOn')]: ids.arc.safetyRuleArn,
      // The new primary is the live standby Region: it takes that Region's routing control (ON after the failover).
      [at(`${rc}_routing_control`, 'DnsSwitch/PrimaryRoutingControl')]: ids.arc.routingControls[live.standbyRegion].arn,
      [at(`${rc}_routing_control`, 'DnsSwitch/StandbyRoutingControl')]: ids.arc.routingControls[live.primaryRegion].arn,
      [at('aws_route53_health_check', 'DnsSwitch/PrimaryHealthCheck')]: ids.arc.routingControls[live.standbyRegion].healthCheckId,
      [at('aws_route53_health_check', 'DnsSwitch/StandbyHealthCheck')]: ids.arc.routingControls[live.primaryRegion].healthCheckId,
      [at('aws_route53_record', 'PrimaryFailoverRecord/Record')]: `${live.dns.hostedZoneId}_${live.dns.recordName}_CNAME_${live.dns.recordName}-primary`,
      [at('aws_route53_record', 'FailoverRecord/Record')]: `${live.dns.hostedZoneId}_${live.dns.recordName}_CNAME_${live.dns.recordName}-secondary`,
    });
    // The PRIMARY record is rewritten first (to the Region whose routing control is ON).
    expect(standby.resource.aws_route53_record[at('aws_route53_record', 'FailoverRecord/Record').split('.')[1]].depends_on).toEqual([
      at('aws_route53_record', 'PrimaryFailoverRecord/Record'),
    ]);
  });

  test('the safety rule lists the routing controls in the live order (a list: another order would replace it)', () => {
    const liveStandby = synthEnvironment(base).stacks[`${base}-standby`];
    const order = (stack: any) => {
      const rule = Object.values<any>(stack.resource.aws_route53recoverycontrolconfig_safety_rule)[0];
      const names = Object.fromEntries(
        Object.entries<any>(stack.resource.aws_route53recoverycontrolconfig_routing_control).map(([k, r]) => [k, r.name as string]),
      );
      return (rule.asserted_controls as string[]).map((ref) => names[/\.([^.]+)\.arn/.exec(ref)![1]]);
    };
    expect(order(standby)).toEqual(order(liveStandby));
  });

  test('the normal environment and the failback synth without ids import nothing (no DNS record is paired with a new switch)', () => {
    const normal = synthEnvironment(base);
    expect(Object.values(normal.stacks).flatMap((s: any) => s.import ?? [])).toEqual([]);
    const withoutIds = synthEnvironment(`${base}${FAILBACK_SUFFIX}`);
    // Only the audit trail (the test above).
    expect(Object.keys(importsOf(withoutIds.stacks[`${base}-standby`])).filter((to) => !/^aws_(cloudwatch_log_group|s3_bucket)\./.test(to))).toEqual([]);
  });

  test('with the ids, the gate as main.ts runs it passes (normal and failover synth)', async () => {
    for (const failover of [false, true]) {
      const out: string[] = [];
      const synth = synthEnvironment(withIds, { failover });
      const code = await gateSynthesizedApp(synth.outdir, withIds, {}, (t) => out.push(t));
      expect([failover, code, out.join('').match(/PASS/)?.[0]]).toEqual([failover, 0, 'PASS']);
    }
  });
});

describe('WARM_STANDBY_FAILBACK_IDS: a bad file is one line per problem naming the field, the value and the rule', () => {
  const swapped = loadEnvironment('example-failback');
  const write = (content: string) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'failback-ids-')), 'ids.json');
    fs.writeFileSync(file, content);
    return file;
  };
  const errorOf = (env: any, vars: NodeJS.ProcessEnv): string => {
    try {
      applyFailbackIds(env, vars);
    } catch (error) {
      return (error as Error).message;
    }
    return 'no error';
  };

  test('unset: the environment is unchanged', () => {
    expect(applyFailbackIds(swapped, {})).toBe(swapped);
  });

  test('a valid file adds the ids', () => {
    const file = write(JSON.stringify(liveIds('example')));
    expect(applyFailbackIds(swapped, { WARM_STANDBY_FAILBACK_IDS: file }).failback?.liveDns).toEqual(liveIds('example').dns);
  });

  test.each([
    [
      'a routing control ARN of another control panel',
      (ids: any) => (ids.dns.arc.routingControls['us-east-1'].arn = 'arn:aws:route53-recovery-control::123456789012:controlpanel/ffff/routingcontrol/1'),
      /dns\.arc\.routingControls\.us-east-1\.arn must be the ARN of a routingcontrol of control panel arn:aws:route53-recovery-control::123456789012:controlpanel\/0123456789abcdef0123456789abcdef .*\(got "arn:aws:route53-recovery-control::123456789012:controlpanel\/ffff\/routingcontrol\/1"\)/,
    ],
    [
      'a missing Region',
      (ids: any) => delete ids.dns.arc.routingControls['us-west-2'],
      /dns\.arc\.routingControls must have exactly one entry per Region of the switch \(us-east-1, us-west-2\).*\(got \["us-east-1"\]\)/,
    ],
    [
      'a health check id that is not a UUID',
      (ids: any) => (ids.dns.endpointHealthCheckId = 'hc-1'),
      /dns\.endpointHealthCheckId must be a Route 53 health check id \(a lower-case UUID\) \(got "hc-1"\)/,
    ],
    [
      'the ids of another environment',
      (ids: any) => (ids.environment = 'prod-eu'),
      /environment must be "example", the environment whose live stacks the ids come from \(got "prod-eu"\)/,
    ],
    ['a misspelled field', (ids: any) => (ids.dns.endpointHealthcheckId = ids.dns.endpointHealthCheckId), /dns\.endpointHealthcheckId is not a known field/],
  ])('%s', (_what, mutate, expected) => {
    const ids = liveIds('example');
    mutate(ids);
    const file = write(JSON.stringify(ids));
    const message = errorOf(swapped, { WARM_STANDBY_FAILBACK_IDS: file });
    expect(message).toMatch(expected);
    expect(message).toContain(`WARM_STANDBY_FAILBACK_IDS=${file}: `);
  });

  test('not JSON, a missing file, or a normal environment', () => {
    expect(errorOf(swapped, { WARM_STANDBY_FAILBACK_IDS: write('{') })).toMatch(/WARM_STANDBY_FAILBACK_IDS=.*: not JSON/);
    expect(errorOf(swapped, { WARM_STANDBY_FAILBACK_IDS: '/nonexistent/ids.json' })).toMatch(
      /WARM_STANDBY_FAILBACK_IDS=\/nonexistent\/ids.json: cannot read the file \(ENOENT\)/,
    );
    expect(errorOf(loadEnvironment('example'), { WARM_STANDBY_FAILBACK_IDS: write(JSON.stringify(liveIds('example'))) })).toMatch(
      /only for an environment with the Regions swapped \(<env>-failback\); "example" is not one/,
    );
  });

  test('main.ts exits 2 with the problem on stderr, no stack trace', async () => {
    const { synthAndGate } = await import('../../main');
    const err: string[] = [];
    const ids = liveIds('example');
    ids.dns.arc.safetyRuleArn = 'rule-1';
    const code = await synthAndGate(
      { WARM_STANDBY_ENV: 'example-failback', WARM_STANDBY_FAILBACK_IDS: write(JSON.stringify(ids)) },
      { stdout: () => undefined, stderr: (t) => err.push(t) },
      { outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'failback-synth-')) },
    );
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/dns\.arc\.safetyRuleArn must be the ARN of a safetyrule of control panel .* \(got "rule-1"\)/);
    expect(err.join('')).not.toMatch(/\n\s+at /);
  });
});
