import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../../common/errors';
import { displayPath } from '../../common/files';
import { PolicyEngine } from '../../gate/engine';
import { environmentExceptionsFile, exceptionsFileFor, loadExceptions, unusedExceptions, validateExceptions } from '../../gate/exceptions';
import { checkPaths } from '../../gate/gate';
import { environmentParams, loadParams, mergeParams } from '../../gate/params';
import { EXCEPTION, REPO_ROOT, ResourceSpec, buildStandInPolicy, planJson, stackConfig, tempDir, writeApp, writeJson } from './fixtures';

const TODAY = '2025-06-15';
const valid = {
  rule: 'WS-RDS-003',
  address: 'aws_db_instance.replica_7C8D',
  reason: 'Key migration tracked in OPS-1234',
  owner: 'platform-team',
  expires: '2025-06-15',
};

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).not.toContain('\n');
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

const check = (entries: unknown[]) => validateExceptions({ exceptions: entries }, 'ex.json', { today: TODAY });

describe('exceptions', () => {
  test('a valid entry passes through unchanged; it applies through its expiry day', () => {
    expect(check([valid])).toEqual([valid]);
  });

  test('an optional stack narrows an entry; it must be a non-empty string', () => {
    expect(check([{ ...valid, stack: 'example-standby' }])[0].stack).toBe('example-standby');
    expect(errorOf(() => check([{ ...valid, stack: '' }])).message).toContain('bad exception: stack, when given, must be a non-empty string');
  });

  test('globs are accepted as addresses', () => {
    expect(check([{ ...valid, address: 'aws_db_instance.replica_*' }])[0].address).toBe('aws_db_instance.replica_*');
    expect(check([{ ...valid, address: 'module.*.aws_db_instance.**' }])[0].address).toBe('module.*.aws_db_instance.**');
    expect(check([{ ...valid, address: 'data.aws_eks_cluster.*' }])[0].address).toBe('data.aws_eks_cluster.*');
  });

  test('an expired entry is an error naming the entry (index, rule, address) and the date', () => {
    const err = errorOf(() => check([valid, { ...valid, address: 'aws_db_instance.old', expires: '2025-06-14' }]));
    expect(err.message).toBe(
      'bad exception: expired on 2025-06-14 (today is 2025-06-15); renew or remove it (ex.json: exceptions[1] WS-RDS-003 aws_db_instance.old)',
    );
  });

  test.each([
    ['a short reason', { reason: 'because' }, 'reason must be at least 10 characters (got 7)'],
    ['a reason of spaces', { reason: '          x' }, 'reason must be at least 10 characters (got 1)'],
    ['a bad date', { expires: '2025-02-30' }, 'expires must be a date YYYY-MM-DD (got "2025-02-30")'],
    ['a non-ISO date', { expires: '15/06/2025' }, 'expires must be a date YYYY-MM-DD (got "15/06/2025")'],
    ['a missing owner', { owner: undefined }, 'owner is required and must be a non-empty string'],
    ['a numeric rule', { rule: 7 }, 'rule is required and must be a non-empty string'],
    ['a rule that is not an id', { rule: 'eks standby' }, 'rule must be a rule id like WS-EKS-002 (got "eks standby")'],
    ['a blanket address', { address: '**' }, 'address "**" matches every resource'],
    ['a wildcard that spans resource types', { address: 'a**' }, 'address "a**" must name the resource type literally'],
    ['a leading ** before the type', { address: '**.replica' }, 'address "**.replica" must name the resource type literally'],
    ['a glob in the type segment', { address: 'aws_*.replica' }, 'address "aws_*.replica" must name the resource type literally'],
    ['a module wildcard standing for the type', { address: 'module.db.**' }, 'address "module.db.**" has a wildcard where the resource type goes'],
    ['an unknown field', { expiry: '2026-01-01' }, 'unknown field(s) expiry'],
  ])('%s is an error naming the entry', (_, change, problem) => {
    const entry = { ...valid, ...change } as Record<string, unknown>;
    for (const key of Object.keys(entry)) if (entry[key] === undefined) delete entry[key];
    const err = errorOf(() => check([entry]));
    expect(err.message).toContain(`bad exception: ${problem}`);
    expect(err.message).toMatch(/\(ex\.json: exceptions\[0\] .+ .+\)$/);
  });

  test('the file must hold an exceptions list and nothing else', () => {
    expect(errorOf(() => validateExceptions([], 'ex.json')).message).toBe('exceptions file must be an object with an `exceptions` list (ex.json)');
    expect(errorOf(() => validateExceptions({ exceptions: [], suppress_all: true }, 'ex.json')).message).toContain('unknown key(s) suppress_all');
  });

  test('YAML and JSON files load the same; YAML dates stay strings', () => {
    const dir = tempDir();
    const yaml = path.join(dir, 'exceptions.yaml');
    fs.writeFileSync(
      yaml,
      `exceptions:\n  - rule: WS-RDS-003\n    address: aws_db_instance.replica_7C8D\n    reason: Key migration tracked in OPS-1234\n    owner: platform-team\n    expires: 2025-06-15\n`,
    );
    const json = writeJson(path.join(dir, 'exceptions.json'), { exceptions: [valid] });
    expect(loadExceptions(yaml, { today: TODAY })).toEqual([valid]);
    expect(loadExceptions(json, { today: new Date('2025-06-15T23:59:00Z') })).toEqual([valid]);
  });

  test('file problems name the file: missing, bad JSON with position, bad YAML with position', () => {
    const dir = tempDir();
    expect(errorOf(() => loadExceptions(path.join(dir, 'nope.yaml'))).message).toMatch(/^exceptions file not found \(.*nope\.yaml\)$/);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"exceptions": [\n  {"rule": }\n]}');
    expect(errorOf(() => loadExceptions(path.join(dir, 'bad.json'))).message).toMatch(/^bad JSON at line 2 column 12: Unexpected token '}' \(.*bad\.json\)$/);
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'exceptions:\n  - rule: [x\n');
    expect(errorOf(() => loadExceptions(path.join(dir, 'bad.yaml'))).message).toMatch(/^bad YAML at line \d+ column \d+: .*\(.*bad\.yaml\)$/);
  });

  test('unusedExceptions finds entries no finding was suppressed by', () => {
    const other = { ...EXCEPTION, address: 'aws_db_instance.other' };
    expect(unusedExceptions([EXCEPTION, other], [null, { ...EXCEPTION }])).toEqual([other]);
  });
});

