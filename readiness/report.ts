import { UsageError } from '../common/errors';
import { command, plural, INVALID_XML } from '../common/text';
import { CheckResult, CheckStatus, ReadinessReport } from './types';

/**
 * Renderers of the readiness report, in the gate's formats and with the gate's conventions (text by
 * default; JSON as the contract; Markdown for a job summary or comment, with a marker line; JUnit
 * with a test case per check; GitHub workflow commands), over the readiness report's own shape:
 * checks with an observed value and a threshold rather than policy findings.
 */
const RENDERERS = {
  text: renderText,
  json: renderJson,
  markdown: renderMarkdown,
  junit: renderJunit,
  github: renderGithub,
} as const satisfies Record<string, (report: ReadinessReport) => string>;

export type ReadinessFormat = keyof typeof RENDERERS;
export const READINESS_FORMATS = Object.keys(RENDERERS) as ReadinessFormat[];

export function isReadinessFormat(value: string): value is ReadinessFormat {
  return Object.prototype.hasOwnProperty.call(RENDERERS, value);
}

export function renderReadiness(format: string, report: ReadinessReport): string {
  if (!isReadinessFormat(format)) throw new UsageError(`unknown format "${format}"`, `--format: one of ${READINESS_FORMATS.join(', ')}`);
  return RENDERERS[format](report);
}

const LABEL: Record<CheckStatus, string> = { ok: 'OK', not_ready: 'NOT READY', error: 'ERROR' };

/** `13 ok, 1 not ready, 1 could not be checked (15 checks)`. */
export function readinessSummaryLine(report: ReadinessReport): string {
  const s = report.summary;
  return `${s.ok} ok, ${s.not_ready} not ready, ${s.error} could not be checked (${plural(s.total, 'check')})`;
}

function heading(report: ReadinessReport): string {
  return `${report.environment} (primary ${report.primaryRegion}, standby ${report.standbyRegion}) at ${report.checkedAt}`;
}

export function renderText(report: ReadinessReport): string {
  const out = [`warm-standby readiness: ${heading(report)}`, ''];
  for (const c of report.checks) {
    out.push(`  ${LABEL[c.status].padEnd(10)} ${c.id}  ${c.title}`);
    out.push(`             ${c.region}  ${c.resource}`);
    out.push(`             observed:  ${c.observed}`);
    out.push(`             threshold: ${c.threshold}`);
    if (c.status !== 'ok') {
      out.push(`             ${c.message}`);
      out.push(`             fix: ${c.recommended_action}`);
    }
  }
  out.push('', `${report.verdict}  ${readinessSummaryLine(report)}`);
  return `${out.join('\n')}\n`;
}

/** The JSON report: the {@link ReadinessReport} as is (a fixed field set: consumers may rely on it). */
export function renderJson(report: ReadinessReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** First line of the Markdown report, so a workflow can find and update an earlier comment. */
export const READINESS_MARKDOWN_MARKER = '<!-- warm-standby-readiness -->';

const ICON: Record<CheckStatus, string> = { ok: ':white_check_mark:', not_ready: ':x:', error: ':warning:' };

export function renderMarkdown(report: ReadinessReport): string {
  const icon = report.verdict === 'READY' ? ':white_check_mark:' : report.verdict === 'NOT READY' ? ':x:' : ':warning:';
  const out = [
    READINESS_MARKDOWN_MARKER,
    `### ${icon} Warm-standby readiness: ${report.verdict.toLowerCase()}`,
    '',
    `\`${report.environment}\`: primary ${report.primaryRegion}, standby ${report.standbyRegion}, checked ${report.checkedAt}. ` +
      `**${report.summary.ok}** ok · **${report.summary.not_ready}** not ready · **${report.summary.error}** could not be checked`,
    '',
    '| | Check | Region | Resource | Observed | Threshold |',
    '|---|---|---|---|---|---|',
    ...report.checks.map((c) => row([ICON[c.status], `**${c.id}** ${c.title}`, c.region, c.resource, c.observed, c.threshold])),
  ];
  const attention = report.checks.filter((c) => c.status !== 'ok');
  if (attention.length) {
    out.push('', '| | Check | What | Fix |', '|---|---|---|---|');
    for (const c of attention) out.push(row([ICON[c.status], `**${c.id}**`, c.message, c.recommended_action]));
  }
  return `${out.join('\n')}\n`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** Table-safe text: pipes escaped, line breaks as `<br>`, HTML neutralised (as the gate's Markdown). */
function cell(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** JUnit XML: one testsuite for the environment, a testcase per check; not ready is a failure, could-not-check an error. */
export function renderJunit(report: ReadinessReport): string {
  const s = report.summary;
  const cases = report.checks.map((c) => testcase(report, c));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="warm-standby readiness" tests="${s.total}" failures="${s.not_ready}" errors="${s.error}" skipped="0">`,
    `  <testsuite name="${attr(`readiness ${report.environment}`)}" tests="${s.total}" failures="${s.not_ready}" errors="${s.error}" skipped="0" timestamp="${attr(report.checkedAt)}">`,
    '    <properties>',
    ...[
      ['environment', report.environment],
      ['primary_region', report.primaryRegion],
      ['standby_region', report.standbyRegion],
      ['verdict', report.verdict],
    ].map(([n, v]) => `      <property name="${attr(n)}" value="${attr(v)}"/>`),
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(report: ReadinessReport, c: CheckResult): string {
  const head = `    <testcase classname="warm-standby.readiness.${attr(report.environment)}" name="${attr(`${c.id} ${c.title}`)}">`;
  const details = `${c.region} ${c.resource}\nobserved: ${c.observed}\nthreshold: ${c.threshold}`;
  if (c.status === 'ok') return `${head}\n      <system-out>${text(details)}</system-out>\n    </testcase>`;
  const tag = c.status === 'not_ready' ? 'failure' : 'error';
  return `${head}\n      <${tag} message="${attr(c.message)}" type="${c.status}">${text(`${details}\nfix: ${c.recommended_action}`)}</${tag}>\n    </testcase>`;
}

function text(value: string): string {
  return value.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** Workflow commands: `::error` per check not ready, `::warning` per check that could not run, then the summary line. */
export function renderGithub(report: ReadinessReport): string {
  const lines = report.checks
    .filter((c) => c.status !== 'ok')
    .map((c) =>
      command(
        c.status === 'not_ready' ? 'error' : 'warning',
        { title: `${c.id} ${LABEL[c.status]}: ${c.title}` },
        `${c.message}\nobserved: ${c.observed}; threshold: ${c.threshold}\nfix: ${c.recommended_action}`,
      ),
    );
  lines.push(`warm-standby readiness ${report.environment}: ${report.verdict} (${readinessSummaryLine(report)})`);
  return `${lines.join('\n')}\n`;
}
