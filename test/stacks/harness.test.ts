import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ValidateResult,
  hoistableImports,
  pinMirrorProviders,
  prepareStackDir,
  rootOnlyReason,
  validateStack,
  validateStacks,
} from '../../scripts/lib/terraform';
import { synthEnvironment } from '../support/synth';

describe('terraform harness', () => {
  const app = synthEnvironment('example');
  const replication = app.stackDir('example-replication');

  test('a broken stack is reported invalid, naming the offending argument', async () => {
    const result = await validateStack(replication, {
      transform: (config) => {
        const [name] = Object.keys(config.resource!.aws_iam_role);
        config.resource!.aws_iam_role[name].not_an_argument = true;
      },
    });
    expect(result.valid).toBe(false);
    expect(result.errorCount).toBeGreaterThan(0);
    const extraneous = result.diagnostics.find((d) => d.summary === 'Extraneous JSON object property');
    expect(extraneous?.detail).toMatch(/not_an_argument/);
  });

  describe('validated together as modules of one root (one Terraform run for every case below)', () => {
    const dirs: string[] = [];
    /** A copy of the replication stack with `edit` applied. */
    const copy = (edit: (config: any) => void): string => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-copy-'));
      dirs.push(dir);
      fs.cpSync(replication, dir, { recursive: true });
      const config = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
      edit(config);
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(config));
      return dir;
    };
    const failback = synthEnvironment('example-failback');
    let results: Map<string, ValidateResult>;

    beforeAll(async () => {
      const badStandbyProvider = (config: any): void => {
        const standby = config.provider.aws.find((p: any) => p.alias === 'standby');
        standby.not_a_provider_argument = true;
      };
      const brokenRole = (config: any): void => {
        const [name] = Object.keys(config.resource.aws_iam_role);
        config.resource.aws_iam_role[name].not_an_argument = true;
      };
      results = await validateStacks([
        // The primary stack carries Lambda assets: relative asset paths must still resolve.
        { key: 'primary', dir: app.stackDir('example-primary') },
        { key: 'replication', dir: replication },
        { key: 'replication-again', dir: replication },
        { key: 'broken', dir: copy(brokenRole) },
        { key: 'broken-twin', dir: copy(brokenRole) },
        // Two different stacks with the same broken provider configuration (one of them also has a
        // changed output, so they are not deduplicated as one module).
        { key: 'provider-a', dir: copy(badStandbyProvider) },
        {
          key: 'provider-b',
          dir: copy((config) => {
            badStandbyProvider(config);
            config.output.harness_marker = { value: 'b' };
          }),
        },
        // The swapped primary imports the live Global Datastore.
        { key: 'failback-primary', dir: failback.stackDir('example-primary') },
        {
          key: 'broken-import',
          dir: copy((config) => {
            config.import = [{ to: 'aws_s3_bucket.NotInThisStack', id: 'some-bucket' }];
          }),
        },
      ]);
    }, 300_000);
    afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    test('a broken stack is reported for that stack only, identical stacks are validated once and share the verdict, and a literal provider configuration moves to the root with its error given to its stacks', () => {
      expect([...results.keys()].sort()).toEqual([
        'broken',
        'broken-import',
        'broken-twin',
        'failback-primary',
        'primary',
        'provider-a',
        'provider-b',
        'replication',
        'replication-again',
      ]);
      expect(results.get('primary')).toMatchObject({ valid: true, errorCount: 0 });
      expect(results.get('replication')).toMatchObject({ valid: true, errorCount: 0, stackDir: replication });
      expect(results.get('replication-again')).toMatchObject({ valid: true, errorCount: 0 });
      for (const key of ['broken', 'broken-twin']) {
        const bad = results.get(key)!;
        expect(bad.valid).toBe(false);
        expect(bad.diagnostics.find((d) => d.summary === 'Extraneous JSON object property')?.detail).toMatch(/not_an_argument/);
        expect(bad.diagnostics.map((d) => d.detail ?? '').join('\n')).not.toMatch(/not_a_provider_argument|NotInThisStack/);
      }
      expect(results.get('broken-twin')!.stackDir).not.toBe(results.get('broken')!.stackDir);
      for (const key of ['provider-a', 'provider-b']) {
        const bad = results.get(key)!;
        expect(bad.valid).toBe(false);
        expect(bad.diagnostics.map((d) => `${d.summary} ${d.detail ?? ''}`).join('\n')).toMatch(/not_a_provider_argument/);
      }
    });

    test("plain import blocks move to the shared root, and an import without its target is that stack's error", () => {
      const primary = failback.stacks['example-primary'];
      expect(primary.import).toHaveLength(1);
      expect(hoistableImports(primary.import)).toEqual(primary.import);
      expect(hoistableImports([{ to: 'a.b', id: 'c', provider: 'aws.x' }])).toBeUndefined();
      expect(hoistableImports([{ to: 'a.b', id: '${var.x}' }])).toBeUndefined();
      expect(hoistableImports(undefined)).toBeUndefined();
      expect(results.get('failback-primary')).toMatchObject({ valid: true, errorCount: 0 });
      const bad = results.get('broken-import')!;
      expect(bad.valid).toBe(false);
      expect(bad.diagnostics.map((d) => `${d.summary} ${d.detail ?? ''}`).join('\n')).toMatch(/NotInThisStack/);
    });
  });

  test('blocks whose meaning differs in a child module keep a stack out of the shared root', () => {
    expect(rootOnlyReason(app.stacks['example-primary'])).toBeUndefined();
    expect(rootOnlyReason({ ...app.stacks['example-primary'], variable: { x: {} } })).toBe('top-level "variable" block');
    expect(rootOnlyReason({ ...app.stacks['example-primary'], import: [{ to: 'a.b', id: 'c' }] })).toBe('top-level "import" block');
    expect(rootOnlyReason({ terraform: {}, output: { o: { value: 1, ephemeral: true } } })).toBe('output "o" sets ephemeral');
  });

  test('the temp copy drops the backend and never touches the synthesized file', () => {
    const before = fs.readFileSync(`${replication}/cdk.tf.json`, 'utf8');
    const work = prepareStackDir(replication);
    const copy = JSON.parse(fs.readFileSync(`${work}/cdk.tf.json`, 'utf8'));
    expect(copy.terraform.backend).toBeUndefined();
    expect(JSON.parse(before).terraform.backend.s3.region).toBe('us-east-1');
    expect(fs.readFileSync(`${replication}/cdk.tf.json`, 'utf8')).toBe(before);
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('a local backend can replace the remote one for offline plans', () => {
    const work = prepareStackDir(replication, { backend: 'local' });
    const copy = JSON.parse(fs.readFileSync(`${work}/cdk.tf.json`, 'utf8'));
    expect(copy.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('provider requirements are pointed at the mirror only where the versions differ', () => {
    const config = { terraform: { required_providers: { aws: { version: '5.100.0' }, helm: { version: '3.1.1' } } } };
    pinMirrorProviders(config, { aws: '5.100.0', helm: '3.2.1-dev.20260629' });
    expect(config.terraform.required_providers).toEqual({ aws: { version: '5.100.0' }, helm: { version: '3.2.1-dev.20260629' } });
  });
});
