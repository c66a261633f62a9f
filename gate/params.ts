import { InputError } from '../common/errors';
import { displayPath, isRecord, readStructured } from '../common/files';
import { suggestion } from '../common/text';
import type { PolicyParams } from './engine';

/** What a parameter accepts: a finite number within [min, max], whole when `integer`; or a UTC date. */
type ParamSpec =
  | {
      readonly kind?: 'number';
      readonly integer: boolean;
      readonly min: number;
      readonly max: number;
      /** Why the bounds, for the error message. */
      readonly rule: string;
    }
  | { readonly kind: 'date'; readonly rule: string };

/**
 * Every parameter the Rego reads (`data.warm_standby.lib.param_defaults`; a test keeps the two in
 * step). Anything else is refused: a misspelled key would otherwise leave the rule on its default
 * without a word, and a string such as "60" compares greater than every number in Rego, which
 * silently turns a threshold rule off.
 */
export const PARAM_SPECS: Readonly<Record<string, ParamSpec>> = {
  // A warm standby keeps at least one node; an EKS managed node group holds at most 450 by default.
  min_standby_nodes: { integer: true, min: 1, max: 450, rule: 'a warm standby keeps at least one node' },
  // Route 53 detection is at most 30 s x 10 failures = 300 s; a day is far beyond any useful target.
  max_dns_detection_seconds: { integer: false, min: 1, max: 86400, rule: 'seconds from a failed endpoint to DNS failover' },
  // Secrets Manager's rate() accepts at most 1000 days; PCI DSS 8.6.3 leaves the period to a risk analysis.
  max_master_secret_rotation_days: { integer: true, min: 1, max: 1000, rule: 'longest rotation schedule of a database master secret (WS-RDS-007)' },
  // The date the dated-facts rules (WS-DATE-001/002) compare against; the gate passes today's.
  today: { kind: 'date', rule: 'the UTC date the dated facts are checked against' },
};

/** Reads a params file (JSON or YAML object of parameter name to value). */
export function loadParams(file: string): PolicyParams {
  const doc = readStructured(file, 'params file');
  return validateParams(doc, displayPath(file));
}

/**
 * Checks every key is a known parameter and every value a finite number in range; the first
 * problem is an {@link InputError} naming the key, the value and the rule. Used for `--params`,
 * an environment's `policyParams` and the HCP policy-set export alike.
 */
export function validateParams(doc: unknown, source: string): PolicyParams {
  if (!isRecord(doc)) throw new InputError('params file must be an object of parameter name to value', source);
  const known = Object.keys(PARAM_SPECS);
  for (const [key, value] of Object.entries(doc)) {
    const spec = Object.prototype.hasOwnProperty.call(PARAM_SPECS, key) ? PARAM_SPECS[key] : undefined;
    if (!spec) throw new InputError(`unknown param ${JSON.stringify(key)}${suggestion(key, known)}`, source);
    const problem = paramProblem(spec, value);
    if (problem) throw new InputError(`param ${key} ${problem} (got ${shown(value)})`, source);
  }
  return doc;
}

function paramProblem(spec: ParamSpec, value: unknown): string | undefined {
  if (spec.kind === 'date') {
    return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : `must be a date YYYY-MM-DD: ${spec.rule}`;
  }
  const kind = spec.integer ? 'an integer' : 'a number';
  const wanted = `must be ${kind} from ${spec.min} to ${spec.max}: ${spec.rule}`;
  if (typeof value !== 'number') return `must be ${kind}, not ${value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`}`;
  if (!Number.isFinite(value)) return `must be a finite number`;
  if (spec.integer && !Number.isInteger(value)) return wanted;
  return value < spec.min || value > spec.max ? wanted : undefined;
}

/** A value as the user wrote it: strings quoted, Infinity and NaN by name (JSON would say null). */
function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Parameters of an environment from `environments/` (its `policyParams`, validated), or `{}` for a
 * name the project does not know (a plan from elsewhere). Loaded lazily: the gate does not need the
 * environments for anything else.
 */
export function environmentParams(name: string | undefined): PolicyParams {
  if (!name) return {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ENVIRONMENTS } = require('../environments') as typeof import('../environments');
  const env = Object.prototype.hasOwnProperty.call(ENVIRONMENTS, name) ? ENVIRONMENTS[name] : undefined;
  return env ? validateParams(env.policyParams ?? {}, `environments/${name}.ts policyParams`) : {};
}

/** Lays each layer over the previous one: objects merge recursively, anything else replaces. */
export function mergeParams(...layers: readonly (PolicyParams | undefined)[]): PolicyParams {
  return layers.reduce<Record<string, unknown>>((acc, layer) => (layer ? (merge(acc, layer) as Record<string, unknown>) : acc), {});
}

function merge(base: unknown, over: unknown): unknown {
  if (!isRecord(base) || !isRecord(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = value === undefined ? base[key] : merge(base[key], value);
  return out;
}
