/**
 * The gate on the failover synth (WARM_STANDBY_FAILOVER=1: only the promoted standby stack): the
 * untouched environments pass with the normal-only rules reported not applicable, each failover
 * rule fails on a broken variant, and WS-OBJ-002 follows the environment's recovery objectives.
 */
import { ENVIRONMENTS, EnvironmentConfig, defineEnvironment } from '../../environments';
import { PolicyEngine, ensureBundle } from '../../gate';
import { checkPaths, objectivesOf, runGate } from '../../gate/gate';
import { GateInput, readInput } from '../../gate/inputs';
import { Report } from '../../gate/types';
import { estimate, loadSynthesized } from '../../objectives/estimate';
import { synthEnvironment } from '../support/synth';

type Stacks = Record<string, any>;

const FAILOVER_ONLY = ['WS-FO-001', 'WS-FO-002', 'WS-FO-003', 'WS-FO-004', 'WS-FO-005', 'WS-FO-006', 'WS-FO-007', 'WS-RDS-005'];
/** Failover rules that only a plan can break (they read resource_changes): broken below on a plan of the failover synth. */
const PLAN_ONLY = ['WS-FO-007'];
const NORMAL_ONLY = [
  'WS-BAK-001',
  'WS-BAK-002',
  'WS-BAK-004',
  'WS-BAK-009',
  'WS-CACHE-001',
  'WS-DNS-001',
  'WS-EKS-001',
  'WS-EKS-003',
  'WS-EKS-004',
  'WS-FEED-001',
  'WS-FEED-002',
  'WS-FEED-003',
  'WS-OS-001',
  'WS-OS-003',
  'WS-OS-004',
  'WS-OS-007',
  'WS-RDS-001',
  'WS-RDS-006',
  'WS-STATE-004',
];

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await PolicyEngine.load(ensureBundle().wasm);
});

const S = 'example-standby';
const SK = 'example-standby-k8s';
const failover = () => JSON.parse(JSON.stringify(synthEnvironment('example', { failover: true }).stacks)) as Stacks;

function evaluate(stacks: Stacks): Report {
  const document = {
    kind: 'cdktf_app',
    stacks: Object.entries(stacks).map(([name, config]) => ({ name, file: `cdktf.out/stacks/${name}/cdk.tf.json`, config })),
  };
  const objectives = objectivesOf({ path: 'cdktf.out', kind: 'cdktf_app', document } as unknown as GateInput);
  return engine.evaluate(document, { objectives: objectives.report, objectivesUnavailable: objectives.unavailable });
}

function nameOf(stack: any, type: string): string {
  const names = Object.keys(stack.resource[type] ?? {});
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return names[0];
}
const resource = (stack: any, type: string) => stack.resource[type][nameOf(stack, type)];
const veleroName = (s: Stacks): string => Object.entries<any>(s[SK].resource.helm_release).find(([, r]) => r.chart === 'velero')![0];
const velero = (s: Stacks) => s[SK].resource.helm_release[veleroName(s)];

