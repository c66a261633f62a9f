/**
 * A deployed `example` environment as the AWS SDK would describe it, through aws-sdk-client-mock:
 * `healthy()` answers every readiness call with a healthy value; each test then breaks one thing.
 */
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, GetMetricDataCommand, GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { DescribeNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { DescribeGlobalReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { DescribeOutboundConnectionsCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetHealthCheckStatusCommand, ListHealthChecksCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ListRoutingControlsCommand, Route53RecoveryClusterClient } from '@aws-sdk/client-route53-recovery-cluster';
import { GetBucketReplicationCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import * as path from 'path';
import { loadEnvironment } from '../../environments';
import { readinessTargets } from '../../readiness';

export const ENV = loadEnvironment('example');
export const T = readinessTargets(ENV);
/** The fixed clock of every test: reports (and the README sample) are byte-for-byte stable. */
export const NOW = new Date('2026-06-01T03:00:00.000Z');
export const minutesAgo = (minutes: number): Date => new Date(NOW.getTime() - minutes * 60_000);

export const mocks = {
  rds: mockClient(RDSClient),
  cloudwatch: mockClient(CloudWatchClient),
  elasticache: mockClient(ElastiCacheClient),
  opensearch: mockClient(OpenSearchClient),
  s3: mockClient(S3Client),
  route53: mockClient(Route53Client),
  eks: mockClient(EKSClient),
  autoscaling: mockClient(AutoScalingClient),
  sqs: mockClient(SQSClient),
  secretsmanager: mockClient(SecretsManagerClient),
  arc: mockClient(Route53RecoveryClusterClient),
};

/** The ARC cluster endpoints the readiness runs are given (`--arc-endpoints`). */
export const ARC_ENDPOINTS_FILE = path.join(__dirname, '..', 'fixtures', 'readiness', 'arc-endpoints.json');

/** Values per CloudWatch metric name, newest first, one per minute; a test overrides entries. */
export type MetricTable = Record<string, number[]>;

export const HEALTHY_METRICS: MetricTable = {
  ReplicaLag: [4, 6, 5],
  LeaderCheckPoint: [5200, 5100],
  FollowerCheckPoint: [5190, 5100],
  ReplicationRate: [20, 18],
  ReplicationNumFailedIndices: [0],
  ReplicationNumPausedIndices: [0],
  OperationsFailedReplication: [],
  OperationsPendingReplication: [3, 0, 12],
};

/** Answers GetMetricData from `table` by each query's metric name; every query is checked against its namespace. */
export function metrics(table: MetricTable): void {
  mocks.cloudwatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => {
      const name = q.MetricStat?.Metric?.MetricName ?? '';
      const values = table[name] ?? [];
      return { Id: q.Id, Values: values, Timestamps: values.map((_, i) => minutesAgo(i + 1)), StatusCode: 'Complete' };
    }),
  }));
}

