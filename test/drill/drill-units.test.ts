/**
 * Issue 18: the drill's parts that need no emulator: the override writer, the proxy's SigV4 Region
 * parser and refusal rule (and the proxy itself against a local upstream), the emulator-gap filter,
 * the failover plan's primary-read detector, the readiness comparison and the report writers.
 * The real drill (moto, terraform) runs with `npm run drill`; see drill.integration.test.ts.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { CHECKS } from '../../readiness/catalogue';
import { ENVIRONMENTS } from '../../environments';
import { synthEnvironment } from '../support/synth';
import { EmulatorGap, EMULATOR_GAPS, planTargets, unexpectedFailures, untolerated } from '../../drill/emulator-gaps';
import { deployOrder, destructiveChanges, isKubernetesStack, parseArgs, primaryReads } from '../../drill/main';
import { EMULATED_SERVICES, overrideFor, serviceOf, writeOverride } from '../../drill/overrides';
import { credentialScope, queryAction, refuses, startProxy } from '../../drill/proxy';
import { compareReadiness, EXPECTED_READINESS } from '../../drill/readiness-expectations';
import { DrillReport, drillPassed, renderJunit, renderMarkdown } from '../../drill/report';
import { ApplyStream } from '../../drill/terraform';

const auth = (region: string, service: string) =>
  `AWS4-HMAC-SHA256 Credential=testing/20261204/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123`;

describe('override writer', () => {
  const stack = {
    provider: {
      aws: [
        { region: 'us-east-1', allowed_account_ids: ['123456789012'] },
        { alias: 'standby', region: 'us-west-2' },
      ],
    },
    data: {
      terraform_remote_state: {
        'RemoteState-example-standby': { backend: 's3', config: { bucket: 'b', key: 'example/us-west-2/example-standby.tfstate', region: 'us-west-2' } },
      },
    },
  };
  const options = { statePath: '/s/example-replication.tfstate', endpoint: 'http://127.0.0.1:5555', stateOf: (s: string) => `/s/${s}.tfstate` };

  test('local backend, every provider and alias at the emulator, remote state at the local file', () => {
    const o = overrideFor(stack, options) as {
      terraform: unknown;
      provider: { aws: Record<string, unknown>[] };
      data: { terraform_remote_state: Record<string, unknown> };
    };
    expect(o.terraform).toEqual({ backend: { local: { path: '/s/example-replication.tfstate' } } });
    expect(o.provider.aws.map((p) => p.alias)).toEqual([undefined, 'standby']);
    for (const p of o.provider.aws) {
      expect(p).toMatchObject({ skip_credentials_validation: true, skip_metadata_api_check: true, s3_use_path_style: true });
      const endpoints = (p.endpoints as Record<string, string>[])[0];
      expect(Object.keys(endpoints).sort()).toEqual([...EMULATED_SERVICES].sort());
      expect(new Set(Object.values(endpoints))).toEqual(new Set(['http://127.0.0.1:5555']));
      // Region and account stay the stack's own (merged by Terraform, not repeated).
      expect(p.region).toBeUndefined();
      expect(p.max_retries).toBeUndefined();
    }
    expect(o.data.terraform_remote_state).toEqual({ 'RemoteState-example-standby': { backend: 'local', config: { path: '/s/example-standby.tfstate' } } });
  });

  test('behind the proxy the provider retries less', () => {
    const o = overrideFor(stack, { ...options, maxRetries: 2 }) as { provider: { aws: Record<string, unknown>[] } };
    expect(o.provider.aws.map((p) => p.max_retries)).toEqual([2, 2]);
  });

  test('a stack without remote state gets no data block; the file lands next to cdk.tf.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-ov-'));
    try {
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify({ provider: { aws: [{ region: 'us-west-2' }] } }));
      const file = writeOverride(dir, options);
      expect(path.basename(file)).toBe('drill_override.tf.json');
      const o = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      expect(Object.keys(o).sort()).toEqual(['provider', 'terraform']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an `ignore` gap adds its arguments to lifecycle.ignore_changes, keeping the stack's own", () => {
    const withEks = {
      ...stack,
      resource: { aws_eks_node_group: { Ng: { lifecycle: { ignore_changes: ['scaling_config[0].desired_size'] } } }, aws_eks_cluster: { C: {} } },
    };
    const o = overrideFor(withEks, options) as { resource: Record<string, Record<string, { lifecycle?: unknown }>> };
    expect(o.resource.aws_eks_node_group.Ng.lifecycle).toEqual({ ignore_changes: ['scaling_config[0].desired_size', 'remote_access', 'update_config'] });
    expect(o.resource.aws_eks_cluster.C.lifecycle).toEqual({ ignore_changes: ['access_config', 'upgrade_policy'] });
    // Without the list entries nothing is ignored.
    expect((overrideFor(withEks, options, []) as { resource?: unknown }).resource).toBeUndefined();
  });

  test("OpenSearch domains get a short create timeout (the provider's fixed 10-minute first wait)", () => {
    const o = overrideFor({ ...stack, resource: { aws_opensearch_domain: { Search: { domain_name: 'd' } }, aws_vpc: { V: {} } } }, options);
    expect(o.resource).toEqual({ aws_opensearch_domain: { Search: { timeouts: { create: '30s' } } } });
  });

  test('every service the stacks use has an endpoint (no call escapes to real AWS)', () => {
    // The AWS resource, data source and ephemeral types of every environment's synth, normal and failover.
    const types = [
      ...new Set(
        Object.keys(ENVIRONMENTS).flatMap((env) =>
          [false, true].flatMap((failover) =>
            Object.values(synthEnvironment(env, { failover }).stacks).flatMap((stack: any) =>
              ['resource', 'data', 'ephemeral'].flatMap((block) => Object.keys(stack[block] ?? {})),
            ),
          ),
        ),
      ),
    ].filter((t) => t.startsWith('aws_'));
    expect(types).toEqual(expect.arrayContaining(['aws_cloudwatch_event_rule', 'aws_db_instance', 'aws_route53recoverycontrolconfig_cluster']));
    expect(types.map(serviceOf).filter((s) => !EMULATED_SERVICES.includes(s))).toEqual([]);
    expect(serviceOf('aws_cloudwatch_log_group')).toBe('logs');
    expect(serviceOf('aws_db_subnet_group')).toBe('rds');
    // EventBridge keeps the CloudWatch Events type names (found by the drill: PutRule reached real AWS).
    expect(serviceOf('aws_cloudwatch_event_target')).toBe('events');
  });
});

describe('proxy: SigV4 credential scope', () => {
  test('reads the Region and service from the Authorization header', () => {
    expect(credentialScope(auth('us-east-1', 'rds'))).toEqual({ region: 'us-east-1', service: 'rds' });
    expect(credentialScope(auth('eu-central-1', 'route53-recovery-control-config'))).toEqual({
      region: 'eu-central-1',
      service: 'route53-recovery-control-config',
    });
  });

  test('reads a presigned URL and rejects what is not a credential scope', () => {
    expect(credentialScope(undefined, '/bucket/key?X-Amz-Credential=AKID%2F20261204%2Fus-west-2%2Fs3%2Faws4_request&X-Amz-Date=x')).toEqual({
      region: 'us-west-2',
      service: 's3',
    });
    expect(credentialScope(undefined, '/')).toBeUndefined();
    expect(credentialScope('Bearer token')).toBeUndefined();
    // A Region spelled inside the signature or elsewhere is not a scope.
    expect(credentialScope('AWS4-HMAC-SHA256 SignedHeaders=host, Signature=us-east-1')).toBeUndefined();
  });

  test('refuses the lost Region, unsigned requests, and in the second mode the global control planes', () => {
    const lost = 'us-east-1';
    expect(refuses({ region: 'us-east-1', service: 'rds' }, lost, 'region')).toBe(true);
    expect(refuses({ region: 'us-west-2', service: 'rds' }, lost, 'region')).toBe(false);
    expect(refuses({ region: 'us-west-2', service: 'iam' }, lost, 'region')).toBe(false);
    expect(refuses(undefined, lost, 'region')).toBe(true);
    expect(refuses({ region: 'us-west-2', service: 'iam' }, 'eu-west-1', 'region+global')).toBe(true);
    expect(refuses({ region: 'us-west-2', service: 'route53' }, 'eu-west-1', 'region+global')).toBe(true);
    expect(refuses({ region: 'us-east-1', service: 'sts' }, 'eu-west-1', 'region+global')).toBe(true);
    expect(refuses({ region: 'us-west-2', service: 'eks' }, 'eu-west-1', 'region+global')).toBe(false);
  });

  test('the proxy forwards the standby Region, refuses the lost one with 503, and counts both', async () => {
    const upstream = http.createServer((req, res) => res.end(`upstream saw ${req.method} ${req.url}`));
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    const proxy = await startProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, 'us-east-1', 'region');
    try {
      const ok = await fetch(`${proxy.url}/x`, { headers: { authorization: auth('us-west-2', 'rds') } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('upstream saw GET /x');
      const lost = await fetch(`${proxy.url}/x`, { method: 'POST', body: 'Action=Describe', headers: { authorization: auth('us-east-1', 'rds') } });
      expect(lost.status).toBe(503);
      expect(proxy.counts.forwarded).toEqual({ 'us-west-2/rds': 1 });
      expect(proxy.counts.refused).toEqual({ 'us-east-1/rds': 1 });
      expect(proxy.counts.reachedLostRegion).toBe(0);
      // The forwarded Query action is recorded (the promotion evidence); the refused one is not.
      await fetch(`${proxy.url}/`, {
        method: 'POST',
        body: 'Action=PromoteReadReplica&DBInstanceIdentifier=db1',
        headers: { authorization: auth('us-west-2', 'rds') },
      });
      expect(proxy.counts.actions).toEqual(['rds:PromoteReadReplica db1']);
    } finally {
      await proxy.close();
      await new Promise<void>((r) => upstream.close(() => r()));
    }
  });
});

describe('emulator gap list', () => {
  const stack = {
    resource: {
      aws_vpc: { Vpc: { cidr_block: '10.0.0.0/16' } },
      aws_eks_cluster: { Cluster: { name: 'c' } },
      aws_eks_access_entry: { Entry: { cluster_name: '${aws_eks_cluster.Cluster.name}' } },
      aws_eks_access_policy_association: { Assoc: { principal_arn: '${aws_eks_access_entry.Entry.principal_arn}' } },
      aws_elasticache_replication_group: { Member: { replication_group_id: 'm', global_replication_group_id: 'ldgnf-x' } },
      aws_cloudwatch_metric_alarm: { Alarm: { depends_on: ['aws_elasticache_replication_group.Member'] } },
      aws_lambda_invocation: { Bootstrap: { function_name: 'f' } },
    },
  };

  test('listed types and their dependents are excluded; everything else is a target', () => {
    const plan = planTargets(stack);
    // A stubbed gap (Lambda invocation) is applied; excluded ones are not.
    expect(plan.targets).toEqual(['aws_eks_cluster.Cluster', 'aws_lambda_invocation.Bootstrap', 'aws_vpc.Vpc']);
    expect(plan.excluded).toEqual([
      { address: 'aws_cloudwatch_metric_alarm.Alarm', reason: 'references aws_elasticache_replication_group.Member' },
      { address: 'aws_eks_access_entry.Entry', reason: expect.stringContaining('access entries') as string },
      { address: 'aws_eks_access_policy_association.Assoc', reason: expect.stringContaining('access entry') as string },
      { address: 'aws_elasticache_replication_group.Member', reason: expect.stringContaining('member cache clusters') as string },
    ]);
  });

  test('with an empty list nothing is excluded', () => {
    expect(planTargets(stack, [] as EmulatorGap[]).excluded).toEqual([]);
  });

  test('a `when` narrows a gap to matching instances', () => {
    const gaps: EmulatorGap[] = [{ type: 'aws_elasticache_replication_group', when: (b) => b.global_replication_group_id !== undefined, why: 'member only' }];
    const two = { resource: { aws_elasticache_replication_group: { P: { replication_group_id: 'p' }, M: { global_replication_group_id: 'g' } } } };
    expect(planTargets(two, gaps)).toEqual({
      targets: ['aws_elasticache_replication_group.P'],
      excluded: [{ address: 'aws_elasticache_replication_group.M', reason: 'member only' }],
    });
  });

  test('an unlisted failure fails the drill; a listed one that still ran is flagged', () => {
    const plan = planTargets(stack);
    const failures = unexpectedFailures([{ address: 'aws_vpc.Vpc', message: 'InvalidParameter' }, { message: 'provider crashed' }], plan);
    expect(failures).toEqual([{ address: 'aws_vpc.Vpc', message: 'InvalidParameter' }, { message: 'provider crashed' }]);
    expect(unexpectedFailures([{ address: 'aws_eks_access_entry.Entry', message: '404' }], plan)[0].message).toMatch(
      /listed as an emulator gap, but it was applied anyway/,
    );
    expect(unexpectedFailures([], plan)).toEqual([]);
  });

  test('every gap says why', () => {
    expect(EMULATOR_GAPS.filter((g) => g.why.length < 10)).toEqual([]);
    expect(new Set(EMULATOR_GAPS.map((g) => `${g.type}/${g.which ?? ''}`)).size).toBe(EMULATOR_GAPS.length);
  });
});

describe('terraform -json stream', () => {
  test('counts applied resources, reports every 10th, and keeps error diagnostics with their address', () => {
    const lines: string[] = [];
    const s = new ApplyStream((l) => lines.push(l));
    const complete = (i: number) => JSON.stringify({ type: 'apply_complete', hook: { resource: { addr: `aws_vpc.V${i}` } } });
    const chunk = [
      JSON.stringify({ type: 'change_summary', changes: { add: 12, change: 1, remove: 0, operation: 'plan' } }),
      ...Array.from({ length: 12 }, (_, i) => complete(i)),
      JSON.stringify({
        type: 'diagnostic',
        '@level': 'error',
        diagnostic: { address: 'aws_eks_addon.A', summary: 'creating EKS Add-On', detail: 'StatusCode: 404' },
      }),
      JSON.stringify({ type: 'diagnostic', '@level': 'warning', diagnostic: { summary: 'Resource targeting is in effect' } }),
      // A data source read is not an applied resource.
      JSON.stringify({ type: 'apply_complete', hook: { resource: { addr: 'data.terraform_remote_state.S' }, action: 'read' } }),
    ].join('\n');
    s.push(chunk.slice(0, 100));
    s.push(chunk.slice(100));
    s.end();
    expect(s.plannedChanges).toBe(13);
    expect(s.applied).toHaveLength(12);
    expect(lines).toEqual(['10 resources applied']);
    expect(s.failures).toEqual([{ address: 'aws_eks_addon.A', message: 'creating EKS Add-On: StatusCode: 404' }]);
  });
});

describe('drill orchestration helpers', () => {
  test('deploy order follows the manifest dependencies; Kubernetes stacks are recognised', () => {
    const manifest = {
      stacks: {
        'e-primary': { workingDirectory: 'a' },
        'e-primary-k8s': { workingDirectory: 'b', dependencies: ['e-primary', 'e-replication'] },
        'e-replication': { workingDirectory: 'c', dependencies: ['e-standby'] },
        'e-standby': { workingDirectory: 'd', dependencies: ['e-primary'] },
        'e-standby-k8s': { workingDirectory: 'e', dependencies: ['e-standby'] },
      },
    };
    expect(deployOrder(manifest)).toEqual(['e-primary', 'e-standby', 'e-replication', 'e-primary-k8s', 'e-standby-k8s']);
    expect(isKubernetesStack({ provider: { aws: [], helm: [] } })).toBe(true);
    expect(isKubernetesStack({ provider: { aws: [] } })).toBe(false);
  });

  test('a failover plan that reads primary-Region state is caught', () => {
    const plan = (resources: unknown[]) => ({ configuration: { root_module: { resources } } }) as Parameters<typeof primaryReads>[0];
    expect(
      primaryReads(plan([{ address: 'aws_db_instance.R', mode: 'managed', type: 'aws_db_instance', expressions: { x: 'us-east-1' } }]), 'us-east-1'),
    ).toEqual([]);
    expect(primaryReads(plan([{ address: 'data.terraform_remote_state.P', mode: 'data', type: 'terraform_remote_state' }]), 'us-east-1')).toEqual([
      'data.terraform_remote_state.P',
    ]);
    expect(
      primaryReads(
        plan([
          {
            address: 'data.aws_db_instance.S',
            mode: 'data',
            type: 'aws_db_instance',
            expressions: { arn: { constant_value: 'arn:aws:rds:us-east-1:1:db:x' } },
          },
        ]),
        'us-east-1',
      ),
    ).toEqual(['data.aws_db_instance.S']);
  });

  test('a failover plan that deletes or replaces anything is caught', () => {
    const plan = {
      resource_changes: [
        { address: 'aws_db_instance.R', change: { actions: ['update'] } },
        { address: 'aws_eks_cluster.C', change: { actions: ['delete', 'create'] } },
        { address: 'aws_sqs_queue.Q', change: { actions: ['no-op'] } },
      ],
    };
    expect(destructiveChanges(plan)).toEqual(['aws_eks_cluster.C (delete+create)']);
    expect(destructiveChanges({ resource_changes: [plan.resource_changes[0]] })).toEqual([]);
  });

  test('bad arguments name the argument and the rule', () => {
    expect(parseArgs(['--env', 'prod-eu']).env).toBe('prod-eu');
    expect(() => parseArgs(['--bogus'])).toThrow('drill: unknown argument "--bogus": usage: npm run drill [-- --env NAME] [--out DIR]');
    expect(() => parseArgs(['--env', 'Prod EU'])).toThrow('drill: --env "Prod EU" is not an environment name (lower-case letters, digits, dashes)');
  });

  test('readiness: every difference from the expected verdict is a mismatch, missing checks too', () => {
    const run = compareReadiness(
      'before',
      { 'RDY-A': 'ok', 'RDY-B': 'not_ready' },
      { 'RDY-A': { status: 'ok', why: 'a' }, 'RDY-C': { status: 'ok', why: 'c' } },
    );
    expect(run.mismatches).toEqual(['RDY-B: not_ready, expected unlisted', 'RDY-C: missing, expected ok']);
    expect(compareReadiness('after', { 'RDY-A': 'ok' }, { 'RDY-A': { status: 'ok', why: 'a' } }).mismatches).toEqual([]);
  });
});

describe('report writers', () => {
  const report: DrillReport = {
    env: 'example',
    steps: [
      { name: 'apply example-primary', ok: true, seconds: 12.34, detail: '' },
      { name: 'apply example-standby', ok: false, seconds: 3, detail: 'aws_x.y: <boom> & "quoted" | piped' },
    ],
    stacks: [
      { name: 'example-primary', applied: 120, total: 129, excluded: [{ address: 'aws_eks_addon.A', reason: 'no add-ons' }], seconds: 12 },
      { name: 'example-primary-k8s', skipped: 'no cluster', applied: 0, total: 0, excluded: [] },
    ],
    gaps: [{ type: 'aws_eks_addon', why: 'no add-ons' }],
    checks: [{ name: 'replica source', ok: true, detail: 'arn' }],
    failover: [{ mode: 'region', applied: 5, planned: 5, failures: [], readsPrimaryState: [], checks: [{ name: 'promoted', ok: true, detail: 'standalone' }] }],
    readiness: [{ when: 'before', rows: [{ id: 'RDY-RDS-001', observed: 'ok', expected: 'ok', why: 'replica' }], mismatches: [] }],
    totalSeconds: 99.5,
  };

  test('Markdown lists steps with time and outcome, stacks, gaps, failover and readiness; cells cannot break the table', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('Outcome: FAIL; total 100 s.');
    expect(md).toContain('| apply example-primary | ok | 12.3 |  |');
    expect(md).toContain('| apply example-standby | **FAILED** | 3.0 | aws_x.y: <boom> & "quoted" \\| piped |');
    expect(md).toContain('| `example-primary` | 120 | 129 | 1 | 0 | 12 |');
    expect(md).toContain('| `example-primary-k8s` | skipped | — | no cluster | — | — |');
    expect(md).toContain('| `aws_eks_addon` | all | no add-ons | excluded (-target) |');
    expect(md).toContain('### Lost: the primary Region');
    expect(md).toContain('| RDY-RDS-001 | ok | ok | replica |');
  });

  test('a tolerated failure is listed, and the check table after it still starts on its own line', () => {
    const md = renderMarkdown({ ...report, failover: [{ ...report.failover[0], tolerated: ['aws_eks_node_group.N: aws_eks_node_group emulator gap'] }] });
    expect(md).toContain('- tolerated: aws_eks_node_group.N: aws_eks_node_group emulator gap\n\n| Check | Outcome | Observed |');
  });

  test('a failed Region-loss failover fails the drill; the second mode only reports', () => {
    const ok: DrillReport = { ...report, steps: [report.steps[0]] };
    expect(drillPassed(ok)).toBe(true);
    expect(renderMarkdown(ok)).toContain('Outcome: PASS');
    const failedFailover = { ...ok, failover: [{ ...ok.failover[0], failures: ['aws_eks_node_group.N: DescribeUpdate 404'] }] };
    expect(drillPassed(failedFailover)).toBe(false);
    expect(renderMarkdown(failedFailover)).toContain('Outcome: FAIL');
    expect(drillPassed({ ...ok, failover: [...ok.failover, { ...ok.failover[0], mode: 'region+global', failures: ['iam refused'] }] })).toBe(true);
    expect(queryAction('Action=DescribeDBInstances&Version=2014-10-31')).toBe('DescribeDBInstances');
    expect(queryAction('{"json":1}')).toBeUndefined();
  });

  test('JUnit is well-formed XML with one failure per failed step, escaped', () => {
    const xml = renderJunit(report);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as {
      testsuites: { testsuite: { '@_failures': string; testcase: { '@_name': string; failure?: unknown }[] } };
    };
    const suite = parsed.testsuites.testsuite;
    expect(suite['@_failures']).toBe('1');
    const failed = suite.testcase.filter((c) => c.failure !== undefined).map((c) => c['@_name']);
    expect(failed).toEqual(['apply example-standby']);
    expect(xml).toContain('aws_x.y: &lt;boom&gt; &amp; &quot;quoted&quot; | piped');
  });
});

describe('readiness expectations', () => {
  // A readiness check added later must get an expected verdict here, or every drill fails on "unlisted".
  test('every readiness check has an expected verdict before and after the failover', () => {
    const ids = Object.values(CHECKS)
      .map((c) => c.id)
      .sort();
    expect(Object.keys(EXPECTED_READINESS.before).sort()).toEqual(ids);
    expect(Object.keys(EXPECTED_READINESS.after).sort()).toEqual(ids);
  });
});

describe('tolerated emulator failures', () => {
  const waitFailure = {
    address: 'aws_eks_node_group.NodeGroup_1',
    message:
      'waiting for EKS Node Group (c:app) config update (id): operation error EKS: DescribeUpdate, https response error StatusCode: 404, RequestID: , deserialization failed',
  };
  test("moto's node-group update wait (DescribeUpdate 404) is tolerated, other node-group failures are not", () => {
    expect(untolerated([waitFailure])).toEqual([]);
    const other = { address: 'aws_eks_node_group.NodeGroup_1', message: 'updating EKS Node Group: InvalidParameterException' };
    expect(untolerated([waitFailure, other])).toEqual([other]);
    // The same message on another type is not the node group's gap.
    const elsewhere = { ...waitFailure, address: 'aws_eks_cluster.Cluster' };
    expect(untolerated([elsewhere])).toEqual([elsewhere]);
    expect(unexpectedFailures([waitFailure], { targets: [], excluded: [] })).toEqual([]);
  });
});
