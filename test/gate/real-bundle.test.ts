/**
 * The gate with the real policy bundle (policies/main.rego, lib, rules) over the example
 * environment as the stacks synthesize it: the wiring from synth to report, end to end.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { loadEnvironment } from '../../environments';
import { buildEnvironment } from '../../stacks';
import { ensureBundle } from '../../gate/bundle';
import { PolicyEngine } from '../../gate/engine';
import { checkPaths, runGate } from '../../gate/gate';
import { renderSarif } from '../../gate/reporters/sarif';
import { planOf } from '../../scripts/lib/plan-shape';
import { REPO_ROOT, tempDir, writeJson } from './fixtures';
import { validateJsonSchema } from './json-schema';

const haveRego = fs.existsSync(path.join(REPO_ROOT, 'policies', 'main.rego'));
const describeIfRego = haveRego ? describe : describe.skip;

describeIfRego('gate with the real policy bundle', () => {
  let cwd: string;
  let engine: PolicyEngine;
  let wasm: string;

  beforeAll(async () => {
    wasm = ensureBundle().wasm;
    engine = await PolicyEngine.load(wasm);
    cwd = tempDir('ws-real-');
    const app = new App({ outdir: path.join(cwd, 'cdktf.out') });
    buildEnvironment(app, loadEnvironment('example'));
    app.synth();
  });

  /** A copy of the app with the standby node group's minimum size set to `minSize`. */
  function mutatedApp(minSize: number): { dir: string; address: string } {
    const dir = path.join(tempDir('ws-real-mut-'), 'cdktf.out');
    fs.cpSync(path.join(cwd, 'cdktf.out'), dir, { recursive: true });
    const file = path.join(dir, 'stacks', 'example-standby', 'cdk.tf.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8'));
    const groups = config.resource.aws_eks_node_group as Record<string, { scaling_config: { min_size: number } }>;
    const [name, group] = Object.entries(groups)[0];
    group.scaling_config.min_size = minSize;
    writeJson(file, config);
    // Without Portworx in the standby cluster (its Kubernetes stack), so the node group's only finding
    // is WS-EKS-002 (not WS-EKS-010 as well).
    const k8sFile = path.join(dir, 'stacks', 'example-standby-k8s', 'cdk.tf.json');
    const k8s = JSON.parse(fs.readFileSync(k8sFile, 'utf8'));
    for (const [release, r] of Object.entries<any>(k8s.resource.helm_release)) if (r.chart === 'portworx') delete k8s.resource.helm_release[release];
    writeJson(k8sFile, k8s);
    return { dir, address: `aws_eks_node_group.${name}` };
  }

  test('the synthesized example environment passes, every rule evaluated but the failover-only ones', async () => {
    const report = await checkPaths(['cdktf.out'], { cwd, engine });
    expect(report.stacks.map((s) => [s.name, s.role])).toEqual(
      expect.arrayContaining([
        ['example-primary', 'primary'],
        ['example-standby', 'standby'],
        ['example-replication', 'replication'],
      ]),
    );
    expect(report.rules.length).toBeGreaterThan(20);
    const notEvaluated = report.rules.filter((r) => r.status !== 'evaluated');
    expect(notEvaluated.map((r) => [r.id, r.status])).toEqual(
      ['WS-FO-001', 'WS-FO-002', 'WS-FO-003', 'WS-FO-004', 'WS-FO-005', 'WS-FO-006', 'WS-FO-007', 'WS-RDS-005'].map((id) => [id, 'not_applicable']),
    );
    for (const r of notEvaluated) expect(r.reason).toMatch(/^normal mode: /);
    expect(report.findings.filter((f) => !f.suppressed).map((f) => `${f.rule} ${f.address}: ${f.message}`)).toEqual([]);
  });

  test('runGate (what main.ts calls) returns exit 0 and a text report', async () => {
    const previous = process.cwd();
    process.chdir(cwd);
    try {
      const result = await runGate('cdktf.out', { params: loadEnvironment('example').policyParams });
      expect(result.exitCode).toBe(0);
      expect(result.output).toContain('example-standby  standby  us-west-2  cdktf.out/stacks/example-standby/cdk.tf.json');
    } finally {
      process.chdir(previous);
    }
  });

  test('one stack alone: cross-Region rules are not evaluated, with reasons, and give no findings', async () => {
    const report = await checkPaths(['cdktf.out/stacks/example-standby/cdk.tf.json'], { cwd, engine });
    const cross = report.rules.filter((r) => r.scope === 'cross_region');
    expect(cross.length).toBeGreaterThan(0);
    for (const rule of cross) expect(rule).toMatchObject({ status: 'not_evaluated', reason: expect.stringMatching(/\S/) });
    expect(report.findings.filter((f) => f.scope === 'cross_region')).toEqual([]);
    // The recovery-objective estimate needs the whole app, so WS-OBJ-002 and WS-OBJ-003 are not evaluated either.
    for (const id of ['WS-OBJ-002', 'WS-OBJ-003']) {
      const objectives = report.rules.find((r) => r.id === id);
      expect(objectives).toMatchObject({ status: 'not_evaluated', reason: expect.stringMatching(/needs the primary and the standby stack/) });
    }
    // WS-EKS-010 compares the node group (this AWS stack) with the Portworx release (the Kubernetes
    // stack, not given): it could never fire here, so it is not evaluated, with the reason.
    const portworx = report.rules.find((r) => r.id === 'WS-EKS-010');
    expect(portworx).toMatchObject({ status: 'not_evaluated', reason: expect.stringMatching(/needs the aws and kubernetes stacks of one Region together/) });
    // Besides the cross-Region rules: WS-OBJ-002, WS-OBJ-003 and WS-EKS-010 above.
    expect(report.summary.not_evaluated).toBe(cross.length + 3);
  });

  test('a standby node group with no minimum capacity fails, located at its line in the stack file', async () => {
    const { dir, address } = mutatedApp(0);
    const report = await checkPaths([dir], { engine });
    const finding = report.findings.find((f) => f.address === address);
    expect(finding).toMatchObject({ stack: 'example-standby', enforcement: 'mandatory', suppressed: false });
    expect(finding!.message).toContain(address);
    const location = report.locations.get(`example-standby\u0000${address}`)!;
    const lines = fs.readFileSync(path.join(dir, 'stacks/example-standby/cdk.tf.json'), 'utf8').split('\n');
    expect(lines[location.line! - 1].trim()).toBe(`"${address.split('.')[1]}": {`);

    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8'));
    expect(validateJsonSchema(schema, JSON.parse(renderSarif(report)))).toEqual([]);
  });

  test('the CLI exits 1 on it, and 0 with a stack-scoped exception for it', () => {
    const { dir, address } = mutatedApp(0);
    const env = { ...process.env, WARM_STANDBY_POLICY_WASM: wasm };
    const bin = path.join(REPO_ROOT, 'bin', 'warm-standby.js');
    const failing = spawnSync(process.execPath, [bin, 'check', dir, '-f', 'json'], { encoding: 'utf8', env });
    expect(failing.status).toBe(1);
    const rule = JSON.parse(failing.stdout).findings.find((f: { address: string }) => f.address === address).rule;

    const exceptions = writeJson(path.join(path.dirname(dir), 'exceptions.json'), {
      exceptions: [
        {
          rule,
          address: 'aws_eks_node_group.*',
          stack: 'example-standby',
          reason: 'Standby scaled to zero during the DR drill',
          owner: 'platform-team',
          expires: '2999-12-31',
        },
      ],
    });
    const passing = spawnSync(process.execPath, [bin, 'check', dir, '-f', 'json', '--exceptions', exceptions], { encoding: 'utf8', env });
    expect(passing.stderr).toBe('');
    expect(passing.status).toBe(0);
    expect(JSON.parse(passing.stdout).findings.find((f: { address: string }) => f.address === address)).toMatchObject({ suppressed: true });
  });

  /** Plan-shaped JSON (scripts/lib/plan-shape.ts) of the example's primary and standby AWS stacks, written beside the app. */
  function planFiles(edit: (standby: any) => void = () => undefined): [string, string] {
    const dir = tempDir('ws-real-plans-');
    const files = ['example-primary', 'example-standby'].map((name) => {
      const config = JSON.parse(fs.readFileSync(path.join(cwd, 'cdktf.out', 'stacks', name, 'cdk.tf.json'), 'utf8'));
      if (name === 'example-standby') edit(config);
      const file = path.join(dir, `${name}.plan.json`);
      writeJson(file, planOf({ name, file, config }));
      return file;
    });
    return [files[0], files[1]];
  }

  test('plans of both Regions given together: cross-Region rules are evaluated over the set, and fire', async () => {
    const [primary, standby] = planFiles();
    const together = await checkPaths([primary, standby], { engine });
    const rds = together.rules.find((r) => r.id === 'WS-RDS-001');
    expect(rds?.status).toBe('evaluated');
    // No cross-Region rule waits for the other Region any more; the ones left need the cdktf app itself
    // (backend settings, whole-app references).
    const waiting = together.rules.filter((r) => r.scope === 'cross_region' && r.status === 'not_evaluated');
    expect(waiting.filter((r) => /^cross-Region rule/.test(r.reason))).toEqual([]);
    expect(waiting.map((r) => r.id)).toEqual(['WS-STATE-004']);
    expect(together.findings.filter((f) => f.rule === 'WS-RDS-001')).toEqual([]);

    const alone = await checkPaths([standby], { engine });
    expect(alone.rules.find((r) => r.id === 'WS-RDS-001')?.status).toBe('not_evaluated');

    // The standby plan without its read replica: the set reports the source as unreplicated.
    const [primary2, standby2] = planFiles((config) => delete config.resource.aws_db_instance);
    const broken = await checkPaths([primary2, standby2], { engine });
    const finding = broken.findings.find((f) => f.rule === 'WS-RDS-001');
    expect(finding?.stack).toBe('example-primary');
    expect(finding?.address).toMatch(/^aws_db_instance\./);
  });
});