describe('params', () => {
  test('a params file (JSON or YAML) is laid over the environment defaults', () => {
    const dir = tempDir();
    const file = path.join(dir, 'params.yaml');
    fs.writeFileSync(file, 'min_standby_nodes: 2\n');
    expect(mergeParams({ min_standby_nodes: 1, max_dns_detection_seconds: 180 }, loadParams(file))).toEqual({
      min_standby_nodes: 2,
      max_dns_detection_seconds: 180,
    });
  });

  test('known parameters are type-checked; the file must be an object', () => {
    const dir = tempDir();
    const bad = writeJson(path.join(dir, 'p.json'), { min_standby_nodes: 0 });
    expect(errorOf(() => loadParams(bad)).message).toMatch(
      /^param min_standby_nodes must be an integer from 1 to 450: a warm standby keeps at least one node \(got 0\) \(.*p\.json\)$/,
    );
    const list = writeJson(path.join(dir, 'l.json'), [1]);
    expect(errorOf(() => loadParams(list)).message).toContain('params file must be an object');
  });

  test('environment defaults come from environments/ by name; unknown names give none', () => {
    expect(environmentParams('example')).toEqual(expect.any(Object));
    expect(environmentParams('no-such-env')).toEqual({});
    expect(environmentParams(undefined)).toEqual({});
  });
});

