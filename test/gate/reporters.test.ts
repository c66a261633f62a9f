import { mergeReports, summarize } from '../../gate/gate';
import { FORMATS, render } from '../../gate/reporters';
import { command, escapeData, escapeProperty } from '../../common/text';
import { renderGithub } from '../../gate/reporters/github';
import { renderJson } from '../../gate/reporters/json';
import { MARKDOWN_MARKER, MAX_ROWS, renderMarkdown } from '../../gate/reporters/markdown';
import { renderText } from '../../gate/reporters/text';
import { GateInput } from '../../gate/inputs';
import { Report } from '../../gate/types';
import { EXCEPTION, finding, rule, sampleReport } from './fixtures';

const FINDING_KEYS = ['rule', 'title', 'severity', 'enforcement', 'stack', 'region', 'address', 'message', 'recommended_action', 'suppressed', 'exception'];

function input(path: string): GateInput {
  return { path, kind: 'plan', document: {}, stackFiles: new Map(), defaultFile: path, lines: new Map() };
}

describe('summary counts', () => {
  test('evaluated/not_evaluated count rules; failed/suppressed count findings', () => {
    expect(sampleReport().summary).toEqual({ evaluated: 3, mandatory_failed: 1, advisory_failed: 1, suppressed: 1, not_evaluated: 1 });
  });

  test('merging inputs: a rule evaluated anywhere counts as evaluated once, and its per-input statuses are kept', () => {
    const cross = rule('WS-DNS-001', { scope: 'cross_region', status: 'not_evaluated', reason: 'one Region only' });
    const plan = (r: typeof cross): Report => ({ input_kind: 'plan', rules: [r], stacks: [], findings: [] });
    const merged = mergeReports([
      { input: input('primary.json'), report: plan(cross) },
      { input: input('app'), report: plan({ ...cross, status: 'evaluated', reason: '' }) },
    ]);
    expect(merged.summary).toMatchObject({ evaluated: 1, not_evaluated: 0 });
    expect(merged.rules[0].inputs.map((i) => i.status)).toEqual(['not_evaluated', 'evaluated']);
    expect(renderText(merged)).toContain('evaluated on some inputs only (1)');
  });

  test('a duplicate finding from two inputs is reported once', () => {
    const r = rule('WS-X-001');
    const report: Report = { input_kind: 'plan', rules: [r], stacks: [], findings: [finding(r)] };
    const merged = mergeReports([
      { input: input('a'), report },
      { input: input('b'), report },
    ]);
    expect(merged.findings).toHaveLength(1);
    expect(summarize(merged.rules, merged.findings).mandatory_failed).toBe(1);
  });
});

describe('JSON reporter', () => {
  const json = JSON.parse(renderJson(sampleReport()));

  test('has exactly summary, findings and rules', () => {
    expect(Object.keys(json)).toEqual(['summary', 'findings', 'rules']);
    expect(Object.keys(json.summary)).toEqual(['evaluated', 'mandatory_failed', 'advisory_failed', 'suppressed', 'not_evaluated']);
  });

  test('findings carry exactly the contract fields, exceptions included', () => {
    for (const f of json.findings) expect(Object.keys(f)).toEqual(FINDING_KEYS);
    const suppressed = json.findings.find((f: { suppressed: boolean }) => f.suppressed);
    expect(suppressed.exception).toEqual(EXCEPTION);
    expect(json.findings.filter((f: { exception: unknown }) => f.exception === null)).toHaveLength(2);
  });

  test('rules list every status and reason', () => {
    expect(json.rules.map((r: { id: string; status: string }) => `${r.id}:${r.status}`)).toEqual([
      'WS-BAK-002:not_evaluated',
      'WS-DNS-003:evaluated',
      'WS-EKS-002:evaluated',
      'WS-OS-002:not_applicable',
      'WS-RDS-003:evaluated',
    ]);
    expect(json.rules[0]).toMatchObject({
      reason: 'needs both Regions',
      inputs: [{ input: 'cdktf.out', status: 'not_evaluated', reason: 'needs both Regions' }],
    });
  });
});

describe('text reporter', () => {
  const text = renderText(sampleReport());

  test('groups findings under their stack, mandatory before advisory, and shows the fix', () => {
    const primary = text.indexOf('example-primary  primary  us-east-1');
    const standby = text.indexOf('example-standby  standby  us-west-2');
    expect(primary).toBeGreaterThan(0);
    expect(standby).toBeGreaterThan(primary);
    const eks = text.indexOf('FAIL       WS-EKS-002');
    expect(eks).toBeGreaterThan(standby);
    expect(text).toContain('aws_eks_node_group.standby_nodes_9F3C (line 42)  [example-standby/Cluster/NodeGroup]');
    expect(text).toContain('fix: Fix WS-EKS-002.');
    expect(text.indexOf('WARN       WS-DNS-003')).toBeGreaterThan(primary);
    expect(text.indexOf('WARN       WS-DNS-003')).toBeLessThan(standby);
  });

  test('shows suppressed findings with their exception, not-evaluated rules, and unused exceptions', () => {
    expect(text).toContain('SUPPRESSED WS-RDS-003');
    expect(text).toContain('suppressed by exception (owner platform-team, until 2999-12-31): Key migration tracked in OPS-1234');
    expect(text).toMatch(/not evaluated \(1\): these rules were NOT checked\n {2}WS-BAK-002 .*\n {8}needs both Regions/);
    expect(text).toContain('unused exceptions (1)');
    expect(text).toContain('WS-EKS-002  aws_eks_node_group.old_*');
  });

  test('ends with the verdict and the counts', () => {
    expect(text.trimEnd().split('\n').pop()).toBe('FAIL  1 mandatory failed, 1 advisory failed, 1 suppressed; 3 rules evaluated, 1 not evaluated');
  });

  test('lists not-applicable rules with their reason', () => {
    expect(text).toMatch(/not applicable \(1\): these rules do not apply to this input\n {2}WS-OS-002 .*\n {8}no OpenSearch domain/);
  });

  test('several inputs sharing a reason give one line naming them, not one sentence per input', () => {
    const crossReason = (stack: string) => `cross-Region rule: needs the primary and the standby stack together; this plan input has ${stack}`;
    const perInput = (stack: string): Report => ({
      input_kind: 'plan',
      rules: [rule('WS-RDS-001', { scope: 'cross_region', status: 'not_evaluated', reason: crossReason(stack) })],
      stacks: [{ name: stack, role: 'primary', region: 'us-east-1', file: `${stack}.json` }],
      findings: [],
    });
    const inputs = ['a.json', 'b.json'].map(
      (file) => ({ path: file, kind: 'plan', stackFiles: new Map(), defaultFile: file, lines: new Map(), document: {} }) as unknown as GateInput,
    );
    const merged = mergeReports([
      { input: inputs[0], report: perInput('example-primary') },
      { input: inputs[1], report: perInput('example-standby') },
    ]);
    expect(renderText(merged)).toContain('        cross-Region rule: needs the primary and the standby stack together (a.json, b.json)\n');
  });
});

