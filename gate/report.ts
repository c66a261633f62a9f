import { PolicyError } from '../common/errors';
import { isRecord } from '../common/files';
import {
  ENFORCEMENTS,
  Enforcement,
  Finding,
  INPUT_KINDS,
  InputKind,
  PolicyException,
  Report,
  RULE_SCOPES,
  RULE_STATUSES,
  RuleResult,
  RuleScope,
  RuleStatus,
  SEVERITIES,
  Severity,
  StackInfo,
} from './types';

/**
 * Checks the wasm's answer against the contract's report shape and returns it typed. The Rego is
 * built separately, so a drift shows up here as one clear error instead of `undefined` in a reporter.
 */
export function parseReport(value: unknown, source: string): Report {
  const at = (where: string, what: string): never => {
    throw new PolicyError(`policy report ${where} ${what}`, source);
  };
  if (!isRecord(value)) return at('', 'is not an object (is the bundle built from warm_standby/main/report?)');
  const list = (key: string): unknown[] => (Array.isArray(value[key]) ? (value[key] as unknown[]) : at(key, 'is not a list'));

  const reader = (obj: unknown, where: string) => {
    if (!isRecord(obj)) return at(where, 'is not an object');
    const str = (key: string, fallback?: string): string => {
      const v = obj[key];
      if (typeof v === 'string') return v;
      if ((v === undefined || v === null) && fallback !== undefined) return fallback;
      return at(`${where}.${key}`, `must be a string (got ${JSON.stringify(v) ?? 'nothing'})`);
    };
    const oneOf = <T extends string>(key: string, allowed: readonly T[]): T => {
      const v = str(key);
      return (allowed as readonly string[]).includes(v) ? (v as T) : at(`${where}.${key}`, `must be one of ${allowed.join('|')} (got "${v}")`);
    };
    return { obj, str, oneOf };
  };

  const rules = list('rules').map((raw, n): RuleResult => {
    const r = reader(raw, `rules[${n}]`);
    return {
      id: r.str('id'),
      title: r.str('title'),
      description: r.str('description', ''),
      severity: r.oneOf<Severity>('severity', SEVERITIES),
      enforcement: r.oneOf<Enforcement>('enforcement', ENFORCEMENTS),
      recommended_action: r.str('recommended_action', ''),
      scope: r.oneOf<RuleScope>('scope', RULE_SCOPES),
      status: r.oneOf<RuleStatus>('status', RULE_STATUSES),
      reason: r.str('reason', ''),
    };
  });

  const findings = list('findings').map((raw, n): Finding => {
    const f = reader(raw, `findings[${n}]`);
    const suppressed = f.obj.suppressed;
    if (typeof suppressed !== 'boolean') at(`findings[${n}].suppressed`, 'must be a boolean');
    const exception = f.obj.exception;
    return {
      rule: f.str('rule'),
      title: f.str('title'),
      severity: f.oneOf<Severity>('severity', SEVERITIES),
      enforcement: f.oneOf<Enforcement>('enforcement', ENFORCEMENTS),
      stack: f.str('stack', ''),
      region: f.str('region', ''),
      address: f.str('address'),
      message: f.str('message'),
      recommended_action: f.str('recommended_action', ''),
      scope: f.oneOf<RuleScope>('scope', RULE_SCOPES),
      path: typeof f.obj.path === 'string' && f.obj.path !== '' ? f.obj.path : null,
      suppressed: suppressed === true,
      exception: isRecord(exception) ? (exception as unknown as PolicyException) : null,
    };
  });

  const stacks = list('stacks').map((raw, n): StackInfo => {
    const s = reader(raw, `stacks[${n}]`);
    return { name: s.str('name'), role: s.str('role', ''), region: s.str('region', ''), file: s.str('file', '') };
  });

  const kind = value.input_kind;
  if (typeof kind !== 'string' || !(INPUT_KINDS as readonly string[]).includes(kind)) {
    at('input_kind', `must be one of ${INPUT_KINDS.join('|')} (got ${JSON.stringify(kind)})`);
  }
  return { rules, findings, stacks, input_kind: kind as InputKind };
}
