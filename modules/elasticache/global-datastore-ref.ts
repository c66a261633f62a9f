import { RegionalRef, arnPartition, validateAccountId, validateRegion } from '../core';
import { validateGlobalDatastoreId } from './private/validation';

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
 * `id` is the full id AWS assigns: a Region-specific 5-letter prefix, a dash, then the suffix the
 * primary chose (e.g. `ldgnf-payments-cache`). The prefix is only known from AWS, so the id comes
 * from configuration. `region` is the primary's Region.
 */
export interface GlobalDatastoreRef extends RegionalRef {}

export interface GlobalDatastoreRefProps {
  /** Full Global Datastore id, `<5 lower-case letters>-<suffix>`. */
  readonly id: string;
  /** Region of the primary replication group. */
  readonly region: string;
  /** Account that owns the Global Datastore. */
  readonly accountId: string;
}

/**
 * Builds a {@link GlobalDatastoreRef} from configuration; the ARN is the deterministic
 * `arn:aws:elasticache::<account>:globalreplicationgroup:<id>` (global resources carry no Region).
 */
export function globalDatastoreRef(props: GlobalDatastoreRefProps): GlobalDatastoreRef {
  validateGlobalDatastoreId('globalDatastore.id', props.id);
  validateRegion('globalDatastore.region', props.region);
  validateAccountId('globalDatastore.accountId', props.accountId);
  return {
    arn: `arn:${arnPartition(props.region)}:elasticache::${props.accountId}:globalreplicationgroup:${props.id}`,
    id: props.id,
    region: props.region,
  };
}
