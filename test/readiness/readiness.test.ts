/**
 * `warm-standby readiness` against a mocked deployed environment (aws-sdk-client-mock): a healthy
 * environment is ready (exit 0); each broken part makes exactly its check not ready (exit 1); an
 * AWS call that fails makes the checks that needed it `error` (exit 2), naming the call.
 */
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeNodegroupCommand } from '@aws-sdk/client-eks';
import { DescribeGlobalReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { DescribeOutboundConnectionsCommand } from '@aws-sdk/client-opensearch';
import { DBInstanceNotFoundFault, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { GetHealthCheckStatusCommand, ListHealthChecksCommand } from '@aws-sdk/client-route-53';
import { GetBucketReplicationCommand, ListObjectsV2Command, S3ServiceException } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { ListRoutingControlsCommand } from '@aws-sdk/client-route53-recovery-cluster';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { main } from '../../cli/main';
import { createReadinessCommand } from '../../cli/commands/readiness';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHECKS, ReadinessClients, ReadinessReport, defaultClients, requiredIamActions, runReadiness } from '../../readiness';
import { ARC_ENDPOINTS_FILE, ENV, HEALTHY_METRICS, NOW, T, capture, healthy, metrics, minutesAgo, mocks } from './fixtures';

const command = createReadinessCommand({ now: () => NOW });
const ALL_IDS = Object.values(CHECKS).map((c) => c.id);

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; report: ReadinessReport }> {
  const { out, io } = capture();
  const code = await command.run(['--env', 'example', '--format', 'json', '--arc-endpoints', ARC_ENDPOINTS_FILE, ...args], io);
  return { code, ...out, report: JSON.parse(out.stdout) as ReadinessReport };
}

const notOk = (report: ReadinessReport) => report.checks.filter((c) => c.status !== 'ok').map((c) => `${c.id} ${c.status}`);
const accessDenied = (message = 'User is not authorized to perform this action') =>
  Object.assign(new Error(message), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });

beforeEach(() => healthy());

test('no AWS call happens at import time or before run', () => {
  for (const m of Object.values(mocks)) expect(m.calls()).toHaveLength(0);
});

