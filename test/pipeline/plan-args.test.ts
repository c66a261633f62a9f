/**
 * `npm run plan` hands the gate options of `warm-standby check` through to the check of its plans
 * (issue 15): several formats, rule selection, severity threshold, exceptions and parameters.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePlanArgs } from '../../scripts/lib/plan-args';
import { planOf } from '../../scripts/lib/plan-shape';
import { synthEnvironment } from '../support/synth';

const ROOT = path.resolve(__dirname, '..', '..');

describe('npm run plan arguments', () => {
  test('gate options become check options; the plans folder and synthesis options stay plan’s', () => {
    const args = parsePlanArgs([
      '--from',
      'cdktf.out',
      '--out-dir',
      'plans',
      '-f',
      'text',
      '--format=junit=plan-gate.junit.xml',
      '-r',
      'WS-EKS-*',
      '--rule=WS-RDS-001',
      '--skip-rule',
      'WS-EKS-009',
      '-s',
      'WS-EKS-010',
      '--severity-threshold',
      'HIGH',
      '-e',
      'ex.yaml',
      '--params',
      'p.yaml',
      '--gate-out-dir',
      'reports',
    ]);
    expect(args).toMatchObject({ from: 'cdktf.out', outDir: 'plans', gate: true, help: false });
    expect(args.checkArgs).toEqual([
      '--format',
      'text',
      '--format',
      'junit=plan-gate.junit.xml',
      '--rule',
      'WS-EKS-*',
      '--rule',
      'WS-RDS-001',
      '--skip-rule',
      'WS-EKS-009',
      '--skip-rule',
      'WS-EKS-010',
      '--severity-threshold',
      'HIGH',
      '--exceptions',
      'ex.yaml',
      '--params',
      'p.yaml',
      '--out-dir',
      'reports',
    ]);
    expect(parsePlanArgs(['--format', 'sarif', '--gate-out', 'plans.sarif']).checkArgs).toEqual(['--format', 'sarif', '--out', 'plans.sarif']);
    expect(parsePlanArgs([]).checkArgs).toEqual([]);
  });

  test('an unknown option or a missing value is an error naming it', () => {
    expect(() => parsePlanArgs(['--rules', 'WS-EKS-001'])).toThrow(/^unknown option --rules\n/);
    expect(() => parsePlanArgs(['--severity-threshold'])).toThrow(/^--severity-threshold needs a value\n/);
  });

  test('the check of the plans runs with them: only the selected rules, two reports from one run', () => {
    const app = synthEnvironment('example');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-args-'));
    try {
      const plans = ['example-primary', 'example-standby'].map((name) => {
        const file = path.join(dir, `${name}.json`);
        const config = JSON.parse(fs.readFileSync(path.join(app.stackDir(name), 'cdk.tf.json'), 'utf8'));
        fs.writeFileSync(file, JSON.stringify(planOf({ name, file, config })));
        return file;
      });
      const json = path.join(dir, 'gate.json');
      const junit = path.join(dir, 'gate.junit.xml');
      const { checkArgs } = parsePlanArgs([
        '-f',
        `json=${json}`,
        '-f',
        `junit=${junit}`,
        '--rule',
        'WS-EKS-*',
        '--skip-rule',
        'WS-EKS-009',
        '--severity-threshold',
        'HIGH',
      ]);
      // What scripts/plan.ts runs after planning.
      const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'warm-standby.js'), 'check', ...plans, ...checkArgs], { cwd: ROOT, encoding: 'utf8' });
      expect(`${run.stdout}${run.stderr}`).toMatch(/json report written to .*gate\.json, junit report written to .*gate\.junit\.xml/);
      const report = JSON.parse(fs.readFileSync(json, 'utf8')) as {
        rules: { id: string; severity: string }[];
        findings: { rule: string; enforcement: string; suppressed: boolean }[];
      };
      expect(run.status).toBe(report.findings.some((f) => f.enforcement === 'mandatory' && !f.suppressed) ? 1 : 0);
      expect(report.findings.filter((f) => !f.rule.startsWith('WS-EKS-') || f.rule === 'WS-EKS-009')).toEqual([]);
      const ids = report.rules.map((r) => r.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((id) => id.startsWith('WS-EKS-') && id !== 'WS-EKS-009')).toBe(true);
      expect(report.rules.every((r) => r.severity === 'HIGH' || r.severity === 'CRITICAL')).toBe(true);
      expect(fs.readFileSync(junit, 'utf8')).toMatch(/^<\?xml/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('scripts/plan.ts accepts the gate options (it refused --rule before)', () => {
    const run = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'scripts', 'with-tools.js'),
        'ts-node',
        '--transpile-only',
        'scripts/plan.ts',
        '--rule',
        'WS-EKS-*',
        '--severity-threshold',
        'HIGH',
        '--help',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: plan /);
    expect(run.stdout).toContain('--severity-threshold');
  });
});
