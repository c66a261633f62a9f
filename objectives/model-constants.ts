/**
 * Every constant of the recovery-objective model, in one place, each with the public source of
 * its number. Where AWS publishes no number, `source` still names the page that describes the
 * operation and `note` says the value is an ENGINEERING ASSUMPTION and why it was chosen.
 * Estimates in estimate.ts and durations in runbook.ts use only these constants plus values read
 * from the synthesized configuration.
 */
export interface ModelConstant {
  readonly seconds: number;
  readonly source: string;
  readonly note: string;
  /** true when AWS (or the tool's vendor) publishes the number; false for an engineering assumption. */
  readonly published: boolean;
}

function c(seconds: number, published: boolean, source: string, note: string): ModelConstant {
  return { seconds, published, source, note };
}

export const MODEL = {
  /** Route 53 defaults when a health check omits request_interval / failure_threshold. */
  route53DefaultRequestInterval: c(
    30,
    true,
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html',
    'Request interval is 30 s (standard) or 10 s (fast); default 30 s. Unhealthy after failure_threshold consecutive failures (default 3).',
  ),
  route53DefaultFailureThreshold: c(
    3,
    true,
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html',
    'Failure threshold default 3 (a count, not seconds). Detection = request_interval x failure_threshold, see dns-failover-determining-health-of-endpoints.html.',
  ),
  aliasRecordTtl: c(
    60,
    true,
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html',
    'Alias records carry no TTL of their own; 60 s is the TTL Route 53 uses for ELB alias targets (same value as the gate rule WS-DNS-003).',
  ),
  rdsReplicaPromotion: c(
    600,
    false,
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Promote.html',
    'ENGINEERING ASSUMPTION: AWS says promotion takes "a few minutes" (longer with replica lag) and reboots the instance; no figure is published, 10 min is a conservative reading.',
  ),
  s3ReplicationTimeControl: c(
    900,
    true,
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html',
    'S3 Replication Time Control replicates 99.99% of new objects within 15 minutes (SLA-backed).',
  ),
  s3ReplicationWithoutRtc: c(
    7200,
    false,
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-troubleshoot.html',
    'ENGINEERING ASSUMPTION: without RTC AWS gives no bound ("most objects within 15 minutes, sometimes a couple of hours or more"); 2 h is used.',
  ),
  veleroRestore: c(
    600,
    false,
    'https://velero.io/docs/main/restore-reference/',
    'ENGINEERING ASSUMPTION: neither Velero nor AWS publishes a restore time; it grows with volume count/size (EBS/Portworx snapshots). 10 min for a small application namespace.',
  ),
  eksNodeScaleUp: c(
    300,
    false,
    'https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html',
    'ENGINEERING ASSUMPTION: AWS publishes no time for a managed node group (Auto Scaling group) to launch EC2 instances and have them join as Ready; 5 min covers launch, bootstrap, kubelet registration and CNI. New nodes launch in parallel, so it does not grow with the count.',
  ),
  elasticacheGlobalDatastoreFailover: c(
    60,
    true,
    'https://aws.amazon.com/elasticache/redis/global-datastore/',
    'Global Datastore product page: promoting a secondary Region to primary typically takes less than 1 minute (a typical figure, not an SLA); done with failover-global-replication-group.',
  ),
  elasticacheCrossRegionLag: c(
    1,
    true,
    'https://aws.amazon.com/elasticache/redis/global-datastore/',
    'Global Datastore product page: cross-Region replication latency typically under 1 second (asynchronous, typical, not an SLA; see also dg/Redis-Global-Datastore.html).',
  ),
  openSearchStopReplication: c(
    120,
    false,
    'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/replication.html',
    'ENGINEERING ASSUMPTION: _plugins/_replication/<index>/_stop turns a follower index into a regular writable index; AWS publishes no time. 2 min for stopping auto-follow and every follower index and checking they accept writes.',
  ),
  openSearchDefaultLagAllowance: c(
    60,
    false,
    'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/replication.html',
    'ENGINEERING ASSUMPTION: cross-cluster replication is asynchronous with no published lag bound; used only when the environment declares no opensearch.replicationLagAllowanceSeconds.',
  ),
  rdsDefaultLagAllowance: c(
    60,
    false,
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Monitoring.html',
    'ENGINEERING ASSUMPTION: cross-Region replica lag has no published bound (ReplicaLag metric); used only when neither a ReplicaLag alarm nor the environment gives the allowance.',
  ),
  sqsLongPollWait: c(
    20,
    true,
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html',
    'Long polling waits at most 20 s for a message; Lambda event source mappings poll SQS with long polling (lambda/latest/dg/with-sqs.html).',
  ),
  lambdaDefaultTimeout: c(
    3,
    true,
    'https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html',
    'Lambda default timeout is 3 s (max 900 s); used only when the function sets no timeout.',
  ),
  lambdaDefaultBatchingWindow: c(
    0,
    true,
    'https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html',
    'MaximumBatchingWindowInSeconds defaults to 0 for standard queues (0..300 s).',
  ),
  terraformDeploy: c(
    180,
    false,
    'https://developer.hashicorp.com/terraform/cli/commands/apply',
    'ENGINEERING ASSUMPTION: init + refresh + plan of the standby stack before any change starts (provider mirror local, state in the standby Region); 3 min.',
  ),
  decision: c(
    600,
    false,
    'https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html',
    'ENGINEERING ASSUMPTION: the human decision to fail over a Region (warm standby failover is not automatic); 10 min for the on-call to confirm the Region-level impairment and approve.',
  ),
  dnsSwitchFlip: c(
    60,
    false,
    'https://docs.aws.amazon.com/r53recovery/latest/dg/routing-control.html',
    'ENGINEERING ASSUMPTION: running the flip (ARC update-routing-control-states on a cluster endpoint; or route53 update-health-check --inverted, see Route53/latest/DeveloperGuide/health-checks-invert.html) and Route 53 answering from the new health check status; AWS publishes no propagation figure for either. 1 min; the TTL is counted separately.',
  ),
  verify: c(
    300,
    false,
    'https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html',
    'ENGINEERING ASSUMPTION: smoke tests against the standby endpoint (writes to RDS, Redis, OpenSearch, one feed message) before declaring recovery; 5 min.',
  ),
} as const satisfies Record<string, ModelConstant>;

export type ModelConstantName = keyof typeof MODEL;
