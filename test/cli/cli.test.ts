import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';
import { REPO_ROOT, buildStandInPolicy, planJson, stackConfig, tempDir, writeApp, writeJson } from '../gate/fixtures';

const BIN = path.join(REPO_ROOT, 'bin', 'warm-standby.js');
let wasm: string;
let cwd: string;
const startDir = process.cwd();

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The CLI's main() in process, as bin/warm-standby.js calls it (exit code, stdout, stderr): one node
 * process per call made this suite slow. What only the process shows (the launcher) has its own test.
 */
async function cli(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd });
  return { status, stdout, stderr };
}

/** Exit 2 with exactly one line on stderr, no stack frames, nothing on stdout. */
function expectUsageError(run: Run, message: string | RegExp): void {
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toBe('');
  expect(run.stderr).not.toMatch(/^\s+at /m);
  if (typeof message === 'string') expect(lines[0]).toBe(`warm-standby: ${message}`);
  else expect(lines[0]).toMatch(message);
}

const EXCEPTION = { rule: 'WS-TST-001', address: 'aws_db_instance.*', reason: 'Cutover tracked in OPS-77', owner: 'dba-team', expires: '2999-12-31' };

beforeAll(() => {
  wasm = buildStandInPolicy();
  // Read by the gate when no wasm path is given; jest gives each test file its own process.env.
  process.env.WARM_STANDBY_POLICY_WASM = wasm;
  delete process.env.WARM_STANDBY_DEBUG;
  cwd = tempDir('ws-cli-');
  writeApp(path.join(cwd, 'failing'), {
    'example-primary': stackConfig('example-primary', 'primary', 'us-east-1', [
      { type: 'aws_db_instance', name: 'db_1A2B', fail: 'mandatory' },
      { type: 'aws_s3_bucket', name: 'backups', fail: 'advisory' },
    ]),
    'example-standby': stackConfig('example-standby', 'standby', 'us-west-2'),
  });
  writeApp(path.join(cwd, 'advisory-only'), {
    'example-primary': stackConfig('example-primary', 'primary', 'us-east-1', [{ type: 'aws_s3_bucket', name: 'backups', fail: 'advisory' }]),
    'example-standby': stackConfig('example-standby', 'standby', 'us-west-2'),
  });
  writeJson(path.join(cwd, 'plan.json'), planJson('standby', 'us-west-2'));
  writeJson(path.join(cwd, 'exceptions.json'), { exceptions: [EXCEPTION] });
  writeJson(path.join(cwd, 'expired.json'), { exceptions: [{ ...EXCEPTION, expires: '2001-01-01' }] });
  fs.writeFileSync(path.join(cwd, 'params.yaml'), 'min_standby_nodes: 5\n');
  writeJson(path.join(cwd, 'bad-params.json'), { min_standby_nodes: 0 });
  fs.writeFileSync(path.join(cwd, 'bad.json'), '{"format_version": "1.2",\n "planned_values": }');
  writeJson(path.join(cwd, 'other.json'), { not: 'terraform' });
  // Some messages show paths relative to process.cwd(), as in a process started in `cwd`.
  process.chdir(cwd);
});

afterAll(() => process.chdir(startDir));

