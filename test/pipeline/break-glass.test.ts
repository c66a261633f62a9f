/**
 * Issue 15.3: an expired exception (unrelated to failover) blocks the failover synth; with an
 * explicit break-glass (who, why) the failover goes ahead and the override is printed in the log
 * and the job summary. The synth runs as the workflow runs it (the compiled app, bin/app.js).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../../common/errors';
import { breakGlassFrom, gateWithBreakGlass } from '../../gate/break-glass';

const ROOT = path.resolve(__dirname, '..', '..');

describe('break-glass failover', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'break-glass-'));
  const exceptions = path.join(work, 'expired.exceptions.yaml');
  fs.writeFileSync(
    exceptions,
    'exceptions:\n  - rule: WS-ALARM-001\n    address: aws_cloudwatch_metric_alarm.unrelated\n    reason: old waiver\n    owner: team-db\n    expires: "2020-01-01"\n',
  );
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const synth = (extra: NodeJS.ProcessEnv) => {
    const summary = path.join(work, `summary-${Object.keys(extra).length}.md`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      WARM_STANDBY_ENV: 'example',
      WARM_STANDBY_FAILOVER: '1',
      WARM_STANDBY_EXCEPTIONS: exceptions,
      CDKTF_OUTDIR: path.join(work, `out-${Object.keys(extra).length}`),
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
      ...extra,
    };
    delete env.WARM_STANDBY_BREAK_GLASS_BY;
    delete env.WARM_STANDBY_BREAK_GLASS_REASON;
    Object.assign(env, extra);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'app.js')], { cwd: ROOT, env, encoding: 'utf8' });
    return { status: r.status, output: r.stdout + r.stderr, summary: fs.existsSync(summary) ? fs.readFileSync(summary, 'utf8') : '' };
  };

  test('without an override, the expired exception blocks the failover synth', () => {
    const r = synth({});
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/expired on 2020-01-01/);
    expect(r.output).not.toMatch(/BREAK-GLASS/);
  });

  test('with WARM_STANDBY_BREAK_GLASS_BY and _REASON it proceeds, printing who and why in the log and the job summary', () => {
    const r = synth({ WARM_STANDBY_BREAK_GLASS_BY: 'alice', WARM_STANDBY_BREAK_GLASS_REASON: 'us-east-1 outage INC-42' });
    expect(r.status).toBe(0);
    expect(r.output).toMatch(
      /BREAK-GLASS: failover proceeds although the gate could not run: .*expired on 2020-01-01.*; overridden by alice: us-east-1 outage INC-42/,
    );
    expect(r.output).toMatch(/::warning title=warm-standby break-glass::/);
    expect(r.summary).toContain('**By:** alice');
    expect(r.summary).toContain('**Why:** us-east-1 outage INC-42');
  });

  test('the override is refused in normal mode, and when who or why is missing', () => {
    const both = { WARM_STANDBY_BREAK_GLASS_BY: 'alice', WARM_STANDBY_BREAK_GLASS_REASON: 'outage' };
    expect(() => breakGlassFrom(both, false)).toThrow(UsageError);
    expect(() => breakGlassFrom(both, false)).toThrow(/only for a failover synth/);
    expect(() => breakGlassFrom({ WARM_STANDBY_BREAK_GLASS_BY: 'alice' }, true)).toThrow(/WARM_STANDBY_BREAK_GLASS_REASON is empty/);
    expect(() => breakGlassFrom({ WARM_STANDBY_BREAK_GLASS_REASON: 'outage' }, true)).toThrow(/WARM_STANDBY_BREAK_GLASS_BY is empty/);
    expect(breakGlassFrom({}, true)).toBeUndefined();
  });

  test('a failed gate is overridden and logged; a pass and non-gate errors are left alone', async () => {
    const lines: string[] = [];
    const log = (t: string): void => void lines.push(t);
    const override = { by: 'bob', reason: 'drill' };
    await expect(gateWithBreakGlass(() => Promise.resolve(1), override, {}, log)).resolves.toBe(0);
    expect(lines.join('')).toMatch(/the policy gate failed .*overridden by bob: drill/);
    await expect(gateWithBreakGlass(() => Promise.resolve(1), undefined, {}, log)).resolves.toBe(1);
    await expect(gateWithBreakGlass(() => Promise.resolve(0), override, {}, log)).resolves.toBe(0);
    await expect(gateWithBreakGlass(() => Promise.reject(new TypeError('bug')), override, {}, log)).rejects.toThrow('bug');
  });
});