describe('failover synth through the gate', () => {
  test.each(['example', 'prod-eu'])('%s passes; normal-only rules are not applicable, failover rules evaluated', async (env) => {
    const app = synthEnvironment(env, { failover: true });
    expect(Object.keys(app.stacks).sort()).toEqual([`${env}-standby`, `${env}-standby-k8s`]);
    const report = await checkPaths([app.outdir], { engine, params: app.env.policyParams });
    expect(report.findings.filter((f) => f.enforcement === 'mandatory' && !f.suppressed)).toEqual([]);
    expect(report.summary.mandatory_failed).toBe(0);
    const status = (id: string) => report.rules.find((r) => r.id === id);
    for (const id of NORMAL_ONLY) {
      expect(status(id)?.status).toBe('not_applicable');
      expect(status(id)?.reason).toMatch(/^failover mode: /);
    }
    for (const id of FAILOVER_ONLY) expect(status(id)?.status).toBe('evaluated');
    // WS-RDS-004 checks the source in the primary stack (roles: [primary]), absent from a failover synth.
    expect(status('WS-RDS-004')?.reason).toMatch(/no primary stack/);
    expect(
      report.rules
        .filter((r) => r.status === 'not_applicable')
        .map((r) => r.id)
        .sort(),
    ).toEqual([...NORMAL_ONLY, 'WS-RDS-004'].sort());
    // The estimator needs the primary stack, which the failover synth leaves out: said, never passed.
    expect(status('WS-OBJ-002')?.status).toBe('not_evaluated');
    expect(status('WS-OBJ-002')?.reason).toMatch(/^no recovery-objective estimate: failover mode: the estimator reads the primary stack/);
  });

  const nodeGroup = (s: Stacks) => `aws_eks_node_group.${nameOf(s[S], 'aws_eks_node_group')}`;
  // [rule, what breaks, mutation, expected address, stack of the finding (default: the AWS standby stack)]
  const cases: [string, string, (s: Stacks) => void, (s: Stacks) => string, string?][] = [
    [
      'WS-FO-001',
      'node group back at 1 node',
      (s) => {
        Object.assign(resource(s[S], 'aws_eks_node_group').scaling_config, { min_size: 1, desired_size: 1 });
      },
      nodeGroup,
    ],
    [
      'WS-FO-001',
      'no primary_desired_nodes',
      (s) => {
        delete s[S].output.warm_standby_stack.value.primary_desired_nodes;
      },
      () => 'output.warm_standby_stack',
    ],
    [
      'WS-FO-002',
      'replicate_source_db put back',
      (s) => {
        resource(s[S], 'aws_db_instance').replicate_source_db = 'arn:aws:rds:us-east-1:123456789012:db:payments-example-use1-pg';
      },
      (s) => `aws_db_instance.${nameOf(s[S], 'aws_db_instance')}`,
    ],
    [
      'WS-FO-002',
      'OpenSearch connection to the lost leader',
      (s) => {
        s[S].resource.aws_opensearch_outbound_connection = {
          Leader: {
            connection_alias: 'leader',
            local_domain_info: { owner_id: '123456789012', region: 'us-west-2', domain_name: 'follower' },
            remote_domain_info: { owner_id: '123456789012', region: 'us-east-1', domain_name: 'leader' },
          },
        };
      },
      () => 'aws_opensearch_outbound_connection.Leader',
    ],
    [
      'WS-FO-003',
      'AWS provider alias in the primary Region',
      (s) => {
        s[S].provider.aws.push({ alias: 'primary', region: 'us-east-1' });
      },
      () => 'provider.aws.primary',
    ],
    [
      'WS-FO-003',
      'data source in the primary Region',
      (s) => {
        s[S].provider.aws.push({ alias: 'primary', region: 'us-east-1' });
        s[S].data = { aws_db_instance: { source: { db_instance_identifier: 'payments-example-use1-pg', provider: 'aws.primary' } } };
      },
      () => 'data.aws_db_instance.source',
    ],
    [
      'WS-FO-003',
      'remote state in the primary Region',
      (s) => {
        s[S].data = { terraform_remote_state: { primary: { backend: 's3', config: { bucket: 'b', key: 'k', region: 'us-east-1' } } } };
      },
      () => 'data.terraform_remote_state.primary',
    ],
    [
      'WS-FO-004',
      'Restore manifest removed',
      (s) => {
        delete s[SK].resource.kubernetes_manifest;
      },
      () => 'kubernetes_manifest',
      SK,
    ],
    [
      'WS-FO-004',
      'Restore without scheduleName',
      (s) => {
        delete resource(s[SK], 'kubernetes_manifest').manifest.spec.scheduleName;
      },
      (s) => `kubernetes_manifest.${nameOf(s[SK], 'kubernetes_manifest')}`,
      SK,
    ],
    [
      'WS-FO-004',
      'no Kubernetes stack for the standby Region',
      (s) => {
        delete s[SK];
      },
      () => 'kubernetes_manifest',
    ],
    [
      'WS-RDS-005',
      'promoted database single-AZ',
      (s) => {
        resource(s[S], 'aws_db_instance').multi_az = false;
      },
      (s) => `aws_db_instance.${nameOf(s[S], 'aws_db_instance')}`,
    ],
    [
      'WS-RDS-005',
      'no db_multi_az',
      (s) => {
        delete s[S].output.warm_standby_stack.value.db_multi_az;
      },
      () => 'output.warm_standby_stack',
    ],
    [
      'WS-FO-005',
      'promoted standby Velero back to ReadOnly',
      (s) => {
        const r = velero(s);
        r.set = r.set.map((e: any) => (e.name.endsWith('.accessMode') ? { ...e, value: 'ReadOnly' } : e));
      },
      (s) => `helm_release.${veleroName(s)}`,
      SK,
    ],
    [
      'WS-FO-005',
      'promoted standby Velero without a schedule',
      (s) => {
        const r = velero(s);
        r.set = r.set.filter((e: any) => !e.name.startsWith('schedules.'));
      },
      (s) => `helm_release.${veleroName(s)}`,
      SK,
    ],
    [
      'WS-FO-005',
      'Restore waits for Completed only',
      (s) => {
        const r = resource(s[SK], 'kubernetes_manifest');
        r.wait = { fields: { 'status.phase': 'Completed' } };
      },
      (s) => `kubernetes_manifest.${nameOf(s[SK], 'kubernetes_manifest')}`,
      SK,
    ],
    [
      'WS-FO-006',
      'Restore of every namespace, Schedules included',
      (s) => {
        const spec = resource(s[SK], 'kubernetes_manifest').manifest.spec;
        delete spec.includedNamespaces;
        delete spec.excludedResources;
      },
      (s) => `kubernetes_manifest.${nameOf(s[SK], 'kubernetes_manifest')}`,
      SK,
    ],
    [
      'WS-FO-007',
      'the standby provider looks its account up through IAM (skip_credentials_validation)',
      (s) => {
        s[S].provider.aws[0].skip_credentials_validation = true;
      },
      () => 'provider.aws',
    ],
    [
      'WS-FO-007',
      'the Kubernetes stack provider asks STS in the lost Region',
      (s) => {
        s[SK].provider.aws[0].sts_region = 'us-east-1';
      },
      () => 'provider.aws',
      SK,
    ],
    [
      'WS-FO-006',
      'Restore of the velero namespace',
      (s) => {
        resource(s[SK], 'kubernetes_manifest').manifest.spec.includedNamespaces = ['payments', 'velero'];
      },
      (s) => `kubernetes_manifest.${nameOf(s[SK], 'kubernetes_manifest')}`,
      SK,
    ],
  ];

  test.each(cases)('%s fails: %s', (rule, _what, mutate, address, stack = S) => {
    const stacks = failover();
    expect(evaluate(stacks).findings.filter((f) => f.rule === rule)).toEqual([]);
    mutate(stacks);
    const report = evaluate(stacks);
    const findings = report.findings.filter((f) => f.rule === rule);
    expect(findings.map((f) => f.address)).toContain(address(stacks));
    expect(findings.every((f) => f.stack === stack && f.enforcement === 'mandatory')).toBe(true);
    expect(report.rules.find((r) => r.id === rule)?.status).toBe('evaluated');
  });

  test('every failover rule has a breaking case here', () => {
    expect([...new Set([...cases.map(([id]) => id), ...PLAN_ONLY])].sort()).toEqual([...FAILOVER_ONLY].sort());
  });

  test('every AWS provider of the failover synth keeps the account guard and asks STS in the standby Region, not IAM', () => {
    for (const env of ['example', 'prod-eu']) {
      const app = synthEnvironment(env, { failover: true });
      for (const stack of Object.values<any>(app.stacks)) {
        for (const aws of stack.provider.aws) {
          expect(aws.allowed_account_ids).toEqual([app.env.accountId]);
          expect(aws.sts_region).toBe(app.env.standbyRegion);
          expect(aws.skip_credentials_validation).toBeUndefined();
          expect(aws.skip_requesting_account_id).toBeUndefined();
        }
      }
    }
  });

  test('WS-FO-007: a failover plan that writes IAM or Route 53 fails; regional changes and no-op globals pass', () => {
    const standby = failover()[S];
    const change = (type: string, name: string, actions: string[]) => ({ address: `${type}.${name}`, mode: 'managed', type, name, change: { actions } });
    const planOf = (changes: object[]) => ({
      format_version: '1.2',
      terraform_version: '1.11.4',
      planned_values: { outputs: { warm_standby_stack: { sensitive: false, value: standby.output.warm_standby_stack.value } }, root_module: { resources: [] } },
      configuration: { provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'us-west-2' } } } }, root_module: {} },
      resource_changes: changes,
    });
    const regional = [
      change('aws_db_instance', 'Replica', ['update']),
      change('aws_eks_node_group', 'Nodes', ['update']),
      change('aws_iam_role', 'Node', ['no-op']),
    ];
    expect(engine.evaluate(planOf(regional)).findings.filter((f) => f.rule === 'WS-FO-007')).toEqual([]);
    const report = engine.evaluate(
      planOf([...regional, change('aws_iam_role_policy', 'VeleroPolicy', ['update']), change('aws_route53_record', 'Primary', ['delete', 'create'])]),
    );
    const findings = report.findings.filter((f) => f.rule === 'WS-FO-007');
    expect(findings.map((f) => f.address).sort()).toEqual(['aws_iam_role_policy.VeleroPolicy', 'aws_route53_record.Primary']);
    expect(report.rules.find((r) => r.id === 'WS-FO-007')?.status).toBe('evaluated');
  });
});

