import { Finding, GateReport } from '../types';
import { command, safeText as s } from '../../common/text';
import { addressedMessage, locate, notEvaluatedReason, rulesWithStatus, summaryLine, verdict } from './common';

/**
 * GitHub Actions workflow commands: `::error` for mandatory findings, `::warning` for advisory ones,
 * `::notice` for suppressed findings and rules that were not evaluated, then a plain summary line.
 */
export function renderGithub(report: GateReport): string {
  const lines = report.findings.map((f) =>
    command(f.suppressed ? 'notice' : f.enforcement === 'mandatory' ? 'error' : 'warning', properties(report, f), body(f)),
  );
  for (const rule of rulesWithStatus(report, 'not_evaluated')) {
    lines.push(command('notice', { title: `${rule.id} not evaluated: ${s(rule.title)}` }, s(notEvaluatedReason(rule))));
  }
  lines.push(`warm-standby policy gate: ${verdict(report.summary)} (${summaryLine(report.summary)})`);
  return `${lines.join('\n')}\n`;
}

function properties(report: GateReport, f: Finding): Record<string, string> {
  const where = locate(report, f);
  const title = `${s(f.rule)} ${s(f.title)}${f.suppressed ? ' (suppressed)' : ` [${s(f.enforcement)}, ${s(f.severity)}]`}`;
  return {
    ...(where ? { file: s(where.file) } : {}),
    ...(where?.line ? { line: String(where.line) } : {}),
    title,
  };
}

function body(f: Finding): string {
  const lines = [`${f.stack ? `${s(f.stack)}: ` : ''}${s(addressedMessage(f))}`];
  if (f.suppressed && f.exception)
    lines.push(`Suppressed by exception (owner ${s(f.exception.owner)}, until ${s(f.exception.expires)}): ${s(f.exception.reason)}`);
  else if (f.recommended_action) lines.push(`Fix: ${s(f.recommended_action)}`);
  return lines.join('\n');
}