test('a healthy environment is READY: exit 0, every check ok, progress on stderr only', async () => {
  const { code, report, stderr, stdout } = await run();
  expect(notOk(report)).toEqual([]);
  expect(code).toBe(0);
  expect(report.verdict).toBe('READY');
  expect(report.checks.map((c) => c.id)).toEqual(ALL_IDS);
  expect(report.summary).toEqual({ total: ALL_IDS.length, ok: ALL_IDS.length, not_ready: 0, error: 0 });
  expect(stderr).toMatch(/^warm-standby readiness: checking example: primary us-east-1, standby us-west-2/);
  expect(stderr).toMatch(/\[14\/14\]/);
  expect(stdout).not.toMatch(/warm-standby readiness: \[/);
  // Observed values and thresholds come from the calls and the configuration.
  const lag = report.checks.find((c) => c.id === 'RDY-RDS-002');
  expect(lag).toMatchObject({ observed: 'ReplicaLag 4 s (max 6 s over 10 min)', threshold: 'ReplicaLag <= 60 s (rds.replicaLagAllowanceSeconds)' });
  expect(report.checks.find((c) => c.id === 'RDY-SEARCH-002')?.observed).toMatch(/^10 operations behind .* at 20 ops\/s, estimated lag 0\.5 s/);
});

test('every name the checks use comes from the environment and deterministic naming', async () => {
  await run();
  expect(mocks.rds.commandCalls(DescribeDBInstancesCommand)[0].args[0].input).toEqual({ DBInstanceIdentifier: 'payments-example-usw2-pg' });
  expect(mocks.elasticache.commandCalls(DescribeGlobalReplicationGroupsCommand)[0].args[0].input).toEqual({
    GlobalReplicationGroupId: 'ldgnf-payments-cache',
    ShowMemberInfo: true,
  });
  expect(mocks.opensearch.commandCalls(DescribeOutboundConnectionsCommand)[0].args[0].input.Filters).toEqual([
    { Name: 'local-domain-info.domain-name', Values: ['payments-example-usw2'] },
  ]);
  expect(mocks.s3.commandCalls(GetBucketReplicationCommand)[0].args[0].input).toEqual({ Bucket: 'payments-example-use1-velero-123456789012' });
  expect(mocks.s3.commandCalls(ListObjectsV2Command)[0].args[0].input).toMatchObject({
    Bucket: 'payments-example-usw2-velero-123456789012',
    Prefix: 'backups/',
  });
  expect(mocks.eks.commandCalls(DescribeNodegroupCommand)[0].args[0].input).toEqual({ clusterName: 'payments-example-usw2-eks', nodegroupName: 'app' });
  expect(
    mocks.sqs
      .commandCalls(GetQueueAttributesCommand)
      .map((c) => c.args[0].input.QueueUrl)
      .sort(),
  ).toEqual([
    'https://sqs.us-east-1.amazonaws.com/123456789012/payments-example-use1-feed-feed',
    'https://sqs.us-east-1.amazonaws.com/123456789012/payments-example-use1-feed-feed-dlq',
    'https://sqs.us-west-2.amazonaws.com/123456789012/payments-example-usw2-feed-feed',
    'https://sqs.us-west-2.amazonaws.com/123456789012/payments-example-usw2-feed-feed-dlq',
  ]);
  const metricNames = mocks.cloudwatch
    .commandCalls(GetMetricDataCommand)
    .flatMap((c) => c.args[0].input.MetricDataQueries?.map((q) => q.MetricStat?.Metric?.MetricName) ?? []);
  expect(metricNames.sort()).toEqual([
    'FollowerCheckPoint',
    'LeaderCheckPoint',
    'OperationsFailedReplication',
    'OperationsPendingReplication',
    'ReplicaLag',
    'ReplicationNumFailedIndices',
    'ReplicationNumPausedIndices',
    'ReplicationRate',
  ]);
});

test('clients come from the injected factory, per service and Region of the environment', async () => {
  const real = defaultClients();
  const asked: string[] = [];
  const factory: ReadinessClients = Object.fromEntries(
    Object.entries(real).map(([service, make]) => [
      service,
      (region: string, ...rest: string[]) => {
        asked.push(`${service}@${region}`);
        return (make as (r: string, ...x: string[]) => unknown)(region, ...rest);
      },
    ]),
  ) as unknown as ReadinessClients;
  const { out, io } = capture();
  const code = await createReadinessCommand({ clients: factory, now: () => NOW }).run(['--env', 'example', '--arc-endpoints', ARC_ENDPOINTS_FILE], io);
  expect(code).toBe(0);
  expect(out.stdout).toMatch(/^READY {2}18 ok, 0 not ready, 0 could not be checked \(18 checks\)$/m);
  expect([...new Set(asked)].sort()).toEqual([
    // The first ARC cluster endpoint that answers (the file lists us-east-1 first).
    'arcCluster@us-east-1',
    'autoscaling@us-west-2',
    'cloudwatch@us-east-1',
    'cloudwatch@us-west-2',
    'eks@us-west-2',
    'elasticache@us-west-2',
    'opensearch@us-west-2',
    'rds@us-west-2',
    'route53@us-west-2',
    's3@us-east-1',
    's3@us-west-2',
    'secretsmanager@us-east-1',
    'sqs@us-east-1',
    'sqs@us-west-2',
  ]);
});

/** One broken part of the environment and the check that must report it. */
const UNHEALTHY: ReadonlyArray<{ name: string; check: string; observed: RegExp; breakIt: () => void }> = [
  {
    name: 'the replica stopped replicating',
    check: 'RDY-RDS-001',
    observed: /read replication error \(replication halted\)/,
    breakIt: () =>
      mocks.rds.on(DescribeDBInstancesCommand).resolves({
        DBInstances: [
          {
            DBInstanceStatus: 'available',
            ReadReplicaSourceDBInstanceIdentifier: T.rds.sourceArn,
            StatusInfos: [{ StatusType: 'read replication', Normal: false, Status: 'error', Message: 'replication halted' }],
          },
        ],
      }),
  },
  {
    name: 'the replica was promoted (no source any more)',
    check: 'RDY-RDS-001',
    observed: /source none \(not a read replica\)/,
    breakIt: () => mocks.rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available', StatusInfos: [] }] }),
  },
  {
    name: 'the replica does not exist',
    check: 'RDY-RDS-001',
    observed: /no such DB instance/,
    breakIt: () => mocks.rds.on(DescribeDBInstancesCommand).rejects(new DBInstanceNotFoundFault({ message: 'DBInstance not found', $metadata: {} })),
  },
  {
    name: 'replica lag over rds.replicaLagAllowanceSeconds',
    check: 'RDY-RDS-002',
    observed: /ReplicaLag 2 min 5 s/,
    breakIt: () => metrics({ ...HEALTHY_METRICS, ReplicaLag: [125, 90] }),
  },
  {
    name: 'the standby cache group left the Global Datastore',
    check: 'RDY-CACHE-001',
    observed: /SECONDARY payments-example-usw2-redis \(us-west-2\) disassociating/,
    breakIt: () =>
      mocks.elasticache.on(DescribeGlobalReplicationGroupsCommand).resolves({
        GlobalReplicationGroups: [
          {
            GlobalReplicationGroupId: T.cache.globalReplicationGroupId,
            Status: 'modifying',
            Members: [
              { ReplicationGroupId: T.cache.primaryGroupId, ReplicationGroupRegion: T.primaryRegion, Role: 'PRIMARY', Status: 'associated' },
              { ReplicationGroupId: T.cache.standbyGroupId, ReplicationGroupRegion: T.standbyRegion, Role: 'SECONDARY', Status: 'disassociating' },
            ],
          },
        ],
      }),
  },
  {
    name: 'the OpenSearch connection waits for acceptance',
    check: 'RDY-SEARCH-001',
    observed: /PENDING_ACCEPTANCE/,
    breakIt: () =>
      mocks.opensearch.on(DescribeOutboundConnectionsCommand).resolves({
        Connections: [
          {
            ConnectionId: 'cc-1',
            ConnectionAlias: T.search.connectionAlias,
            ConnectionStatus: { StatusCode: 'PENDING_ACCEPTANCE' },
            RemoteDomainInfo: { AWSDomainInformation: { DomainName: T.search.leaderDomain } },
          },
        ],
      }),
  },
  {
    name: "no connection with the environment's alias",
    check: 'RDY-SEARCH-001',
    observed: /no outbound connection with alias payments-example-leader \(1 other\)/,
    breakIt: () =>
      mocks.opensearch.on(DescribeOutboundConnectionsCommand).resolves({
        Connections: [
          {
            ConnectionId: 'cc-2',
            ConnectionAlias: 'someone-else',
            ConnectionStatus: { StatusCode: 'ACTIVE' },
          },
        ],
      }),
  },
  {
    name: 'the follower is far behind the leader',
    check: 'RDY-SEARCH-002',
    observed: /3000 operations behind .* at 20 ops\/s, estimated lag 2 min 30 s/,
    breakIt: () => metrics({ ...HEALTHY_METRICS, LeaderCheckPoint: [8000], FollowerCheckPoint: [5000] }),
  },
  {
    name: 'a follower index is paused',
    check: 'RDY-SEARCH-002',
    observed: /0 failed, 2 paused indexes/,
    breakIt: () => metrics({ ...HEALTHY_METRICS, ReplicationNumPausedIndices: [2] }),
  },
  {
    name: 'the backup bucket has no replication configuration',
    check: 'RDY-S3-001',
    observed: /no replication configuration/,
    breakIt: () =>
      mocks.s3.on(GetBucketReplicationCommand).rejects(
        new S3ServiceException({
          name: 'ReplicationConfigurationNotFoundError',
          $fault: 'client',
          $metadata: { httpStatusCode: 404 },
          message: 'The replication configuration was not found',
        }),
      ),
  },
  {
    name: 'the replication rule lost Replication Time Control',
    check: 'RDY-S3-001',
    observed: /RTC Disabled/,
    breakIt: () =>
      mocks.s3.on(GetBucketReplicationCommand).resolves({
        ReplicationConfiguration: {
          Role: 'r',
          Rules: [{ ID: T.backups.ruleId, Status: 'Enabled', Destination: { Bucket: T.backups.destinationBucketArn } }],
        },
      }),
  },
  {
    name: 'objects failed to replicate',
    check: 'RDY-S3-002',
    observed: /^3 failed in 24 h/,
    breakIt: () => metrics({ ...HEALTHY_METRICS, OperationsFailedReplication: [2, 1] }),
  },
  {
    name: 'the replication backlog never drains',
    check: 'RDY-S3-002',
    observed: /lowest pending in 15 min: 40/,
    breakIt: () => metrics({ ...HEALTHY_METRICS, OperationsPendingReplication: [55, 40, 61] }),
  },
  {
    name: 'the primary endpoint fails its health check',
    check: 'RDY-DNS-001',
    observed: /hc-primary-0001: 1\/8 checkers report Success/,
    breakIt: () =>
      mocks.route53.on(GetHealthCheckStatusCommand).resolves({
        HealthCheckObservations: Array.from({ length: 8 }, (_, i) => ({
          Region: 'us-east-1' as const,
          StatusReport: { Status: i === 0 ? 'Success: HTTP Status Code 200, OK' : 'Failure: Connection timed out.' },
        })),
      }),
  },
  {
    name: 'no health check on the primary endpoint',
    check: 'RDY-DNS-001',
    observed: /no health check on pay-use1\.example\.com/,
    breakIt: () => mocks.route53.on(ListHealthChecksCommand).resolves({ IsTruncated: false, HealthChecks: [] }),
  },
  {
    name: 'the standby node group has no healthy node',
    check: 'RDY-EKS-001',
    observed: /0\/1 instances InService and Healthy/,
    breakIt: () =>
      mocks.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
        AutoScalingGroups: [
          {
            AutoScalingGroupName: 'eks-app-standby-asg',
            MinSize: 1,
            MaxSize: 6,
            DesiredCapacity: 1,
            DefaultCooldown: 300,
            AvailabilityZones: [],
            HealthCheckType: 'EC2',
            CreatedTime: NOW,
            Instances: [
              { InstanceId: 'i-0abc', LifecycleState: 'Pending', HealthStatus: 'Healthy', AvailabilityZone: 'us-west-2a', ProtectedFromScaleIn: false },
            ],
          },
        ],
      }),
  },
  {
    name: "someone capped the standby node group below the primary's size",
    check: 'RDY-EKS-002',
    observed: /scalingConfig min 1, desired 1, max 2/,
    breakIt: () =>
      mocks.eks.on(DescribeNodegroupCommand).resolves({
        nodegroup: {
          status: 'ACTIVE',
          scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 2 },
          health: { issues: [] },
          resources: { autoScalingGroups: [{ name: 'eks-app-standby-asg' }] },
        },
      }),
  },
  {
    name: 'the newest replicated backup is too old',
    check: 'RDY-VELERO-001',
    observed: /\(3 h old; 1 objects\)/,
    breakIt: () =>
      mocks.s3.on(ListObjectsV2Command).resolves({ IsTruncated: false, Contents: [{ Key: 'backups/old/velero-backup.json', LastModified: minutesAgo(180) }] }),
  },
  {
    name: 'the primary feed queue backs up',
    check: 'RDY-FEED-001',
    observed: /^5000 messages$/,
    breakIt: () =>
      mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: T.feed.queues.primary.url }).resolves({ Attributes: { ApproximateNumberOfMessages: '5000' } }),
  },
  {
    name: 'the standby feed queue backs up',
    check: 'RDY-FEED-002',
    observed: /^1001 messages$/,
    breakIt: () =>
      mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: T.feed.queues.standby.url }).resolves({ Attributes: { ApproximateNumberOfMessages: '1001' } }),
  },
  {
    name: 'a message reached the primary dead-letter queue',
    check: 'RDY-FEED-003',
    observed: /^1 messages$/,
    breakIt: () =>
      mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: T.feed.deadLetterQueues.primary.url }).resolves({ Attributes: { ApproximateNumberOfMessages: '1' } }),
  },
  {
    name: 'messages reached the standby dead-letter queue',
    check: 'RDY-FEED-004',
    observed: /^4 messages$/,
    breakIt: () =>
      mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: T.feed.deadLetterQueues.standby.url }).resolves({ Attributes: { ApproximateNumberOfMessages: '4' } }),
  },
  {
    name: "the master secret's standby replica failed",
    check: 'RDY-RDS-003',
    observed: /^us-west-2: Failed \(Access to KMS is not allowed\)$/,
    breakIt: () =>
      mocks.secretsmanager.on(DescribeSecretCommand, { SecretId: T.rds.masterSecretName }).resolves({
        Name: T.rds.masterSecretName,
        ReplicationStatus: [{ Region: T.standbyRegion, Status: 'Failed', StatusMessage: 'Access to KMS is not allowed' }],
      }),
  },
  {
    name: 'the Redis AUTH token secret has no standby replica',
    check: 'RDY-CACHE-002',
    observed: /^no replica in us-west-2 \(replicas: eu-west-1\)$/,
    breakIt: () =>
      mocks.secretsmanager.on(DescribeSecretCommand, { SecretId: T.cache.authSecretName }).resolves({
        Name: T.cache.authSecretName,
        ReplicationStatus: [{ Region: 'eu-west-1', Status: 'InSync' }],
      }),
  },
  {
    name: 'the ARC routing controls are still OFF as created',
    check: 'RDY-DNS-002',
    observed: /^payments-example-dns-us-east-1 Off, payments-example-dns-us-west-2 Off$/,
    breakIt: () =>
      mocks.arc.on(ListRoutingControlsCommand).resolves({
        RoutingControls: [
          { RoutingControlName: T.dns.routingControls.primary, RoutingControlState: 'Off' },
          { RoutingControlName: T.dns.routingControls.standby, RoutingControlState: 'Off' },
        ],
      }),
  },
];

