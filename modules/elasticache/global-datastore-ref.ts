import { RegionalRef, arnPartition, requireProp, validateAccountId, validateRegion } from '../core';
import { validateGlobalDatastoreId, validateGlobalReplicationGroupIdSuffix } from './private/validation';
import { GLOBAL_DATASTORE_ID_PREFIXES, globalDatastoreIdPrefix } from './region-prefixes';

/** Tag that says which side of the Global Datastore a replication group is. */
export const CACHE_ROLE_TAG = 'warm-standby/cache-role';

/** Values of {@link CACHE_ROLE_TAG}. Stable: the Rego rules in `policies/` match on them. */
export const CacheRole = {
  PRIMARY: 'primary',
  SECONDARY: 'secondary',
} as const;

/**
 * A Global Datastore (global replication group) as a secondary member in another Region sees it.
 *
 * `id` is the full id AWS assigns: the 5-letter prefix of the Region the Global Datastore was created
 * in (see {@link GLOBAL_DATASTORE_ID_PREFIXES}), a dash, then the suffix the primary chose (e.g.
 * `ldgnf-payments-cache` when created with a us-east-1 primary). `region` is the Region of its primary
 * member now. The id never changes: after `failover-global-replication-group` the primary member is
 * in another Region and the id keeps the prefix of the Region it was created in (`createdInRegion`).
 */
export type GlobalDatastoreRef = RegionalRef & {
  /**
   * Region the Global Datastore was created in, whose prefix its id carries.
   * @default - `region`: the primary member is still where it was created
   */
  readonly createdInRegion?: string;
};

export interface GlobalDatastoreRefProps {
  /** Suffix given to the Global Datastore by the primary (`global_replication_group_id_suffix`). */
  readonly suffix: string;
  /** Region of the primary replication group. */
  readonly region: string;
  /**
   * Region the Global Datastore was created in; it decides the id's prefix. A failback environment
   * (Regions swapped) keeps the original primary Region's: a Global Datastore failover moves the
   * primary member but never renames the Global Datastore.
   * @default - `region`
   */
  readonly createdInRegion?: string;
  /** Account that owns the Global Datastore. */
  readonly accountId: string;
}

/**
 * Builds a {@link GlobalDatastoreRef} from configuration: the id is `<prefix of createdInRegion>-<suffix>`, the
 * prefix taken from {@link GLOBAL_DATASTORE_ID_PREFIXES}; the ARN is the deterministic
 * `arn:aws:elasticache::<account>:globalreplicationgroup:<id>` (global resources carry no Region).
 */
export function globalDatastoreRef(props: GlobalDatastoreRefProps): GlobalDatastoreRef {
  validateGlobalReplicationGroupIdSuffix('globalDatastore.suffix', props.suffix);
  validateRegion('globalDatastore.region', props.region);
  validateAccountId('globalDatastore.accountId', props.accountId);
  const createdInRegion = props.createdInRegion ?? props.region;
  const field = props.createdInRegion === undefined ? 'globalDatastore.region' : 'globalDatastore.createdInRegion';
  validateRegion(field, createdInRegion);
  requireProp(
    arnPartition(createdInRegion) === arnPartition(props.region),
    field,
    createdInRegion,
    `must be in the partition of globalDatastore.region ${props.region} (${arnPartition(props.region)}): a Global Datastore never spans partitions`,
  );
  const prefix = globalDatastoreIdPrefix(createdInRegion);
  requireProp(
    prefix !== undefined,
    field,
    createdInRegion,
    `must be a Region with a known Global Datastore id prefix (${Object.keys(GLOBAL_DATASTORE_ID_PREFIXES).join(', ')})`,
  );
  const id = `${prefix}-${props.suffix}`;
  validateGlobalDatastoreId('globalDatastore.id', id);
  return {
    arn: `arn:${arnPartition(props.region)}:elasticache::${props.accountId}:globalreplicationgroup:${id}`,
    id,
    region: props.region,
    createdInRegion,
  };
}
