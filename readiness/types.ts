/**
 * The readiness report: what `warm-standby readiness` observed in a deployed environment, check by
 * check, beside the threshold each check holds it to.
 */

/** `ok`: within its threshold; `not_ready`: checked and outside it; `error`: could not be checked. */
export const CHECK_STATUSES = ['ok', 'not_ready', 'error'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** One readiness check of one deployed resource. */
export interface CheckResult {
  /** Stable id, `RDY-<AREA>-NNN`. */
  readonly id: string;
  /** One line: what must hold. */
  readonly title: string;
  /** Region the resource lives in (`global` for Route 53). */
  readonly region: string;
  /** The resource checked, by its deterministic name (identifier, bucket, queue URL, ...). */
  readonly resource: string;
  readonly status: CheckStatus;
  /** What was observed, e.g. `lag 12 s`; for `error`, what could not be read. */
  readonly observed: string;
  /** What the check requires, e.g. `<= 30 s (rds.replicaLagAllowanceSeconds)`. */
  readonly threshold: string;
  /** One sentence; for `error`, names the AWS call that failed and why. */
  readonly message: string;
  readonly recommended_action: string;
}

export interface ReadinessSummary {
  readonly total: number;
  readonly ok: number;
  readonly not_ready: number;
  readonly error: number;
}

/** `READY` (exit 0), `NOT READY` (exit 1: a check failed), `UNKNOWN` (exit 2: no check failed, some could not run). */
export type ReadinessVerdict = 'READY' | 'NOT READY' | 'UNKNOWN';

export interface ReadinessReport {
  readonly environment: string;
  readonly primaryRegion: string;
  readonly standbyRegion: string;
  /** ISO 8601 time the checks started. */
  readonly checkedAt: string;
  readonly verdict: ReadinessVerdict;
  readonly summary: ReadinessSummary;
  /** In a fixed order (by id), whatever order the checks finished in. */
  readonly checks: readonly CheckResult[];
}

/** Exit status of `warm-standby readiness`: 0 ready, 1 not ready, 2 could not check. */
export function readinessExitCode(report: Pick<ReadinessReport, 'verdict'>): 0 | 1 | 2 {
  return report.verdict === 'READY' ? 0 : report.verdict === 'NOT READY' ? 1 : 2;
}

/**
 * A check that found something not ready decides the verdict even when others could not run: the
 * environment is known not to be ready. Without one, any check that could not run makes it UNKNOWN.
 */
export function verdictOf(summary: ReadinessSummary): ReadinessVerdict {
  if (summary.not_ready > 0) return 'NOT READY';
  if (summary.error > 0 || summary.total === 0) return 'UNKNOWN';
  return 'READY';
}

export function summarizeChecks(checks: readonly CheckResult[]): ReadinessSummary {
  const count = (status: CheckStatus): number => checks.filter((c) => c.status === status).length;
  return { total: checks.length, ok: count('ok'), not_ready: count('not_ready'), error: count('error') };
}
