import * as fs from 'node:fs';
import * as path from 'node:path';
import { environmentExceptionsFile, gateSynthesizedApp } from '../../gate/synth-gate';
import { synthEnvironment } from '../support/synth';

/** The example app with the standby node group at 0 nodes: a mandatory WS-EKS-002 finding. */
function brokenExample(): string {
  const app = synthEnvironment('example');
  const file = path.join(app.stackDir('example-standby'), 'cdk.tf.json');
  const stack = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const group of Object.values<any>(stack.resource.aws_eks_node_group)) group.scaling_config.min_size = 0;
  fs.writeFileSync(file, JSON.stringify(stack));
  // Without Portworx in the standby cluster (its Kubernetes stack), so the only finding is WS-EKS-002
  // (not WS-EKS-010 as well).
  const k8sFile = path.join(app.stackDir('example-standby-k8s'), 'cdk.tf.json');
  const k8s = JSON.parse(fs.readFileSync(k8sFile, 'utf8'));
  for (const [name, r] of Object.entries<any>(k8s.resource.helm_release)) if (r.chart === 'portworx') delete k8s.resource.helm_release[name];
  fs.writeFileSync(k8sFile, JSON.stringify(k8s));
  return app.outdir;
}

describe('gate after synthesis (main.ts)', () => {
  const envName = 'synth-gate-test';
  const exceptionsFile = environmentExceptionsFile(envName);
  const outdir = brokenExample();
  const run = async (vars: NodeJS.ProcessEnv = {}) => {
    let output = '';
    const code = await gateSynthesizedApp(outdir, { name: envName, policyParams: {} }, vars, (text) => {
      output += text;
    });
    return { code, output };
  };
  afterEach(() => fs.rmSync(exceptionsFile, { force: true }));

  test('a mandatory finding prints the report and exits 1', async () => {
    const { code, output } = await run();
    expect(code).toBe(1);
    expect(output).toMatch(/WS-EKS-002/);
  });

  test("the environment's exceptions beside its config suppress the finding", async () => {
    fs.writeFileSync(
      exceptionsFile,
      [
        'exceptions:',
        '  - rule: WS-EKS-002',
        '    address: aws_eks_node_group.*',
        '    reason: Standby capacity is paused for the load test (CHG-42)',
        '    owner: platform-team',
        '    expires: 2999-01-01',
        '',
      ].join('\n'),
    );
    const { code, output } = await run();
    expect(code).toBe(0);
    expect(output).toMatch(/suppressed/i);
  });

  test('an expired exception is an error naming the entry, never a suppression', async () => {
    fs.writeFileSync(
      exceptionsFile,
      'exceptions:\n  - {rule: WS-EKS-002, address: "aws_eks_node_group.*", reason: "expired long ago already", owner: me, expires: 2001-01-01}\n',
    );
    await expect(run()).rejects.toThrow(/expired/);
  });

  test('WARM_STANDBY_GATE_FORMAT picks the format; an unknown one is a usage error', async () => {
    expect((await run({ WARM_STANDBY_GATE_FORMAT: 'json' })).output).toMatch(/^\{/);
    await expect(run({ WARM_STANDBY_GATE_FORMAT: 'yaml' })).rejects.toThrow(/unknown format "yaml"/);
  });
});
