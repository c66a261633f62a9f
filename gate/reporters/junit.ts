import { INVALID_XML } from '../../common/text';
import { Finding, GateReport, MergedRule, RuleStatus } from '../types';
import { NO_STACK, addressedMessage, stackGroups } from './common';

/**
 * JUnit XML: a testsuite per stack, a testcase per rule evaluated for that stack's input
 * (failing when the stack has an unsuppressed finding of the rule), a skipped testcase per rule
 * that could not be evaluated there. Not-applicable rules are left out.
 */
export function renderJunit(report: GateReport): string {
  const suites = stackGroups(report).map((group) => {
    const input = group.stack?.input;
    const cases = report.rules
      .map((rule) => ({ rule, status: statusFor(rule, input), findings: group.findings.filter((f) => f.rule === rule.id) }))
      .filter(({ status, findings }) => findings.length > 0 || status === 'evaluated' || status === 'not_evaluated')
      .map(({ rule, status, findings }) => testcase(group.name, rule, status, findings, group.stack?.file));
    const failures = cases.filter((c) => c.failed).length;
    const skipped = cases.filter((c) => c.skipped).length;
    const props = group.stack
      ? [
          ['role', group.stack.role],
          ['region', group.stack.region],
          ['file', group.stack.file],
          ['input', group.stack.input],
        ]
      : [];
    return {
      tests: cases.length,
      failures,
      skipped,
      xml: [
        `  <testsuite name="${attr(group.name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
        ...(props.length ? ['    <properties>', ...props.map(([n, v]) => `      <property name="${attr(n)}" value="${attr(v)}"/>`), '    </properties>'] : []),
        ...cases.map((c) => c.xml),
        '  </testsuite>',
      ].join('\n'),
    };
  });
  const total = (key: 'tests' | 'failures' | 'skipped'): number => suites.reduce((n, s) => n + s[key], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="warm-standby policy gate" tests="${total('tests')}" failures="${total('failures')}" errors="0" skipped="${total('skipped')}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

/** The rule's status on the stack's input; findings of an unknown stack count as evaluated. */
function statusFor(rule: MergedRule, input: string | undefined): RuleStatus {
  if (input === undefined) return rule.status;
  return rule.inputs.find((i) => i.input === input)?.status ?? 'not_applicable';
}

function testcase(stack: string, rule: MergedRule, status: RuleStatus, findings: readonly Finding[], file: string | undefined) {
  const open = findings.filter((f) => !f.suppressed);
  const suppressed = findings.filter((f) => f.suppressed);
  const head = `    <testcase classname="warm-standby.${attr(stack === NO_STACK ? 'app' : stack)}" name="${attr(`${rule.id} ${rule.title}`)}"${file ? ` file="${attr(file)}"` : ''}>`;
  const body: string[] = [];
  const skipped = status === 'not_evaluated' && findings.length === 0;
  if (skipped) {
    const reason = rule.inputs.find((i) => i.status === 'not_evaluated')?.reason || rule.reason;
    body.push(`      <skipped message="${attr(`not evaluated: ${reason || 'no reason given'}`)}"/>`);
  }
  if (open.length) {
    const message = open.length === 1 ? addressedMessage(open[0]) : `${open.length} findings: ${open.map((f) => f.address).join(', ')}`;
    const details = open.map((f) => `${addressedMessage(f)}\nfix: ${f.recommended_action}`).join('\n\n');
    body.push(`      <failure message="${attr(message)}" type="${attr(`${rule.enforcement} ${rule.severity}`)}">${text(details)}</failure>`);
  }
  if (suppressed.length) {
    const lines = suppressed.map(
      (f) => `suppressed ${addressedMessage(f)} (exception by ${f.exception?.owner ?? '?'} until ${f.exception?.expires ?? '?'}: ${f.exception?.reason ?? ''})`,
    );
    body.push(`      <system-out>${text(lines.join('\n'))}</system-out>`);
  }
  const xml = body.length ? [head, ...body, '    </testcase>'].join('\n') : `${head.slice(0, -1)}/>`;
  return { xml, failed: open.length > 0, skipped };
}

function text(value: string): string {
  return value.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
