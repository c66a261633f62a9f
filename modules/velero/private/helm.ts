import { ReleaseSet } from '@cdktf/provider-helm/lib/release';

/** An exact chart version (`x.y.z`): ranges and `latest` would let a plan change under the same config. */
export const EXACT_CHART_VERSION = /^\d+\.\d+\.\d+$/;

/**
 * Turns `{ 'a.b[0].c': 'v' }` into helm_release `set` entries of type `string`, so Helm never
 * re-types a value (a bucket name like `1234` stays a string). Entries keep the record's order.
 */
export function stringSetEntries(entries: Readonly<Record<string, string>>): ReleaseSet[] {
  return Object.entries(entries).map(([name, value]) => ({ name, value, type: 'string' }));
}
