/**
 * The synth shared by the suites of one `npm test` run (test/support/synth.ts, WS_TEST_SYNTH_CACHE set
 * by scripts/test): published once, then copied by every suite, each copy its own.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SynthesizedApp } from '../support/synth';

/** synthEnvironment from a fresh copy of test/support/synth.ts (its per-file cache empty), with the run cache `dir`. */
function freshSynth(dir: string): (name: string) => SynthesizedApp {
  const saved = process.env.WS_TEST_SYNTH_CACHE;
  process.env.WS_TEST_SYNTH_CACHE = dir;
  let synth: ((name: string) => SynthesizedApp) | undefined;
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
    const shared = path.join(dir, 'example_false');
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
