import { plural, safeText as s } from '../../common/text';
import { Finding, GateReport } from '../types';
import { locate, notEvaluatedReason, partlyEvaluated, rulesWithStatus, stackGroups, summaryLine, verdict } from './common';

const KIND_LABEL = { cdktf_app: 'cdktf app', plan: 'Terraform plan', hcp: 'HCP Terraform policy input' } as const;

/** Human-readable report, grouped by stack; the default format. */
export function renderText(report: GateReport): string {
  const out: string[] = ['warm-standby policy gate'];
  for (const input of report.inputs) {
    out.push(`checked ${s(input.path)} (${KIND_LABEL[input.kind]}, ${plural(input.report.stacks.length, 'stack')})`);
  }
  // Which exceptions applied, so a suppression is never a surprise in the log.
  if (report.exceptionsFiles?.length) out.push(`exceptions from ${report.exceptionsFiles.join(', ')}`);

  for (const group of stackGroups(report)) {
    const st = group.stack;
    out.push('', st ? `${s(st.name)}  ${s(st.role || '?')}  ${s(st.region || '?')}  ${s(st.file)}` : `${s(group.name)}  findings not tied to one stack`);
    if (group.findings.length === 0) out.push('  no findings');
    for (const finding of group.findings) out.push(...findingLines(report, finding));
  }

  const notEvaluated = rulesWithStatus(report, 'not_evaluated');
  if (notEvaluated.length) {
    out.push('', `not evaluated (${notEvaluated.length}): these rules were NOT checked`);
    for (const rule of notEvaluated) out.push(`  ${rule.id}  ${s(rule.title)}`, `        ${s(notEvaluatedReason(rule))}`);
  }
  const notApplicable = rulesWithStatus(report, 'not_applicable');
  if (notApplicable.length) {
    out.push('', `not applicable (${notApplicable.length}): these rules do not apply to this input`);
    for (const rule of notApplicable) out.push(`  ${rule.id}  ${s(rule.title)}`, `        ${s(rule.reason || 'no reason given')}`);
  }
  const partial = partlyEvaluated(report);
  if (partial.length) {
    out.push('', `evaluated on some inputs only (${partial.length})`);
    for (const rule of partial) {
      const skipped = rule.inputs.filter((i) => i.status === 'not_evaluated').map((i) => `${s(i.input)}: ${s(i.reason)}`);
      out.push(`  ${rule.id}  ${s(rule.title)}`, `        not on ${skipped.join('; ')}`);
    }
  }
  if (report.unusedExceptions.length) {
    out.push('', `unused exceptions (${report.unusedExceptions.length}): they suppress nothing; remove them`);
    for (const e of report.unusedExceptions) out.push(`  ${s(e.rule)}  ${s(e.address)}  (owner ${s(e.owner)}, until ${s(e.expires)})`);
  }
  out.push('', `${verdict(report.summary)}  ${summaryLine(report.summary)}`);
  return `${out.join('\n')}\n`;
}

function findingLines(report: GateReport, f: Finding): string[] {
  const label = f.suppressed ? 'SUPPRESSED' : f.enforcement === 'mandatory' ? 'FAIL' : 'WARN';
  const line = locate(report, f)?.line;
  const lines = [
    `  ${label.padEnd(10)} ${s(f.rule)}  ${s(f.severity)}  ${s(f.enforcement)}  ${s(f.title)}`,
    `        ${s(f.address)}${line ? ` (line ${line})` : ''}${f.path ? `  [${s(f.path)}]` : ''}`,
    `        ${s(f.message)}`,
  ];
  if (f.suppressed && f.exception) {
    lines.push(`        suppressed by exception (owner ${s(f.exception.owner)}, until ${s(f.exception.expires)}): ${s(f.exception.reason)}`);
  } else if (f.recommended_action) {
    lines.push(`        fix: ${s(f.recommended_action)}`);
  }
  return lines;
}
