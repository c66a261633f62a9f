/**
 * What `warm-standby readiness` must say against the emulator, per check, before and after the
 * failover, and why. The drill fails on any difference: a check that starts passing where the
 * emulator cannot support it is as suspicious as one that starts failing.
 */
import { ReadinessRun } from './report';

export interface Expectation {
  readonly status: 'ok' | 'not_ready' | 'error';
  readonly why: string;
}

export type Expectations = Record<string, Expectation>;

const same = (status: Expectation['status'], why: string): Expectation => ({ status, why });

// Observed in the drill against moto 5.2.5 (example), each explained by what moto does or lacks.
const COMMON: Expectations = {
  'RDY-RDS-002': same('not_ready', 'moto publishes no CloudWatch ReplicaLag datapoints; no datapoint is not ready'),
  'RDY-CACHE-001': same('error', 'no ElastiCache replication group or Global Datastore exists (emulator gaps): DescribeGlobalReplicationGroups fails'),
  'RDY-SEARCH-001': same('error', 'moto has no OpenSearch cross-cluster connection API (DescribeOutboundConnections fails)'),
  'RDY-SEARCH-002': same('not_ready', 'moto publishes no LeaderCheckPoint/FollowerCheckPoint metrics'),
  'RDY-S3-001': same('ok', 'the replication stack applied the rule to the standby bucket with S3 RTC'),
  'RDY-S3-002': same('not_ready', 'moto publishes no S3 replication metrics (OperationsPendingReplication has no datapoints)'),
  'RDY-DNS-001': same('ok', "the standby stack's endpoint health check exists and moto reports its checkers as Success"),
  'RDY-EKS-001': same('not_ready', "moto's node group is ACTIVE but its Auto Scaling group has no instances (0/0 InService)"),
  'RDY-EKS-002': same('ok', 'the deployed scaling limits are the configured ones'),
  'RDY-VELERO-001': same('not_ready', 'no cluster, so no Velero backup was ever written to the standby bucket'),
  'RDY-FEED-001': same('ok', 'the primary feed queue is empty'),
  'RDY-FEED-002': same('ok', 'the standby feed queue is empty'),
  'RDY-FEED-003': same('ok', 'the primary dead-letter queue is empty'),
  'RDY-FEED-004': same('ok', 'the standby dead-letter queue is empty'),
  'RDY-DNS-002': same('error', 'moto has no Route 53 ARC (emulator gap), so the drill passes no --arc-endpoints and the check cannot read the switch'),
  // The drill applies Terraform only; the runbook's stop-replication-to-replica (a CLI step) is not run.
  'RDY-RDS-003': same('ok', 'moto replicates the master secret to the standby Region and reports the replica InSync'),
  'RDY-CACHE-002': same('ok', 'moto replicates the Redis AUTH token secret to the standby Region like the master secret'),
};

export const EXPECTED_READINESS: { before: Expectations; after: Expectations } = {
  before: {
    ...COMMON,
    'RDY-RDS-001': same(
      'not_ready',
      "the replica exists with the primary as source and is available, but moto reports no StatusInfos 'read replication' entry, which the check requires",
    ),
  },
  after: {
    ...COMMON,
    'RDY-RDS-001': same('not_ready', 'promoted: the standby database no longer replicates (what a failover does)'),
  },
};

/** Observed (id -> status) against expected; a check missing on either side is a mismatch. */
export function compareReadiness(when: 'before' | 'after', observed: Record<string, string>, expected: Expectations): ReadinessRun {
  const ids = [...new Set([...Object.keys(observed), ...Object.keys(expected)])].sort();
  const rows = ids.map((id) => ({ id, observed: observed[id] ?? 'missing', expected: expected[id]?.status ?? 'unlisted', why: expected[id]?.why ?? '' }));
  return { when, rows, mismatches: rows.filter((r) => r.observed !== r.expected).map((r) => `${r.id}: ${r.observed}, expected ${r.expected}`) };
}