test.each(UNHEALTHY)('$check not ready when $name: exit 1', async ({ check, observed, breakIt }) => {
  breakIt();
  const { code, report } = await run();
  expect(notOk(report)).toEqual(expect.arrayContaining([`${check} not_ready`]));
  // Only the broken part is reported (EKS-001/002 share a call but judge different things).
  expect(notOk(report)).toEqual([`${check} not_ready`]);
  expect(code).toBe(1);
  expect(report.verdict).toBe('NOT READY');
  const result = report.checks.find((c) => c.id === check);
  expect(result?.observed).toMatch(observed);
  expect(result?.recommended_action).toBe(Object.values(CHECKS).find((c) => c.id === check)?.recommended_action);
});

test('every check has an unhealthy case above', () => {
  expect([...new Set(UNHEALTHY.map((u) => u.check))].sort()).toEqual([...ALL_IDS].sort());
});

test('--max-feed-backlog moves the feed limit; dead-letter queues stay at 0', async () => {
  mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: T.feed.queues.primary.url }).resolves({ Attributes: { ApproximateNumberOfMessages: '5000' } });
  expect((await run('--max-feed-backlog', '6000')).code).toBe(0);
  expect((await run('--max-feed-backlog', '4999')).code).toBe(1);
});

test('an SDK error makes the checks that needed the call `error`, naming the call and the IAM action: exit 2', async () => {
  mocks.rds.on(DescribeDBInstancesCommand).rejects(accessDenied());
  const { code, report } = await run();
  expect(code).toBe(2);
  expect(report.verdict).toBe('UNKNOWN');
  expect(notOk(report)).toEqual(['RDY-RDS-001 error']);
  expect(report.checks.find((c) => c.id === 'RDY-RDS-001')?.message).toBe(
    'RDS DescribeDBInstances (IAM rds:DescribeDBInstances) failed in us-west-2: permission error, AccessDenied: User is not authorized to perform this action',
  );
});

