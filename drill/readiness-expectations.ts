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

const COMMON: Expectations = {
  'RDY-RDS-002': same('error', 'moto publishes no CloudWatch ReplicaLag datapoints, so the lag cannot be read'),
  'RDY-CACHE-001': same('not_ready', 'the Global Datastore is an emulator gap: no standby member exists'),
  'RDY-SEARCH-001': same('not_ready', 'OpenSearch connections are an emulator gap: the follower has no connection'),
  'RDY-SEARCH-002': same('error', 'no connection and no replication metrics in moto'),
  'RDY-S3-001': same('ok', 'the replication stack applied the rule with S3 RTC'),
  'RDY-S3-002': same('ok', 'no replication failures and no backlog: nothing was written to the bucket'),
  'RDY-DNS-001': same('not_ready', "the standby's endpoint health check exists, but moto reports no checker observations for it"),
  'RDY-EKS-002': same('ok', 'the deployed scaling limits are the configured ones'),
  'RDY-VELERO-001': same('not_ready', 'no cluster, so no Velero backup was ever written to the standby bucket'),
  'RDY-FEED-001': same('ok', 'the primary feed queue is empty'),
  'RDY-FEED-002': same('ok', 'the standby feed queue is empty'),
  'RDY-FEED-003': same('ok', 'the primary dead-letter queue is empty'),
  'RDY-FEED-004': same('ok', 'the standby dead-letter queue is empty'),
};

export const EXPECTED_READINESS: { before: Expectations; after: Expectations } = {
  before: {
    ...COMMON,
    'RDY-RDS-001': same('ok', 'the cross-Region replica exists and names the primary as its source'),
    'RDY-EKS-001': same('ok', 'moto reports the standby node group ACTIVE at its desired size'),
  },
  after: {
    ...COMMON,
    'RDY-RDS-001': same('not_ready', 'promoted: the standby database no longer replicates (expected after a failover)'),
    'RDY-EKS-001': same('ok', "moto reports the node group ACTIVE at the primary's size"),
  },
};

/** Observed (id -> status) against expected; a check missing on either side is a mismatch. */
export function compareReadiness(when: 'before' | 'after', observed: Record<string, string>, expected: Expectations): ReadinessRun {
  const ids = [...new Set([...Object.keys(observed), ...Object.keys(expected)])].sort();
  const rows = ids.map((id) => ({ id, observed: observed[id] ?? 'missing', expected: expected[id]?.status ?? 'unlisted', why: expected[id]?.why ?? '' }));
  return { when, rows, mismatches: rows.filter((r) => r.observed !== r.expected).map((r) => `${r.id}: ${r.observed}, expected ${r.expected}`) };
}
