/**
 * Every rule against the real synthesized `example`: the untouched environments pass, and each
 * mutation that breaks one invariant yields that rule's finding at the right address.
 */
import { PolicyEngine, ensureBundle } from '../../policies/gate';
import { objectivesOf } from '../../policies/gate/gate';
import { GateInput } from '../../policies/gate/inputs';
import { Report } from '../../policies/gate/types';
import { synthEnvironment } from '../support/synth';

type Stacks = Record<string, any>;

let engine: PolicyEngine;
beforeAll(async () => {
  const paths = ensureBundle();
  engine = await PolicyEngine.load(paths.wasm);
});

/** Evaluates the stacks as the gate does for a cdktf.out folder, with the recovery-objective estimate. */
function evaluate(stacks: Stacks): Report {
  const document = {
    kind: 'cdktf_app',
    stacks: Object.entries(stacks).map(([name, config]) => ({ name, file: `cdktf.out/stacks/${name}/cdk.tf.json`, config })),
  };
  const objectives = objectivesOf({ path: 'cdktf.out', kind: 'cdktf_app', document } as unknown as GateInput);
  return engine.evaluate(document, { objectives: objectives.report, objectivesUnavailable: objectives.unavailable });
}

/** Rules that apply in failover mode only: not applicable here, broken in test/policies/failover.test.ts. */
const FAILOVER_ONLY = ['WS-FO-001', 'WS-FO-002', 'WS-FO-003', 'WS-FO-004', 'WS-FO-005'];

const example = () => JSON.parse(JSON.stringify(synthEnvironment('example').stacks)) as Stacks;
const P = 'example-primary';
const S = 'example-standby';
const R = 'example-replication';

/** Name of the only resource of `type` in a stack (or the one whose tag matches). */
function nameOf(stack: any, type: string, tag?: [string, string]): string {
  const names = Object.entries<any>(stack.resource[type] ?? {})
    .filter(([, r]) => !tag || r.tags?.[tag[0]] === tag[1])
    .map(([n]) => n);
  if (names.length !== 1) throw new Error(`expected one ${type}${tag ? ` tagged ${tag.join('=')}` : ''}, found ${names.length}`);
  return names[0];
}
const resource = (stack: any, type: string, tag?: [string, string]) => stack.resource[type][nameOf(stack, type, tag)];
const remove = (stack: any, type: string, tag?: [string, string]) => delete stack.resource[type][nameOf(stack, type, tag)];
const BACKUP: [string, string] = ['warm-standby/component', 'velero-backup'];
/** The Velero helm_release of a stack (found by chart, beside Portworx's). */
const veleroName = (stack: any): string => {
  const names = Object.entries<any>(stack.resource.helm_release ?? {}).filter(([, r]) => r.chart === 'velero').map(([n]) => n);
  if (names.length !== 1) throw new Error(`expected one velero helm_release, found ${names.length}`);
  return names[0];
};
const veleroOf = (stack: any) => stack.resource.helm_release[veleroName(stack)];
const FEED_QUEUE: [string, string] = ['warm-standby/component', 'feed-queue'];

