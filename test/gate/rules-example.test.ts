/**
 * Every rule against the real synthesized `example`: the untouched environments pass, and each
 * mutation that breaks one invariant yields that rule's finding at the right address.
 */
import { PolicyEngine, ensureBundle } from '../../gate';
import { objectivesOf } from '../../gate/gate';
import { GateInput } from '../../gate/inputs';
import { Report } from '../../gate/types';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { synthEnvironment } from '../support/synth';

type Stacks = Record<string, any>;

let engine: PolicyEngine;
beforeAll(async () => {
  const paths = ensureBundle();
  engine = await PolicyEngine.load(paths.wasm);
});

/** Evaluates the stacks as the gate does for a cdktf.out folder, with the recovery-objective estimate. */
function evaluate(stacks: Stacks, params?: Record<string, unknown>): Report {
  const document = {
    kind: 'cdktf_app',
    stacks: Object.entries(stacks).map(([name, config]) => ({ name, file: `cdktf.out/stacks/${name}/cdk.tf.json`, config })),
  };
  const objectives = objectivesOf({ path: 'cdktf.out', kind: 'cdktf_app', document } as unknown as GateInput);
  return engine.evaluate(document, { params, objectives: objectives.report, objectivesUnavailable: objectives.unavailable });
}

/** Rules that apply in failover mode only: not applicable here, broken in test/gate/failover.test.ts. */
const FAILOVER_ONLY = ['WS-FO-001', 'WS-FO-002', 'WS-FO-003', 'WS-FO-004', 'WS-FO-005', 'WS-FO-006', 'WS-FO-007', 'WS-RDS-005'];
/** Rules whose breaking case needs a date: evaluated with data.params.today. */
const TODAY: Record<string, string> = { 'WS-DATE-002': '2027-05-01' };
const loaderName = (s: Stacks): string => nameWhere(s[P], 'aws_lambda_function', (f) => String(f.function_name).endsWith('-feed-loader'));
const leaderInvocation = (s: Stacks): string => nameWhere(s[P], 'aws_lambda_invocation', (r) => r.triggers?.bootstrap === 'opensearch-replication');

const example = () => JSON.parse(JSON.stringify(synthEnvironment('example').stacks)) as Stacks;
const P = 'example-primary';
const S = 'example-standby';
const R = 'example-replication';
const SK = 'example-standby-k8s';
const PK = 'example-primary-k8s';

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
/** The failover record with this role, and the endpoint (HTTPS) health check, of a stack. */
const dnsRecord = (stack: any, role: string): string =>
  Object.entries<any>(stack.resource.aws_route53_record).find(([, r]) => r.failover_routing_policy.type === role)![0];
const dnsEndpointCheck = (stack: any): string => Object.entries<any>(stack.resource.aws_route53_health_check).find(([, c]) => c.type === 'HTTPS')![0];
const BACKUP: [string, string] = ['warm-standby/component', 'velero-backup'];
/** The Velero helm_release of a stack (found by chart, beside Portworx's). */
const veleroName = (stack: any): string => {
  const names = Object.entries<any>(stack.resource.helm_release ?? {})
    .filter(([, r]) => r.chart === 'velero')
    .map(([n]) => n);
  if (names.length !== 1) throw new Error(`expected one velero helm_release, found ${names.length}`);
  return names[0];
};
const veleroOf = (stack: any) => stack.resource.helm_release[veleroName(stack)];
const FEED_QUEUE: [string, string] = ['warm-standby/component', 'feed-queue'];
const FEED_PAYLOAD: [string, string] = ['warm-standby/component', 'feed-payload'];
const ACCESS_LOGS: [string, string] = ['warm-standby/component', 's3-access-logs'];
const FEED_TOPIC: [string, string] = ['warm-standby/component', 'feed-topic'];
/** The alarm (aws_cloudwatch_metric_alarm) of a stack on a metric. */
const alarmOn = (stack: any, metric: string): string => {
  const names = Object.entries<any>(stack.resource.aws_cloudwatch_metric_alarm ?? {})
    .filter(([, a]) => a.metric_name === metric)
    .map(([n]) => n);
  if (names.length !== 1) throw new Error(`expected one alarm on ${metric}, found ${names.length}`);
  return names[0];
};
/** The EKS control-plane log group of a stack. */
const eksLogGroup = (stack: any): string => nameWhere(stack, 'aws_cloudwatch_log_group', (g) => /^\/aws\/eks\/.+\/cluster$/.test(String(g.name)));
/** The OpenSearch audit log group of a stack. */
const searchAuditLogGroup = (stack: any): string =>
  nameWhere(stack, 'aws_cloudwatch_log_group', (g) => /^\/aws\/opensearch\/domains\/.+\/audit-logs$/.test(String(g.name)));
/** The replication role's inline policy, parsed, in the replication stack. */
const replicationPolicy = (s: Stacks): any => resource(s[R], 'aws_iam_role_policy');
/** Name of the only resource of `type` in a stack for which `pick` holds. */
function nameWhere(stack: any, type: string, pick: (r: any) => boolean): string {
  const names = Object.entries<any>(stack.resource[type] ?? {})
    .filter(([, r]) => pick(r))
    .map(([n]) => n);
  if (names.length !== 1) throw new Error(`expected one matching ${type}, found ${names.length}`);
  return names[0];
}
/** The lifecycle configuration of a stack's Velero backup bucket. */
const backupLifecycle = (stack: any): string =>
  nameWhere(stack, 'aws_s3_bucket_lifecycle_configuration', (r) => r.bucket.includes(`.${nameOf(stack, 'aws_s3_bucket', BACKUP)}.`));
