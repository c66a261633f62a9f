import { isUnresolved, requireProp } from '../../core';
import { BACKUP_RETENTION_DAYS } from '../constants';

/** RDS DB instance identifier: 1-63, a letter first, lower-case letters, digits and single dashes, no trailing dash. */
const DB_IDENTIFIER = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,62}$/;
const ENGINE_VERSION = /^(\d+)(?:\.(\d+))?$/;
const INSTANCE_CLASS = /^db\.[a-z0-9-]+\.[a-z0-9]+$/;

export function validateIdentifier(prop: string, value: string): void {
  requireProp(
    DB_IDENTIFIER.test(value),
    prop,
    value,
    'must be 1-63 characters of lower-case letters, digits and single dashes, start with a letter and not end with a dash',
  );
}

export function validateInstanceClass(prop: string, value: string): void {
  requireProp(INSTANCE_CLASS.test(value), prop, value, 'must be an RDS instance class such as db.r6g.large');
}

export function validateSubnetIds(prop: string, value: readonly string[]): void {
  requireProp(value.length >= 2, prop, value, 'must list at least 2 subnets (a DB subnet group spans at least 2 Availability Zones)');
}

export function validateBackupRetentionDays(prop: string, value: number, why: string): void {
  const { min, max } = BACKUP_RETENTION_DAYS;
  requireProp(Number.isInteger(value) && value >= min && value <= max, prop, value, `must be an integer from ${min} to ${max}: ${why}`);
}

/**
 * Parameter group family of a PostgreSQL engine version (`16.4` -> `postgres16`). RDS names the
 * family after the major version from PostgreSQL 10 on; older majors are out of RDS support.
 */
export function parameterGroupFamily(prop: string, engineVersion: string): string {
  if (isUnresolved(engineVersion)) {
    throw new Error(`${prop} must be a literal version, not a token: the parameter group family is derived from it`);
  }
  const match = ENGINE_VERSION.exec(engineVersion);
  const major = match ? Number(match[1]) : NaN;
  requireProp(match !== null && major >= 11, prop, engineVersion, 'must be a PostgreSQL version of 11 or later, `<major>` or `<major>.<minor>` (e.g. 16.4)');
  return `postgres${major}`;
}
