/**
 * The policy report produced by `data.warm_standby.main.report` (see the gate contract), and the
 * merged report the gate builds when several inputs are checked at once.
 */

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ENFORCEMENTS = ['mandatory', 'advisory'] as const;
export type Enforcement = (typeof ENFORCEMENTS)[number];

export const RULE_STATUSES = ['evaluated', 'not_evaluated', 'not_applicable'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

export const RULE_SCOPES = ['stack_local', 'cross_region'] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];

export const INPUT_KINDS = ['cdktf_app', 'plan', 'hcp'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

/** One entry of an exceptions file, after validation; what the wasm receives as `data.exceptions`. */
export interface PolicyException {
  readonly rule: string;
  /** Terraform address or glob (OPA `glob.match` with `.` as delimiter). */
  readonly address: string;
  readonly reason: string;
  readonly owner: string;
  /** Last day the exception applies, `YYYY-MM-DD`. */
  readonly expires: string;
  /** Narrows the exception to one stack. @default - any stack */
  readonly stack?: string;
}

/** A rule of the catalogue and whether it could be decided for the input. */
export interface RuleResult {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly enforcement: Enforcement;
  readonly recommended_action: string;
  readonly scope: RuleScope;
  readonly status: RuleStatus;
  /** Why the rule was not evaluated or not applicable; empty when evaluated. */
  readonly reason: string;
}

export interface Finding {
  readonly rule: string;
  readonly title: string;
  readonly severity: Severity;
  readonly enforcement: Enforcement;
  readonly stack: string;
  readonly region: string;
  readonly address: string;
  readonly message: string;
  readonly recommended_action: string;
  readonly scope: RuleScope;
  /** cdktf construct path, when the input carries one. */
  readonly path: string | null;
  readonly suppressed: boolean;
  readonly exception: PolicyException | null;
}

export interface StackInfo {
  readonly name: string;
  readonly role: string;
  readonly region: string;
  /** The file the stack was read from (a stack's cdk.tf.json, or the plan file). */
  readonly file: string;
}

/** The wasm's answer for one input. */
export interface Report {
  readonly rules: readonly RuleResult[];
  readonly findings: readonly Finding[];
  readonly stacks: readonly StackInfo[];
  readonly input_kind: InputKind;
}

/** What a rule's status was for one checked input. */
export interface RuleInputStatus {
  readonly input: string;
  readonly status: RuleStatus;
  readonly reason: string;
}

/** A rule across every checked input: `status` is the best status any input reached. */
export interface MergedRule extends RuleResult {
  readonly inputs: readonly RuleInputStatus[];
}

export interface MergedStack extends StackInfo {
  /** Display path of the input the stack came from. */
  readonly input: string;
}

/**
 * The counts every reporter prints.
 *
 * - `evaluated`: rules (one count per rule id, not per stack or resource) that at least one input
 *   could decide.
 * - `mandatory_failed` / `advisory_failed`: unsuppressed findings (one count per finding) of
 *   mandatory / advisory rules.
 * - `suppressed`: findings suppressed by a valid exception.
 * - `not_evaluated`: rules that no input could decide and at least one input could not (e.g. a
 *   cross-Region rule given one Region's plan). Rules that are merely not applicable to every
 *   input are in neither `evaluated` nor `not_evaluated`.
 */
export interface Summary {
  readonly evaluated: number;
  readonly mandatory_failed: number;
  readonly advisory_failed: number;
  readonly suppressed: number;
  readonly not_evaluated: number;
}

/** Where a finding points in the checked files. */
export interface FindingLocation {
  /** Display path of the stack's synthesized file (relative to the working directory when inside it). */
  readonly file: string;
  /** The same as a URI reference: relative (percent-encoded) or `file://`. */
  readonly uri: string;
  /** 1-based line of the resource in that file, when it could be found. */
  readonly line?: number;
  /**
   * Tracked source that produced the finding, repository-relative: the stacks/ or modules/ line
   * creating the resource (from its construct path), else the environment's configuration file.
   * @default - none (sources not present, or nothing to follow)
   */
  readonly source?: { readonly file: string; readonly line: number };
  /** The environment's configuration file (`environments/<env>.ts`), when the input names one that exists. @default - none */
  readonly environment?: { readonly file: string; readonly line: number };
}

export interface EvaluatedInput {
  /** The path as given (display form). */
  readonly path: string;
  readonly kind: InputKind;
  readonly report: Report;
}

/** Every input's report merged: what reporters render. */
export interface GateReport {
  readonly inputs: readonly EvaluatedInput[];
  readonly rules: readonly MergedRule[];
  readonly findings: readonly Finding[];
  readonly stacks: readonly MergedStack[];
  readonly summary: Summary;
  /** Valid exceptions that suppressed nothing (candidates for removal). */
  readonly unusedExceptions: readonly PolicyException[];
  /** Location of a finding (keyed by {@link locationKey}). */
  readonly locations: ReadonlyMap<string, FindingLocation>;
  /** Display paths of the exceptions files applied (given, or each input's environment's). @default - none */
  readonly exceptionsFiles?: readonly string[];
}

/** Key of {@link GateReport.locations}. */
export function locationKey(finding: Pick<Finding, 'stack' | 'address'>): string {
  return `${finding.stack}\u0000${finding.address}`;
}

/** True when the report has an unsuppressed mandatory finding: the gate fails. */
export function gateFailed(report: Pick<GateReport, 'summary'>): boolean {
  return report.summary.mandatory_failed > 0;
}