/** Rewrites the release's values YAML (one document), as the chart would read it. */
function portworxName(stack: any): string {
  return Object.keys(stack.resource.helm_release).find((n) => stack.resource.helm_release[n].chart === 'portworx')!;
}

function editValues(release: any, edit: (values: any) => void): void {
  const values = parseYaml(release.values[0]);
  edit(values);
  release.values = [stringifyYaml(values)];
}
/** The OpenSearch master user role (created by the primary stack). */
const searchAdminRole = (s: Stacks): any => s[P].resource.aws_iam_role[nameWhere(s[P], 'aws_iam_role', (r) => String(r.name).endsWith('-search-admin'))];
/** The primary Velero role's inline policy. */
const veleroPolicyName = (s: Stacks): string => nameWhere(s[P], 'aws_iam_role_policy', (r) => r.name === 'velero-read-write');
/** The feed's own SQS subscription (the stack also subscribes its alert e-mails). */
const feedSubscription = (stack: any): string => nameWhere(stack, 'aws_sns_topic_subscription', (r) => r.protocol === 'sqs');

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
    [
      'WS-DNS-001',
      (s) => {
        delete s[S].resource.aws_route53_record[dnsRecord(s[S], 'SECONDARY')];
      },
      (s) => `aws_route53_record.${dnsRecord(s[S], 'PRIMARY')}`,
    ],
    [
      'WS-DNS-002',
      (s) => {
        delete s[S].resource.aws_route53_record[dnsRecord(s[S], 'PRIMARY')].health_check_id;
      },
      (s) => `aws_route53_record.${dnsRecord(s[S], 'PRIMARY')}`,
    ],
    [
      'WS-DNS-003',
      (s) => {
        Object.assign(s[S].resource.aws_route53_health_check[dnsEndpointCheck(s[S])], { request_interval: 30, failure_threshold: 10 });
      },
      (s) => `aws_route53_record.${dnsRecord(s[S], 'PRIMARY')}`,
    ],
    [
      'WS-DNS-006',
      (s) => {
        // Both routing controls of the ARC panel created in parallel.
        for (const rc of Object.values<any>(s[S].resource.aws_route53recoverycontrolconfig_routing_control)) delete rc.depends_on;
      },
      (s) =>
        `aws_route53recoverycontrolconfig_routing_control.${nameWhere(s[S], 'aws_route53recoverycontrolconfig_routing_control', (r) => r.name.endsWith('-us-west-2'))}`,
    ],
    ['WS-EKS-001', (s) => remove(s[S], 'aws_eks_cluster'), () => 'aws_eks_cluster'],
    [
      'WS-EKS-002',
      (s) => {
        resource(s[S], 'aws_eks_node_group').scaling_config.min_size = 0;
      },
      (s) => `aws_eks_node_group.${nameOf(s[S], 'aws_eks_node_group')}`,
    ],
    [
      'WS-EKS-003',
      (s) => {
        Object.assign(resource(s[S], 'aws_eks_node_group').scaling_config, { max_size: 2 });
      },
      (s) => `aws_eks_node_group.${nameOf(s[S], 'aws_eks_node_group')}`,
    ],
    [
      'WS-EKS-004',
      (s) => {
        resource(s[S], 'aws_eks_cluster').version = '1.30';
      },
      (s) => `aws_eks_cluster.${nameOf(s[S], 'aws_eks_cluster')}`,
    ],
    [
      'WS-EKS-005',
      (s) => {
        s[S].resource.aws_instance = { worker: { ami: 'ami-123', instance_type: 'm6i.large' } };
      },
      () => 'aws_instance.worker',
    ],
    [
      'WS-BAK-001',
      (s) => {
        delete s[SK].resource.helm_release[veleroName(s[SK])];
      },
      () => 'helm_release',
    ],
    ['WS-BAK-002', (s) => remove(s[R], 'aws_s3_bucket_replication_configuration'), (s) => `aws_s3_bucket.${nameOf(s[P], 'aws_s3_bucket', BACKUP)}`],
    [
      'WS-BAK-004',
      (s) => {
        // A set entry overrides the values YAML's bucket, as in Helm.
        const r = veleroOf(s[SK]);
        r.set = r.set.map((e: any) => (e.name.endsWith('.bucket') ? { ...e, value: 'some-other-bucket' } : e));
      },
      (s) => `helm_release.${veleroName(s[SK])}`,
    ],
    [
      'WS-BAK-003',
      (s) => {
        Object.values<any>(s[S].resource.aws_s3_bucket_versioning).find((v) =>
          v.bucket.includes(`.${nameOf(s[S], 'aws_s3_bucket', BACKUP)}.`),
        ).versioning_configuration.status = 'Suspended';
      },
      (s) => `aws_s3_bucket.${nameOf(s[S], 'aws_s3_bucket', BACKUP)}`,
    ],
    ['WS-OS-001', (s) => remove(s[S], 'aws_opensearch_outbound_connection'), (s) => `aws_opensearch_domain.${nameOf(s[S], 'aws_opensearch_domain')}`],
    [
      'WS-OS-002',
      (s) => {
        resource(s[P], 'aws_opensearch_domain').engine_version = 'Elasticsearch_7.9';
      },
      (s) => `aws_opensearch_domain.${nameOf(s[P], 'aws_opensearch_domain')}`,
    ],
    ['WS-RDS-001', (s) => remove(s[S], 'aws_db_instance'), (s) => `aws_db_instance.${nameOf(s[P], 'aws_db_instance')}`],
    [
      'WS-RDS-006',
      (s) => {
        delete resource(s[S], 'aws_db_instance').max_allocated_storage;
      },
      (s) => `aws_db_instance.${nameOf(s[S], 'aws_db_instance')}`,
    ],
    [
      'WS-RDS-002',
      (s) => {
        resource(s[P], 'aws_db_instance').backup_retention_period = 0;
      },
      (s) => `aws_db_instance.${nameOf(s[P], 'aws_db_instance')}`,
    ],
    [
      'WS-RDS-003',
      (s) => {
        resource(s[S], 'aws_db_instance').kms_key_id = 'arn:aws:kms:us-east-1:123456789012:key/primary-key';
      },
      (s) => `aws_db_instance.${nameOf(s[S], 'aws_db_instance')}`,
    ],
    [
      'WS-CACHE-001',
      (s) => remove(s[S], 'aws_elasticache_replication_group'),
      (s) => `aws_elasticache_replication_group.${nameOf(s[P], 'aws_elasticache_replication_group')}`,
    ],
    [
      'WS-CACHE-002',
      (s) => {
        resource(s[P], 'aws_elasticache_replication_group').transit_encryption_enabled = false;
      },
      (s) => `aws_elasticache_replication_group.${nameOf(s[P], 'aws_elasticache_replication_group')}`,
    ],
    [
      'WS-FEED-001',
      (s) => {
        delete s[R].resource.aws_sns_topic_subscription;
      },
      (s) => `aws_sns_topic.${nameOf(s[P], 'aws_sns_topic', FEED_TOPIC)}`,
    ],
    ['WS-FEED-002', (s) => remove(s[S], 'aws_lambda_event_source_mapping'), () => 'aws_lambda_event_source_mapping'],
    ['WS-FEED-003', (s) => remove(s[S], 'aws_redshift_cluster'), () => 'aws_redshift_cluster'],
    [
      'WS-FEED-004',
      (s) => {
        delete resource(s[S], 'aws_sqs_queue', FEED_QUEUE).redrive_policy;
      },
      (s) => `aws_sqs_queue.${nameOf(s[S], 'aws_sqs_queue', FEED_QUEUE)}`,
    ],
    [
      'WS-STATE-001',
      (s) => {
        delete s[S].terraform.backend.s3.use_lockfile;
      },
      () => 'terraform.backend.s3',
    ],
    [
      'WS-STATE-002',
      (s) => {
        s[S].terraform.backend.s3.region = 'us-east-1';
      },
      () => 'terraform.backend.s3',
    ],
    [
      'WS-STATE-003',
      (s) => {
        s[S].data = { terraform_remote_state: { primary: { backend: 's3', config: { bucket: 'b', key: 'k', region: 'us-east-1' } } } };
      },
      () => 'data.terraform_remote_state.primary',
    ],
    [
      'WS-STATE-004',
      (s) => {
        s[S].terraform.backend.s3 = { ...s[P].terraform.backend.s3, region: 'us-west-2' };
      },
      () => 'terraform.backend.s3',
    ],
    [
      'WS-OBJ-001',
      (s) => {
        s[S].output.warm_standby_stack.value.objectives.rpo_seconds = 0;
      },
      () => 'output.warm_standby_stack',
    ],
    [
      'WS-OBJ-002',
      (s) => {
        s[S].output.warm_standby_stack.value.objectives.rpo_seconds = 600;
      },
      () => 'output.warm_standby_stack',
    ],
    [
      'WS-OBJ-003',
      (s) => {
        // Every component's RTO is at most 780 s (WS-OBJ-002 passes) but the runbook total is 2430 s.
        s[S].output.warm_standby_stack.value.objectives.rto_seconds = 1000;
      },
      () => 'output.warm_standby_stack',
    ],
    [
      'WS-OS-001',
      (s) => {
        resource(s[R], 'aws_opensearch_inbound_connection_accepter').connection_id = 'cc-euc1-follower-0001';
      },
      (s) => `aws_opensearch_inbound_connection_accepter.${nameOf(s[R], 'aws_opensearch_inbound_connection_accepter')}`,
    ],
    [
      'WS-OS-001',
      (s) => remove(s[R], 'aws_opensearch_inbound_connection_accepter'),
      (s) => `aws_opensearch_outbound_connection.${nameOf(s[S], 'aws_opensearch_outbound_connection')}`,
    ],
    [
      'WS-K8S-001',
      (s) => {
        delete veleroOf(s[PK]).depends_on;
      },
      (s) => `helm_release.${veleroName(s[PK])}`,
    ],
    [
      'WS-K8S-002',
      (s) => {
        editValues(s[PK].resource.helm_release[portworxName(s[PK])], (v) => {
          v.drives = String(v.drives).replace(',enc=true', '');
        });
      },
      (s) => `helm_release.${portworxName(s[PK])}`,
    ],
    [
      'WS-RDS-004',
      (s) => {
        const db = resource(s[P], 'aws_db_instance');
        delete db.password_wo;
        delete db.password_wo_version;
        db.manage_master_user_password = true;
      },
      (s) => `aws_db_instance.${nameOf(s[P], 'aws_db_instance')}`,
    ],
    [
      'WS-VER-001',
      (s) => {
        resource(s[P], 'aws_db_instance').engine_version = '16.4';
      },
      (s) => `aws_db_instance.${nameOf(s[P], 'aws_db_instance')}`,
    ],
    [
      'WS-CACHE-003',
      (s) => {
        resource(s[S], 'aws_elasticache_replication_group').global_replication_group_id = 'sgaui-payments-cache';
      },
      (s) => `aws_elasticache_replication_group.${nameOf(s[S], 'aws_elasticache_replication_group')}`,
    ],
    [
      'WS-EKS-006',
      (s) => {
        delete resource(s[P], 'aws_eks_cluster').vpc_config.public_access_cidrs;
      },
      (s) => `aws_eks_cluster.${nameOf(s[P], 'aws_eks_cluster')}`,
    ],
    [
      'WS-EKS-007',
      (s) => {
        delete s[P].resource.aws_eks_access_policy_association;
      },
      (s) => `aws_eks_cluster.${nameOf(s[P], 'aws_eks_cluster')}`,
    ],
    ['WS-EKS-008', (s) => remove(s[S], 'aws_eks_addon'), (s) => `aws_eks_cluster.${nameOf(s[S], 'aws_eks_cluster')}`],
    [
      'WS-EKS-009',
      (s) => {
        resource(s[S], 'aws_eks_cluster').upgrade_policy.support_type = 'EXTENDED';
      },
      (s) => `aws_eks_cluster.${nameOf(s[S], 'aws_eks_cluster')}`,
    ],
    // wip/s3: replication KMS grants, Velero repository lifecycle, replication alarms.
    [
      'WS-BAK-005',
      (s) => {
        const policy = replicationPolicy(s);
        const document = JSON.parse(policy.policy);
        document.Statement.find((st: any) => st.Sid === 'EncryptReplicas').Action = 'kms:Encrypt';
        policy.policy = JSON.stringify(document);
      },
      (s) => `aws_s3_bucket_replication_configuration.${nameOf(s[R], 'aws_s3_bucket_replication_configuration')}`,
    ],
    [
      'WS-BAK-006',
      (s) => {
        s[S].resource.aws_s3_bucket_lifecycle_configuration[backupLifecycle(s[S])].rule[0].expiration = [{ days: 14 }];
      },
      (s) => `aws_s3_bucket_lifecycle_configuration.${backupLifecycle(s[S])}`,
    ],
    [
      'WS-LOG-001',
      (s) => {
        s[S].resource.aws_cloudwatch_log_group[eksLogGroup(s[S])].retention_in_days = 90;
      },
      (s) => `aws_cloudwatch_log_group.${eksLogGroup(s[S])}`,
    ],
    ['WS-LOG-002', (s) => remove(s[P], 'aws_flow_log'), (s) => `aws_vpc.${nameOf(s[P], 'aws_vpc')}`],
    [
      'WS-LOG-003',
      (s) => {
        // The standby's payload bucket without its server access logging.
        const payload = nameOf(s[S], 'aws_s3_bucket', FEED_PAYLOAD);
        delete s[S].resource.aws_s3_bucket_logging[nameWhere(s[S], 'aws_s3_bucket_logging', (l) => String(l.bucket).includes(`aws_s3_bucket.${payload}.`))];
      },
      (s) => `aws_s3_bucket.${nameOf(s[S], 'aws_s3_bucket', FEED_PAYLOAD)}`,
    ],
    [
      'WS-LOG-004',
      (s) => {
        const logs = nameOf(s[P], 'aws_s3_bucket', ACCESS_LOGS);
        const encryption = nameWhere(s[P], 'aws_s3_bucket_server_side_encryption_configuration', (e) => String(e.bucket).includes(`aws_s3_bucket.${logs}.`));
        s[P].resource.aws_s3_bucket_server_side_encryption_configuration[encryption].rule = [
          {
            apply_server_side_encryption_by_default: {
              sse_algorithm: 'aws:kms',
              kms_master_key_id: 'arn:aws:kms:us-east-1:123456789012:alias/payments-example-use1-s3',
            },
          },
        ];
      },
      (s) => {
        const logs = nameOf(s[P], 'aws_s3_bucket', ACCESS_LOGS);
        return `aws_s3_bucket_server_side_encryption_configuration.${nameWhere(s[P], 'aws_s3_bucket_server_side_encryption_configuration', (e) => String(e.bucket).includes(`aws_s3_bucket.${logs}.`))}`;
      },
    ],
    [
      'WS-RDS-007',
      (s) => {
        resource(s[P], 'aws_secretsmanager_secret_rotation').rotation_rules = { schedule_expression: 'rate(180 days)' };
      },
      (s) => `aws_secretsmanager_secret.${nameOf(s[P], 'aws_secretsmanager_secret', ['warm-standby/secret-class', 'db-master'])}`,
    ],
    [
      'WS-RDS-007',
      (s) => remove(s[P], 'aws_secretsmanager_secret_rotation'),
      (s) => `aws_secretsmanager_secret.${nameOf(s[P], 'aws_secretsmanager_secret', ['warm-standby/secret-class', 'db-master'])}`,
    ],
    [
      'WS-ALARM-004',
      (s) => {
        // Back in the source bucket's Region (the default provider), with that Region's topic.
        const latency = s[R].resource.aws_cloudwatch_metric_alarm[alarmOn(s[R], 'ReplicationLatency')];
        delete latency.provider;
        latency.alarm_actions = latency.ok_actions = ['arn:aws:sns:us-east-1:123456789012:payments-example-use1-alerts'];
      },
      (s) => `aws_cloudwatch_metric_alarm.${alarmOn(s[R], 'ReplicationLatency')}`,
    ],
    [
      'WS-ALARM-005',
      (s) => {
        // The rotation function's Errors alarm: the only alarm whose FunctionName references it.
        const fn = nameWhere(s[P], 'aws_lambda_function', (f) => String(f.function_name).endsWith('-master-rotation'));
        delete s[P].resource.aws_cloudwatch_metric_alarm[
          nameWhere(s[P], 'aws_cloudwatch_metric_alarm', (a) => a.dimensions?.FunctionName === `\${aws_lambda_function.${fn}.function_name}`)
        ];
      },
      (s) => `aws_secretsmanager_secret_rotation.${nameOf(s[P], 'aws_secretsmanager_secret_rotation')}`,
    ],
    [
      'WS-ALARM-005',
      (s) => {
        const fn = nameWhere(s[P], 'aws_lambda_function', (f) => String(f.function_name).endsWith('-master-rotation'));
        s[P].resource.aws_cloudwatch_metric_alarm[
          nameWhere(s[P], 'aws_cloudwatch_metric_alarm', (a) => a.dimensions?.FunctionName === `\${aws_lambda_function.${fn}.function_name}`)
        ].alarm_actions = [];
      },
      (s) => `aws_secretsmanager_secret_rotation.${nameOf(s[P], 'aws_secretsmanager_secret_rotation')}`,
    ],
    [
      'WS-ALARM-003',
      (s) => {
        for (const [name, sub] of Object.entries<any>(s[P].resource.aws_sns_topic_subscription))
          if (sub.protocol === 'email') delete s[P].resource.aws_sns_topic_subscription[name];
      },
      (s) => `aws_sns_topic.${nameOf(s[P], 'aws_sns_topic', ['warm-standby/component', 'alert-topic'])}`,
    ],
    [
      'WS-BAK-009',
      (s) => {
        resource(s[R], 'aws_s3_bucket_replication_configuration').rule[0].delete_marker_replication = { status: 'Disabled' };
      },
      (s) => `aws_s3_bucket_replication_configuration.${nameOf(s[R], 'aws_s3_bucket_replication_configuration')}`,
    ],
    [
      'WS-BAK-009',
      (s) => {
        delete s[S].resource.aws_s3_bucket_lifecycle_configuration[backupLifecycle(s[S])].rule[0].expiration;
      },
      (s) => `aws_s3_bucket.${nameOf(s[S], 'aws_s3_bucket', BACKUP)}`,
    ],
    [
      'WS-ALARM-001',
      (s) => {
        delete s[R].resource.aws_cloudwatch_metric_alarm[alarmOn(s[R], 'OperationsFailedReplication')];
      },
      (s) => `aws_s3_bucket_replication_configuration.${nameOf(s[R], 'aws_s3_bucket_replication_configuration')}`,
    ],
    [
      'WS-ALARM-002',
      (s) => {
        // The latency alarm is in the destination's Region (us-west-2, where S3 publishes the metric).
        s[R].resource.aws_cloudwatch_metric_alarm[alarmOn(s[R], 'ReplicationLatency')].alarm_actions = [
          'arn:aws:sns:us-east-1:123456789012:payments-example-use1-alerts',
        ];
      },
      (s) => `aws_cloudwatch_metric_alarm.${alarmOn(s[R], 'ReplicationLatency')}`,
    ],
    // The follower's bootstrap is invoked by the replication stack (after it accepts the connection).
    ['WS-OS-003', (s) => remove(s[R], 'aws_lambda_invocation'), (s) => `aws_opensearch_domain.${nameOf(s[S], 'aws_opensearch_domain')}`],
    [
      'WS-OS-004',
      (s) => {
        resource(s[S], 'aws_opensearch_domain').advanced_security_options.master_user_options.master_user_arn =
          'arn:aws:iam::123456789012:role/payments-example-usw2-search-admin';
      },
      (s) => `aws_opensearch_domain.${nameOf(s[S], 'aws_opensearch_domain')}`,
    ],
    ['WS-FEED-005', (s) => remove(s[S], 'aws_s3_bucket', ['warm-standby/component', 'feed-payload']), () => 'aws_s3_bucket'],
    [
      'WS-REF-001',
      (s) => {
        // The primary subscription names its own stack's topic by a rebuilt ARN (the one the replication stack uses).
        const literal = Object.values<any>(s[R].resource.aws_sns_topic_subscription)
          .map((x) => x.topic_arn as string)
          .find((arn) => arn.split(':')[3] === 'us-east-1')!;
        s[P].resource.aws_sns_topic_subscription[feedSubscription(s[P])].topic_arn = literal;
      },
      (s) => `aws_sns_topic_subscription.${feedSubscription(s[P])}`,
    ],
    // DNS operator switch: the PRIMARY record (standby stack) put back on the endpoint health check.
    [
      'WS-DNS-004',
      (s) => {
        s[S].resource.aws_route53_record[dnsRecord(s[S], 'PRIMARY')].health_check_id = `\${aws_route53_health_check.${dnsEndpointCheck(s[S])}.id}`;
      },
      (s) => `aws_route53_record.${dnsRecord(s[S], 'PRIMARY')}`,
    ],
    [
      'WS-DNS-005',
      (s) => {
        s[S].resource.aws_route53_record[dnsRecord(s[S], 'PRIMARY')].health_check_id = `\${aws_route53_health_check.${dnsEndpointCheck(s[S])}.id}`;
        s[S].resource.aws_route53_health_check[dnsEndpointCheck(s[S])].tags['warm-standby/dns-switch-opt-out'] = 'read-only catalogue: no writes to split';
      },
      (s) => `aws_route53_record.${dnsRecord(s[S], 'PRIMARY')}`,
    ],
    // Velero / Portworx: the releases are in the Kubernetes stacks, the node groups in the AWS stacks.
    [
      'WS-EKS-010',
      (s) => {
        Object.assign(resource(s[S], 'aws_eks_node_group').scaling_config, { min_size: 2 });
      },
      (s) => `aws_eks_node_group.${nameOf(s[S], 'aws_eks_node_group')}`,
    ],
    [
      'WS-BAK-007',
      (s) => {
        const r = veleroOf(s[PK]);
        r.set = r.set.filter((e: any) => !e.name.startsWith('initContainers['));
        editValues(r, (v) => {
          v.initContainers = v.initContainers.filter((c: any) => !String(c.image).startsWith('portworx/'));
        });
      },
      (s) => `helm_release.${veleroName(s[PK])}`,
    ],
    [
      // nodejs20.x: Lambda blocks creating functions on it from 2026-08-31 (dated-facts table).
      'WS-DATE-001',
      (s) => {
        s[P].resource.aws_lambda_function[loaderName(s)].runtime = 'nodejs20.x';
      },
      (s) => `aws_lambda_function.${loaderName(s)}`,
    ],
    [
      // nodejs22.x: create block 2027-06-01, evaluated on 2027-05-01 (inside the 90-day window).
      'WS-DATE-002',
      () => undefined,
      (s) => `aws_lambda_function.${loaderName(s)}`,
    ],
    [
      // The leader's bootstrap no longer waits for the principals' es:ESHttp* policies.
      'WS-OS-006',
      (s) => {
        const inv = s[P].resource.aws_lambda_invocation[leaderInvocation(s)];
        inv.depends_on = inv.depends_on.filter((d: string) => !d.startsWith('aws_iam_role_policy.'));
      },
      (s) => `aws_lambda_invocation.${leaderInvocation(s)}`,
    ],
    [
      'WS-BAK-008',
      (s) => {
        const r = veleroOf(s[PK]);
        r.set = r.set.filter((e: any) => !e.name.endsWith('.skipImmediately'));
        editValues(r, (v) => {
          for (const schedule of Object.values<any>(v.schedules)) delete schedule.skipImmediately;
        });
      },
      (s) => `helm_release.${veleroName(s[PK])}`,
    ],
    // Unreadable input: a resource body that is not an object is a finding of its own, not dropped.
    [
      'WS-IN-001',
      (s) => {
        s[S].resource.aws_db_instance[nameOf(s[S], 'aws_db_instance')] = null;
      },
      () => `aws_db_instance.${nameOf(example()[S], 'aws_db_instance')}`,
    ],
    // Bypasses (issue 16 item 5): each variant must still yield the rule's finding.
    [
      'WS-DNS-002',
      (s) => {
        s[S].resource.aws_route53_record[dnsRecord(s[S], 'PRIMARY')].health_check_id = '${var.primary_health_check_id}';
      },
      (s) => `aws_route53_record.${dnsRecord(s[S], 'PRIMARY')}`,
    ],
    [
      'WS-EKS-006',
      (s) => {
        resource(s[P], 'aws_eks_cluster').vpc_config.endpoint_public_access = true;
        resource(s[P], 'aws_eks_cluster').vpc_config.public_access_cidrs = ['0.0.0.0/1', '128.0.0.0/1'];
      },
      (s) => `aws_eks_cluster.${nameOf(s[P], 'aws_eks_cluster')}`,
    ],
    [
      'WS-BAK-005',
      (s) => {
        const policy = replicationPolicy(s);
        const doc = JSON.parse(policy.policy);
        doc.Statement.push({ Effect: 'Deny', Action: 'kms:Encrypt', Resource: '*' });
        policy.policy = JSON.stringify(doc);
      },
      (s) => `aws_s3_bucket_replication_configuration.${nameOf(s[R], 'aws_s3_bucket_replication_configuration')}`,
    ],
    [
      'WS-BAK-008',
      (s) => {
        // skipImmediately true in the values YAML, overridden by a set entry "false" (set wins in Helm).
        const r = veleroOf(s[PK]);
        r.set = r.set.map((e: any) => (e.name.endsWith('.skipImmediately') ? { ...e, value: 'false' } : e));
      },
      (s) => `helm_release.${veleroName(s[PK])}`,
    ],
    // Invariants with rules of their own (issue 16 item 6).
    [
      'WS-CACHE-004',
      (s) => {
        resource(s[S], 'aws_elasticache_replication_group').automatic_failover_enabled = false;
      },
      (s) => `aws_elasticache_replication_group.${nameOf(s[S], 'aws_elasticache_replication_group')}`,
    ],
    [
      'WS-KMS-001',
      (s) => {
        s[S].resource.aws_kms_key[Object.keys(s[S].resource.aws_kms_key)[0]].is_enabled = false;
      },
      (s) => `aws_kms_key.${Object.keys(s[S].resource.aws_kms_key)[0]}`,
    ],
    [
      'WS-FEED-006',
      (s) => {
        resource(s[S], 'aws_lambda_event_source_mapping').enabled = false;
      },
      (s) => `aws_lambda_event_source_mapping.${nameOf(s[S], 'aws_lambda_event_source_mapping')}`,
    ],
    [
      'WS-FEED-006',
      (s) => {
        resource(s[P], 'aws_lambda_function', ['warm-standby/component', 'feed-loader']).reserved_concurrent_executions = 0;
      },
      (s) => `aws_lambda_function.${nameOf(s[P], 'aws_lambda_function', ['warm-standby/component', 'feed-loader'])}`,
    ],
    [
      'WS-OS-007',
      (s) => {
        resource(s[S], 'aws_opensearch_domain').cluster_config.instance_count = 1;
      },
      (s) => `aws_opensearch_domain.${nameOf(s[S], 'aws_opensearch_domain')}`,
    ],
    // Issue 14 items 12-14: security classes.
    [
      'WS-IAM-001',
      (s) => {
        const admin = searchAdminRole(s);
        const trust = JSON.parse(admin.assume_role_policy);
        delete trust.Statement[0].Condition;
        admin.assume_role_policy = JSON.stringify(trust);
      },
      (s) => `aws_iam_role.${nameWhere(s[P], 'aws_iam_role', (r) => String(r.name).endsWith('-search-admin'))}`,
    ],
    [
      'WS-IAM-002',
      (s) => {
        const policy = s[P].resource.aws_iam_role_policy[veleroPolicyName(s)];
        const doc = JSON.parse(policy.policy);
        delete doc.Statement.find((st: any) => st.Sid === 'DeleteVeleroSnapshots').Condition;
        policy.policy = JSON.stringify(doc);
      },
      (s) => `aws_iam_role_policy.${veleroPolicyName(s)}`,
    ],
    [
      'WS-IAM-002',
      (s) => {
        const name = nameWhere(s[S], 'aws_iam_role_policy', (r) => r.name === 'portworx-cloud-drives');
        const policy = s[S].resource.aws_iam_role_policy[name];
        const doc = JSON.parse(policy.policy);
        delete doc.Statement.find((st: any) => st.Sid === 'OwnDrivesOnly').Condition;
        policy.policy = JSON.stringify(doc);
      },
      (s) => `aws_iam_role_policy.${nameWhere(s[S], 'aws_iam_role_policy', (r) => r.name === 'portworx-cloud-drives')}`,
    ],
    [
      'WS-CACHE-005',
      (s) => {
        delete resource(s[P], 'aws_elasticache_replication_group').auth_token;
      },
      (s) => `aws_elasticache_replication_group.${nameOf(s[P], 'aws_elasticache_replication_group')}`,
    ],
    [
      // A secondary member inherits TLS, not the AUTH token (CreateReplicationGroup does not infer AuthToken).
      'WS-CACHE-005',
      (s) => {
        delete resource(s[S], 'aws_elasticache_replication_group').auth_token;
      },
      (s) => `aws_elasticache_replication_group.${nameOf(s[S], 'aws_elasticache_replication_group')}`,
    ],
    [
      'WS-FEED-007',
      (s) => {
        resource(s[S], 'aws_sqs_queue', FEED_QUEUE).message_retention_seconds = 600;
      },
      (s) => `aws_sqs_queue.${nameOf(s[S], 'aws_sqs_queue', FEED_QUEUE)}`,
    ],
    [
      'WS-BAK-010',
      (s) => {
        s[P].resource.aws_s3_bucket_lifecycle_configuration[backupLifecycle(s[P])].rule[0].transition = [{ days: 30, storage_class: 'GLACIER' }];
      },
      (s) => `aws_s3_bucket_lifecycle_configuration.${backupLifecycle(s[P])}`,
    ],
    [
      'WS-FEED-008',
      (s) => {
        // The warehouse back on the queues' key, as before issue 14.
        resource(s[S], 'aws_redshift_cluster').kms_key_id = resource(s[S], 'aws_sqs_queue', FEED_QUEUE).kms_master_key_id;
      },
      (s) => `aws_redshift_cluster.${nameOf(s[S], 'aws_redshift_cluster')}`,
    ],
    [
      'WS-FEED-008',
      (s) => {
        resource(s[P], 'aws_lambda_function', ['warm-standby/component', 'feed-loader']).environment.variables.DB_USER = resource(
          s[P],
          'aws_redshift_cluster',
        ).master_username;
      },
      (s) => `aws_lambda_function.${nameOf(s[P], 'aws_lambda_function', ['warm-standby/component', 'feed-loader'])}`,
    ],
    // Issue 14 item 15: audit logs of the search domains and the warehouses.
    [
      'WS-OS-008',
      (s) => {
        delete resource(s[S], 'aws_opensearch_domain').log_publishing_options;
      },
      (s) => `aws_opensearch_domain.${nameOf(s[S], 'aws_opensearch_domain')}`,
    ],
    [
      'WS-OS-008',
      (s) => {
        s[P].resource.aws_cloudwatch_log_group[searchAuditLogGroup(s[P])].retention_in_days = 30;
      },
      (s) => `aws_opensearch_domain.${nameOf(s[P], 'aws_opensearch_domain')}`,
    ],
    [
      'WS-OS-008',
      (s) => {
        // The environment keeps audit logs two years, the domain's group only the PCI minimum.
        s[S].output.warm_standby_stack.value.audit_log_retention_days = 731;
      },
      (s) => `aws_opensearch_domain.${nameOf(s[S], 'aws_opensearch_domain')}`,
    ],
    ['WS-FEED-009', (s) => remove(s[P], 'aws_redshift_logging'), (s) => `aws_redshift_cluster.${nameOf(s[P], 'aws_redshift_cluster')}`],
    [
      'WS-FEED-009',
      (s) => {
        resource(s[S], 'aws_redshift_logging').log_exports = ['connectionlog', 'userlog'];
      },
      (s) => `aws_redshift_cluster.${nameOf(s[S], 'aws_redshift_cluster')}`,
    ],
    [
      'WS-FEED-010',
      (s) => {
        const parameters = resource(s[S], 'aws_redshift_parameter_group').parameter;
        parameters.find((p: any) => p.name === 'enable_user_activity_logging').value = 'false';
      },
      (s) => `aws_redshift_parameter_group.${nameOf(s[S], 'aws_redshift_parameter_group')}`,
    ],
  ];

  test.each(cases)('%s: breaking it yields its finding at the right address', (rule, mutate, address) => {
    const stacks = example();
    mutate(stacks);
    const report = evaluate(stacks, TODAY[rule] ? { today: TODAY[rule] } : undefined);
    const findings = report.findings.filter((f) => f.rule === rule);
    expect(findings.map((f) => f.address)).toContain(address(stacks));
    expect(report.rules.find((r) => r.id === rule)?.status).toBe('evaluated');
  });

  // IAM wildcards in the wasm runtime (lib.iam_like): "?" and several "*" go through glob.match with
  // glob syntax escaped; "*" crosses "." as in IAM. Each pattern replaces the Velero policy's
  // conditioned DeleteSnapshot statement with an unconditioned one.
  test.each([
    ['ec2:Delete?napshot', 'arn:aws:ec2:*::snapshot/*', true],
    ['ec2:*', 'arn:aws:ec2:*:*:*', true],
    ['ec2:[D]eleteSnapshot', '*', false],
    ['ec2:{DeleteSnapshot,X}', '*', false],
    ['ec2:DeleteSnapshot', 'arn:aws:ec2:*::snapshot/snap-[0]*', false],
  ])('WS-IAM-002 reads %s on %s as IAM does (finding: %s)', (action, resource, expected) => {
    const stacks = example();
    const policy = stacks[P].resource.aws_iam_role_policy[veleroPolicyName(stacks)];
    const doc = JSON.parse(policy.policy);
    const statement = doc.Statement.find((st: any) => st.Sid === 'DeleteVeleroSnapshots');
    delete statement.Condition;
    statement.Action = action;
    statement.Resource = resource;
    policy.policy = JSON.stringify(doc);
    const addresses = evaluate(stacks)
      .findings.filter((f) => f.rule === 'WS-IAM-002')
      .map((f) => f.address);
    expect(addresses.includes(`aws_iam_role_policy.${veleroPolicyName(stacks)}`)).toBe(expected);
  });

  test('every rule evaluated in normal mode has a breaking case here; the rest are the failover-only rules', () => {
    const report = evaluate(synthEnvironment('example').stacks);
    const evaluated = report.rules.filter((r) => r.status === 'evaluated').map((r) => r.id);
    expect(evaluated.sort()).toEqual([...new Set(cases.map(([id]) => id))].sort());
    expect(report.rules.map((r) => r.id).filter((id) => !evaluated.includes(id))).toEqual(FAILOVER_ONLY);
  });
});