describe("an environment's exceptions file is honoured by every entry point", () => {
  // A name of its own: the file lives in the repository's environments/ while the suite runs.
  const envName = 'exceptions-everywhere-test';
  const envFile = environmentExceptionsFile(envName);
  const BIN = path.join(REPO_ROOT, 'bin', 'warm-standby.js');
  const failing: ResourceSpec[] = [{ type: 'aws_db_instance', name: 'db_1A2B', fail: 'mandatory' }];
  const inEnvironment = <T>(doc: T): T => JSON.parse(JSON.stringify(doc).replace(/"environment":"example"/g, `"environment":"${envName}"`)) as T;
  const suppressDb = { rule: 'WS-TST-001', address: 'aws_db_instance.db_*', reason: 'Cutover tracked in OPS-77', owner: 'dba-team', expires: '2999-12-31' };
  let engine: PolicyEngine;
  let wasm: string;
  let cwd: string;

  beforeAll(async () => {
    wasm = buildStandInPolicy();
    engine = await PolicyEngine.load(wasm);
    cwd = tempDir('ws-env-exceptions-');
    writeApp(path.join(cwd, 'cdktf.out'), {
      [`${envName}-primary`]: inEnvironment(stackConfig(`${envName}-primary`, 'primary', 'us-east-1', failing)),
      [`${envName}-standby`]: inEnvironment(stackConfig(`${envName}-standby`, 'standby', 'us-west-2')),
    });
    writeJson(path.join(cwd, 'plan.json'), inEnvironment(planJson('primary', 'us-east-1', failing)));
  });
  beforeEach(() => writeJson(envFile, { exceptions: [suppressDb] }));
  afterEach(() => fs.rmSync(envFile, { force: true }));

  test('exceptionsFileFor: $WARM_STANDBY_EXCEPTIONS, else the file beside the configuration, never a path from the input', () => {
    expect(exceptionsFileFor(envName, {})).toBe(envFile);
    expect(exceptionsFileFor(envName, { WARM_STANDBY_EXCEPTIONS: 'mine.yaml' })).toBe('mine.yaml');
    expect(exceptionsFileFor('no-such-environment', {})).toBeUndefined();
    expect(exceptionsFileFor(`../environments/${envName}`, {})).toBeUndefined();
    expect(exceptionsFileFor(undefined, {})).toBeUndefined();
  });

  test.each(['cdktf.out', 'plan.json'])('checkPaths on %s applies the environment file without --exceptions', async (input) => {
    const report = await checkPaths([input], { cwd, engine, vars: {} });
    expect(report.summary).toMatchObject({ mandatory_failed: 0, suppressed: 1 });
    expect(report.findings.find((f) => f.rule === 'WS-TST-001')?.exception).toMatchObject({ owner: 'dba-team' });
    expect(report.exceptionsFiles).toEqual([displayPath(envFile, cwd)]);
  });

  test('an explicit exceptions file replaces the environment file; so does $WARM_STANDBY_EXCEPTIONS', async () => {
    const empty = writeJson(path.join(cwd, 'none.json'), { exceptions: [] });
    expect((await checkPaths(['cdktf.out'], { cwd, engine, vars: {}, exceptionsFile: empty })).summary.mandatory_failed).toBe(1);
    expect((await checkPaths(['cdktf.out'], { cwd, engine, vars: { WARM_STANDBY_EXCEPTIONS: 'none.json' } })).summary.mandatory_failed).toBe(1);
  });

  test('an expired entry in the environment file stops check with the entry named, never a silent skip', async () => {
    writeJson(envFile, { exceptions: [{ ...suppressDb, expires: '2001-01-01' }] });
    await expect(checkPaths(['plan.json'], { cwd, engine, vars: {} })).rejects.toThrow(/bad exception: expired on 2001-01-01 .*exceptions\[0\] WS-TST-001/);
  });

  test('`warm-standby check` (what `npm run plan` runs on its plans) passes on the suppressed finding and fails without the file', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, 'check', ...args], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, WARM_STANDBY_POLICY_WASM: wasm, WARM_STANDBY_EXCEPTIONS: '' },
      });
    const passed = run('plan.json', 'cdktf.out');
    expect(passed.stderr).toBe('');
    expect(passed.status).toBe(0);
    expect(passed.stdout).toContain(`exceptions from ${envFile}`);
    fs.rmSync(envFile);
    expect(run('plan.json').status).toBe(1);
  });
});