test('a CloudWatch failure is an error for every metric check, not a pass', async () => {
  mocks.cloudwatch.on(GetMetricDataCommand).rejects(Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:443'), { name: 'TimeoutError' }));
  const { code, report } = await run();
  expect(code).toBe(2);
  expect(notOk(report)).toEqual(['RDY-RDS-002 error', 'RDY-SEARCH-002 error', 'RDY-S3-002 error']);
  expect(report.checks.find((c) => c.id === 'RDY-S3-002')?.message).toMatch(
    /^CloudWatch GetMetricData \(IAM cloudwatch:GetMetricData\) failed in us-(east-1|west-2): network error, TimeoutError/,
  );
});

test('without credentials every check is an error and the run exits 2', async () => {
  const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
  for (const m of Object.values(mocks) as Array<{ onAnyCommand: () => { rejects: (e: Error) => unknown } }>) m.onAnyCommand().rejects(noCredentials);
  const { code, report } = await run();
  expect(code).toBe(2);
  expect(report.summary).toEqual({ total: 18, ok: 0, not_ready: 0, error: 18 });
  for (const c of report.checks) expect(c.message).toMatch(/failed in (us-east-1|us-west-2|global): credentials error, CredentialsProviderError/);
});

test('not ready wins over could-not-check: exit 1 when both happen', async () => {
  mocks.rds.on(DescribeDBInstancesCommand).rejects(accessDenied());
  mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: T.feed.deadLetterQueues.standby.url }).resolves({ Attributes: { ApproximateNumberOfMessages: '4' } });
  const { code, report } = await run();
  expect(notOk(report)).toEqual(['RDY-RDS-001 error', 'RDY-FEED-004 not_ready']);
  expect(code).toBe(1);
});

