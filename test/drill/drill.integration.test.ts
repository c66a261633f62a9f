/**
 * Issue 18, opt-in: the real drill (moto, terraform, the failover) for `example`. Minutes long and
 * needs Python 3.11 and PyPI once, so it runs only with WARM_STANDBY_DRILL=1; `npm test` skips it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const run = process.env.WARM_STANDBY_DRILL === '1' ? test : test.skip;

run(
  'npm run drill on example: every step, read-back, failover check and readiness verdict holds',
  () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-it-'));
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'scripts', 'with-tools.js'), 'ts-node', '--transpile-only', 'drill/main.ts', '--env', 'example', '--out', out],
      {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      },
    );
    const report = fs.readFileSync(path.join(out, 'drill-report.md'), 'utf8');
    expect({ status: r.status, report }).toEqual({ status: 0, report: expect.stringContaining('Outcome: PASS') as string });
    expect(report).toMatch(/\| no request reached us-east-1 \| ok \|/);
  },
  1_800_000,
);
