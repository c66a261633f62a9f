import { Token } from 'cdktf';
import { Construct } from 'constructs';

/**
 * A construct's props broke a rule. Once it leaves the constructor of a {@link validatedConstruct}
 * class, the message starts with the construct path: `example-primary/Database: backupRetentionDays
 * must be an integer from 1 to 35: ... (got 0)`.
 */
export class ConstructPropError extends Error {
  constructor(
    message: string,
    /** Path of the construct whose props are wrong, e.g. `example-primary/Database`; set on the way out of its constructor. */
    readonly constructPath?: string,
  ) {
    super(constructPath ? `${constructPath}: ${message}` : message);
    this.name = 'ConstructPropError';
  }

  /** The message without the construct path. */
  get detail(): string {
    return this.constructPath ? this.message.slice(this.constructPath.length + 2) : this.message;
  }
}

/**
 * Throws a construct-prop error that names the prop, the value and the rule, e.g.
 * `standby.minNodes must be >= 1 for a warm standby (got 0)`; the construct's class adds its path.
 *
 * Unresolved tokens are skipped: their value is only known at apply time.
 */
export function requireProp(ok: boolean, prop: string, value: unknown, rule: string): void {
  if (ok || isUnresolved(value)) return;
  throw new ConstructPropError(`${prop} ${rule} (got ${JSON.stringify(value)})`);
}

// A class decorator must accept any constructor signature; the arguments are passed through untouched.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ConstructClass = new (...args: any[]) => Construct;

/**
 * Class decorator for constructs: an error thrown while the construct is being built (a prop
 * validation, a malformed literal) leaves the constructor as a {@link ConstructPropError} whose
 * message starts with the construct's path, so the user knows which of many instances is wrong.
 * The innermost construct names itself; outer constructs pass its error on unchanged.
 */
export function validatedConstruct<C extends ConstructClass>(target: C, _context: ClassDecoratorContext<C>): C {
  return class extends target {
    // A mixin's constructor must take `...args: any[]` (TS2545); forwarded as unknown[], unread here.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      try {
        super(...(args as unknown[]));
      } catch (err) {
        if (err instanceof ConstructPropError && err.constructPath) throw err;
        const [scope, id] = args as [Construct, string];
        const path = scope.node.path ? `${scope.node.path}/${id}` : id;
        const message = err instanceof ConstructPropError ? err.detail : err instanceof Error ? err.message : String(err);
        throw new ConstructPropError(message, path);
      }
    }
  };
}

/** True for values that are cdktf tokens (known only at apply time). */
export function isUnresolved(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number' || Array.isArray(value)) return Token.isUnresolved(value);
  return false;
}

/** Lower-case, dash-separated name within `maxLength`, for AWS names with tight limits. */
export function resourceName(maxLength: number, ...parts: string[]): string {
  const name = parts
    .filter((p) => p.length > 0)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-');
  return name.length <= maxLength ? name : name.slice(0, maxLength).replace(/-+$/, '');
}

/** AWS account id: exactly 12 digits (leading zeros are significant, so it stays a string). */
const ACCOUNT_ID = /^\d{12}$/;
/** AWS Region name, e.g. `us-east-1`, `ap-southeast-2`, `us-gov-west-1`. */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
/** An IPv4 CIDR block `a.b.c.d/n` (octet and prefix ranges are checked by callers). */
export const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Throws unless `value` is a 12-digit AWS account id (checked here, not left for apply). */
export function validateAccountId(prop: string, value: string): void {
  requireProp(ACCOUNT_ID.test(value), prop, value, 'must be a 12-digit AWS account id');
}

/** Throws unless `value` looks like an AWS Region name; it feeds ARNs and partitions, so a typo must fail at synth. */
export function validateRegion(prop: string, value: string): void {
  requireProp(REGION.test(value), prop, value, 'must be an AWS Region name such as us-east-1');
}

/**
 * Throws unless every entry is an IPv4 CIDR block and none is `/0`. For client networks of a data
 * store: `/0` would open `target` (e.g. `the database`) to every address, so callers must list the
 * client networks instead. Errors name the entry as `prop[i]`.
 */
export function validateClientCidrs(prop: string, cidrs: readonly string[], target: string): void {
  cidrs.forEach((cidr, i) => {
    const match = IPV4_CIDR.exec(cidr);
    const octetsOk = match !== null && match.slice(1, 5).every((o) => Number(o) <= 255);
    requireProp(octetsOk && Number(match[5]) <= 32, `${prop}[${i}]`, cidr, 'must be an IPv4 CIDR block such as 10.0.0.0/16');
    requireProp(!octetsOk || Number(match[5]) > 0, `${prop}[${i}]`, cidr, `must not open ${target} to every address (/0); list the client networks`);
  });
}

/** Retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days; 0 means never expire. */
export const CLOUDWATCH_LOG_RETENTION_DAYS: readonly number[] = [
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/**
 * Refuses a log-group retention CloudWatch Logs would reject at apply time, naming the prop; with
 * `allowNeverExpire: false` also 0 (never expire).
 */
export function requireLogRetention(prop: string, days: number, options: { allowNeverExpire?: boolean } = {}): void {
  const allowed = options.allowNeverExpire === false ? CLOUDWATCH_LOG_RETENTION_DAYS.filter((d) => d > 0) : CLOUDWATCH_LOG_RETENTION_DAYS;
  requireProp(allowed.includes(days), prop, days, `must be a CloudWatch Logs retention (${allowed.join(', ')})`);
}