describe('WS-OBJ-002: estimated RPO/RTO against the environment targets', () => {
  const tight: EnvironmentConfig = defineEnvironment({
    ...(ENVIRONMENTS.example as any),
    name: 'objtight',
    objectives: { ...ENVIRONMENTS.example.objectives, rpoSeconds: 600 },
  });

  test('the untouched example meets its targets: evaluated, no finding, gate exit 0', async () => {
    const app = synthEnvironment('example');
    const result = await runGate(app.outdir, { params: app.env.policyParams, format: 'json' });
    expect(result.report.rules.find((r) => r.id === 'WS-OBJ-002')?.status).toBe('evaluated');
    expect(result.report.findings.filter((f) => f.rule === 'WS-OBJ-002')).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  test('a 600 s RPO target fails the gate with one finding per component that misses it', async () => {
    const app = synthEnvironment(tight);
    const objectives = objectivesOf(readInput(app.outdir)).report!;
    const missing = objectives.components.filter((c) => !c.meets).map((c) => c.component);
    expect(missing).toContain('velero');
    const result = await runGate(app.outdir, { params: tight.policyParams });
    expect(result.exitCode).toBe(1);
    const findings = result.report.findings.filter((f) => f.rule === 'WS-OBJ-002');
    expect(findings.map((f) => f.message.split(' ')[1])).toEqual(missing);
    for (const f of findings) {
      expect(f.address).toBe('output.warm_standby_stack');
      expect(f.stack).toBe('objtight-standby');
      expect(f.message).toMatch(/RPO \d+ s > target 600 s/);
      expect(f.message).toContain('basis: ');
    }
    const velero = objectives.components.find((c) => c.component === 'velero')!;
    expect(findings.find((f) => f.message.includes('velero estimate'))?.message).toContain(`RPO ${velero.rpo_seconds} s > target 600 s`);
  });

  test('a plan, a single stack file and the failover synth get a reason, never an estimate', () => {
    const app = synthEnvironment('example');
    const single = objectivesOf(readInput(`${app.stackDir('example-standby')}/cdk.tf.json`));
    expect(single.report).toBeUndefined();
    expect(single.unavailable).toMatch(/needs the primary and the standby stack/);
    const plan = objectivesOf({ kind: 'plan', path: 'plan.json', document: {} } as unknown as GateInput);
    expect(plan.unavailable).toMatch(/^a Terraform plan carries no synthesized app/);
    expect(objectivesOf(readInput(synthEnvironment('example', { failover: true }).outdir)).unavailable).toMatch(/^failover mode: /);
  });
});

describe('WS-OBJ-003: the overall estimate `warm-standby objectives` prints is gated', () => {
  // Every component's RTO fits in 1000 s; the runbook total (their sequence) does not.
  const sumMissed: EnvironmentConfig = defineEnvironment({
    ...(ENVIRONMENTS.example as any),
    name: 'objsum',
    objectives: { ...ENVIRONMENTS.example.objectives, rtoSeconds: 1000 },
  });

  test('objectives says the target is missed while every component meets it: the gate fails on WS-OBJ-003', async () => {
    const app = synthEnvironment(sumMissed);
    const printed = estimate(loadSynthesized(app.outdir));
    expect(printed.components.every((c) => c.meets)).toBe(true);
    expect(printed.overall.meets).toBe(false);
    const result = await runGate(app.outdir, { params: sumMissed.policyParams });
    expect(result.exitCode).toBe(1);
    expect(result.report.findings.filter((f) => f.rule === 'WS-OBJ-002')).toEqual([]);
    const [finding, ...more] = result.report.findings.filter((f) => f.rule === 'WS-OBJ-003');
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ stack: 'objsum-standby', address: 'output.warm_standby_stack', suppressed: false });
    expect(finding.message).toContain(`RTO ${printed.overall.rto_seconds} s > target 1000 s (RTO = runbook total: detect `);
  });

  test('the untouched example: overall meets, WS-OBJ-003 evaluated without a finding', async () => {
    const app = synthEnvironment('example');
    expect(estimate(loadSynthesized(app.outdir)).overall.meets).toBe(true);
    const result = await runGate(app.outdir, { params: app.env.policyParams });
    expect(result.report.rules.find((r) => r.id === 'WS-OBJ-003')?.status).toBe('evaluated');
    expect(result.report.findings.filter((f) => f.rule === 'WS-OBJ-003')).toEqual([]);
  });
});
