import { editDistance } from '../common/text';
import { UsageError } from '../common/errors';
import { summarize } from './gate';
import { GateReport, SEVERITIES, Severity } from './types';

/**
 * Which rules a run reports and gates on, as checkov (`--check`/`--skip-check`), tflint
 * (`--enable-rule`/`--disable-rule`) and conftest users expect.
 */
export interface RuleSelection {
  /** Rule ids or globs (`WS-EKS-*`) to keep. @default - every rule */
  readonly rules?: readonly string[];
  /** Rule ids or globs to drop; applied after {@link rules}. @default - none */
  readonly skipRules?: readonly string[];
  /** Rules less severe than this are dropped with their findings. @default - every severity */
  readonly severityThreshold?: Severity;
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** `--severity-threshold` value, case-insensitive; anything else is a usage error naming the value. */
export function parseSeverity(value: string, option = '--severity-threshold'): Severity {
  const upper = value.toUpperCase();
  if (!isSeverity(upper)) throw new UsageError(`unknown severity "${value}"`, `${option}: one of ${SEVERITIES.join(', ')}`);
  return upper;
}

/** Splits repeated and comma-separated option values: `--rule A,B --rule C`. */
export function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** Matches a rule id against an id or a glob whose `*` spans any characters; case-insensitive. */
export function matchesRule(pattern: string, id: string): boolean {
  const escaped = pattern
    .toUpperCase()
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`).test(id.toUpperCase());
}

/**
 * Every pattern must match at least one known rule: a typo in `--skip-rule` would otherwise skip
 * nothing, and one in `--rule` would gate on nothing.
 */
export function checkSelection(selection: RuleSelection, knownIds: readonly string[]): void {
  if (knownIds.length === 0) return;
  const check = (option: string, patterns: readonly string[] | undefined): void => {
    for (const pattern of patterns ?? []) {
      if (knownIds.some((id) => matchesRule(pattern, id))) continue;
      const nearest = nearestId(pattern, knownIds);
      throw new UsageError(
        `${option} ${pattern} matches no rule`,
        nearest ? `did you mean ${nearest}? warm-standby rules lists them` : 'warm-standby rules lists them',
      );
    }
  };
  check('--rule', selection.rules);
  check('--skip-rule', selection.skipRules);
}

/** True when a rule with this id and severity is in the selection. */
export function selected(selection: RuleSelection, id: string, severity: Severity): boolean {
  if (selection.rules?.length && !selection.rules.some((p) => matchesRule(p, id))) return false;
  if (selection.skipRules?.some((p) => matchesRule(p, id))) return false;
  if (selection.severityThreshold && SEVERITIES.indexOf(severity) > SEVERITIES.indexOf(selection.severityThreshold)) return false;
  return true;
}

/** The report restricted to the selected rules, with the summary (and so the exit code) recomputed. */
export function selectRules(report: GateReport, selection: RuleSelection): GateReport {
  if (!selection.rules?.length && !selection.skipRules?.length && !selection.severityThreshold) return report;
  const rules = report.rules.filter((r) => selected(selection, r.id, r.severity));
  const keep = new Set(rules.map((r) => r.id));
  const findings = report.findings.filter((f) => keep.has(f.rule));
  return { ...report, rules, findings, summary: summarize(rules, findings) };
}

function nearestId(pattern: string, ids: readonly string[]): string | undefined {
  const target = pattern.toUpperCase();
  let best: { id: string; distance: number } | undefined;
  for (const id of ids) {
    const distance = editDistance(target, id);
    if (!best || distance < best.distance) best = { id, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(target.length / 3)) ? best.id : undefined;
}