export function healthy(): void {
  for (const m of Object.values(mocks)) m.reset();

  mocks.rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: T.rds.replicaIdentifier }).resolves({
    DBInstances: [
      {
        DBInstanceIdentifier: T.rds.replicaIdentifier,
        DBInstanceStatus: 'available',
        ReadReplicaSourceDBInstanceIdentifier: T.rds.sourceArn,
        StatusInfos: [{ StatusType: 'read replication', Normal: true, Status: 'replicating' }],
      },
    ],
  });
  metrics(HEALTHY_METRICS);
  mocks.elasticache.on(DescribeGlobalReplicationGroupsCommand, { GlobalReplicationGroupId: T.cache.globalReplicationGroupId }).resolves({
    GlobalReplicationGroups: [
      {
        GlobalReplicationGroupId: T.cache.globalReplicationGroupId,
        Status: 'available',
        Members: [
          { ReplicationGroupId: T.cache.primaryGroupId, ReplicationGroupRegion: T.primaryRegion, Role: 'PRIMARY', Status: 'associated' },
          { ReplicationGroupId: T.cache.standbyGroupId, ReplicationGroupRegion: T.standbyRegion, Role: 'SECONDARY', Status: 'associated' },
        ],
      },
    ],
  });
  mocks.opensearch.on(DescribeOutboundConnectionsCommand).resolves({
    Connections: [
      {
        ConnectionId: 'cc-0123456789abcdef',
        ConnectionAlias: T.search.connectionAlias,
        ConnectionStatus: { StatusCode: 'ACTIVE' },
        LocalDomainInfo: { AWSDomainInformation: { DomainName: T.search.followerDomain, OwnerId: T.accountId, Region: T.standbyRegion } },
        RemoteDomainInfo: { AWSDomainInformation: { DomainName: T.search.leaderDomain, OwnerId: T.accountId, Region: T.primaryRegion } },
      },
    ],
  });
  mocks.s3.on(GetBucketReplicationCommand, { Bucket: T.backups.sourceBucket }).resolves({
    ReplicationConfiguration: {
      Role: `arn:aws:iam::${T.accountId}:role/replication`,
      Rules: [
        {
          ID: T.backups.ruleId,
          Status: 'Enabled',
          Destination: {
            Bucket: T.backups.destinationBucketArn,
            ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
            Metrics: { Status: 'Enabled' },
          },
        },
      ],
    },
  });
  mocks.s3.on(ListObjectsV2Command, { Bucket: T.backups.destinationBucket, Prefix: 'backups/' }).resolves({
    IsTruncated: false,
    Contents: [
      { Key: 'backups/velero-hourly-20260601020012/velero-backup.json', LastModified: minutesAgo(58) },
      { Key: 'backups/velero-hourly-20260601010011/velero-backup.json', LastModified: minutesAgo(118) },
    ],
  });
  mocks.route53.on(ListHealthChecksCommand).resolves({
    IsTruncated: false,
    HealthChecks: [
      {
        Id: 'hc-primary-0001',
        CallerReference: 'terraform',
        HealthCheckVersion: 1,
        HealthCheckConfig: { Type: 'HTTPS', FullyQualifiedDomainName: T.dns.fqdn, Port: 443, ResourcePath: '/healthz' },
      },
    ],
  });
  mocks.secretsmanager.on(DescribeSecretCommand, { SecretId: T.rds.masterSecretName }).resolves({
    Name: T.rds.masterSecretName,
    ReplicationStatus: [{ Region: T.standbyRegion, Status: 'InSync', StatusMessage: 'Replication succeeded' }],
  });
  mocks.secretsmanager.on(DescribeSecretCommand, { SecretId: T.cache.authSecretName }).resolves({
    Name: T.cache.authSecretName,
    ReplicationStatus: [{ Region: T.standbyRegion, Status: 'InSync', StatusMessage: 'Replication succeeded' }],
  });
  // Normal mode: the primary's routing control ON, the standby's OFF.
  mocks.arc.on(ListRoutingControlsCommand).resolves({
    RoutingControls: [
      {
        RoutingControlName: T.dns.routingControls.primary,
        RoutingControlState: 'On',
        RoutingControlArn: 'arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/a',
      },
      {
        RoutingControlName: T.dns.routingControls.standby,
        RoutingControlState: 'Off',
        RoutingControlArn: 'arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/b',
      },
    ],
  });
  mocks.route53.on(GetHealthCheckStatusCommand, { HealthCheckId: 'hc-primary-0001' }).resolves({
    HealthCheckObservations: ['us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1'].map(
      (Region) => ({
        Region: Region as 'us-east-1',
        IPAddress: '192.0.2.10',
        StatusReport: { Status: 'Success: HTTP Status Code 200, OK', CheckedTime: minutesAgo(0) },
      }),
    ),
  });
  mocks.eks.on(DescribeNodegroupCommand, { clusterName: T.eks.clusterName, nodegroupName: T.eks.nodeGroupName }).resolves({
    nodegroup: {
      nodegroupName: T.eks.nodeGroupName,
      status: 'ACTIVE',
      // example's standby: three nodes (Portworx's internal KVDB), room for the primary's size.
      scalingConfig: { minSize: 3, desiredSize: 3, maxSize: 6 },
      health: { issues: [] },
      resources: { autoScalingGroups: [{ name: 'eks-app-standby-asg' }] },
    },
  });
  mocks.autoscaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ['eks-app-standby-asg'] }).resolves({
    AutoScalingGroups: [
      {
        AutoScalingGroupName: 'eks-app-standby-asg',
        MinSize: 3,
        MaxSize: 6,
        DesiredCapacity: 3,
        DefaultCooldown: 300,
        AvailabilityZones: [],
        HealthCheckType: 'EC2',
        CreatedTime: minutesAgo(9999),
        Instances: ['a', 'b', 'c'].map((az, i) => ({
          InstanceId: `i-0ab${i}`,
          LifecycleState: 'InService',
          HealthStatus: 'Healthy',
          AvailabilityZone: `us-west-2${az}`,
          ProtectedFromScaleIn: false,
        })),
      },
    ],
  });
  for (const q of [T.feed.queues.primary, T.feed.queues.standby]) {
    mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: q.url }).resolves({ Attributes: { ApproximateNumberOfMessages: '7' } });
  }
  for (const q of [T.feed.deadLetterQueues.primary, T.feed.deadLetterQueues.standby]) {
    mocks.sqs.on(GetQueueAttributesCommand, { QueueUrl: q.url }).resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
  }
}

/** Captures a command's output. */
export function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), cwd: process.cwd() } };
}
