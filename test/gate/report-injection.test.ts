/**
 * Values from inputs (resource attributes, addresses, exception reasons) cannot inject lines,
 * workflow commands or terminal escapes into the text and GitHub reports (16.9).
 */
import { safeText } from '../../common/text';
import { mergeReports } from '../../gate/gate';
import { GateInput } from '../../gate/inputs';
import { renderGithub } from '../../gate/reporters/github';
import { renderMarkdown } from '../../gate/reporters/markdown';
import { renderText } from '../../gate/reporters/text';
import { PolicyException, Report } from '../../gate/types';
import { finding, rule } from './fixtures';

const EVIL_MESSAGE =
  'aws_s3_bucket.b is bad\n::error file=README.md,line=1::forged annotation\r\n\u001b[2J\u001b[32mPASS\u001b[0m  ##[add-mask]secret \u202etxt.exe';
const EVIL_REASON = 'Approved by CAB\n::warning::forged\u001b]8;;http://evil\u0007link';

function evilReport() {
  const r = rule('WS-BAK-001');
  const exception: PolicyException = { rule: 'WS-BAK-002', address: 'aws_s3_bucket.*', reason: EVIL_REASON, owner: 'ops\nteam', expires: '2999-01-01' };
  const s = rule('WS-BAK-002');
  const report: Report = {
    input_kind: 'cdktf_app',
    rules: [r, s],
    stacks: [{ name: 'example-primary', role: 'primary', region: 'us-east-1', file: 'cdktf.out/stacks/example-primary/cdk.tf.json' }],
    findings: [
      finding(r, { address: 'aws_s3_bucket.b', message: EVIL_MESSAGE, path: '::error::in path' }),
      finding(s, { address: 'aws_s3_bucket.c', message: '::notice::starts a line', suppressed: true, exception }),
    ],
  };
  const input: GateInput = {
    path: 'cdktf.out',
    kind: 'cdktf_app',
    document: {},
    stackFiles: new Map([['example-primary', 'cdktf.out/stacks/example-primary/cdk.tf.json']]),
    defaultFile: 'cdktf.out/manifest.json',
    lines: new Map(),
  };
  return mergeReports([{ input, report }], [exception]);
}

// eslint-disable-next-line no-control-regex -- control characters are what must not appear
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u202e]/;

/** Lines the Actions runner would take as commands: `::` after leading blanks, or `##[` anywhere. */
function commandLines(output: string): string[] {
  return output.split('\n').filter((line) => line.trimStart().startsWith('::') || line.includes('##['));
}

describe('report injection', () => {
  test('safeText makes controls visible and defuses workflow commands', () => {
    expect(safeText('a\nb\r\tc\u001b[31m\u0000\u202e')).toBe('a\\nb\\r\\tc\\e[31m\\u0000\\u202e');
    expect(safeText('  ::error::x')).toBe('  \\::error::x');
    expect(safeText('x ##[group]y')).toBe('x ##\\[group]y');
    expect(safeText('plain text: fine, 100%')).toBe('plain text: fine, 100%');
  });

  test('text: one line per field, no escape character, no workflow command', () => {
    const out = renderText(evilReport());
    expect(out).not.toMatch(CONTROL);
    expect(commandLines(out)).toEqual([]);
    expect(out).toContain('aws_s3_bucket.b is bad\\n::error file=README.md,line=1::forged annotation\\r\\n\\e[2J');
    expect(out).toContain('Approved by CAB\\n::warning::forged\\e]8;;http://evil\\u0007link');
    expect(out).toContain('(owner ops\\nteam');
    expect(out).toContain('        \\::notice::starts a line');
  });

  test("github: the only commands are the reporter's own, one per finding; no escape character", () => {
    const out = renderGithub(evilReport());
    expect(out).not.toMatch(CONTROL);
    const commands = commandLines(out);
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/^::error file=cdktf\.out\/stacks\/example-primary\/cdk\.tf\.json,title=WS-BAK-001 /);
    expect(commands[1]).toMatch(/^::notice file=/);
    expect(commands[0]).toContain('aws_s3_bucket.b is bad\\n::error file=README.md,line=1::forged annotation');
    expect(out).not.toContain('##[add-mask]');
  });
});

