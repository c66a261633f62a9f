/**
 * Real offline Terraform plans of the example environment, gated by the warm-standby policies: the
 * unchanged stacks pass. The failover synth and a stack broken before planning are plan-variants.test.ts's.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { offlinePlanTransform, planApp, StackPlan } from '../../scripts/lib/plan';
import { synthEnvironment } from '../support/synth';

const ROOT = path.resolve(__dirname, '..', '..');

interface GateRun {
  code: number | null;
  report: {
    summary: { mandatory_failed: number; evaluated: number; not_evaluated: number };
    findings: { rule: string; enforcement: string; address: string; stack: string; suppressed: boolean }[];
    rules: { id: string; scope: string; status: string; reason?: string }[];
  };
  stderr: string;
}

function gate(files: string[]): GateRun {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'warm-standby.js'), 'check', ...files, '--format', 'json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  let report: GateRun['report'];
  try {
    report = JSON.parse(result.stdout);
  } catch {
    throw new Error(`gate printed no JSON (exit ${result.status}):\n${result.stderr}`);
  }
  return { code: result.status, report, stderr: result.stderr };
}

describe('offline plan transform (only the temp copy)', () => {
  test('AWS provider gets placeholder credentials and skips, the account allow-list goes', () => {
    const config: Record<string, any> = {
      provider: { aws: [{ region: 'us-east-1', allowed_account_ids: ['123456789012'], assume_role: [{ role_arn: 'x' }] }] },
    };
    offlinePlanTransform(config);
    const aws = config.provider.aws[0];
    expect(aws.allowed_account_ids).toBeUndefined();
    expect(aws.assume_role).toBeUndefined();
    expect(aws).toMatchObject({ region: 'us-east-1', skip_credentials_validation: true, skip_requesting_account_id: true });
    expect(aws.access_key).toMatch(/^AKIA/);
    expect(aws.secret_key).toBeTruthy();
    expect(aws.skip_metadata_api_check).toBe('true');
  });

  test('a remote Helm chart becomes a local stub of the same name; chart and values stay', () => {
    const release = { chart: 'velero', repository: 'https://vmware-tanzu.github.io/helm-charts', version: '10.1.3', set: [{ name: 'a', value: 'b' }] };
    const config: Record<string, any> = { resource: { helm_release: { Velero: release } } };
    expect(offlinePlanTransform(config)).toEqual([{ name: 'velero', version: '10.1.3' }]);
    expect(config.resource.helm_release.Velero).toEqual({ chart: 'velero', version: '10.1.3', set: [{ name: 'a', value: 'b' }] });
  });
});

describe('gating real plans of the example environment', () => {
  const app = synthEnvironment('example');
  let outDir: string;
  let plans: StackPlan[];

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plans-example-'));
    ({ plans } = await planApp(app.outdir, outDir));
  }, 900_000); // five real terraform plan runs (one init), one after the other

  afterAll(() => {
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  test('every stack is planned offline into <stack>.json', () => {
    expect(plans.map((p) => p.stack).sort()).toEqual([
      'example-primary',
      'example-primary-k8s',
      'example-replication',
      'example-standby',
      'example-standby-k8s',
    ]);
    for (const p of plans) {
      expect(p.planJson).toBe(path.join(outDir, `${p.stack}.json`));
      const doc = JSON.parse(fs.readFileSync(p.planJson, 'utf8'));
      expect(doc.format_version).toEqual(expect.any(String));
      expect(doc.planned_values.outputs.warm_standby_stack.value.environment).toBe('example');
      expect(p.resourceChanges).toBeGreaterThan(0);
    }
  });

  test('the synthesized stacks are untouched (workarounds live in the temp copies only)', () => {
    const primary = JSON.parse(fs.readFileSync(path.join(app.stackDir('example-primary-k8s'), 'cdk.tf.json'), 'utf8'));
    expect(primary.provider.aws[0].allowed_account_ids).toEqual(expect.any(Array));
    expect(primary.provider.aws[0].access_key).toBeUndefined();
    expect(primary.terraform.backend.s3).toBeDefined();
    expect(primary.resource.terraform_data).toBeUndefined();
    expect(Object.values<any>(primary.data.aws_eks_node_group)[0].depends_on).toBeUndefined();
    const velero = Object.values<any>(primary.resource.helm_release)[0];
    expect(velero.repository).toMatch(/^https:/);
  });

  test('the gate passes the plans: no mandatory failure, cross-Region rules evaluated over the plans together', () => {
    const run = gate(plans.map((p) => p.planJson));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.report.summary.mandatory_failed).toBe(0);
    expect(run.report.findings.filter((f) => f.enforcement === 'mandatory' && !f.suppressed)).toEqual([]);
    expect(run.report.summary.evaluated).toBeGreaterThan(0);
    const crossRegion = run.report.rules.filter((r) => r.scope === 'cross_region');
    expect(crossRegion.length).toBeGreaterThan(0);
    // The plans of the environment are evaluated as one plan set: no cross-Region rule waits for the
    // other Region; only those that need the cdktf app itself (backend settings) are not evaluated.
    expect(crossRegion.filter((r) => r.status === 'evaluated').map((r) => r.id)).toEqual(expect.arrayContaining(['WS-RDS-001', 'WS-DNS-001', 'WS-EKS-003']));
    expect(crossRegion.filter((r) => r.status === 'not_evaluated' && /^cross-Region rule/.test(r.reason ?? ''))).toEqual([]);
    const stackLocal = run.report.rules.filter((r) => r.scope === 'stack_local');
    expect(stackLocal.some((r) => r.status === 'evaluated')).toBe(true);
  });

  test('data sources are read at apply time: the plans show them deferred behind one terraform_data', () => {
    for (const stack of ['example-primary-k8s', 'example-replication']) {
      const doc = JSON.parse(fs.readFileSync(path.join(outDir, `${stack}.json`), 'utf8'));
      const reads = doc.configuration.root_module.resources.filter((r: any) => r.mode === 'data');
      expect(reads.length).toBeGreaterThan(0);
      for (const read of reads) expect(read.depends_on).toEqual(['terraform_data.offline_plan_defer_reads']);
    }
  });
});
