/**
 * The drill's report: Markdown for people (the workflow's artifact and step summary) and JUnit XML
 * for CI, from one model. Every step with its time and outcome, the resources applied per stack, the
 * emulator gap list, the failover under each loss mode, readiness before and after.
 */
import { Exclusion } from './emulator-gaps';
import { Check } from './verify';

export interface StepResult {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
  readonly detail: string;
}

export interface StackResult {
  readonly name: string;
  /** Why the stack did not run at all (Kubernetes stacks). */
  readonly skipped?: string;
  readonly applied: number;
  readonly total: number;
  readonly excluded: readonly Exclusion[];
  readonly failures?: readonly string[];
  readonly seconds?: number;
}

export interface FailoverRun {
  readonly mode: string;
  readonly applied: number;
  readonly planned: number;
  readonly failures: readonly string[];
  /** Failures an emulator gap tolerates (drill/emulator-gaps.ts `toleratedFailure`). */
  readonly tolerated?: readonly string[];
  readonly readsPrimaryState: readonly string[];
  readonly checks: readonly Check[];
}

export interface ReadinessRun {
  readonly when: 'before' | 'after';
  /** id -> [observed, expected, why expected]. */
  readonly rows: readonly { id: string; observed: string; expected: string; why: string }[];
  readonly mismatches: readonly string[];
}

export interface DrillReport {
  env: string;
  steps: StepResult[];
  stacks: StackResult[];
  gaps: { type: string; which?: string; why: string; how?: string }[];
  checks: Check[];
  failover: FailoverRun[];
  readiness: ReadinessRun[];
  totalSeconds: number;
}

/** Markdown table cell: pipes and newlines would break the row. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The drill's verdict: every step, read-back check and readiness verdict; the Region-loss failover without failures and with every check. */
export function drillPassed(r: DrillReport): boolean {
  return (
    r.steps.every((s) => s.ok) &&
    r.checks.every((c) => c.ok) &&
    r.failover.every((f) => f.mode !== 'region' || (f.failures.length === 0 && f.checks.every((c) => c.ok))) &&
    r.readiness.every((x) => x.mismatches.length === 0)
  );
}

const mark = (ok: boolean) => (ok ? 'ok' : '**FAILED**');

export function renderMarkdown(r: DrillReport): string {
  const out: string[] = [];
  const passed = drillPassed(r);
  out.push(`# DR drill on moto: \`${r.env}\``, '', `Outcome: ${passed ? 'PASS' : 'FAIL'}; total ${Math.round(r.totalSeconds)} s.`, '');
  out.push('## Steps', '', '| Step | Outcome | Time (s) | Detail |', '|---|---|---|---|');
  for (const s of r.steps) out.push(`| ${cell(s.name)} | ${mark(s.ok)} | ${s.seconds.toFixed(1)} | ${cell(s.detail)} |`);
  out.push(
    '',
    '## Resources applied per stack',
    '',
    '| Stack | Applied | Of | Excluded (gaps + dependents) | Failures | Time (s) |',
    '|---|---|---|---|---|---|',
  );
  for (const s of r.stacks) {
    if (s.skipped) out.push(`| \`${s.name}\` | skipped | — | ${cell(s.skipped)} | — | — |`);
    else out.push(`| \`${s.name}\` | ${s.applied} | ${s.total} | ${s.excluded.length} | ${s.failures?.length ?? 0} | ${s.seconds ?? ''} |`);
  }
  for (const s of r.stacks.filter((x) => x.excluded.length)) {
    out.push('', `<details><summary>${s.name}: excluded</summary>`, '');
    for (const e of s.excluded) out.push(`- \`${e.address}\`: ${e.reason}`);
    out.push('', '</details>');
  }
  for (const s of r.stacks.filter((x) => x.failures?.length)) {
    out.push('', `Failures in \`${s.name}\`:`, '');
    for (const f of s.failures ?? []) out.push(`- ${f}`);
  }
  out.push('', '## Emulator gaps (drill/emulator-gaps.ts)', '', '| Resource type | Which | Why | How |', '|---|---|---|---|');
  for (const g of r.gaps) out.push(`| \`${g.type}\` | ${cell(g.which ?? 'all')} | ${cell(g.why)} | ${cell(g.how ?? 'excluded (-target)')} |`);
  out.push('', '## Read back with the AWS SDK', '', '| Check | Outcome | Observed |', '|---|---|---|');
  for (const c of r.checks) out.push(`| ${cell(c.name)} | ${mark(c.ok)} | ${cell(c.detail)} |`);
  out.push('', '## Failover');
  for (const f of r.failover) {
    out.push('', `### Lost: ${f.mode === 'region' ? 'the primary Region' : 'the primary Region, IAM, Route 53 and us-east-1'}`, '');
    out.push(
      `Planned changes ${f.planned}, applied ${f.applied}, failures ${f.failures.length}; primary-Region reads in the plan: ${f.readsPrimaryState.length ? f.readsPrimaryState.join(', ') : 'none'}.`,
      '',
    );
    for (const x of f.failures) out.push(`- failure: ${x}`);
    for (const x of f.tolerated ?? []) out.push(`- tolerated: ${x}`);
    // A table right after a list item would render as part of the list.
    if (f.failures.length || f.tolerated?.length) out.push('');
    out.push('| Check | Outcome | Observed |', '|---|---|---|');
    for (const c of f.checks) out.push(`| ${cell(c.name)} | ${mark(c.ok)} | ${cell(c.detail)} |`);
  }
  out.push('', '## Readiness (`warm-standby readiness` against the emulator)');
  for (const x of r.readiness) {
    out.push('', `### ${x.when} the failover`, '', '| Check | Observed | Expected | Why expected |', '|---|---|---|---|');
    for (const row of x.rows) out.push(`| ${row.id} | ${row.observed} | ${row.expected} | ${cell(row.why)} |`);
    if (x.mismatches.length) out.push('', `Mismatches: ${x.mismatches.join('; ')}`);
  }
  return out.join('\n') + '\n';
}

