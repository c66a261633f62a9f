import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { InputError } from '../../common/errors';
import { jsonErrorOffset } from '../../common/files';
import { CdktfStackDocument, readInput } from '../../gate/inputs';
import { planJson, stackConfig, tempDir, writeApp, writeJson } from './fixtures';

function inputError(file: string, cwd: string): string {
  try {
    readInput(file, cwd);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error(`expected ${file} to be rejected`);
}

describe('input detection', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = tempDir();
    writeApp(path.join(cwd, 'cdktf.out'), {
      'example-primary': stackConfig('example-primary', 'primary', 'us-east-1', [{ type: 'aws_db_instance', name: 'db_1A2B' }]),
      'example-standby': stackConfig('example-standby', 'standby', 'us-west-2'),
    });
  });

  test('a cdktf.out folder: every stack of the manifest, in order, wrapped for the Rego adapters', () => {
    const input = readInput('cdktf.out', cwd);
    expect(input.kind).toBe('cdktf_app');
    expect(input.path).toBe('cdktf.out');
    expect(input.environment).toBe('example');
    const doc = input.document as { kind: string; stacks: CdktfStackDocument[] };
    expect(doc.kind).toBe('cdktf_app');
    expect(doc.stacks.map((s) => [s.name, s.file])).toEqual([
      ['example-primary', 'cdktf.out/stacks/example-primary/cdk.tf.json'],
      ['example-standby', 'cdktf.out/stacks/example-standby/cdk.tf.json'],
    ]);
    expect((doc.stacks[0].config.provider as { aws: { region: string }[] }).aws[0].region).toBe('us-east-1');
    expect(input.stackFiles.get('example-standby')).toBe('cdktf.out/stacks/example-standby/cdk.tf.json');
    const line = input.lines.get('example-primary\u0000aws_db_instance.db_1A2B')!;
    const text = fs.readFileSync(path.join(cwd, 'cdktf.out/stacks/example-primary/cdk.tf.json'), 'utf8').split('\n');
    expect(text[line - 1].trim()).toBe('"db_1A2B": {');
  });

  test('the manifest.json itself reads as the whole app', () => {
    expect(readInput('cdktf.out/manifest.json', cwd).document).toEqual(readInput('cdktf.out', cwd).document);
  });

  test("one stack's cdk.tf.json (or its folder) is an app of one stack named from its metadata", () => {
    for (const given of ['cdktf.out/stacks/example-standby/cdk.tf.json', 'cdktf.out/stacks/example-standby']) {
      const input = readInput(given, cwd);
      expect(input.kind).toBe('cdktf_app');
      const doc = input.document as { stacks: CdktfStackDocument[] };
      expect(doc.stacks).toHaveLength(1);
      expect(doc.stacks[0]).toMatchObject({ name: 'example-standby', file: 'cdktf.out/stacks/example-standby/cdk.tf.json' });
    }
  });

  test('a plan JSON (terraform show -json) is passed as is', () => {
    const plan = planJson('standby', 'us-west-2', [{ type: 'aws_eks_node_group', name: 'standby' }]);
    writeJson(path.join(cwd, 'plan.json'), plan);
    const input = readInput('plan.json', cwd);
    expect(input).toMatchObject({ kind: 'plan', path: 'plan.json', environment: 'example', defaultFile: 'plan.json' });
    expect(input.document).toEqual(plan);
  });

  test('a plan with only resource_changes still counts as a plan', () => {
    writeJson(path.join(cwd, 'changes.json'), { format_version: '1.2', resource_changes: [] });
    expect(readInput('changes.json', cwd).kind).toBe('plan');
  });

  test('an HCP Terraform policy input ({plan, run}) is passed as is', () => {
    const doc = { plan: planJson('primary', 'us-east-1'), run: { workspace: { name: 'payments-primary' } } };
    writeJson(path.join(cwd, 'hcp.json'), doc);
    const input = readInput('hcp.json', cwd);
    expect(input).toMatchObject({ kind: 'hcp', environment: 'example' });
    expect(input.document).toEqual(doc);
  });

  test('a missing path', () => {
    expect(inputError('nope', cwd)).toBe('input not found (nope)');
  });

  test('bad JSON names the line and column', () => {
    fs.writeFileSync(path.join(cwd, 'bad.json'), '{\n  "format_version": "1.2",\n  "planned_values": {,}\n}\n');
    expect(inputError('bad.json', cwd)).toMatch(/^bad JSON at line 3 column 22: .+ \(bad\.json\)$/);
    fs.writeFileSync(path.join(cwd, 'cut.json'), '{"format_version": "1.2"');
    expect(inputError('cut.json', cwd)).toMatch(/^bad JSON at line 1 column 25: .+ \(cut\.json\)$/);
  });

  test('unknown shapes say what was expected', () => {
    writeJson(path.join(cwd, 'other.json'), { hello: 'world' });
    expect(inputError('other.json', cwd)).toBe(
      "unknown input shape: expected a cdktf.out folder, a stack's cdk.tf.json, a plan JSON (terraform show -json) or an HCP Terraform policy input (other.json)",
    );
    writeJson(path.join(cwd, 'list.json'), [1, 2]);
    expect(inputError('list.json', cwd)).toMatch(/^unknown input shape: top level is not an object; .* \(list\.json\)$/);
  });

  test('near misses get a specific message', () => {
    writeJson(path.join(cwd, 'state.json'), { format_version: '1.0', values: { root_module: {} } });
    expect(inputError('state.json', cwd)).toMatch(/^this is a Terraform state JSON, not a plan/);
    fs.writeFileSync(path.join(cwd, 'tfplan'), 'PK\u0003\u0004binary');
    expect(inputError('tfplan', cwd)).toBe('binary Terraform plan; convert it with `terraform show -json PLAN > plan.json` (tfplan)');
    writeJson(path.join(cwd, 'hcp-bad.json'), { plan: { nothing: true }, run: {} });
    expect(inputError('hcp-bad.json', cwd)).toMatch(/^HCP Terraform policy input whose `plan` is not a plan JSON/);
    fs.mkdirSync(path.join(cwd, 'empty'));
    expect(inputError('empty', cwd)).toBe('directory is neither a cdktf.out folder (no manifest.json) nor a stack folder (no cdk.tf.json) (empty)');
  });

  test('a manifest pointing at a missing stack file, an empty manifest, and HCL output', () => {
    fs.rmSync(path.join(cwd, 'cdktf.out/stacks/example-standby/cdk.tf.json'));
    expect(inputError('cdktf.out', cwd)).toBe('stack "example-standby" file not found (cdktf.out/stacks/example-standby/cdk.tf.json)');
    writeJson(path.join(cwd, 'cdktf.out/manifest.json'), { version: '0.21.0', stacks: {} });
    expect(inputError('cdktf.out', cwd)).toBe('cdktf manifest lists no stacks (cdktf.out/manifest.json)');
    writeJson(path.join(cwd, 'cdktf.out/manifest.json'), { version: '0.21.0', stacks: { a: { synthesizedStackPath: 'stacks/a/cdk.tf' } } });
    expect(inputError('cdktf.out', cwd)).toMatch(/^stack "a" was synthesized as HCL/);
  });

  test('jsonErrorOffset finds the first error and accepts valid JSON', () => {
    expect(jsonErrorOffset('{"a": [1, 2,, 3]}')).toBe(12);
    expect(jsonErrorOffset('{"a": "\\x"}')).toBe(8);
    expect(jsonErrorOffset('{"a": tru}')).toBe(9);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('{"a": [1, {"b": null}], "c": -1.5e3}')).toBeUndefined();
  });
});

describe('a real cdktf synth', () => {
  test('manifest and stack files written by cdktf 0.21 are read, with resource lines', () => {
    const outdir = path.join(tempDir(), 'cdktf.out');
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'example-primary');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new S3Bucket(stack, 'BackupBucket', { bucket: 'backups' });
    new TerraformOutput(stack, 'warm_standby_stack', { value: { environment: 'example', role: 'primary', region: 'us-east-1' }, staticId: true });
    app.synth();

    const input = readInput(outdir, path.dirname(outdir));
    const doc = input.document as { stacks: CdktfStackDocument[] };
    expect(doc.stacks.map((s) => s.name)).toEqual(['example-primary']);
    expect(input.environment).toBe('example');
    const bucket = Object.keys((doc.stacks[0].config.resource as Record<string, Record<string, unknown>>).aws_s3_bucket)[0];
    expect(input.lines.get(`example-primary\u0000aws_s3_bucket.${bucket}`)).toBeGreaterThan(1);
  });
});
