/**
 * CLI conventions users of checkov, tflint and conftest expect: --version, a rule listing, rule
 * selection, a severity threshold, several reports in one run, documented exit codes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';
import { EXIT_STATUS } from '../../cli/commands/check';
import { REPO_ROOT, buildStandInPolicy, stackConfig, tempDir, writeApp } from '../gate/fixtures';

let cwd: string;
let savedWasm: string | undefined;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd });
  return { code, stdout, stderr };
}

/** Exit 2, one line on stderr naming the problem, nothing on stdout. */
function expectUsage(r: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n')).toHaveLength(2);
  expect(r.stderr).toMatch(message);
}

beforeAll(() => {
  savedWasm = process.env.WARM_STANDBY_POLICY_WASM;
  process.env.WARM_STANDBY_POLICY_WASM = buildStandInPolicy();
  cwd = tempDir('ws-cli-conventions-');
  // WS-TST-001 (HIGH, mandatory) fails on the database, WS-TST-002 (LOW, advisory) on the bucket.
  writeApp(path.join(cwd, 'app'), {
    'example-primary': stackConfig('example-primary', 'primary', 'us-east-1', [
      { type: 'aws_db_instance', name: 'db_1A2B', fail: 'mandatory' },
      { type: 'aws_s3_bucket', name: 'backups', fail: 'advisory' },
    ]),
    'example-standby': stackConfig('example-standby', 'standby', 'us-west-2'),
  });
});
afterAll(() => {
  if (savedWasm === undefined) delete process.env.WARM_STANDBY_POLICY_WASM;
  else process.env.WARM_STANDBY_POLICY_WASM = savedWasm;
});

describe('--version and --help', () => {
  test('--version and -V print the package version', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(await cli(flag)).toEqual({ code: 0, stdout: `warm-standby ${version}\n`, stderr: '' });
  });

  test('the exit codes are documented in --help, check --help and the README', async () => {
    const help = (await cli('--help')).stdout;
    expect(help).toMatch(/exit status:\n {2}0 {2}success.*\n {2}1 {2}check: at least one unsuppressed mandatory finding.*\n {2}2 {2}usage or input error/);
    expect((await cli('check', '--help')).stdout).toContain(`exit status: ${EXIT_STATUS}`);
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('| 0 | success; for `check`: no unsuppressed mandatory finding among the selected rules |');
    expect(readme).toContain('| 2 | usage or input error');
  });
});

describe('rules', () => {
  test('lists every rule with id, severity, enforcement, scope and title', async () => {
    const r = await cli('rules');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+SEVERITY\s+ENFORCEMENT\s+SCOPE\s+TITLE$/);
    expect(lines).toContainEqual(expect.stringMatching(/^WS-TST-001\s+HIGH\s+mandatory\s+stack_local\s+Nothing is marked failing$/));
    expect(lines).toContainEqual(expect.stringMatching(/^WS-TST-003\s+CRITICAL\s+mandatory\s+cross_region\s+Stacks span two Regions$/));
    expect(lines.at(-1)).toBe('4 of 4 rules');
  });

  test('--format json carries the description and the recommended action; selection applies', async () => {
    const r = await cli('rules', '--format', 'json', '--skip-rule', 'WS-TST-003', '--severity-threshold', 'medium');
    expect(r.code).toBe(0);
    const { rules } = JSON.parse(r.stdout) as { rules: { id: string; recommended_action: string }[] };
    expect(rules.map((x) => x.id)).toEqual(['WS-TST-001', 'WS-TST-004']);
    expect(rules[0].recommended_action).toBe('Remove the test/fail tag.');
  });

  test('a selection that matches no rule is a usage error naming the nearest id', async () => {
    expectUsage(await cli('rules', '--rule', 'WS-TST-01'), /^warm-standby: --rule WS-TST-01 matches no rule \(did you mean WS-TST-001\?/);
    expectUsage(await cli('rules', '--severity-threshold', 'severe'), /unknown severity "severe" \(--severity-threshold: one of CRITICAL, HIGH, MEDIUM, LOW\)/);
  });
});