export function xmlEscape(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // eslint-disable-next-line no-control-regex -- XML 1.0 allows tab, LF and CR only among control characters
      .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd]/gu, '')
  );
}

interface Case {
  classname: string;
  name: string;
  seconds: number;
  failure?: string;
}

export function renderJunit(r: DrillReport): string {
  const cases: Case[] = [
    ...r.steps.map((s) => ({ classname: 'drill.steps', name: s.name, seconds: s.seconds, failure: s.ok ? undefined : s.detail || 'failed' })),
    ...r.stacks
      .filter((s) => !s.skipped)
      .map((s) => ({
        classname: 'drill.stacks',
        name: `${s.name}: ${s.applied}/${s.total} applied`,
        seconds: s.seconds ?? 0,
        failure: s.failures?.length ? s.failures.join('\n') : undefined,
      })),
    ...r.checks.map((c) => ({ classname: 'drill.readback', name: c.name, seconds: 0, failure: c.ok ? undefined : c.detail })),
    ...r.failover.flatMap((f) =>
      f.checks.map((c) => ({ classname: `drill.failover.${f.mode}`, name: c.name, seconds: 0, failure: c.ok || f.mode !== 'region' ? undefined : c.detail })),
    ),
    ...r.readiness.map((x) => ({
      classname: 'drill.readiness',
      name: `readiness ${x.when} failover`,
      seconds: 0,
      failure: x.mismatches.length ? x.mismatches.join('\n') : undefined,
    })),
  ];
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="drill ${xmlEscape(r.env)}" tests="${cases.length}" failures="${failures}" time="${r.totalSeconds.toFixed(1)}">`,
    `  <testsuite name="drill ${xmlEscape(r.env)}" tests="${cases.length}" failures="${failures}" time="${r.totalSeconds.toFixed(1)}">`,
  ];
  for (const c of cases) {
    const open = `    <testcase classname="${xmlEscape(c.classname)}" name="${xmlEscape(c.name)}" time="${c.seconds.toFixed(1)}"`;
    if (c.failure === undefined) lines.push(`${open}/>`);
    else
      lines.push(
        `${open}>`,
        `      <failure message="${xmlEscape(c.failure.split('\n')[0].slice(0, 200))}">${xmlEscape(c.failure)}</failure>`,
        '    </testcase>',
      );
  }
  lines.push('  </testsuite>', '</testsuites>');
  return lines.join('\n') + '\n';
}
