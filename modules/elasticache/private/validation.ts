import { requireProp } from '../../core';

/** Replication group id: 1-40, a letter first, lower-case letters, digits and single dashes, no trailing dash. */
const REPLICATION_GROUP_ID = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,39}$/;
/** Global Datastore id suffix: lower-case letters, digits and single dashes, no leading or trailing dash. */
const SUFFIX = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/;
/** Full Global Datastore id: a 5-letter Region-specific prefix AWS assigns, a dash, the suffix. */
const GLOBAL_DATASTORE_ID = /^[a-z]{5}-[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/;
const ENGINE_VERSION = /^(\d+)\.(\d+|x)(?:\.(\d+))?$/;
const NODE_TYPE = /^cache\.[a-z0-9-]+\.[a-z0-9]+$/;

export function validateReplicationGroupId(prop: string, value: string): void {
  requireProp(
    REPLICATION_GROUP_ID.test(value),
    prop,
    value,
    'must be 1-40 characters of lower-case letters, digits and single dashes, start with a letter and not end with a dash',
  );
}

export function validateGlobalReplicationGroupIdSuffix(prop: string, value: string): void {
  requireProp(SUFFIX.test(value), prop, value, 'must be lower-case letters, digits and single dashes, not starting or ending with a dash');
}

export function validateGlobalDatastoreId(prop: string, value: string): void {
  requireProp(GLOBAL_DATASTORE_ID.test(value), prop, value, 'must be the full id AWS assigns, `<5 lower-case letters>-<suffix>` (e.g. ldgnf-payments-cache)');
}

/** Global Datastore needs Redis OSS 5.0.6 or later. */
export function validateEngineVersion(prop: string, value: string): void {
  const match = ENGINE_VERSION.exec(value);
  const [major, minor, patch] = match ? [Number(match[1]), match[2] === 'x' ? Infinity : Number(match[2]), Number(match[3] ?? Infinity)] : [0, 0, 0];
  const supported = major > 5 || (major === 5 && (minor > 0 || patch >= 6));
  requireProp(match !== null && supported, prop, value, 'must be a Redis OSS version Global Datastore supports, 5.0.6 or later (e.g. 7.1)');
}

export function validateNodeType(prop: string, value: string): void {
  requireProp(NODE_TYPE.test(value), prop, value, 'must be an ElastiCache node type such as cache.r6g.large');
  requireProp(!value.startsWith('cache.t'), prop, value, 'must not be a burstable (cache.t*) node type: Global Datastore does not support them');
}

export function validateNumCacheClusters(prop: string, value: number): void {
  requireProp(Number.isInteger(value) && value >= 2, prop, value, 'must be >= 2: automatic failover needs a replica');
  requireProp(value <= 6, prop, value, 'must be <= 6 (a primary and at most 5 replicas)');
}

export function validateSubnetIds(prop: string, value: readonly string[]): void {
  requireProp(value.length >= 2, prop, value, 'must list at least 2 subnets (Multi-AZ needs nodes in at least 2 Availability Zones)');
}
