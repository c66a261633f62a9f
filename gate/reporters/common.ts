import { Finding, FindingLocation, GateReport, MergedRule, MergedStack, Summary, locationKey } from '../types';

/** Findings of one stack (or of no known stack), in report order. */
export interface StackGroup {
  readonly name: string;
  /** Undefined for findings naming a stack no input listed. */
  readonly stack?: MergedStack;
  readonly findings: readonly Finding[];
}

/** Name of the group holding findings whose stack no input listed (e.g. app-wide findings). */
export const NO_STACK = '(app)';

export function stackGroups(report: GateReport): StackGroup[] {
  const groups: StackGroup[] = report.stacks.map((stack) => ({
    name: stack.name,
    stack,
    findings: report.findings.filter((f) => f.stack === stack.name),
  }));
  const known = new Set(report.stacks.map((s) => s.name));
  const orphans = report.findings.filter((f) => !known.has(f.stack));
  if (orphans.length) groups.push({ name: NO_STACK, findings: orphans });
  return groups;
}

export function locate(report: GateReport, finding: Finding): FindingLocation | undefined {
  return report.locations.get(locationKey(finding));
}

export function rulesWithStatus(report: GateReport, status: MergedRule['status']): MergedRule[] {
  return report.rules.filter((r) => r.status === status);
}

/** `PASS` or `FAIL`: the gate fails on an unsuppressed mandatory finding only. */
export function verdict(summary: Summary): 'PASS' | 'FAIL' {
  return summary.mandatory_failed > 0 ? 'FAIL' : 'PASS';
}

/** e.g. `2 mandatory failed, 1 advisory failed, 1 suppressed; 14 rules evaluated, 3 not evaluated`. */
import { plural } from '../../common/text';

export { plural };

export function summaryLine(summary: Summary): string {
  return (
    `${summary.mandatory_failed} mandatory failed, ${summary.advisory_failed} advisory failed, ` +
    `${summary.suppressed} suppressed; ${plural(summary.evaluated, 'rule')} evaluated, ${summary.not_evaluated} not evaluated`
  );
}

/** Why a rule was not evaluated, naming the inputs when there were several. */
export function notEvaluatedReason(rule: MergedRule): string {
  const missing = rule.inputs.filter((i) => i.status === 'not_evaluated');
  if (rule.inputs.length <= 1) return rule.reason || 'no reason given';
  // One line per distinct reason, naming its inputs; the per-input "this ... input has <stack>" detail
  // stays in the JSON report, so several plans don't repeat the same sentence.
  const byReason = new Map<string, string[]>();
  for (const i of missing) {
    const reason = (i.reason || 'no reason given').replace(/; this \w+ input has .*$/, '');
    byReason.set(reason, [...(byReason.get(reason) ?? []), i.input]);
  }
  return [...byReason].map(([reason, inputs]) => `${reason} (${inputs.join(', ')})`).join('; ');
}

/** Rules that could not be decided on some input although another input decided them. */
export function partlyEvaluated(report: GateReport): MergedRule[] {
  return report.rules.filter((r) => r.status === 'evaluated' && r.inputs.some((i) => i.status === 'not_evaluated'));
}

/** The finding's message, prefixed with its address unless the message already names it. */
export function addressedMessage(f: Pick<Finding, 'address' | 'message'>): string {
  return f.message.includes(f.address) ? f.message : `${f.address}: ${f.message}`;
}
