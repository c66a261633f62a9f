/**
 * CI publishes the runbook: a workflow job writes runbook.md and topology.md from the synthesized app
 * and uploads them as an artifact. The step's own `run:` script is executed here on a real synth.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { synthEnvironment } from '../support/synth';

const ROOT = path.resolve(__dirname, '..', '..');

interface Step {
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

const workflow = parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'warm-standby.yml'), 'utf8')) as {
  jobs: Record<string, { steps: Step[] }>;
};

function runbookJob(): { job: string; steps: Step[]; upload: number; write: number } {
  for (const [job, { steps }] of Object.entries(workflow.jobs)) {
    const upload = steps.findIndex((s) => s.uses?.startsWith('actions/upload-artifact@') && String(s.with?.path).includes('runbook.md'));
    if (upload < 0) continue;
    const write = steps.findIndex((s) => /warm-standby\.js runbook cdktf\.out > runbook\.md/.test(s.run ?? ''));
    return { job, steps, upload, write };
  }
  throw new Error('no job uploads runbook.md');
}

describe('the runbook artifact', () => {
  const { steps, upload, write } = runbookJob();

  test('a step writes runbook.md after the synth, an upload-artifact step publishes it with the topology, even when the gate failed', () => {
    const synth = steps.findIndex((s) => /npm run synth/.test(s.run ?? ''));
    expect(synth).toBeGreaterThanOrEqual(0);
    expect(write).toBeGreaterThan(synth);
    expect(upload).toBeGreaterThan(write);
    expect(steps[upload].with).toMatchObject({ name: 'warm-standby-runbook', 'if-no-files-found': 'error' });
    expect(String(steps[upload].with?.path).split('\n').filter(Boolean)).toEqual(['runbook.md', 'topology.md']);
    for (const s of [steps[write], steps[upload]]) expect(s.if).toMatch(/^always\(\)/);
  });

  test("the step's script writes both files from a synthesized cdktf.out", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-artifact-'));
    fs.cpSync(synthEnvironment('example').outdir, path.join(dir, 'cdktf.out'), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'));
    const r = spawnSync('bash', ['-e', '-c', steps[write].run!], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const runbook = fs.readFileSync(path.join(dir, 'runbook.md'), 'utf8');
    expect(runbook).toMatch(/^# Failover runbook: example \(us-east-1 -> us-west-2\)/);
    expect(runbook).toContain('## 0. Before you start (cold machine)');
    expect(runbook).toContain('## Topology\n');
    expect(fs.readFileSync(path.join(dir, 'topology.md'), 'utf8')).toContain('```mermaid\nflowchart TB');
  });
});
