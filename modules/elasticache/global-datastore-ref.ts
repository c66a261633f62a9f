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
 * `id` is the full id AWS assigns: the 5-letter prefix of the primary's Region (see
 * {@link GLOBAL_DATASTORE_ID_PREFIXES}), a dash, then the suffix the primary chose (e.g.
 * `ldgnf-payments-cache` for a us-east-1 primary). `region` is the primary's Region.
 */
export type GlobalDatastoreRef = RegionalRef;

export interface GlobalDatastoreRefProps {
  /** Suffix given to the Global Datastore by the primary (`global_replication_group_id_suffix`). */
  readonly suffix: string;
  /** Region of the primary replication group; it decides the id's prefix. */
  readonly region: string;
  /** Account that owns the Global Datastore. */
  readonly accountId: string;
}

/**
 * Builds a {@link GlobalDatastoreRef} from configuration: the id is `<prefix of region>-<suffix>`, the
 * prefix taken from {@link GLOBAL_DATASTORE_ID_PREFIXES}; the ARN is the deterministic
 * `arn:aws:elasticache::<account>:globalreplicationgroup:<id>` (global resources carry no Region).
 */
export function globalDatastoreRef(props: GlobalDatastoreRefProps): GlobalDatastoreRef {
  validateGlobalReplicationGroupIdSuffix('globalDatastore.suffix', props.suffix);
  validateRegion('globalDatastore.region', props.region);
  validateAccountId('globalDatastore.accountId', props.accountId);
  const prefix = globalDatastoreIdPrefix(props.region);
  requireProp(
    prefix !== undefined,
    'globalDatastore.region',
    props.region,
    `must be a Region with a known Global Datastore id prefix (${Object.keys(GLOBAL_DATASTORE_ID_PREFIXES).join(', ')})`,
  );
  const id = `${prefix}-${props.suffix}`;
  validateGlobalDatastoreId('globalDatastore.id', id);
  return {
    arn: `arn:${arnPartition(props.region)}:elasticache::${props.accountId}:globalreplicationgroup:${id}`,
    id,
    region: props.region,
  };
}
