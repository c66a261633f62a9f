import { RegionalRef, arnPartition, validateAccountId, validateRegion } from '../core';
import { parameterGroupFamily, validateBackupRetentionDays, validateIdentifier } from './private/validation';

/** Tag that says which side of the cross-Region pair a DB instance is. */
export const DB_ROLE_TAG = 'warm-standby/db-role';

/** Values of {@link DB_ROLE_TAG}. Stable: the Rego rules in `policies/` match on them. */
export const DbRole = {
  SOURCE: 'source',
  REPLICA: 'replica',
} as const;

/**
 * The source PostgreSQL instance as a cross-Region read replica sees it. Every field is a literal,
 * so the standby Region can build it from configuration while the primary Region is down.
 */
export interface PostgresSourceRef extends RegionalRef {
  /** Engine version of the source; the replica's parameter group family is derived from it. */
  readonly engineVersion: string;
  /** Automated-backup retention of the source; a read replica needs it >= 1. */
  readonly backupRetentionDays: number;
  /**
   * Storage autoscaling limit of the source (`max_allocated_storage`). A replica does not inherit it,
   * and a replica that cannot grow with its source fills up and stops replicating (WS-RDS-006).
   * @default - unknown: the replica gets no limit of its own unless it sets one
   */
  readonly maxAllocatedStorageGiB?: number;
}

export interface PostgresSourceRefProps {
  /** DB instance identifier of the source. */
  readonly identifier: string;
  /** Region of the source (the primary Region). */
  readonly region: string;
  /** Account that owns the source. */
  readonly accountId: string;
  readonly engineVersion: string;
  readonly backupRetentionDays: number;
  /** @default - unknown */
  readonly maxAllocatedStorageGiB?: number;
}

/**
 * Builds the {@link PostgresSourceRef} of a source instance from configuration: the ARN is the
 * deterministic `arn:aws:rds:<region>:<account>:db:<identifier>`, the same one
 * `PostgresInstance.ref` returns.
 */
export function postgresSourceRef(props: PostgresSourceRefProps): PostgresSourceRef {
  validateIdentifier('source.identifier', props.identifier);
  validateRegion('source.region', props.region);
  validateAccountId('source.accountId', props.accountId);
  parameterGroupFamily('source.engineVersion', props.engineVersion);
  validateBackupRetentionDays('source.backupRetentionDays', props.backupRetentionDays, 'a cross-Region read replica needs automated backups on the source');
  return {
    arn: `arn:${arnPartition(props.region)}:rds:${props.region}:${props.accountId}:db:${props.identifier}`,
    id: props.identifier,
    region: props.region,
    engineVersion: props.engineVersion,
    backupRetentionDays: props.backupRetentionDays,
    maxAllocatedStorageGiB: props.maxAllocatedStorageGiB,
  };
}
