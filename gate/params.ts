import { InputError } from '../common/errors';
import { displayPath, isRecord, readStructured } from '../common/files';
import type { PolicyParams } from './engine';

/**
 * Checks for parameters the Rego is known to read; other keys pass through untouched (rules may add
 * parameters without touching the gate).
 */
const KNOWN: Readonly<Record<string, (value: unknown) => string | undefined>> = {
  min_standby_nodes: (v) => (Number.isInteger(v) && (v as number) >= 1 ? undefined : 'must be an integer >= 1'),
  max_dns_detection_seconds: (v) => (typeof v === 'number' && v > 0 ? undefined : 'must be a number > 0'),
  today: (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? undefined : 'must be a date YYYY-MM-DD (UTC)'),
};

/** Reads a params file (JSON or YAML object of parameter name to value). */
export function loadParams(file: string): PolicyParams {
  const doc = readStructured(file, 'params file');
  return validateParams(doc, displayPath(file));
}

export function validateParams(doc: unknown, source: string): PolicyParams {
  if (!isRecord(doc)) throw new InputError('params file must be an object of parameter name to value', source);
  for (const [key, value] of Object.entries(doc)) {
    const problem = KNOWN[key]?.(value);
    if (problem) throw new InputError(`param ${key} ${problem} (got ${JSON.stringify(value)})`, source);
  }
  return doc;
}

/**
 * Parameters of an environment from `environments/` (its `policyParams`), or `{}` for a name the
 * project does not know (a plan from elsewhere). Loaded lazily: the gate does not need the
 * environments for anything else.
 */
export function environmentParams(name: string | undefined): PolicyParams {
  if (!name) return {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ENVIRONMENTS } = require('../environments') as typeof import('../environments');
  return ENVIRONMENTS[name]?.policyParams ?? {};
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