describe('through the CLI dispatcher', () => {
  test('`warm-standby readiness` is a command; usage errors exit 2 with one line', async () => {
    const help = capture();
    expect(await main(['--help'], help.io)).toBe(0);
    expect(help.out.stdout).toMatch(/^ {2}readiness +check a deployed environment/m);

    for (const [args, message] of [
      [['readiness', '--env', 'nowhere'], 'warm-standby: unknown environment "nowhere" (--env: one of example, prod-eu)\n'],
      [['readiness', '--format', 'sarif'], 'warm-standby: unknown format "sarif" (--format: one of text, json, markdown, junit, github)\n'],
      [
        ['readiness', '--max-feed-backlog', 'lots'],
        'warm-standby: --max-feed-backlog must be a whole number >= 0 (got "lots") (try warm-standby readiness --help)\n',
      ],
      [['readiness', '--max-feed-backlog=-3'], 'warm-standby: --max-feed-backlog must be a whole number >= 0 (got "-3") (try warm-standby readiness --help)\n'],
      [['readiness', 'extra'], 'warm-standby: unexpected argument "extra" (try warm-standby readiness --help)\n'],
    ] as const) {
      const { out, io } = capture();
      expect(await main(args, io)).toBe(2);
      expect(out.stderr).toBe(message);
      expect(out.stdout).toBe('');
    }
    for (const m of Object.values(mocks)) expect(m.calls()).toHaveLength(0);
  });

  test('a real run through main() with the default clients (mocked classes) returns the exit code', async () => {
    mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: T.feed.deadLetterQueues.primary.url }).resolves({ Attributes: { ApproximateNumberOfMessages: '2' } });
    // main() runs on the system clock: the newest backup is 10 minutes old by it.
    mocks.s3
      .on(ListObjectsV2Command)
      .resolves({ IsTruncated: false, Contents: [{ Key: 'backups/b/velero-backup.json', LastModified: new Date(Date.now() - 600_000) }] });
    const { out, io } = capture();
    expect(await main(['readiness', '--env', 'example', '--format', 'github', '--arc-endpoints', ARC_ENDPOINTS_FILE], io)).toBe(1);
    expect(out.stdout).toMatch(
      /^::error title=RDY-FEED-003 NOT READY%3A Primary feed dead-letter queue is empty::queue payments-example-use1-feed-feed-dlq holds 2 messages, over 0%0A/m,
    );
    expect(out.stdout).toMatch(/^warm-standby readiness example: NOT READY \(17 ok, 1 not ready, 0 could not be checked \(18 checks\)\)$/m);
  });
});

