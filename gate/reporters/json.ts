import { Enforcement, Finding, GateReport, RuleInputStatus, RuleScope, RuleStatus, Severity, Summary } from '../types';

/** One finding in the JSON report (a fixed field set: consumers may rely on it). */
export type JsonFinding = Pick<
  Finding,
  'rule' | 'title' | 'severity' | 'enforcement' | 'stack' | 'region' | 'address' | 'message' | 'recommended_action' | 'suppressed' | 'exception'
>;

export interface JsonRule {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly enforcement: Enforcement;
  readonly scope: RuleScope;
  readonly status: RuleStatus;
  readonly reason: string;
  /** The rule's status on each checked input. */
  readonly inputs: readonly RuleInputStatus[];
}

/** The JSON report: `summary` and `findings` are the contract; `rules` lists every rule's status. */
export interface JsonReport {
  readonly summary: Summary;
  readonly findings: readonly JsonFinding[];
  readonly rules: readonly JsonRule[];
}

export function toJsonReport(report: GateReport): JsonReport {
  return {
    summary: { ...report.summary },
    findings: report.findings.map((f) => ({
      rule: f.rule,
      title: f.title,
      severity: f.severity,
      enforcement: f.enforcement,
      stack: f.stack,
      region: f.region,
      address: f.address,
      message: f.message,
      recommended_action: f.recommended_action,
      suppressed: f.suppressed,
      exception: f.exception,
    })),
    rules: report.rules.map((r) => ({
      id: r.id,
      title: r.title,
      severity: r.severity,
      enforcement: r.enforcement,
      scope: r.scope,
      status: r.status,
      reason: r.reason,
      inputs: r.inputs,
    })),
  };
}

export function renderJson(report: GateReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}
