/**
 * Rotation moves AWSCURRENT off the secret version Terraform wrote. The next plan must not move it
 * back (that would hand clients a password the database no longer has). Checked with the real
 * Terraform CLI and the pinned AWS provider, offline: a plan with -refresh=false from a state in which
 * the version is AWSPREVIOUS, for the version resource exactly as MasterSecret synthesizes it.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { regionalRef } from '../../modules/core';
import { PostgresInstance } from '../../modules/rds-postgres';
import { init } from '../../scripts/lib/terraform';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readToolchain, toolEnv } = require('../../scripts/toolchain') as {
  readToolchain: () => { terraform: string; providers: Record<string, string> };
  toolEnv: (base?: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
};

const run = promisify(execFile);
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:payments-db-master-AbCdEf';

/** The aws_secretsmanager_secret_version body PostgresInstance synthesizes. */
function synthesizedVersion(): Record<string, any> {
  const out = JSON.parse(
    Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: 'us-east-1' });
      new PostgresInstance(scope, 'Db', {
        identifier: 'payments-db',
        engineVersion: '16',
        instanceClass: 'db.r6g.large',
        allocatedStorageGiB: 100,
        databaseName: 'app',
        backupRetentionDays: 7,
        kmsKey: regionalRef('arn:aws:kms:us-east-1:123456789012:key/k', 'k', 'us-east-1'),
        region: 'us-east-1',
        accountId: '123456789012',
        subnetIds: ['subnet-a', 'subnet-b'],
        vpcId: 'vpc-1',
      });
    }),
  );
  return Object.values<Record<string, any>>(out.resource.aws_secretsmanager_secret_version)[0];
}

/** State after a rotation, for each of `names`: Terraform's version holds AWSPREVIOUS (the write-only value is not in state). */
function rotatedState(names: readonly string[]): object {
  return {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: '00000000-0000-0000-0000-000000000001',
    outputs: {},
    resources: names.map((name) => ({
      mode: 'managed',
      type: 'aws_secretsmanager_secret_version',
      name,
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [
        {
          schema_version: 0,
          attributes: {
            arn: SECRET_ARN,
            has_secret_string_wo: true,
            id: `${SECRET_ARN}|v1`,
            secret_binary: '',
            secret_id: SECRET_ARN,
            secret_string: null,
            secret_string_wo: null,
            secret_string_wo_version: 1,
            version_id: 'v1',
            version_stages: ['AWSPREVIOUS'],
          },
          sensitive_attributes: ['secret_binary', 'secret_string', 'secret_string_wo'].map((value) => [{ type: 'get_attr', value }]),
        },
      ],
    })),
  };
}

interface Plan {
  /** Exit code of `terraform plan -detailed-exitcode` (0: no changes, 2: changes). */
  readonly code: number;
  readonly output: string;
  /** The resources the plan changes, from its `# <address> will be ...` headers. */
  readonly changed: string[];
}

/**
 * One `terraform plan -refresh=false -detailed-exitcode` of several version resources (name -> body),
 * each with the rotated state: one Terraform run and one AWS provider for every case, each case still
 * judged on its own resource.
 */
async function plan(versions: Record<string, Record<string, any>>): Promise<Plan> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-secret-version-'));
  const { providers, terraform } = readToolchain();
  const resources = Object.fromEntries(
    Object.entries(versions).map(([name, version]) => [
      name,
      // Literals for what the stack takes from other resources and the ephemeral password.
      { ...version, secret_id: SECRET_ARN, secret_string_wo: '{"username":"app_admin","password":"x"}' },
    ]),
  );
  const config = {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: providers.aws } } },
    provider: {
      aws: [
        {
          region: 'us-east-1',
          access_key: 'AKIAEXAMPLE',
          secret_key: 'example',
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
        },
      ],
    },
    resource: { aws_secretsmanager_secret_version: resources },
  };
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
  fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(rotatedState(Object.keys(versions)), null, 2));
  const env = toolEnv();
  await init(dir, { backend: true });
  let result: { code: number; output: string };
  try {
    const { stdout } = await run(terraform, ['plan', '-refresh=false', '-detailed-exitcode', '-input=false', '-no-color'], { cwd: dir, env });
    result = { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    result = { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const changed = [...result.output.matchAll(/^\s*# (\S+) (?:will|must) be /gm)].map((m) => m[1]);
  return { ...result, changed };
}

describe('master secret version after a rotation', () => {
  jest.setTimeout(180_000);
  const version = synthesizedVersion();
  // Only what the test replaces with literals may be tokens.
  const { ['//']: _meta, secret_id: _id, secret_string_wo: _wo, ...rest } = version;
  const { lifecycle: _lifecycle, ...withoutLifecycle } = rest;

  let result: Plan;
  beforeAll(async () => {
    result = await plan({
      synthesized: rest,
      stages_written: { ...rest, version_stages: ['AWSCURRENT'] },
      no_lifecycle: { ...withoutLifecycle, version_stages: ['AWSCURRENT'] },
    });
  });

  /** The plan ran to its summary: a failed plan lists no change and must not pass the cases below. */
  const expectPlanned = (): void => expect(result.output).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');

  test('the synthesized version resource plans no change when its version lost AWSCURRENT', () => {
    expectPlanned();
    expect(result.changed).not.toContain('aws_secretsmanager_secret_version.synthesized');
  });

  test('even with version_stages written into it, the lifecycle keeps the plan from moving AWSCURRENT back', () => {
    expectPlanned();
    expect(result.changed).not.toContain('aws_secretsmanager_secret_version.stages_written');
  });

  test('the check can fail: without the lifecycle, pinned stages would move AWSCURRENT back to the old password', () => {
    // The only change of the plan, so the two cases above are judged by the same run.
    expect(result.changed).toEqual(['aws_secretsmanager_secret_version.no_lifecycle']);
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/# aws_secretsmanager_secret_version\.no_lifecycle will be updated in-place[\s\S]*- "AWSPREVIOUS",\s+\+ "AWSCURRENT",/);
    expectPlanned();
  });
});