test('the IAM actions the README lists are exactly those the calls need', () => {
  expect(requiredIamActions()).toEqual([
    'autoscaling:DescribeAutoScalingGroups',
    'cloudwatch:GetMetricData',
    'eks:DescribeNodegroup',
    'elasticache:DescribeGlobalReplicationGroups',
    'es:DescribeOutboundConnections',
    'es:DescribeOutboundCrossClusterSearchConnections',
    'rds:DescribeDBInstances',
    'route53-recovery-cluster:ListRoutingControls',
    'route53:GetHealthCheckStatus',
    'route53:ListHealthChecks',
    's3:GetReplicationConfiguration',
    's3:ListBucket',
    'secretsmanager:DescribeSecret',
    'sqs:GetQueueAttributes',
  ]);
});

describe('RDY-DNS-002 operator switch', () => {
  const switchOf = (report: ReadinessReport) => report.checks.find((c) => c.id === 'RDY-DNS-002')!;

  test('ARC without --arc-endpoints is `error` (never a pass), naming what to pass', async () => {
    const { out, io } = capture();
    const code = await command.run(['--env', 'example', '--format', 'json'], io);
    const check = switchOf(JSON.parse(out.stdout) as ReadinessReport);
    expect(code).toBe(2);
    expect(check).toMatchObject({ status: 'error', observed: 'could not be read' });
    expect(check.recommended_action).toMatch(/--arc-endpoints FILE .*dns_arc_cluster_endpoints/);
    expect(mocks.arc.calls()).toHaveLength(0);
  });

  test('ARC: the first endpoint failing to connect falls over to the next', async () => {
    mocks.arc
      .on(ListRoutingControlsCommand)
      .rejectsOnce(Object.assign(new Error('connect ETIMEDOUT'), { name: 'TimeoutError' }))
      .resolves({
        RoutingControls: [
          { RoutingControlName: T.dns.routingControls.primary, RoutingControlState: 'On' },
          { RoutingControlName: T.dns.routingControls.standby, RoutingControlState: 'Off' },
        ],
      });
    const { code, report } = await run();
    expect(code).toBe(0);
    expect(switchOf(report).status).toBe('ok');
    expect(mocks.arc.calls()).toHaveLength(2);
  });

  test('ARC: traffic on the standby (failover in effect) is not ready', async () => {
    mocks.arc.on(ListRoutingControlsCommand).resolves({
      RoutingControls: [
        { RoutingControlName: T.dns.routingControls.primary, RoutingControlState: 'Off' },
        { RoutingControlName: T.dns.routingControls.standby, RoutingControlState: 'On' },
      ],
    });
    const check = switchOf((await run()).report);
    expect(check.status).toBe('not_ready');
    expect(check.message).toMatch(/a failover is in effect/);
  });

  const manualEnv = { ...ENV, dns: { ...ENV.dns, switch: { kind: 'manual' as const } } };
  const manualChecks = (inverted: boolean) => {
    mocks.route53.on(ListHealthChecksCommand).resolves({
      IsTruncated: false,
      HealthChecks: [
        {
          Id: 'hc-primary-0001',
          CallerReference: 'a',
          HealthCheckVersion: 1,
          HealthCheckConfig: { Type: 'HTTPS', FullyQualifiedDomainName: T.dns.fqdn, Port: 443 },
        },
        {
          Id: 'hc-switch-0002',
          CallerReference: 'b',
          HealthCheckVersion: 1,
          HealthCheckConfig: { Type: 'CALCULATED', ChildHealthChecks: ['hc-primary-0001'], Disabled: true, Inverted: inverted },
        },
      ],
    });
  };

  test.each([
    [false, 'ok', /^hc-switch-0002: Inverted false, Disabled true$/],
    [true, 'not_ready', /^hc-switch-0002: Inverted true, Disabled true$/],
  ])('manual switch Inverted %s is %s', async (inverted, status, observed) => {
    manualChecks(inverted);
    const report = await runReadiness({ env: manualEnv, clients: defaultClients(), now: () => NOW });
    expect(switchOf(report).status).toBe(status);
    expect(switchOf(report).observed).toMatch(observed);
    expect(mocks.arc.calls()).toHaveLength(0);
  });

  test('--arc-endpoints that is not a list of {endpoint, region} is a one-line input error', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ws-arc-')), 'arc.json');
    fs.writeFileSync(file, JSON.stringify([{ endpoint: 'http://plain', region: 'us-west-2' }]));
    const { out, io } = capture();
    expect(await main(['readiness', '--env', 'example', '--arc-endpoints', file], io)).toBe(2);
    expect(out.stderr).toMatch(/^warm-standby: --arc-endpoints: \[0\]\.endpoint must be an https URL \(got "http:\/\/plain"\)/);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });
});
