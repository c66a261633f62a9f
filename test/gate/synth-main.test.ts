/**
 * main.ts as `npm run synth` runs it: environment and failover selection (variables and cdktf
 * context), exit codes, one report, no stale plans or stacks of other environments (15.9, 15.14).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { SYNTH_EXIT, synthAndGate } from '../../main';
import { UsageError } from '../../common/errors';
import { parseFailover, selectSynth } from '../../gate/synth-selection';
import { REPO_ROOT, STAND_IN_REGO, buildRego, planJson, tempDir, writeJson } from './fixtures';

const noContext = (): undefined => undefined;

describe('selectSynth', () => {
  test.each([
    [{}, { envName: 'example', failover: false }],
    [{ WARM_STANDBY_ENV: 'prod-eu' }, { envName: 'prod-eu', failover: false }],
    [{ WARM_STANDBY_FAILOVER: '1' }, { envName: 'example', failover: true }],
    [{ WARM_STANDBY_FAILOVER: 'true' }, { envName: 'example', failover: true }],
    [{ WARM_STANDBY_FAILOVER: '0' }, { envName: 'example', failover: false }],
    [{ WARM_STANDBY_FAILOVER: 'false' }, { envName: 'example', failover: false }],
    [{ WARM_STANDBY_FAILOVER: '' }, { envName: 'example', failover: false }],
  ])('%j selects %j', (vars, selection) => {
    expect(selectSynth(vars, noContext, 'example')).toEqual(selection);
  });

  test.each(['on', 'yes', 'TRUE', ' 1', 'failover'])('WARM_STANDBY_FAILOVER=%j is an error, not normal mode', (value) => {
    expect(() => selectSynth({ WARM_STANDBY_FAILOVER: value }, noContext, 'example')).toThrow(
      new UsageError(
        `WARM_STANDBY_FAILOVER must be one of 1, true, 0, false (got ${JSON.stringify(value)})`,
        '1 or true: failover synth; 0, false or unset: normal synth',
      ),
    );
  });

  test('WARM_STANDBY_RESTORE_BACKUP names the failover Restore backup; refused outside failover or when not a name', () => {
    expect(selectSynth({ WARM_STANDBY_FAILOVER: '1', WARM_STANDBY_RESTORE_BACKUP: 'velero-warm-standby-20260101000000' }, noContext, 'example')).toEqual({
      envName: 'example',
      failover: true,
      restoreBackupName: 'velero-warm-standby-20260101000000',
    });
    expect(() => selectSynth({ WARM_STANDBY_RESTORE_BACKUP: 'velero-x' }, noContext, 'example')).toThrow(
      /WARM_STANDBY_RESTORE_BACKUP "velero-x" applies to a failover synth only \(WARM_STANDBY_FAILOVER=1\)/,
    );
    expect(() => selectSynth({ WARM_STANDBY_FAILOVER: '1', WARM_STANDBY_RESTORE_BACKUP: 'x; rm -rf' }, noContext, 'example')).toThrow(
      /WARM_STANDBY_RESTORE_BACKUP must be a Velero backup name \(a Kubernetes object name\) \(got "x; rm -rf"\)/,
    );
  });

  test('context env and failover are read (cdktf.json context or CDKTF_CONTEXT_JSON)', () => {
    const context = (key: string): unknown => ({ env: 'prod-eu', failover: true })[key];
    expect(selectSynth({}, context, 'example')).toEqual({ envName: 'prod-eu', failover: true });
    expect(parseFailover('true', 'context failover')).toBe(true);
    expect(() => parseFailover('on', 'context failover')).toThrow(/^context failover must be one of 1, true, 0, false \(got "on"\)/);
  });

  test('variable and context that disagree are an error', () => {
    expect(() => selectSynth({ WARM_STANDBY_ENV: 'example' }, (k) => (k === 'env' ? 'prod-eu' : undefined), 'example')).toThrow(
      /WARM_STANDBY_ENV "example" and context env "prod-eu" disagree/,
    );
    expect(() => selectSynth({ WARM_STANDBY_FAILOVER: '0' }, (k) => (k === 'failover' ? true : undefined), 'example')).toThrow(/disagree/);
  });
});

describe('synthAndGate (main.ts)', () => {
  let failing: string;
  const savedContext = process.env.CDKTF_CONTEXT_JSON;

  beforeAll(() => {
    // Every VPC fails WS-TST-001 (mandatory).
    failing = buildRego(
      STAND_IN_REGO.replace('level := r.tags["test/fail"]', 'startswith(r.address, "aws_vpc.")\n\tlevel := "mandatory"'),
      'warm_standby/main/report',
    );
  });
  afterEach(() => {
    if (savedContext === undefined) delete process.env.CDKTF_CONTEXT_JSON;
    else process.env.CDKTF_CONTEXT_JSON = savedContext;
  });

  async function run(vars: NodeJS.ProcessEnv, outdir = tempDir('ws-main-')) {
    let stdout = '';
    let stderr = '';
    const code = await synthAndGate(vars, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, { outdir });
    const manifest = path.join(outdir, 'manifest.json');
    const stacks = fs.existsSync(manifest) ? Object.keys((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { stacks: object }).stacks) : [];
    return { code, stdout, stderr, stacks, outdir };
  }

  test('CDKTF_CONTEXT_JSON {"env": "prod-eu"} synthesizes prod-eu', async () => {
    process.env.CDKTF_CONTEXT_JSON = JSON.stringify({ env: 'prod-eu' });
    const r = await run({});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(SYNTH_EXIT.passed);
    expect(r.stacks.sort()).toEqual(['prod-eu-primary', 'prod-eu-primary-k8s', 'prod-eu-replication', 'prod-eu-standby', 'prod-eu-standby-k8s']);
  });

  test('context failover=true synthesizes the failover variant (standby stacks only)', async () => {
    process.env.CDKTF_CONTEXT_JSON = JSON.stringify({ failover: true });
    const r = await run({});
    expect(r.code).toBe(SYNTH_EXIT.passed);
    expect(r.stacks.sort()).toEqual(['example-standby', 'example-standby-k8s']);
  });

  test('WARM_STANDBY_FAILOVER=on is broken input (exit 2), one line, nothing synthesized', async () => {
    const r = await run({ WARM_STANDBY_FAILOVER: 'on' });
    expect(r.code).toBe(SYNTH_EXIT.brokenInput);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'warm-standby: WARM_STANDBY_FAILOVER must be one of 1, true, 0, false (got "on") (1 or true: failover synth; 0, false or unset: normal synth)\n',
    );
    expect(r.stacks).toEqual([]);
  });

  test('an unknown environment is broken input (exit 2); a policy failure is exit 1 with the report printed once', async () => {
    const broken = await run({ WARM_STANDBY_ENV: 'nope' });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^warm-standby: unknown environment "nope"/);

    // The gate loads the policy named by the process's own WARM_STANDBY_POLICY_WASM.
    process.env.WARM_STANDBY_POLICY_WASM = failing;
    const failed = await run({}).finally(() => delete process.env.WARM_STANDBY_POLICY_WASM);
    expect(failed.code).toBe(1);
    // example's primary is us-east-1: the one warning (a limit, not a failure); prod-eu above has none.
    expect(failed.stderr).toMatch(/^warm-standby: warning: primaryRegion us-east-1: the alarm on the primary endpoint's Route 53 health check .*\n$/);
    expect(failed.stderr.split('\n')).toHaveLength(2);
    const all = failed.stdout + failed.stderr;
    expect(all.match(/WS-TST-001/g)?.length).toBeGreaterThan(0);
    // The report's verdict line appears once: nothing re-prints it.
    expect(all.match(/^warm-standby policy gate$/gm)).toHaveLength(1);
    expect(all.match(/^FAIL {2}\d+ mandatory failed/gm)).toHaveLength(1);
  });

  test("plans and stack folders of other environments are removed from cdktf.out; this one's plans stay", async () => {
    const outdir = tempDir('ws-main-stale-');
    const other = writeJson(path.join(outdir, 'plans', 'prod-eu-standby.json'), withEnvironment(planJson('standby', 'eu-central-1'), 'prod-eu'));
    const own = writeJson(path.join(outdir, 'plans', 'example-standby.json'), planJson('standby', 'us-west-2'));
    fs.mkdirSync(path.join(outdir, 'stacks', 'prod-eu-primary'), { recursive: true });
    const r = await run({}, outdir);
    expect(r.code).toBe(0);
    expect(fs.existsSync(other)).toBe(false);
    expect(fs.existsSync(own)).toBe(true);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'prod-eu-primary'))).toBe(false);
    expect(r.stderr).toContain('removed 1 plan(s) of other environments');
  });
});

function withEnvironment(plan: Record<string, unknown>, env: string): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(plan)) as { planned_values: { outputs: { warm_standby_stack: { value: { environment: string } } } } };
  copy.planned_values.outputs.warm_standby_stack.value.environment = env;
  return copy;
}

describe('the cdktf CLI hands app context to main.ts', () => {
  test("CDKTF_CONTEXT_JSON reaches the app through `cdktf synth` with this repository's cdktf.json", () => {
    // A stand-in app records what the CLI passes; the CLI reads the real cdktf.json from the cwd. A
    // `context` key there (even {}) would overwrite the variable (@cdktf/commons src/config.js).
    const dir = tempDir('ws-cdktf-cli-');
    fs.copyFileSync(path.join(REPO_ROOT, 'cdktf.json'), path.join(dir, 'cdktf.json'));
    const seen = path.join(dir, 'seen.json');
    fs.writeFileSync(
      path.join(dir, 'app.js'),
      `const fs = require('fs');
fs.writeFileSync(${JSON.stringify(seen)}, process.env.CDKTF_CONTEXT_JSON || '{}');
fs.mkdirSync(process.env.CDKTF_OUTDIR, { recursive: true });
fs.writeFileSync(process.env.CDKTF_OUTDIR + '/manifest.json', JSON.stringify({ version: '0.21.0', stacks: {} }));
`,
    );
    const r = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'), ['synth', '-a', `node ${path.join(dir, 'app.js')}`], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CDKTF_CONTEXT_JSON: JSON.stringify({ env: 'prod-eu', failover: true }), CHECKPOINT_DISABLE: '1' },
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(seen, 'utf8'))).toMatchObject({ env: 'prod-eu', failover: true });
  }, 150_000);
});
