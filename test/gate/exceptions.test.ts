import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../../common/errors';
import { loadExceptions, unusedExceptions, validateExceptions } from '../../gate/exceptions';
import { environmentParams, loadParams, mergeParams } from '../../gate/params';
import { EXCEPTION, tempDir, writeJson } from './fixtures';

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
    ['a wildcard that spans resource types', { address: 'a**' }, 'address "a**" has a wildcard where the resource type goes'],
    ['a leading ** before the type', { address: '**.replica' }, 'address "**.replica" has a wildcard where the resource type goes'],
    ['a glob in the type segment', { address: 'aws_*.replica' }, 'address "aws_*.replica" has a wildcard where the resource type goes'],
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
    fs.writeFileSync(file, 'min_standby_nodes: 2\nextra:\n  b: 3\n');
    expect(mergeParams({ min_standby_nodes: 1, max_dns_detection_seconds: 180, extra: { a: 1 } }, loadParams(file))).toEqual({
      min_standby_nodes: 2,
      max_dns_detection_seconds: 180,
      extra: { a: 1, b: 3 },
    });
  });

  test('known parameters are type-checked; the file must be an object', () => {
    const dir = tempDir();
    const bad = writeJson(path.join(dir, 'p.json'), { min_standby_nodes: 0 });
    expect(errorOf(() => loadParams(bad)).message).toMatch(/^param min_standby_nodes must be an integer >= 1 \(got 0\) \(.*p\.json\)$/);
    const list = writeJson(path.join(dir, 'l.json'), [1]);
    expect(errorOf(() => loadParams(list)).message).toContain('params file must be an object');
  });

  test('environment defaults come from environments/ by name; unknown names give none', () => {
    expect(environmentParams('example')).toEqual(expect.any(Object));
    expect(environmentParams('no-such-env')).toEqual({});
    expect(environmentParams(undefined)).toEqual({});
  });
});
