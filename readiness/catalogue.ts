/**
 * Every readiness check: a stable id (`RDY-<AREA>-NNN`; ids are never reused), a one-line title,
 * and the action that brings the environment back to ready.
 */
export interface CheckDefinition {
  readonly id: string;
  readonly title: string;
  readonly recommended_action: string;
}

function def(id: string, title: string, recommended_action: string): CheckDefinition {
  return { id, title, recommended_action };
}

export const CHECKS = {
  rdsReplica: def(
    'RDY-RDS-001',
    'Standby RDS read replica is available and replicating from the primary',
    "Look at the replica's events (aws rds describe-events --source-identifier <replica>); if replication stopped or errored, fix the cause shown in StatusInfos, or recreate the replica by re-applying the standby stack.",
  ),
  rdsLag: def(
    'RDY-RDS-002',
    'RDS replica lag is within rds.replicaLagAllowanceSeconds',
    'Find what slows replay on the replica (long transactions or heavy writes on the source, an undersized replica class: rds.replicaInstanceClass) and bring ReplicaLag under the allowance.',
  ),
  rdsSecret: def(
    'RDY-RDS-003',
    "Database master secret's replica in the standby Region is InSync",
    "Look at the secret's ReplicationStatus (aws secretsmanager describe-secret in the primary Region); fix the StatusMessage cause (usually the standby Region's key or a name clash), then aws secretsmanager replicate-secret-to-regions, or re-apply the primary stack.",
  ),
  cacheGlobal: def(
    'RDY-CACHE-001',
    'ElastiCache Global Datastore has the primary and the standby group associated',
    'Check the Global Datastore in the ElastiCache console; re-associate the standby group (re-apply the standby stack) or wait for a running modification to finish.',
  ),
  cacheAuthSecret: def(
    'RDY-CACHE-002',
    "Redis AUTH token secret's replica in the standby Region is InSync",
    "Look at the secret's ReplicationStatus (aws secretsmanager describe-secret in the primary Region); fix the StatusMessage cause, then aws secretsmanager replicate-secret-to-regions, or re-apply the primary stack: the standby group and its clients read the token from that replica.",
  ),
  searchConnection: def(
    'RDY-SEARCH-001',
    "OpenSearch follower's outbound connection to the leader is ACTIVE",
    "Accept the pending connection in the leader's Region (set opensearch.acceptedConnectionId and apply the replication stack), or recreate a rejected/deleted one by re-applying the standby stack.",
  ),
  searchLag: def(
    'RDY-SEARCH-002',
    'OpenSearch cross-cluster replication lag is within opensearch.replicationLagAllowanceSeconds',
    'Check the follower indexes (GET _plugins/_replication/<index>/_status on the follower); resume PAUSED ones, restart FAILED ones, and scale the follower if it cannot keep up.',
  ),
  backupReplicationRule: def(
    'RDY-S3-001',
    'Velero backup bucket replicates to the standby bucket with Replication Time Control',
    "Apply the replication stack (<env>-replication): it owns the bucket's replication rule, its destination and S3 RTC.",
  ),
  backupReplicationHealth: def(
    'RDY-S3-002',
    'Backup replication has no failed operations and its backlog drains',
    'Look at the s3:Replication:OperationFailedReplication events for the failure reason (usually KMS or IAM permissions of the replication role) and re-replicate failed objects with S3 Batch Replication.',
  ),
  dnsHealthCheck: def(
    'RDY-DNS-001',
    'Route 53 health check of the primary endpoint is healthy',
    'Find why the primary endpoint fails its health check (Route 53 console: health checkers tab, last failure reason); while it is unhealthy, DNS already answers with the standby.',
  ),
  dnsSwitch: def(
    'RDY-DNS-002',
    'Operator DNS switch sends traffic to the primary (normal mode)',
    "ARC: set the primary's routing control ON and the standby's OFF (aws route53-recovery-cluster update-routing-control-states; they are created OFF). Manual switch: aws route53 update-health-check --health-check-id <switch> --no-inverted. Only when no failover is in progress.",
  ),
  eksNodes: def(
    'RDY-EKS-001',
    'Standby EKS node group is ACTIVE with at least eks.standby.minNodes healthy nodes',
    "Look at the node group's health issues (aws eks describe-nodegroup) and the Auto Scaling group's activity history; fix launch failures (capacity, quotas, subnets, IAM) until the minimum is in service.",
  ),
  eksScaling: def(
    'RDY-EKS-002',
    "Standby node group's deployed scaling limits match the configuration",
    "Re-apply the standby stack so scalingConfig has min >= eks.standby.minNodes and max >= the primary's desired size (eks.primary.desiredNodes); someone changed it outside Terraform.",
  ),
  veleroBackups: def(
    'RDY-VELERO-001',
    'Newest Velero backup in the standby bucket is younger than the backup interval plus the S3 RTC window',
    "Check the primary's Velero schedule (velero schedule get; velero backup get) and the replication checks above; a missing recent backup widens the backup RPO.",
  ),
  feedQueuePrimary: def(
    'RDY-FEED-001',
    'Primary feed queue backlog is below the limit',
    "Check the primary Region's loader Lambda (errors, throttles, concurrency) and the Redshift cluster; a growing backlog delays loads.",
  ),
  feedQueueStandby: def(
    'RDY-FEED-002',
    'Standby feed queue backlog is below the limit',
    "Check the standby Region's loader Lambda (errors, throttles, concurrency) and the Redshift cluster; a growing backlog delays loads.",
  ),
  feedDlqPrimary: def(
    'RDY-FEED-003',
    'Primary feed dead-letter queue is empty',
    'Inspect the messages in the primary dead-letter queue, fix the loader failure, then redrive them (SQS StartMessageMoveTask).',
  ),
  feedDlqStandby: def(
    'RDY-FEED-004',
    'Standby feed dead-letter queue is empty',
    'Inspect the messages in the standby dead-letter queue, fix the loader failure, then redrive them (SQS StartMessageMoveTask).',
  ),
} as const satisfies Record<string, CheckDefinition>;

export type CheckKey = keyof typeof CHECKS;
