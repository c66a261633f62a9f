import { safeText } from '../../common/text';
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
          `**${text(f.rule)}** ${text(f.title)}`,
          text(f.severity),
          text(f.stack),
          code(f.address, report, f),
          text(f.message),
          text(f.recommended_action),
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
      out.push(
        row([
          text(f.rule),
          text(f.stack),
          code(f.address, report, f),
          text(f.exception?.owner ?? ''),
          text(f.exception?.expires ?? ''),
          text(f.exception?.reason ?? ''),
        ]),
      );
    }
    out.push('', '</details>');
  }

  const notEvaluated = rulesWithStatus(report, 'not_evaluated');
  if (notEvaluated.length) {
    out.push('', `<details><summary>Not evaluated (${notEvaluated.length})</summary>`, '', '| Rule | Why |', '|---|---|');
    for (const rule of notEvaluated) out.push(row([`**${text(rule.id)}** ${text(rule.title)}`, text(notEvaluatedReason(rule))]));
    out.push('', '</details>');
  }
  return `${out.join('\n')}\n`;
}

/** A table row of cells already made safe by `text` or `code`. */
function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Zero-width space as an entity: splits a mention or an autolink without changing what a reader sees. */
const ZWSP = '&#8203;';

/**
 * Text from the inputs as inert Markdown in a table cell: control characters visible (`safeText`),
 * line breaks as `<br>`, HTML as entities, pipes escaped (they would end the cell), the characters
 * of emphasis, code spans, links and images backslash-escaped, and `@` mentions, bare URLs and
 * `www.` autolinks split with a zero-width space, so a value cannot notify anyone or become a link
 * in a pull-request comment (GitHub links mentions and URLs found in the rendered text).
 */
export function text(value: string): string {
  return value
    .split(/\r?\n/)
    .map((line) =>
      safeText(line)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/[\\`*_[\]~|!]/g, '\\$&')
        .replace(/@/g, `@${ZWSP}`)
        .replace(/:\/\//g, `:${ZWSP}//`)
        .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`),
    )
    .join('<br>');
}

/** An address as a code span (where nothing renders as markup): one line, no backtick, pipes escaped. */
function code(address: string, report: GateReport, f: Finding): string {
  const line = locate(report, f)?.line;
  return `\`${safeText(address).replace(/`/g, "'").replace(/\|/g, '\\|')}\`${line ? ` (line ${line})` : ''}`;
}
