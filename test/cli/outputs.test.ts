/**
 * Outputs never replace inputs, keep symbolic links, and fail before any work with one line naming
 * the path when they cannot be written (16.7).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';
import { createReadinessCommand } from '../../cli/commands/readiness';
import { writePolicySet } from '../../cli/commands/policy-set';
import { checkOutputPath, writeFileAtomic } from '../../common/files';
import { findOpa } from '../../gate/bundle';
import { REPO_ROOT, buildStandInPolicy, stackConfig, tempDir, writeApp, writeJson } from '../gate/fixtures';

let cwd: string;
let out: string[];
let err: string[];
const io = () => ({ stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), cwd });
// Every folder made immutable, so afterAll can let it go (each test that needs one makes its own).
const immutable: string[] = [];

/** A folder nobody can write in, root included (chattr +i), or undefined where that is not possible. */
function unwritableDir(): string | undefined {
  const dir = path.join(tempDir('ws-ro-'), 'locked');
  fs.mkdirSync(dir);
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'pipe' });
    immutable.push(dir);
    return dir;
  } catch {
    if (process.getuid?.() === 0) return undefined;
    fs.chmodSync(dir, 0o555);
    return dir;
  }
}

beforeAll(() => {
  process.env.WARM_STANDBY_POLICY_WASM = buildStandInPolicy();
  cwd = tempDir('ws-out-');
  writeApp(path.join(cwd, 'app'), {
    'example-primary': stackConfig('example-primary', 'primary', 'us-east-1'),
    'example-standby': stackConfig('example-standby', 'standby', 'us-west-2'),
  });
  writeJson(path.join(cwd, 'params.json'), { min_standby_nodes: 1 });
  fs.writeFileSync(path.join(cwd, 'a-file'), 'x');
});
afterAll(() => {
  delete process.env.WARM_STANDBY_POLICY_WASM;
  for (const dir of immutable) execFileSync('chattr', ['-i', dir]);
});
beforeEach(() => {
  out = [];
  err = [];
});

async function check(...args: string[]): Promise<number> {
  return main(['check', 'app', ...args], io());
}

describe('check --out', () => {
  test.each([
    [['--out', 'app/manifest.json'], 'warm-standby: would overwrite manifest.json of the input app; write the report elsewhere (--out app/manifest.json)'],
    [
      ['--out', 'app/stacks/example-primary/cdk.tf.json'],
      'warm-standby: would overwrite stacks/example-primary/cdk.tf.json of the input app; write the report elsewhere (--out app/stacks/example-primary/cdk.tf.json)',
    ],
    [
      ['--params', 'params.json', '--out', 'params.json'],
      'warm-standby: would overwrite the input params.json; write the report elsewhere (--out params.json)',
    ],
    [['--out', 'a-file/report.txt'], 'warm-standby: cannot write there: a parent of it is a file, not a directory (--out a-file/report.txt)'],
    [['--out', 'no-such-dir/report.txt'], 'warm-standby: directory does not exist (--out no-such-dir/report.txt)'],
    [['--out', 'app'], 'warm-standby: is a directory; give a file name (--out app)'],
  ])('%j is refused before evaluation, inputs untouched', async (args, message) => {
    const before = fs.readFileSync(path.join(cwd, 'app', 'manifest.json'), 'utf8');
    const params = fs.readFileSync(path.join(cwd, 'params.json'), 'utf8');
    expect(await check(...args)).toBe(2);
    expect(err.join('')).toBe(`${message}\n`);
    expect(out.join('')).toBe('');
    expect(fs.readFileSync(path.join(cwd, 'app', 'manifest.json'), 'utf8')).toBe(before);
    expect(fs.readFileSync(path.join(cwd, 'params.json'), 'utf8')).toBe(params);
  });

  test('a symlinked --out keeps the link and replaces its target, atomically in the target folder', async () => {
    const real = path.join(cwd, 'reports', 'gate.json');
    fs.mkdirSync(path.dirname(real), { recursive: true });
    fs.writeFileSync(real, 'old');
    fs.symlinkSync(real, path.join(cwd, 'link.json'));
    expect(await check('--format', 'json', '--out', 'link.json')).toBe(0);
    expect(fs.lstatSync(path.join(cwd, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(real, 'utf8'))).toHaveProperty('summary');
    expect(fs.readdirSync(path.dirname(real))).toEqual(['gate.json']);
  });

  test('a symlink pointing at an input is refused like the input itself', async () => {
    fs.symlinkSync(path.join(cwd, 'params.json'), path.join(cwd, 'params-link.json'));
    expect(await check('--params', 'params.json', '--out', 'params-link.json')).toBe(2);
    expect(err.join('')).toMatch(/^warm-standby: would overwrite the input params\.json/);
  });

  test('an unwritable folder is refused before evaluation', async () => {
    const dir = unwritableDir();
    if (!dir) return;
    const rel = path.relative(cwd, path.join(dir, 'r.txt'));
    expect(await check('--out', rel)).toBe(2);
    expect(err.join('')).toMatch(/^warm-standby: cannot write in .*locked: (EPERM|EACCES) \(--out .*locked\/r\.txt\)\n$/);
  });

  test('writeFileAtomic leaves no temporary file behind on failure', () => {
    expect(() => writeFileAtomic(path.join(cwd, 'a-file', 'x.txt'), 'x')).toThrow(/cannot write report: a parent of it is a file, not a directory/);
    expect(() => checkOutputPath(path.join(cwd, 'a-file', 'x.txt'))).toThrow(/a parent of it is a file/);
  });
});

describe('readiness --out', () => {
  test('below a file: exit 2, one line naming the path, and no AWS call', async () => {
    let calls = 0;
    const clients = new Proxy(
      {},
      {
        get: () => () => {
          calls++;
          throw new Error('no AWS in this test');
        },
      },
    ) as never;
    const command = createReadinessCommand({ clients });
    let code: number;
    try {
      code = await command.run(['--env', 'example', '--out', 'a-file/readiness.txt'], io());
    } catch (e) {
      err.push(`warm-standby: ${(e as Error).message}\n`);
      code = 2;
    }
    expect(code).toBe(2);
    expect(err.join('')).toBe('warm-standby: cannot write there: a parent of it is a file, not a directory (--out a-file/readiness.txt)\n');
    expect(calls).toBe(0);
  });
});

const opa = findOpa(REPO_ROOT);
describe('policy-set', () => {
  (opa ? test : test.skip)('into an unwritable folder: one line naming it, nothing half-written', async () => {
    const dir = unwritableDir();
    if (!dir) return;
    expect(() => writePolicySet(path.join(dir, 'set'))).toThrow(/^cannot write in .*locked: (EPERM|EACCES) \(.*locked\/set\)$/);
    expect(await main(['policy-set', path.relative(cwd, path.join(dir, 'set'))], io())).toBe(2);
    expect(err.join('')).toMatch(/^warm-standby: cannot write in .*locked: (EPERM|EACCES) \(.*\)\n$/);
  });

  test('below a file: one line', async () => {
    expect(await main(['policy-set', 'a-file/set'], io())).toBe(2);
    expect(err.join('')).toMatch(/^warm-standby: cannot write there: a parent of it is a file, not a directory \(.*a-file\/set\)\n$/);
  });
});