/** Values that would break a GitHub table or render as markup, a mention or a link in a PR comment. */
const MD_MESSAGE =
  'bad | cell\nnext line `code` <script>alert(1)</script> <img src=x onerror=alert(1)> @octocat @org/team **bold** ~~gone~~ [click](https://evil.example/x) ![i](https://evil.example/i.png) see www.evil.example <https://evil.example> \\| escaped';
const MD_REASON = 'Approved | by @security-team\n<details open>[form](javascript:alert(1))';

function markdownReport() {
  const r = rule('WS-BAK-001');
  const s = rule('WS-BAK-002');
  const exception: PolicyException = { rule: 'WS-BAK-002', address: 'aws_s3_bucket.*', reason: MD_REASON, owner: '@ops | <b>team</b>', expires: '2999-01-01' };
  const report: Report = {
    input_kind: 'cdktf_app',
    rules: [r, s],
    stacks: [{ name: 'example-primary', role: 'primary', region: 'us-east-1', file: 'cdktf.out/stacks/example-primary/cdk.tf.json' }],
    findings: [
      finding(r, { address: 'aws_s3_bucket.b`|<x>', message: MD_MESSAGE }),
      finding(s, { address: 'aws_s3_bucket.c', message: 'suppressed', suppressed: true, exception }),
    ],
  };
  const input: GateInput = {
    path: 'cdktf.out',
    kind: 'cdktf_app',
    document: {},
    stackFiles: new Map([['example-primary', 'cdktf.out/stacks/example-primary/cdk.tf.json']]),
    defaultFile: 'cdktf.out/manifest.json',
    lines: new Map(),
  };
  return mergeReports([{ input, report }], [exception]);
}

/** Cells of a table row: split on pipes not escaped with a backslash. */
const cells = (line: string): string[] => line.split(/(?<!\\)\|/).slice(1, -1);

describe('report injection: Markdown', () => {
  const md = renderMarkdown(markdownReport());
  const lines = md.split('\n');
  const findingRow = lines.find((l) => l.includes('WS-BAK-001') && l.startsWith('| :'))!;
  const suppressedRow = lines.find((l) => l.startsWith('| WS-BAK-002 '))!;

  test('each value stays in its own cell of its own row', () => {
    expect(cells(findingRow)).toHaveLength(7);
    expect(cells(suppressedRow)).toHaveLength(6);
    // The message's newline is a <br> in the cell, not a new line of the comment.
    expect(lines.filter((l) => l.includes('next line'))).toEqual([findingRow]);
    expect(lines.filter((l) => l.includes('form'))).toEqual([suppressedRow]);
  });

  test('no HTML from the inputs: only the reporter’s own tags remain (a code span shows <x> as text)', () => {
    const tags = md.replace(/`[^`]*`/g, '').match(/<[^>]*>/g) ?? [];
    expect(new Set(tags)).toEqual(new Set(['<!-- warm-standby-gate -->', '<br>', '<details>', '</details>', '<summary>', '</summary>']));
    expect(findingRow).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;');
    expect(suppressedRow).toContain('&lt;details open&gt;');
  });

  test('no mention, link, image, autolink, emphasis or code span from the inputs', () => {
    const values = `${cells(findingRow)[5]}|${cells(suppressedRow)[3]}|${cells(suppressedRow)[5]}`;
    expect(values).not.toMatch(/@[\w-]/);
    expect(values).not.toMatch(/(?<!\\)\]\(/);
    expect(values).not.toMatch(/(?<!\\)!(?<!\\)\[/);
    expect(values).not.toMatch(/https?:\/\//);
    expect(values).not.toMatch(/\bwww\./);
    expect(values).not.toMatch(/(?<!\\)(\*\*|~~|`)/);
    expect(values).toContain('@&#8203;octocat');
    expect(values).toContain('\\[click\\](https:&#8203;//evil.example/x)');
    expect(values).toContain('\\\\\\| escaped');
  });

  test('the address is one code span with no backtick or bare pipe of its own', () => {
    const address = cells(findingRow)[4].trim();
    expect(address).toBe("`aws_s3_bucket.b'\\|<x>`");
  });
});