describe('GitHub workflow commands', () => {
  const lines = renderGithub(sampleReport()).trimEnd().split('\n');

  test('escapes data and properties per the runner rules', () => {
    expect(escapeData('50%\r\nnext')).toBe('50%25%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(command('error', { file: 'x.json', title: 'T: 1, 2' }, 'm')).toBe('::error file=x.json,title=T%3A 1%2C 2::m');
  });

  test('error for mandatory with file, line and title; warning for advisory; notice for suppressed', () => {
    const error = lines.find((l) => l.startsWith('::error '))!;
    expect(error).toMatch(
      /^::error file=cdktf.out\/stacks\/example-standby\/cdk.tf.json,line=42,title=WS-EKS-002 Standby node group can scale to the primary's size \[mandatory%2C HIGH\]::/,
    );
    expect(error).toContain(
      'example-standby: aws_eks_node_group.standby_nodes_9F3C: max_size 2 < primary desired 3, 100%25 <b>not</b> | scalable,\\nsecond line',
    );
    expect(error).toContain('%0AFix: Fix WS-EKS-002.');
    expect(error.split('::')).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(1);
    expect(lines.find((l) => l.startsWith('::notice ') && l.includes('WS-RDS-003'))).toContain('(suppressed)');
  });

  test('not-evaluated rules are notices, and the last line is a plain summary', () => {
    expect(lines).toContain('::notice title=WS-BAK-002 not evaluated%3A Title of WS-BAK-002::needs both Regions');
    expect(lines[lines.length - 1]).toMatch(/^warm-standby policy gate: FAIL \(/);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^::(error|warning|notice) /);
  });
});

describe('Markdown reporter', () => {
  const md = renderMarkdown(sampleReport());

  test('starts with the hidden marker and a summary line', () => {
    expect(md.split('\n')[0]).toBe(MARKDOWN_MARKER);
    expect(MARKDOWN_MARKER).toBe('<!-- warm-standby-gate -->');
    expect(md).toContain('### :x: Warm-standby policy gate: failed');
    expect(md).toContain('**1** mandatory failed · **1** advisory failed · **1** suppressed · **3** rules evaluated · **1** not evaluated');
  });

  test('a table row per unsuppressed finding, with pipes, HTML and newlines made table-safe', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('| :'));
    expect(rows).toHaveLength(2);
    const eks = rows.find((r) => r.includes('WS-EKS-002'))!;
    expect(eks).toContain('100% &lt;b&gt;not&lt;/b&gt; \\| scalable,<br>second line: "quoted" &amp; more');
    expect(eks.split(/(?<!\\)\|/)).toHaveLength(9);
    expect(eks).toContain('`aws_eks_node_group.standby_nodes_9F3C` (line 42)');
  });

  test('suppressed and not-evaluated rules go in collapsed sections', () => {
    expect(md).toContain('<details><summary>Suppressed (1)</summary>');
    expect(md).toContain('| WS-RDS-003 | example-standby | `aws_db_instance.replica_7C8D` | platform-team | 2999-12-31 | Key migration tracked in OPS-1234 |');
    expect(md).toContain('<details><summary>Not evaluated (1)</summary>');
  });

  test('a passing report says so; long tables are cut', () => {
    const r = rule('WS-X-001', { enforcement: 'advisory' });
    const many = Array.from({ length: MAX_ROWS + 5 }, (_, i) => finding(r, { address: `aws_s3_bucket.b${i}` }));
    const report = mergeReports([{ input: input('p'), report: { input_kind: 'plan', rules: [r], stacks: [], findings: many } }]);
    const out = renderMarkdown(report);
    expect(out).toContain(':white_check_mark: Warm-standby policy gate: passed');
    expect(out.split('\n').filter((l) => l.startsWith('| :warning:'))).toHaveLength(MAX_ROWS);
    expect(out).toContain('… and 5 more');
  });
});

describe('render', () => {
  test('knows every format and rejects others with a one-line usage error', () => {
    expect(FORMATS).toEqual(['text', 'json', 'sarif', 'junit', 'github', 'markdown']);
    for (const format of FORMATS) expect(render(format, sampleReport()).length).toBeGreaterThan(0);
    expect(() => render('html', sampleReport())).toThrow('unknown format "html" (--format: one of text, json, sarif, junit, github, markdown)');
  });
});
