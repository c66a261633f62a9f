/**
 * The synth shared by the suites of one `npm test` run (test/support/synth.ts, WS_TEST_SYNTH_CACHE set
 * by scripts/test): published once, then copied by every suite, each copy its own.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EnvironmentConfig, loadEnvironment } from '../../environments';

/** synthEnvironment from a fresh copy of test/support/synth.ts (its per-file cache empty), with the run cache `dir`. */
function freshSynth(dir: string): typeof import('../support/synth').synthEnvironment {
  const saved = process.env.WS_TEST_SYNTH_CACHE;
  process.env.WS_TEST_SYNTH_CACHE = dir;
  let synth: typeof import('../support/synth').synthEnvironment | undefined;
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      synth = (require('../support/synth') as typeof import('../support/synth')).synthEnvironment;
    });
  } finally {
    if (saved === undefined) delete process.env.WS_TEST_SYNTH_CACHE;
    else process.env.WS_TEST_SYNTH_CACHE = saved;
  }
  return synth!;
}

test('a named environment is synthesized once per run; each suite gets its own copy', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-synth-cache-'));
  try {
    const first = freshSynth(dir)('example');
    expect(fs.readdirSync(dir)).toEqual([expect.stringMatching(/^example_normal_[0-9a-f]{16}$/)]);
    const shared = path.join(dir, fs.readdirSync(dir)[0]);
    expect(fs.readFileSync(path.join(shared, 'manifest.json'), 'utf8')).toBe(fs.readFileSync(path.join(first.outdir, 'manifest.json'), 'utf8'));
    // A marker only the published synth holds: the next suite must copy it, not synthesize again.
    fs.writeFileSync(path.join(shared, 'published-marker'), 'x');
    const second = freshSynth(dir)('example');
    expect(second.outdir).not.toBe(first.outdir);
    expect(fs.existsSync(path.join(second.outdir, 'published-marker'))).toBe(true);
    expect(second.stacks).toEqual(first.stacks);
    // What a suite does to its copy stays there.
    const file = path.join(second.stackDir('example-primary'), 'cdk.tf.json');
    fs.writeFileSync(file, '{}');
    expect(JSON.parse(fs.readFileSync(path.join(shared, 'stacks', 'example-primary', 'cdk.tf.json'), 'utf8'))).toEqual(first.stacks['example-primary']);
    // Without the variable each suite synthesizes on its own.
    const alone = freshSynth('')('example');
    expect(fs.existsSync(path.join(alone.outdir, 'published-marker'))).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the cache is keyed by content: an equal configuration shares the synth, a changed one does not', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-synth-cache-'));
  try {
    freshSynth(dir)('example');
    const [published] = fs.readdirSync(dir);
    fs.writeFileSync(path.join(dir, published, 'published-marker'), 'x');
    // The same content built in a test (not loaded by name) is the same synth...
    const equal = freshSynth(dir)(JSON.parse(JSON.stringify(loadEnvironment('example'))) as EnvironmentConfig);
    expect(fs.existsSync(path.join(equal.outdir, 'published-marker'))).toBe(true);
    // ...failover mode and any changed field are not.
    const failover = freshSynth(dir)('example', { failover: true });
    expect(fs.existsSync(path.join(failover.outdir, 'published-marker'))).toBe(false);
    const env = loadEnvironment('example');
    const changed = freshSynth(dir)({ ...env, dns: { ...env.dns, switch: { kind: 'manual' } } });
    expect(fs.existsSync(path.join(changed.outdir, 'published-marker'))).toBe(false);
    expect(fs.readdirSync(dir).filter((name) => !name.endsWith('.tmp'))).toHaveLength(3);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
