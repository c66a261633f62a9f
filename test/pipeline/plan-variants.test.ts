/**
 * Real offline Terraform plans of the example environment beyond the normal synth (plan.test.ts plans
 * that one and gates it): the failover synth, and a stack broken before planning, refused by the gate.
 * A suite of its own so jest plans both sets on both cores.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planApp, planStack } from '../../scripts/lib/plan';
import { synthEnvironment } from '../support/synth';

const ROOT = path.resolve(__dirname, '..', '..');

function gate(
  files: string[],
  extra: string[] = [],
): {
  code: number | null;
  report: { summary: { mandatory_failed: number }; findings: { rule: string; enforcement: string; address: string; stack: string; suppressed: boolean }[] };
} {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'warm-standby.js'), 'check', ...files, '--format', 'json', ...extra], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  try {
    return { code: result.status, report: JSON.parse(result.stdout) };
  } catch {
    throw new Error(`gate printed no JSON (exit ${result.status}):\n${result.stderr}`);
  }
}

describe('gating real plans of other example synths', () => {
  const app = synthEnvironment('example');
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plans-example-variants-'));
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  test('a failover synth plans its AWS stack and says why its Kubernetes stack is not planned', async () => {
    const failover = synthEnvironment('example', { failover: true });
    const result = await planApp(failover.outdir, path.join(outDir, 'failover'));
    expect(result.plans.map((p) => p.stack)).toEqual(['example-standby']);
    expect(result.skipped).toEqual([
      {
        stack: 'example-standby-k8s',
        reason: expect.stringMatching(/^kubernetes_manifest \(VeleroRestore_\w+\) reads its schema from the cluster API at plan time$/),
      },
    ]);
    // From empty state every resource is a create, IAM included, which WS-FO-007 refuses on a failover
    // plan (the failover job plans against the live state, where IAM is unchanged): the README's
    // failover plan command skips that rule, and everything else passes.
    const planJsons = result.plans.map((p) => p.planJson);
    const refused = gate(planJsons);
    expect(refused.code).toBe(1);
    expect([...new Set(refused.report.findings.filter((f) => f.enforcement === 'mandatory' && !f.suppressed).map((f) => f.rule))]).toEqual(['WS-FO-007']);
    const skipped = gate(planJsons, ['--skip-rule', 'WS-FO-007']);
    expect([skipped.code, skipped.report.summary.mandatory_failed]).toEqual([0, 0]);
  });

  test('a standby node group broken before planning is refused with WS-EKS-002', async () => {
    const broken = await planStack('example-standby', app.stackDir('example-standby'), path.join(outDir, 'broken'), {
      transform: (config) => {
        for (const group of Object.values<any>(config.resource!.aws_eks_node_group)) group.scaling_config.min_size = 0;
      },
    });
    const doc = JSON.parse(fs.readFileSync(broken.planJson, 'utf8'));
    const groups = doc.resource_changes.filter((r: any) => r.type === 'aws_eks_node_group');
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expect(g.change.after.scaling_config[0].min_size).toBe(0);

    const run = gate([broken.planJson]);
    expect(run.code).toBe(1);
    expect(run.report.summary.mandatory_failed).toBeGreaterThan(0);
    const finding = run.report.findings.find((f) => f.rule === 'WS-EKS-002');
    expect(finding).toMatchObject({ enforcement: 'mandatory', stack: 'example-standby', suppressed: false });
    expect(finding?.address).toMatch(/^aws_eks_node_group\./);
  });
});
