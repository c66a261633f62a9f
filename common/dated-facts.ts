import table from '../policies/lib/dated_facts/data.json';

/**
 * One row of the dated-facts table (`policies/lib/dated_facts/data.json`): something AWS or a chart
 * stops accepting on `date`, with where that was read and when. The policy bundle carries the same
 * file (`data.dated_facts`, rule WS-DATE-001), so the gate and the code that picks versions read one table.
 */
export interface DatedFact {
  readonly id: string;
  readonly kind: 'lambda_runtime' | 'eks_version' | 'helm_chart';
  /** Runtime identifier, EKS minor version or chart name. */
  readonly subject: string;
  readonly effect: string;
  /** `YYYY-MM-DD` (UTC) from which the effect applies. */
  readonly date: string;
  readonly source: string;
  /** `YYYY-MM-DD` the row was last checked against its source. */
  readonly checked: string;
  /** helm_chart only: chart versions below this one are affected. */
  readonly versions_below?: string;
  /** helm_chart only: on this Kubernetes minor and later. */
  readonly kubernetes_from?: string;
}

export interface DatedFacts {
  /** Days before a row's date from which the gate warns. */
  readonly warning_days: number;
  readonly facts: readonly DatedFact[];
}

export const DATED_FACTS: DatedFacts = table as DatedFacts;

/**
 * The Node.js Lambda runtime whose create block lies furthest ahead in the table, among those
 * `accepted` (the runtimes the pinned AWS provider validates). Independent of today's date, so a
 * synth is reproducible; the gate warns when that date comes near.
 */
export function newestNodejsLambdaRuntime(accepted: readonly string[], facts: DatedFacts = DATED_FACTS): string {
  const creates = facts.facts.filter(
    (f) => f.kind === 'lambda_runtime' && /^nodejs\d+\.x$/.test(f.subject) && /create/.test(f.id) && accepted.includes(f.subject),
  );
  if (creates.length === 0) throw new Error('dated facts: no nodejs lambda_runtime row with a create block (policies/lib/dated_facts/data.json)');
  return [...creates].sort((a, b) => b.date.localeCompare(a.date))[0].subject;
}

/** Today's date in UTC as `YYYY-MM-DD`. */
export function utcDate(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