describe('warm-standby CLI', () => {
  test('--help and check --help exit 0', async () => {
    const help = await cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: warm-standby <command>');
    expect(help.stdout).toMatch(/^ {2}check {6}evaluate/m);
    const checkHelp = await cli('check', '--help');
    expect(checkHelp.status).toBe(0);
    expect(checkHelp.stdout).toContain('--format FORMAT[=FILE]   text | json | sarif | junit | github | markdown');
  });

  test('exit 1 on an unsuppressed mandatory finding; text report on stdout', async () => {
    const run = await cli('check', 'failing');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('FAIL       WS-TST-001');
    expect(run.stdout.trimEnd().split('\n').pop()).toMatch(/^FAIL {2}1 mandatory failed, 1 advisory failed/);
  });

  test('exit 0 when only advisory findings remain, or when the mandatory one is suppressed', async () => {
    expect((await cli('check', 'advisory-only')).status).toBe(0);
    const suppressed = await cli('check', 'failing', '--exceptions', 'exceptions.json', '--format', 'json');
    expect(suppressed.status).toBe(0);
    expect(JSON.parse(suppressed.stdout).summary).toEqual({ evaluated: 3, mandatory_failed: 0, advisory_failed: 1, suppressed: 1, not_evaluated: 0 });
  });

  test('several paths are merged; params reach the policy', async () => {
    const run = await cli('check', 'failing', 'plan.json', '-f', 'json', '--params', 'params.yaml');
    expect(run.status).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.rules.find((r: { id: string }) => r.id === 'WS-TST-003').inputs.map((i: { input: string }) => i.input)).toEqual(['failing', 'plan.json']);
    expect(json.findings[0].message).toContain('min_standby_nodes=5');
  });

  test.each([
    [[], /^usage: warm-standby/],
    [['frobnicate'], /^warm-standby: unknown command "frobnicate" \(commands: check(, [a-z-]+)*\)$/],
    [['check'], 'check needs at least one path (try warm-standby check --help)'],
    [['check', 'failing', '--bogus'], 'unknown option --bogus (try warm-standby check --help)'],
    [['check', 'failing', '--format'], 'option --format needs a value (try warm-standby check --help)'],
    [['check', 'failing', '--format', 'html'], 'unknown format "html" (--format: one of text, json, sarif, junit, github, markdown)'],
    [['check', 'missing.json'], 'input not found (missing.json)'],
    [['check', 'bad.json'], /^warm-standby: bad JSON at line 2 column 20: .+ \(bad\.json\)$/],
    [['check', 'other.json'], /^warm-standby: unknown input shape: .* \(other\.json\)$/],
    [['check', 'failing', '--exceptions', 'expired.json'], 'bad exception: expired on 2001-01-01 (today is '],
    [['check', 'failing', '--exceptions', 'nope.yaml'], 'exceptions file not found (nope.yaml)'],
    [
      ['check', 'failing', '--params', 'bad-params.json'],
      'param min_standby_nodes must be an integer from 1 to 450: a warm standby keeps at least one node (got 0) (bad-params.json)',
    ],
  ])('exit 2 with one stderr line: %j', async (args, message) => {
    const run = await cli(...args);
    if (args.length === 0) {
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
      return;
    }
    if (typeof message === 'string' && message.endsWith('(today is ')) {
      expectUsageError(
        run,
        /^warm-standby: bad exception: expired on 2001-01-01 \(today is \d{4}-\d{2}-\d{2}\); renew or remove it \(expired\.json: exceptions\[0\] WS-TST-001 aws_db_instance\.\*\)$/,
      );
    } else {
      expectUsageError(run, message);
    }
  });

  test('a policy that cannot be loaded is exit 2 with one line', () => {
    const r = spawnSync(process.execPath, [BIN, 'check', 'failing'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, WARM_STANDBY_POLICY_WASM: path.join(cwd, 'none.wasm') },
    });
    expectUsageError({ status: r.status, stdout: r.stdout, stderr: r.stderr }, 'policy wasm not found; run `npm run policy:build` (none.wasm)');
  });
});

describe('--out', () => {
  const leftovers = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

  test('writes the whole report to the file and a summary line to stdout', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'gate.sarif');
    const run = await cli('check', 'failing', '--format', 'sarif', '--out', out);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^warm-standby: FAIL \(1 mandatory failed.*\); sarif report written to .*gate\.sarif\n$/);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).runs[0].results).toHaveLength(2);
    expect(leftovers(dir)).toEqual([]);
  });

  test('replaces an existing report only when the run succeeds', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'report.json');
    fs.writeFileSync(out, 'previous report');
    expectUsageError(await cli('check', 'missing.json', '--out', out), 'input not found (missing.json)');
    expect(fs.readFileSync(out, 'utf8')).toBe('previous report');
    expect((await cli('check', 'advisory-only', '-f', 'json', '-o', out)).status).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).summary.advisory_failed).toBe(1);
    expect(leftovers(dir)).toEqual([]);
  });

  test('an unwritable destination is exit 2 and leaves nothing behind', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'no-such-dir', 'report.xml');
    expectUsageError(await cli('check', 'failing', '-f', 'junit', '-o', out), /^warm-standby: directory does not exist \(--out .*report\.xml\)$/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
