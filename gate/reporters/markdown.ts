import { Finding, GateReport } from '../types';
import { locate, notEvaluatedReason, rulesWithStatus, verdict } from './common';

/** First line of the comment: a workflow finds its earlier comment by it and updates it. */
export const MARKDOWN_MARKER = '<!-- warm-standby-gate -->';

/** Rows per table; GitHub comments are capped at 65,536 characters. */
export const MAX_ROWS = 50;

/** A pull-request comment: verdict, counts, a findings table, then suppressed and not-evaluated details. */
export function renderMarkdown(report: GateReport): string {
  const s = report.summary;
  const pass = verdict(s) === 'PASS';
  const out = [
    MARKDOWN_MARKER,
    `### ${pass ? ':white_check_mark:' : ':x:'} Warm-standby policy gate: ${pass ? 'passed' : 'failed'}`,
    '',
    `**${s.mandatory_failed}** mandatory failed · **${s.advisory_failed}** advisory failed · **${s.suppressed}** suppressed · ` +
      `**${s.evaluated}** rules evaluated · **${s.not_evaluated}** not evaluated`,
  ];

  const open = report.findings.filter((f) => !f.suppressed);
  if (open.length) {
    out.push('', '| | Rule | Severity | Stack | Address | Finding | Fix |', '|---|---|---|---|---|---|---|');
    for (const f of open.slice(0, MAX_ROWS)) {
      out.push(
        row([
          f.enforcement === 'mandatory' ? ':x:' : ':warning:',
          `**${f.rule}** ${f.title}`,
          f.severity,
          f.stack,
          code(f.address, report, f),
          f.message,
          f.recommended_action,
        ]),
      );
    }
    if (open.length > MAX_ROWS) out.push('', `… and ${open.length - MAX_ROWS} more; see the full report.`);
  } else {
    out.push('', 'No unsuppressed findings.');
  }

  const suppressed = report.findings.filter((f) => f.suppressed);
  if (suppressed.length) {
    out.push(
      '',
      `<details><summary>Suppressed (${suppressed.length})</summary>`,
      '',
      '| Rule | Stack | Address | Owner | Expires | Reason |',
      '|---|---|---|---|---|---|',
    );
    for (const f of suppressed.slice(0, MAX_ROWS)) {
      out.push(row([f.rule, f.stack, code(f.address, report, f), f.exception?.owner ?? '', f.exception?.expires ?? '', f.exception?.reason ?? '']));
    }
    out.push('', '</details>');
  }

  const notEvaluated = rulesWithStatus(report, 'not_evaluated');
  if (notEvaluated.length) {
    out.push('', `<details><summary>Not evaluated (${notEvaluated.length})</summary>`, '', '| Rule | Why |', '|---|---|');
    for (const rule of notEvaluated) out.push(row([`**${rule.id}** ${rule.title}`, notEvaluatedReason(rule)]));
    out.push('', '</details>');
  }
  return `${out.join('\n')}\n`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** Table-safe text: pipes escaped, line breaks as `<br>`, HTML neutralised. */
function cell(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function code(address: string, report: GateReport, f: Finding): string {
  const line = locate(report, f)?.line;
  return `\`${address.replace(/`/g, "'")}\`${line ? ` (line ${line})` : ''}`;
}