describe('check: rule selection and severity threshold', () => {
  const summary = async (...args: string[]) => {
    const r = await cli('check', 'app', '--format', 'json', ...args);
    return { code: r.code, json: JSON.parse(r.stdout) as { summary: Record<string, number>; findings: { rule: string }[]; rules: { id: string }[] } };
  };

  test('--skip-rule drops the mandatory rule: its finding is gone and the gate passes', async () => {
    const all = await summary();
    expect(all.code).toBe(1);
    const skipped = await summary('--skip-rule', 'WS-TST-001');
    expect(skipped.code).toBe(0);
    expect(skipped.json.findings.map((f) => f.rule)).toEqual(['WS-TST-002']);
    expect(skipped.json.rules.map((r) => r.id)).not.toContain('WS-TST-001');
  });

  test('--rule keeps only the named rules (globs and comma lists)', async () => {
    const only = await summary('--rule', 'WS-TST-002,WS-TST-004');
    expect(only.code).toBe(0);
    expect(only.json.rules.map((r) => r.id)).toEqual(['WS-TST-002', 'WS-TST-004']);
    expect((await summary('-r', 'ws-tst-00*')).json.rules).toHaveLength(4);
  });

  test('--severity-threshold HIGH leaves out the LOW advisory finding but still gates on HIGH', async () => {
    const high = await summary('--severity-threshold', 'HIGH');
    expect(high.code).toBe(1);
    expect(high.json.findings.map((f) => f.rule)).toEqual(['WS-TST-001']);
    expect(high.json.summary).toMatchObject({ mandatory_failed: 1, advisory_failed: 0 });
    expect((await summary('--severity-threshold', 'CRITICAL')).code).toBe(0);
  });

  test('a misspelled --skip-rule is an error, not a silent no-op', async () => {
    expectUsage(await cli('check', 'app', '--skip-rule', 'WS-TST-0001'), /--skip-rule WS-TST-0001 matches no rule \(did you mean WS-TST-001\?/);
  });
});

describe('check: several reports in one run', () => {
  test('-f sarif -f junit --out-dir writes both, each to its own file; stdout gets the summary', async () => {
    const r = await cli('check', 'app', '-f', 'sarif', '-f', 'junit', '--out-dir', 'reports');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^warm-standby: FAIL \(1 mandatory failed, .*\); sarif report written to reports\/warm-standby\.sarif, junit report written to reports\/warm-standby\.junit\.xml\n$/,
    );
    const sarif = JSON.parse(fs.readFileSync(path.join(cwd, 'reports', 'warm-standby.sarif'), 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
    expect(fs.readFileSync(path.join(cwd, 'reports', 'warm-standby.junit.xml'), 'utf8')).toMatch(/^<\?xml[^>]*>\s*<testsuites/);
  });

  test('-f FORMAT=FILE names each file; one format may still go to stdout, the summary then goes to stderr', async () => {
    const r = await cli('check', 'app', '-f', 'json', '-f', 'sarif=gate.sarif', '-f', 'markdown=comment.md');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toHaveProperty('summary');
    expect(r.stderr).toMatch(/sarif report written to gate\.sarif, markdown report written to comment\.md\n$/);
    expect(fs.existsSync(path.join(cwd, 'gate.sarif'))).toBe(true);
    expect(fs.readFileSync(path.join(cwd, 'comment.md'), 'utf8')).toContain('<!-- warm-standby-gate -->');
  });

  test.each([
    [['-f', 'sarif', '-f', 'junit'], /formats sarif, junit would all go to stdout/],
    [['-f', 'sarif', '-f', 'junit', '--out', 'x'], /--out takes exactly one format/],
    [['-f', 'sarif', '-f', 'sarif=a.sarif'], /format sarif given twice/],
    [['-f', 'sarif=same', '-f', 'json=same'], /two reports would be written to the same file/],
    [['-f', 'yaml=x.yaml'], /unknown format "yaml"/],
  ])('%j is a usage error before anything is evaluated or written', async (args, message) => {
    expectUsage(await cli('check', 'app', ...args), message);
  });
});
