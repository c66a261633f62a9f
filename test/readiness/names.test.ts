/**
 * The names `readiness` looks up are the names the stacks create: checked against the synthesized
 * `example` app, so a rename in stacks/ or modules/ fails here rather than in a nightly run.
 */
import { BACKUP_REPLICATION_RULE_ID } from '../../modules/velero';
import { readinessTargets } from '../../readiness';
import { resourcesOf, synthEnvironment } from '../support/synth';

const app = synthEnvironment('example');
const T = readinessTargets(app.env);
const all = (type: string): any[] => Object.values(app.stacks).flatMap((stack) => resourcesOf(stack, type).map(([, r]) => r));
const inStack = (stack: string, type: string): any[] => resourcesOf(app.stacks[stack], type).map(([, r]) => r);

test('RDS: the standby replica and its source', () => {
  expect(inStack('example-standby', 'aws_db_instance')).toEqual([
    expect.objectContaining({ identifier: T.rds.replicaIdentifier, replicate_source_db: T.rds.sourceArn }),
  ]);
  expect(inStack('example-primary', 'aws_db_instance').map((r) => r.identifier)).toEqual([T.rds.sourceArn.split(':db:')[1]]);
});

test('ElastiCache: both groups and the Global Datastore id', () => {
  expect(inStack('example-primary', 'aws_elasticache_replication_group').map((r) => r.replication_group_id)).toEqual([T.cache.primaryGroupId]);
  expect(inStack('example-standby', 'aws_elasticache_replication_group')).toEqual([
    expect.objectContaining({ replication_group_id: T.cache.standbyGroupId, global_replication_group_id: T.cache.globalReplicationGroupId }),
  ]);
});

test('ElastiCache, failback (Regions swapped): readiness looks up the live Global Datastore id, the one the swapped standby joins', () => {
  const swapped = synthEnvironment('example-failback');
  const targets = readinessTargets(swapped.env);
  expect(targets.cache.globalReplicationGroupId).toBe('ldgnf-payments-cache');
  expect(resourcesOf(swapped.stacks['example-standby'], 'aws_elasticache_replication_group').map(([, r]) => r.global_replication_group_id)).toEqual([
    targets.cache.globalReplicationGroupId,
  ]);
});

test('OpenSearch: follower, leader and the connection alias', () => {
  expect(inStack('example-standby', 'aws_opensearch_domain').map((r) => r.domain_name)).toEqual([T.search.followerDomain]);
  expect(inStack('example-primary', 'aws_opensearch_domain').map((r) => r.domain_name)).toEqual([T.search.leaderDomain]);
  expect(all('aws_opensearch_outbound_connection').map((r) => r.connection_alias)).toEqual([T.search.connectionAlias]);
});

test('S3: backup buckets, the replication rule id and destination', () => {
  const buckets = all('aws_s3_bucket').map((r) => r.bucket);
  expect(buckets).toEqual(expect.arrayContaining([T.backups.sourceBucket, T.backups.destinationBucket]));
  const replication = inStack('example-replication', 'aws_s3_bucket_replication_configuration');
  expect(replication).toHaveLength(1);
  expect(replication[0].bucket).toBe(T.backups.sourceBucket);
  expect(replication[0].rule).toEqual([expect.objectContaining({ id: BACKUP_REPLICATION_RULE_ID, status: 'Enabled' })]);
  expect(replication[0].rule[0].destination).toMatchObject({
    bucket: T.backups.destinationBucketArn,
    replication_time: { status: 'Enabled', time: { minutes: T.backups.replicationWindowMinutes } },
  });
});

test('Velero stores backups at the bucket root (backups/ prefix): no prefix configured', () => {
  const releases = all('helm_release').filter((r) => r.chart === 'velero');
  expect(releases.length).toBeGreaterThanOrEqual(2);
  for (const r of releases) expect(JSON.stringify(r)).not.toMatch(/backupStorageLocation[^"]*prefix|"prefix"/);
});

test('Route 53: the endpoint health check on the primary target (with a DNS switch, the standby stack holds it)', () => {
  const endpointChecks = all('aws_route53_health_check').filter((r) => r.fqdn !== undefined);
  expect(endpointChecks).toEqual([expect.objectContaining({ fqdn: T.dns.fqdn, type: T.dns.protocol, port: T.dns.port })]);
});

test('EKS: the standby cluster and node group names', () => {
  expect(inStack('example-standby', 'aws_eks_cluster').map((r) => r.name)).toEqual([T.eks.clusterName]);
  expect(inStack('example-standby', 'aws_eks_node_group').map((r) => r.node_group_name)).toEqual([T.eks.nodeGroupName]);
});

test('SQS: feed queues and dead-letter queues of both Regions', () => {
  const names = (stack: string) =>
    inStack(stack, 'aws_sqs_queue')
      .map((r) => r.name)
      .sort();
  expect(names('example-primary')).toEqual([T.feed.queues.primary.name, T.feed.deadLetterQueues.primary.name].sort());
  expect(names('example-standby')).toEqual([T.feed.queues.standby.name, T.feed.deadLetterQueues.standby.name].sort());
});
