import { Token } from 'cdktf';

/**
 * Throws a construct-prop error that names the prop, the value and the rule, e.g.
 * `standby.minNodes must be >= 1 for a warm standby (got 0)`.
 *
 * Unresolved tokens are skipped: their value is only known at apply time.
 */
export function requireProp(ok: boolean, prop: string, value: unknown, rule: string): void {
  if (ok || isUnresolved(value)) return;
  throw new Error(`${prop} ${rule} (got ${JSON.stringify(value)})`);
}

/** True for values that are cdktf tokens (known only at apply time). */
export function isUnresolved(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number' || Array.isArray(value)) return Token.isUnresolved(value);
  return false;
}

/** Lower-case, dash-separated name within `maxLength`, for AWS names with tight limits. */
export function resourceName(maxLength: number, ...parts: string[]): string {
  const name = parts.filter((p) => p.length > 0).join('-').toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return name.length <= maxLength ? name : name.slice(0, maxLength).replace(/-+$/, '');
}