describe('policy gate on synthesized environments', () => {
  test.each(['example', 'prod-eu'])('%s passes with zero mandatory findings and every normal-mode rule evaluated', (env) => {
    const report = evaluate(synthEnvironment(env).stacks);
    expect(report.findings.filter((f) => f.enforcement === 'mandatory' && !f.suppressed)).toEqual([]);
    expect(report.rules.filter((r) => r.status !== 'evaluated').map((r) => r.id)).toEqual(FAILOVER_ONLY);
    for (const id of FAILOVER_ONLY) expect(report.rules.find((r) => r.id === id)?.reason).toMatch(/^normal mode: /);
    expect(report.rules.length).toBeGreaterThanOrEqual(37);
  });

  test('one stack alone: cross-Region rules are not evaluated, never passed', () => {
    const stacks = example();
    const report = evaluate({ [S]: stacks[S] });
    const notEvaluated = report.rules.filter((r) => r.status === 'not_evaluated').map((r) => r.id);
    expect(notEvaluated).toEqual(expect.arrayContaining(['WS-RDS-001', 'WS-DNS-001', 'WS-EKS-003', 'WS-BAK-002']));
    expect(report.findings.filter((f) => notEvaluated.includes(f.rule))).toEqual([]);
  });

  const cases: [string, (s: Stacks) => void, (s: Stacks) => string][] = [
    ['WS-DNS-001', (s) => remove(s[S], 'aws_route53_record'), (s) => `aws_route53_record.${nameOf(s[P], 'aws_route53_record')}`],
    ['WS-DNS-002', (s) => { delete resource(s[P], 'aws_route53_record').health_check_id; }, (s) => `aws_route53_record.${nameOf(s[P], 'aws_route53_record')}`],
    ['WS-DNS-003', (s) => { Object.assign(resource(s[P], 'aws_route53_health_check'), { request_interval: 30, failure_threshold: 10 }); }, (s) => `aws_route53_record.${nameOf(s[P], 'aws_route53_record')}`],
    ['WS-EKS-001', (s) => remove(s[S], 'aws_eks_cluster'), () => 'aws_eks_cluster'],
    ['WS-EKS-002', (s) => { resource(s[S], 'aws_eks_node_group').scaling_config.min_size = 0; }, (s) => `aws_eks_node_group.${nameOf(s[S], 'aws_eks_node_group')}`],
    ['WS-EKS-003', (s) => { Object.assign(resource(s[S], 'aws_eks_node_group').scaling_config, { max_size: 2 }); }, (s) => `aws_eks_node_group.${nameOf(s[S], 'aws_eks_node_group')}`],
    ['WS-EKS-004', (s) => { resource(s[S], 'aws_eks_cluster').version = '1.30'; }, (s) => `aws_eks_cluster.${nameOf(s[S], 'aws_eks_cluster')}`],
    ['WS-EKS-005', (s) => { s[S].resource.aws_instance = { worker: { ami: 'ami-123', instance_type: 'm6i.large' } }; }, () => 'aws_instance.worker'],
    ['WS-BAK-001', (s) => { delete s[S].resource.helm_release[veleroName(s[S])]; }, () => 'helm_release'],
    ['WS-BAK-002', (s) => remove(s[R], 'aws_s3_bucket_replication_configuration'), (s) => `aws_s3_bucket.${nameOf(s[P], 'aws_s3_bucket', BACKUP)}`],
    ['WS-BAK-003', (s) => { resource(s[S], 'aws_s3_bucket_versioning', undefined).versioning_configuration.status = 'Suspended'; }, (s) => `aws_s3_bucket.${nameOf(s[S], 'aws_s3_bucket', BACKUP)}`],
    ['WS-BAK-004', (s) => { const r = veleroOf(s[S]); r.set = r.set.map((e: any) => (e.name.endsWith('.bucket') ? { ...e, value: 'some-other-bucket' } : e)); }, (s) => `helm_release.${veleroName(s[S])}`],
    ['WS-OS-001', (s) => remove(s[S], 'aws_opensearch_outbound_connection'), (s) => `aws_opensearch_domain.${nameOf(s[S], 'aws_opensearch_domain')}`],
    ['WS-OS-002', (s) => { resource(s[P], 'aws_opensearch_domain').engine_version = 'Elasticsearch_7.9'; }, (s) => `aws_opensearch_domain.${nameOf(s[P], 'aws_opensearch_domain')}`],
    ['WS-RDS-001', (s) => remove(s[S], 'aws_db_instance'), (s) => `aws_db_instance.${nameOf(s[P], 'aws_db_instance')}`],
    ['WS-RDS-002', (s) => { resource(s[P], 'aws_db_instance').backup_retention_period = 0; }, (s) => `aws_db_instance.${nameOf(s[P], 'aws_db_instance')}`],
    ['WS-RDS-003', (s) => { resource(s[S], 'aws_db_instance').kms_key_id = 'arn:aws:kms:us-east-1:123456789012:key/primary-key'; }, (s) => `aws_db_instance.${nameOf(s[S], 'aws_db_instance')}`],
    ['WS-CACHE-001', (s) => remove(s[S], 'aws_elasticache_replication_group'), (s) => `aws_elasticache_replication_group.${nameOf(s[P], 'aws_elasticache_replication_group')}`],
    ['WS-CACHE-002', (s) => { resource(s[P], 'aws_elasticache_replication_group').transit_encryption_enabled = false; }, (s) => `aws_elasticache_replication_group.${nameOf(s[P], 'aws_elasticache_replication_group')}`],
    ['WS-FEED-001', (s) => remove(s[R], 'aws_sns_topic_subscription'), (s) => `aws_sns_topic.${nameOf(s[P], 'aws_sns_topic')}`],
    ['WS-FEED-002', (s) => remove(s[S], 'aws_lambda_event_source_mapping'), () => 'aws_lambda_event_source_mapping'],
    ['WS-FEED-003', (s) => remove(s[S], 'aws_redshift_cluster'), () => 'aws_redshift_cluster'],
    ['WS-FEED-004', (s) => { delete resource(s[S], 'aws_sqs_queue', FEED_QUEUE).redrive_policy; }, (s) => `aws_sqs_queue.${nameOf(s[S], 'aws_sqs_queue', FEED_QUEUE)}`],
    ['WS-STATE-001', (s) => { delete s[S].terraform.backend.s3.dynamodb_table; }, () => 'terraform.backend.s3'],
    ['WS-STATE-002', (s) => { s[S].terraform.backend.s3.region = 'us-east-1'; }, () => 'terraform.backend.s3'],
    ['WS-STATE-003', (s) => { s[S].data = { terraform_remote_state: { primary: { backend: 's3', config: { bucket: 'b', key: 'k', region: 'us-east-1' } } } }; }, () => 'data.terraform_remote_state.primary'],
    ['WS-STATE-004', (s) => { s[S].terraform.backend.s3 = { ...s[P].terraform.backend.s3, region: 'us-west-2' }; }, () => 'terraform.backend.s3'],
    ['WS-OBJ-001', (s) => { s[S].output.warm_standby_stack.value.objectives.rpo_seconds = 0; }, () => 'output.warm_standby_stack'],
    ['WS-OBJ-002', (s) => { s[S].output.warm_standby_stack.value.objectives.rpo_seconds = 600; }, () => 'output.warm_standby_stack'],
    // Velero / Portworx (helm releases are in the Region stacks in this synth).
    ['WS-EKS-010', (s) => { Object.assign(resource(s[S], 'aws_eks_node_group').scaling_config, { min_size: 2 }); }, (s) => `aws_eks_node_group.${nameOf(s[S], 'aws_eks_node_group')}`],
    ['WS-BAK-007', (s) => { const r = veleroOf(s[P]); r.set = r.set.filter((e: any) => !e.name.startsWith('initContainers[')); }, (s) => `helm_release.${veleroName(s[P])}`],
    ['WS-BAK-008', (s) => { const r = veleroOf(s[P]); r.set = r.set.filter((e: any) => !e.name.endsWith('.skipImmediately')); }, (s) => `helm_release.${veleroName(s[P])}`],
  ];

  test.each(cases)('%s: breaking it yields its finding at the right address', (rule, mutate, address) => {
    const stacks = example();
    mutate(stacks);
    const report = evaluate(stacks);
    const findings = report.findings.filter((f) => f.rule === rule);
    expect(findings.map((f) => f.address)).toContain(address(stacks));
    expect(report.rules.find((r) => r.id === rule)?.status).toBe('evaluated');
  });

  test('every rule evaluated in normal mode has a breaking case here; the rest are the failover-only rules', () => {
    const report = evaluate(synthEnvironment('example').stacks);
    const evaluated = report.rules.filter((r) => r.status === 'evaluated').map((r) => r.id);
    expect(evaluated.sort()).toEqual(cases.map(([id]) => id).sort());
    expect(report.rules.map((r) => r.id).filter((id) => !evaluated.includes(id))).toEqual(FAILOVER_ONLY);
  });
});

