import { Fn, Testing, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { COMPONENT_TAG, regionalRef } from '../../modules/core';
import {
  DB_ROLE_TAG,
  PostgresInstance,
  PostgresInstanceProps,
  PostgresReadReplica,
  PostgresReadReplicaProps,
  PostgresSourceRef,
  postgresSourceRef,
} from '../../modules/rds-postgres';
import { atPath } from '../support/errors';
import { LAMBDA_NODEJS_RUNTIME } from '../../modules/redshift-feed/bundle';

const ACCOUNT = '123456789012';
const PRIMARY = 'us-east-1';
const STANDBY = 'us-west-2';
const primaryKey = regionalRef(`arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/primary`, 'primary', PRIMARY);
const standbyKey = regionalRef(`arn:aws:kms:${STANDBY}:${ACCOUNT}:key/standby`, 'standby', STANDBY);

type Json = Record<string, any>;

function synth(region: string, build: (stack: TerraformStack) => void): string {
  return Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region });
    build(scope as TerraformStack);
  });
}

/** Bodies of all resources of one type in a synthesized stack. */
function resources(synthesized: string, type: { tfResourceType: string }): Json[] {
  return Object.values((JSON.parse(synthesized).resource ?? {})[type.tfResourceType] ?? {});
}

function only(synthesized: string, type: { tfResourceType: string }): Json {
  const found = resources(synthesized, type);
  expect(found).toHaveLength(1);
  return found[0];
}

const sourceProps = (over: Partial<PostgresInstanceProps> = {}): PostgresInstanceProps => ({
  identifier: 'payments-db',
  engineVersion: '16',
  instanceClass: 'db.r6g.large',
  allocatedStorageGiB: 100,
  databaseName: 'app',
  backupRetentionDays: 7,
  kmsKey: primaryKey,
  region: PRIMARY,
  accountId: ACCOUNT,
  subnetIds: ['subnet-a', 'subnet-b'],
  vpcId: 'vpc-1',
  ...over,
});

const source: PostgresSourceRef = postgresSourceRef({
  identifier: 'payments-db',
  region: PRIMARY,
  accountId: ACCOUNT,
  engineVersion: '16',
  backupRetentionDays: 7,
});

const replicaProps = (over: Partial<PostgresReadReplicaProps> = {}): PostgresReadReplicaProps => ({
  identifier: 'payments-db',
  source,
  instanceClass: 'db.r6g.large',
  kmsKey: standbyKey,
  region: STANDBY,
  subnetIds: ['subnet-c', 'subnet-d'],
  vpcId: 'vpc-2',
  ...over,
});

const buildSource = (over: Partial<PostgresInstanceProps> = {}) => synth(PRIMARY, (stack) => new PostgresInstance(stack, 'Db', sourceProps(over)));
const buildReplica = (over: Partial<PostgresReadReplicaProps> = {}) => synth(STANDBY, (stack) => new PostgresReadReplica(stack, 'Replica', replicaProps(over)));

describe('postgresSourceRef', () => {
  test('builds the deterministic ARN from configuration', () => {
    expect(source).toEqual({
      arn: 'arn:aws:rds:us-east-1:123456789012:db:payments-db',
      id: 'payments-db',
      region: PRIMARY,
      engineVersion: '16',
      backupRetentionDays: 7,
    });
  });

  test('uses the partition of China and GovCloud Regions', () => {
    expect(postgresSourceRef({ ...source, identifier: 'db', region: 'cn-north-1', accountId: ACCOUNT }).arn).toBe(
      'arn:aws-cn:rds:cn-north-1:123456789012:db:db',
    );
    expect(postgresSourceRef({ ...source, identifier: 'db', region: 'us-gov-west-1', accountId: ACCOUNT }).arn).toBe(
      'arn:aws-us-gov:rds:us-gov-west-1:123456789012:db:db',
    );
  });

  test('rejects a malformed account id', () => {
    expect(() => postgresSourceRef({ ...source, identifier: 'db', accountId: '1234' })).toThrow(
      /source.accountId must be a 12-digit AWS account id \(got "1234"\)/,
    );
  });

  test('rejects a source without automated backups', () => {
    expect(() => postgresSourceRef({ ...source, identifier: 'db', accountId: ACCOUNT, backupRetentionDays: 0 })).toThrow(
      /source.backupRetentionDays must be an integer from 1 to 35: a cross-Region read replica needs automated backups on the source \(got 0\)/,
    );
  });
});

describe('PostgresInstance', () => {
  test('default case: encrypted, Multi-AZ, protected source, write-only password from its secret, no client ingress', () => {
    const out = buildSource();
    const db = only(out, DbInstance);
    expect(db).toMatchObject({
      identifier: 'payments-db',
      engine: 'postgres',
      engine_version: '16',
      instance_class: 'db.r6g.large',
      allocated_storage: 100,
      max_allocated_storage: 200,
      storage_type: 'gp3',
      storage_encrypted: true,
      kms_key_id: primaryKey.arn,
      db_name: 'app',
      username: 'app_admin',
      password_wo: expect.stringMatching(/^\$\{jsondecode\(ephemeral\.aws_secretsmanager_secret_version\.\w+\.secret_string\)\.password\}$/),
      password_wo_version: 1,
      port: 5432,
      publicly_accessible: false,
      multi_az: true,
      backup_retention_period: 7,
      copy_tags_to_snapshot: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'payments-db-final',
      auto_minor_version_upgrade: true,
      allow_major_version_upgrade: false,
      enabled_cloudwatch_logs_exports: ['postgresql'],
      performance_insights_enabled: true,
      performance_insights_kms_key_id: primaryKey.arn,
      performance_insights_retention_period: 7,
      tags: { [COMPONENT_TAG]: 'app-database', [DB_ROLE_TAG]: 'source' },
    });
    expect(db.password).toBeUndefined();
    // RDS refuses a read replica of a source whose master password RDS manages.
    expect(db.manage_master_user_password).toBeUndefined();
    expect(db.master_user_secret_kms_key_id).toBeUndefined();
    expect(db.replicate_source_db).toBeUndefined();
    expect(db.db_subnet_group_name).toMatch(/^\$\{aws_db_subnet_group\.\w+\.name\}$/);
    expect(db.parameter_group_name).toMatch(/^\$\{aws_db_parameter_group\.\w+\.name\}$/);
    expect(db.vpc_security_group_ids).toEqual([expect.stringMatching(/^\$\{aws_security_group\.\w+\.id\}$/)]);

    expect(only(out, DbSubnetGroup)).toMatchObject({ name: 'payments-db', subnet_ids: ['subnet-a', 'subnet-b'] });
    expect(only(out, DbParameterGroup)).toMatchObject({
      name: 'payments-db-postgres16',
      family: 'postgres16',
      parameter: [{ name: 'rds.force_ssl', value: '1', apply_method: 'immediate' }],
      lifecycle: { create_before_destroy: true },
    });
    const sg = resources(out, SecurityGroup).find((g) => g.name === 'payments-db-postgres')!;
    expect(sg).toMatchObject({ name: 'payments-db-postgres', vpc_id: 'vpc-1' });
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    // Only the rotation function is admitted (see the rotation tests); no client network by default.
    expect(resources(out, VpcSecurityGroupIngressRule).filter((r) => r.cidr_ipv4 !== undefined)).toEqual([]);
  });

  test('master secret: customer key, value only through write-only secret_string_wo, drawn at apply', () => {
    const parsed = JSON.parse(buildSource());
    const secret = only(JSON.stringify(parsed), SecretsmanagerSecret);
    expect(secret).toMatchObject({ name: 'payments-db-master', kms_key_id: primaryKey.arn });
    expect(secret.replica).toBeUndefined();
    const version = only(JSON.stringify(parsed), SecretsmanagerSecretVersion);
    expect(version.secret_string).toBeUndefined();
    expect(version).toMatchObject({
      secret_id: expect.stringMatching(/^\$\{aws_secretsmanager_secret\.\w+\.id\}$/),
      secret_string_wo: expect.stringMatching(
        /^\$\{jsonencode\(\{"username" = "app_admin", "password" = ephemeral\.aws_secretsmanager_random_password\.\w+\.random_password\}\)\}$/,
      ),
      secret_string_wo_version: 1,
    });
    const [password] = Object.values<Json>(parsed.ephemeral.aws_secretsmanager_random_password);
    expect(password).toMatchObject({ password_length: 40, exclude_punctuation: true, include_space: false });
    // Unknown until the secret exists, so a plan from empty state opens nothing (no AWS call offline).
    expect(password.exclude_characters).toMatch(/^\$\{substr\(aws_secretsmanager_secret\.\w+\.arn, 0, 0\)\}$/);
    const [read] = Object.values<Json>(parsed.ephemeral.aws_secretsmanager_secret_version);
    expect(read.secret_id).toMatch(/^\$\{aws_secretsmanager_secret_version\.\w+\.secret_id\}$/);
    expect(only(JSON.stringify(parsed), DbInstance).password_wo).toContain(
      `ephemeral.aws_secretsmanager_secret_version.${Object.keys(parsed.ephemeral.aws_secretsmanager_secret_version)[0]}.secret_string`,
    );
  });

  test('masterSecretReplica: the secret is copied to the standby Region (AWS managed key unless given)', () => {
    const secret = only(buildSource({ masterSecretReplica: { region: STANDBY } }), SecretsmanagerSecret);
    expect(secret.replica).toEqual([{ region: STANDBY, kms_key_id: 'alias/aws/secretsmanager' }]);
    const withKey = only(buildSource({ masterSecretReplica: { region: STANDBY, kmsKey: standbyKey } }), SecretsmanagerSecret);
    expect(withKey.replica).toEqual([{ region: STANDBY, kms_key_id: standbyKey.arn }]);
  });

  test('masterPasswordVersion drives both write-only versions', () => {
    const out = buildSource({ masterPasswordVersion: 3 });
    expect(only(out, DbInstance).password_wo_version).toBe(3);
    expect(only(out, SecretsmanagerSecretVersion).secret_string_wo_version).toBe(3);
  });

  test('getters: literal identifier, ARN and ref the standby can rebuild from configuration', () => {
    Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: PRIMARY });
      const db = new PostgresInstance(scope, 'Db', sourceProps());
      expect(db.identifier).toBe('payments-db');
      expect(db.instanceArn).toBe('arn:aws:rds:us-east-1:123456789012:db:payments-db');
      expect(db.ref).toEqual({ ...source, maxAllocatedStorageGiB: 200 });
    });
  });

  test('caller tags reach every resource; the component and role tags win', () => {
    const out = buildSource({ tags: { team: 'payments', [COMPONENT_TAG]: 'other', [DB_ROLE_TAG]: 'other' } });
    expect(only(out, DbInstance).tags).toEqual({ team: 'payments', [COMPONENT_TAG]: 'app-database', [DB_ROLE_TAG]: 'source' });
    expect(only(out, DbSubnetGroup).tags).toEqual({ team: 'payments', [COMPONENT_TAG]: 'other', [DB_ROLE_TAG]: 'other' });
  });

  test('explicit options override the defaults', () => {
    const db = only(
      buildSource({
        maxAllocatedStorageGiB: 500,
        masterUsername: 'owner',
        multiAz: false,
        deletionProtection: false,
        performanceInsights: false,
        backupRetentionDays: 14,
      }),
      DbInstance,
    );
    expect(db).toMatchObject({
      max_allocated_storage: 500,
      username: 'owner',
      multi_az: false,
      deletion_protection: false,
      performance_insights_enabled: false,
      backup_retention_period: 14,
    });
    expect(db.performance_insights_kms_key_id).toBeUndefined();
    expect(db.performance_insights_retention_period).toBeUndefined();
  });

  test('default storage ceiling is capped at the RDS maximum', () => {
    expect(only(buildSource({ allocatedStorageGiB: 40000 }), DbInstance).max_allocated_storage).toBe(65536);
  });

  test('a major-only engine version gives the same family', () => {
    const out = buildSource({ engineVersion: '15' });
    expect(only(out, DbInstance).engine_version).toBe('15');
    expect(only(out, DbParameterGroup)).toMatchObject({ name: 'payments-db-postgres15', family: 'postgres15' });
  });

  test('extra parameters follow rds.force_ssl, sorted, applied at reboot', () => {
    const out = buildSource({
      parameters: { shared_preload_libraries: 'pg_stat_statements', log_min_duration_statement: '500', 'rds.force_ssl': '1' },
    });
    expect(only(out, DbParameterGroup).parameter).toEqual([
      { name: 'rds.force_ssl', value: '1', apply_method: 'immediate' },
      { name: 'log_min_duration_statement', value: '500', apply_method: 'pending-reboot' },
      { name: 'shared_preload_libraries', value: 'pg_stat_statements', apply_method: 'pending-reboot' },
    ]);
  });

  test('allowedCidrs: one 5432 ingress rule per CIDR on the instance security group', () => {
    const out = buildSource({ allowedCidrs: ['10.0.0.0/16', '10.1.0.0/16'] });
    const rules = resources(out, VpcSecurityGroupIngressRule).filter((r) => r.cidr_ipv4 !== undefined);
    expect(rules.map((r) => r.cidr_ipv4).sort()).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
    for (const rule of rules) {
      expect(rule).toMatchObject({ ip_protocol: 'tcp', from_port: 5432, to_port: 5432 });
      expect(rule.security_group_id).toMatch(/^\$\{aws_security_group\.\w+\.id\}$/);
    }
    const ids = Object.keys(JSON.parse(out).resource.aws_vpc_security_group_ingress_rule);
    expect(ids.some((id) => id.includes('10-0-0-0-16'))).toBe(true);
  });

  test('a token CIDR (e.g. a VPC cidr_block) passes through, keyed by position', () => {
    const out = buildSource({ allowedCidrs: [Fn.cidrsubnet('10.0.0.0/8', 8, 1)] });
    const [rule] = resources(out, VpcSecurityGroupIngressRule).filter((r) => r.cidr_ipv4 !== undefined);
    expect(rule).toMatchObject({
      cidr_ipv4: '${cidrsubnet("10.0.0.0/8", 8, 1)}',
      description: 'port 5432 from a client network',
    });
    expect(Object.keys(JSON.parse(out).resource.aws_vpc_security_group_ingress_rule).some((id) => /Ingress-0/.test(id))).toBe(true);
  });

  describe('master secret rotation', () => {
    const parsed = () => JSON.parse(buildSource()) as Json;
    const ofType = (out: Json, type: string): Json[] => Object.values<Json>(out.resource[type] ?? {});

    test('rotates the master secret every 30 days by default with the function, once right after creation', () => {
      const out = parsed();
      const [rotation] = ofType(out, 'aws_secretsmanager_secret_rotation');
      const [secretName] = Object.keys(out.resource.aws_secretsmanager_secret);
      const [fnName] = Object.keys(out.resource.aws_lambda_function);
      expect(rotation).toMatchObject({
        secret_id: `\${aws_secretsmanager_secret.${secretName}.id}`,
        rotation_lambda_arn: `\${aws_lambda_function.${fnName}.arn}`,
        rotation_rules: { schedule_expression: 'rate(30 days)' },
        rotate_immediately: true,
      });
      // After the instance and the first secret version exist, and once Secrets Manager may invoke the function.
      expect(rotation.depends_on).toEqual(
        expect.arrayContaining([
          `aws_db_instance.${Object.keys(out.resource.aws_db_instance)[0]}`,
          `aws_secretsmanager_secret_version.${Object.keys(out.resource.aws_secretsmanager_secret_version)[0]}`,
          `aws_lambda_permission.${Object.keys(out.resource.aws_lambda_permission)[0]}`,
        ]),
      );
    });

    test('scheduleDays and logRetentionDays are configurable', () => {
      const out = JSON.parse(buildSource({ masterPasswordRotation: { scheduleDays: 7, logRetentionDays: 731 } })) as Json;
      expect(ofType(out, 'aws_secretsmanager_secret_rotation')[0].rotation_rules).toEqual({ schedule_expression: 'rate(7 days)' });
      expect(ofType(out, 'aws_cloudwatch_log_group')[0]).toMatchObject({
        name: '/aws/lambda/payments-db-master-rotation',
        retention_in_days: 731,
        tags: { 'warm-standby/log-class': 'audit' },
      });
    });

    test('the function: bundled handler, dated runtime, in the VPC, told where the database is, Amazon CAs loaded', () => {
      const out = parsed();
      const [fn] = ofType(out, 'aws_lambda_function');
      expect(fn).toMatchObject({
        function_name: 'payments-db-master-rotation',
        runtime: LAMBDA_NODEJS_RUNTIME,
        handler: 'index.handler',
        vpc_config: {
          subnet_ids: ['subnet-a', 'subnet-b'],
          security_group_ids: [`\${aws_security_group.${Object.keys(out.resource.aws_security_group).find((n) => n.includes('Rotation'))}.id}`],
        },
      });
      expect(fn.environment.variables).toEqual({
        DB_HOST: `\${aws_db_instance.${Object.keys(out.resource.aws_db_instance)[0]}.address}`,
        DB_PORT: '5432',
        DB_NAME: 'app',
        NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
      });
      expect(fn.filename).toMatch(/archive\.zip$/);
    });

    test('Secrets Manager may invoke it for this secret only', () => {
      const out = parsed();
      const [secretName] = Object.keys(out.resource.aws_secretsmanager_secret);
      expect(ofType(out, 'aws_lambda_permission')).toEqual([
        expect.objectContaining({
          action: 'lambda:InvokeFunction',
          principal: 'secretsmanager.amazonaws.com',
          source_arn: `\${aws_secretsmanager_secret.${secretName}.arn}`,
        }),
      ]);
    });

    test('IAM: the four secret actions on this secret, GetRandomPassword, and the secret key through Secrets Manager', () => {
      const out = parsed();
      const [secretName] = Object.keys(out.resource.aws_secretsmanager_secret);
      const policy = JSON.parse(ofType(out, 'aws_iam_role_policy')[0].policy) as { Statement: Json[] };
      expect(policy.Statement).toEqual([
        {
          Sid: 'RotateThisSecret',
          Effect: 'Allow',
          Action: [
            'secretsmanager:DescribeSecret',
            'secretsmanager:GetSecretValue',
            'secretsmanager:PutSecretValue',
            'secretsmanager:UpdateSecretVersionStage',
          ],
          Resource: `\${aws_secretsmanager_secret.${secretName}.arn}`,
        },
        { Sid: 'DrawPassword', Effect: 'Allow', Action: 'secretsmanager:GetRandomPassword', Resource: '*' },
        {
          Sid: 'SecretKey',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: primaryKey.arn,
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
        },
      ]);
    });

    test("the database's security group admits the function on 5432; the function reaches only PostgreSQL and HTTPS", () => {
      const out = parsed();
      const groups = out.resource.aws_security_group as Record<string, Json>;
      const fnGroup = Object.keys(groups).find((n) => n.includes('Rotation'))!;
      const dbGroup = Object.keys(groups).find((n) => n !== fnGroup)!;
      expect(ofType(out, 'aws_vpc_security_group_ingress_rule')).toEqual([
        expect.objectContaining({
          security_group_id: `\${aws_security_group.${dbGroup}.id}`,
          referenced_security_group_id: `\${aws_security_group.${fnGroup}.id}`,
          from_port: 5432,
          to_port: 5432,
        }),
      ]);
      const egress = ofType(out, 'aws_vpc_security_group_egress_rule').map((r) => [r.from_port, r.referenced_security_group_id ?? r.cidr_ipv4]);
      expect(egress.sort()).toEqual([
        [443, '0.0.0.0/0'],
        [5432, `\${aws_security_group.${dbGroup}.id}`],
      ]);
    });

    test('the secret is tagged as a database master secret and Terraform never moves its stages back', () => {
      const out = parsed();
      expect(ofType(out, 'aws_secretsmanager_secret')[0].tags).toMatchObject({ 'warm-standby/secret-class': 'db-master' });
      expect(ofType(out, 'aws_secretsmanager_secret_version')[0].lifecycle).toEqual({ ignore_changes: ['version_stages'] });
      expect(ofType(out, 'aws_secretsmanager_secret_version')[0].version_stages).toBeUndefined();
    });

    test.each([0, 1001, 2.5])('scheduleDays %p is refused', (scheduleDays) => {
      expect(() => buildSource({ masterPasswordRotation: { scheduleDays } })).toThrow(
        atPath('stack/Db', new RegExp(`^masterPasswordRotation.scheduleDays must be an integer from 1 to 1000 .* \\(got ${scheduleDays}\\)$`)),
      );
    });

    test('logRetentionDays must be a CloudWatch Logs retention', () => {
      expect(() => buildSource({ masterPasswordRotation: { logRetentionDays: 100 } })).toThrow(
        /masterPasswordRotation.logRetentionDays must be a CloudWatch Logs retention .* \(got 100\)/,
      );
    });
  });

  describe('validation', () => {
    test.each([
      ['1db', 'starts with a digit'],
      ['Payments', 'upper case'],
      ['payments-', 'trailing dash'],
      ['pay--ments', 'double dash'],
      ['a'.repeat(64), 'too long'],
    ])('identifier %j (%s)', (identifier) => {
      expect(() => buildSource({ identifier })).toThrow(/^stack\/Db: identifier must be 1-63 characters of lower-case letters.* \(got ".*"\)$/);
    });

    test('engineVersion must be a major version: minor versions are upgraded automatically', () => {
      expect(() => buildSource({ engineVersion: '16.4' })).toThrow(
        atPath('stack/Db', /^engineVersion must be a major version \(e.g. 16\): minor versions are upgraded automatically.* \(got "16.4"\)$/),
      );
    });

    test('masterSecretReplica must be another Region, its key in that Region', () => {
      expect(() => buildSource({ masterSecretReplica: { region: PRIMARY } })).toThrow(
        atPath('stack/Db', /^masterSecretReplica.region must differ from the instance's Region us-east-1 \(got "us-east-1"\)$/),
      );
      expect(() => buildSource({ masterSecretReplica: { region: 'west' } })).toThrow(/masterSecretReplica.region must be an AWS Region name/);
      expect(() => buildSource({ masterSecretReplica: { region: STANDBY, kmsKey: primaryKey } })).toThrow(
        atPath('stack/Db', /^masterSecretReplica.kmsKey.region must be the replica Region us-west-2: .* \(got "us-east-1"\)$/),
      );
    });

    test('masterPasswordVersion must be a positive integer', () => {
      expect(() => buildSource({ masterPasswordVersion: 0 })).toThrow(/^stack\/Db: masterPasswordVersion must be an integer >= 1 \(got 0\)$/);
    });

    test('engineVersion must be PostgreSQL 11 or later', () => {
      expect(() => buildSource({ engineVersion: '9.6' })).toThrow(/engineVersion must be a PostgreSQL version of 11 or later.*\(got "9.6"\)/);
      expect(() => buildSource({ engineVersion: 'latest' })).toThrow(/engineVersion must be a PostgreSQL version/);
    });

    test('instanceClass must be an RDS class', () => {
      expect(() => buildSource({ instanceClass: 'r6g.large' })).toThrow(/instanceClass must be an RDS instance class such as db.r6g.large \(got "r6g.large"\)/);
    });

    test('region and accountId must be well formed', () => {
      expect(() => buildSource({ region: 'east' })).toThrow(/region must be an AWS Region name such as us-east-1 \(got "east"\)/);
      expect(() => buildSource({ accountId: '12345' })).toThrow(/accountId must be a 12-digit AWS account id \(got "12345"\)/);
    });

    test('allocatedStorageGiB must be >= 20', () => {
      expect(() => buildSource({ allocatedStorageGiB: 10 })).toThrow(/allocatedStorageGiB must be an integer from 20 to 65536 \(got 10\)/);
    });

    test('maxAllocatedStorageGiB must not be below allocatedStorageGiB', () => {
      expect(() => buildSource({ maxAllocatedStorageGiB: 50 })).toThrow(
        /maxAllocatedStorageGiB must be an integer from allocatedStorageGiB \(100\) to 65536 \(got 50\)/,
      );
    });

    test('databaseName and masterUsername must be PostgreSQL names', () => {
      expect(() => buildSource({ databaseName: 'my-db' })).toThrow(/databaseName must start with a letter .*\(got "my-db"\)/);
      expect(() => buildSource({ masterUsername: 'rdsadmin' })).toThrow(/masterUsername must .*reserved rdsadmin \(got "rdsadmin"\)/);
    });

    test.each([0, 36, 1.5])('backupRetentionDays %p', (backupRetentionDays) => {
      expect(() => buildSource({ backupRetentionDays })).toThrow(
        /backupRetentionDays must be an integer from 1 to 35: a cross-Region read replica needs automated backups on the source/,
      );
    });

    test('kmsKey must be in the instance Region', () => {
      expect(() => buildSource({ kmsKey: standbyKey })).toThrow(/kmsKey.region must be the instance's Region us-east-1.*\(got "us-west-2"\)/);
    });

    test('subnetIds needs 2 subnets', () => {
      expect(() => buildSource({ subnetIds: ['subnet-a'] })).toThrow(/subnetIds must list at least 2 subnets .*\(got \["subnet-a"\]\)/);
    });

    test('allowedCidrs must be IPv4 CIDRs and never /0', () => {
      expect(() => buildSource({ allowedCidrs: ['10.0.0.0/16', '10.0.0.300/16'] })).toThrow(
        /allowedCidrs\[1\] must be an IPv4 CIDR block .*\(got "10.0.0.300\/16"\)/,
      );
      expect(() => buildSource({ allowedCidrs: ['0.0.0.0/0'] })).toThrow(/allowedCidrs\[0\] must not open the database to every address/);
    });

    test('parameters may not turn rds.force_ssl off', () => {
      expect(() => buildSource({ parameters: { 'rds.force_ssl': '0' } })).toThrow(
        /parameters\['rds.force_ssl'\] must be "1": the module requires TLS \(got "0"\)/,
      );
    });
  });
});

describe('PostgresReadReplica', () => {
  test('default case: encrypted cross-Region replica of the source ARN with a lag alarm', () => {
    const out = buildReplica();
    const db = only(out, DbInstance);
    expect(db).toMatchObject({
      identifier: 'payments-db',
      replicate_source_db: 'arn:aws:rds:us-east-1:123456789012:db:payments-db',
      instance_class: 'db.r6g.large',
      storage_encrypted: true,
      kms_key_id: standbyKey.arn,
      port: 5432,
      publicly_accessible: false,
      multi_az: false,
      backup_retention_period: 7,
      copy_tags_to_snapshot: true,
      deletion_protection: true,
      skip_final_snapshot: true,
      auto_minor_version_upgrade: true,
      enabled_cloudwatch_logs_exports: ['postgresql'],
      tags: { [COMPONENT_TAG]: 'app-database', [DB_ROLE_TAG]: 'replica' },
    });
    for (const inherited of [
      'engine',
      'engine_version',
      'username',
      'password',
      'db_name',
      'allocated_storage',
      'manage_master_user_password',
      'final_snapshot_identifier',
    ]) {
      expect(db[inherited]).toBeUndefined();
    }
    expect(only(out, DbParameterGroup)).toMatchObject({ name: 'payments-db-postgres16', family: 'postgres16' });
    expect(only(out, DbSubnetGroup)).toMatchObject({ name: 'payments-db', subnet_ids: ['subnet-c', 'subnet-d'] });
    expect(only(out, SecurityGroup)).toMatchObject({ name: 'payments-db-postgres', vpc_id: 'vpc-2' });

    expect(only(out, CloudwatchMetricAlarm)).toMatchObject({
      alarm_name: 'payments-db-replica-lag',
      namespace: 'AWS/RDS',
      metric_name: 'ReplicaLag',
      dimensions: { DBInstanceIdentifier: 'payments-db' },
      statistic: 'Maximum',
      period: 60,
      evaluation_periods: 5,
      datapoints_to_alarm: 5,
      threshold: 300,
      comparison_operator: 'GreaterThanThreshold',
      treat_missing_data: 'breaching',
      alarm_actions: [],
      ok_actions: [],
    });
  });

  test('also accepts PostgresInstance.ref', () => {
    let ref!: PostgresSourceRef;
    synth(PRIMARY, (stack) => {
      ref = new PostgresInstance(stack, 'Db', sourceProps()).ref;
    });
    expect(only(buildReplica({ source: ref }), DbInstance).replicate_source_db).toBe(source.arn);
  });

  test("storage autoscaling: the replica grows to the source's limit (a replica does not inherit it)", () => {
    let ref!: PostgresSourceRef;
    synth(PRIMARY, (stack) => {
      ref = new PostgresInstance(stack, 'Db', sourceProps({ allocatedStorageGiB: 100 })).ref;
    });
    expect(ref.maxAllocatedStorageGiB).toBe(200);
    expect(only(buildReplica({ source: ref }), DbInstance).max_allocated_storage).toBe(200);
    expect(only(buildReplica({ source: ref, maxAllocatedStorageGiB: 400 }), DbInstance).max_allocated_storage).toBe(400);
    // A source ref without a known limit leaves the replica's unset.
    expect(only(buildReplica(), DbInstance).max_allocated_storage).toBeUndefined();
  });

  test('getters', () => {
    let replica!: PostgresReadReplica;
    const out = synth(STANDBY, (stack) => {
      replica = new PostgresReadReplica(stack, 'Replica', replicaProps({ replicaLagAlarmSeconds: 60 }));
      new TerraformOutput(stack, 'ReplicaArn', { value: replica.instanceArn });
    });
    expect(replica.identifier).toBe('payments-db');
    expect(replica.promoted).toBe(false);
    expect(replica.replicaLagAlarmSeconds).toBe(60);
    expect(JSON.parse(out).output.ReplicaArn.value).toMatch(/^\$\{aws_db_instance\.\w+\.arn\}$/);
  });

  test('promoted: standalone instance, same identifier, backups on, final snapshot, no lag alarm', () => {
    const out = buildReplica({ promoted: true, backupRetentionDays: 14 });
    const db = only(out, DbInstance);
    expect(db.replicate_source_db).toBeUndefined();
    expect(db).toMatchObject({
      identifier: 'payments-db',
      backup_retention_period: 14,
      storage_encrypted: true,
      kms_key_id: standbyKey.arn,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'payments-db-final',
      deletion_protection: true,
      tags: { [COMPONENT_TAG]: 'app-database', [DB_ROLE_TAG]: 'replica' },
    });
    expect(db.manage_master_user_password).toBeUndefined();
    expect(db.multi_az).toBe(false);
    expect(resources(out, CloudwatchMetricAlarm)).toEqual([]);
    // Failover mode asks for Multi-AZ when the environment does (WS-RDS-005).
    // ... applied at once, not in the next maintenance window (ModifyDBInstance ApplyImmediately).
    expect(only(buildReplica({ promoted: true, multiAz: true }), DbInstance)).toMatchObject({ multi_az: true, apply_immediately: true });
    expect(only(buildReplica({}), DbInstance).apply_immediately).toBeUndefined();
    Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: STANDBY });
      const replica = new PostgresReadReplica(scope, 'Replica', replicaProps({ promoted: true }));
      expect(replica.promoted).toBe(true);
      expect(replica.replicaLagAlarm).toBeUndefined();
    });
  });

  test('explicit options override the defaults', () => {
    const out = buildReplica({
      multiAz: true,
      deletionProtection: false,
      backupRetentionDays: 3,
      replicaLagAlarmSeconds: 120,
      alarmActionArns: ['arn:aws:sns:us-west-2:123456789012:oncall'],
      allowedCidrs: ['10.2.0.0/16'],
      parameters: { max_connections: '500' },
      tags: { team: 'payments' },
    });
    expect(only(out, DbInstance)).toMatchObject({ multi_az: true, deletion_protection: false, backup_retention_period: 3 });
    expect(only(out, CloudwatchMetricAlarm)).toMatchObject({
      threshold: 120,
      alarm_actions: ['arn:aws:sns:us-west-2:123456789012:oncall'],
      ok_actions: ['arn:aws:sns:us-west-2:123456789012:oncall'],
      tags: { team: 'payments' },
    });
    expect(only(out, VpcSecurityGroupIngressRule)).toMatchObject({ cidr_ipv4: '10.2.0.0/16', from_port: 5432, to_port: 5432 });
    expect(only(out, DbParameterGroup).parameter).toContainEqual({
      name: 'max_connections',
      value: '500',
      apply_method: 'pending-reboot',
    });
  });

  test('the parameter group family follows the source engine version', () => {
    const out = buildReplica({ source: { ...source, engineVersion: '17.2' } });
    expect(only(out, DbParameterGroup)).toMatchObject({ name: 'payments-db-postgres17', family: 'postgres17' });
  });

  describe('validation', () => {
    test('identifier follows the RDS rules', () => {
      expect(() => buildReplica({ identifier: 'payments_db' })).toThrow(/identifier must be 1-63 characters .*\(got "payments_db"\)/);
    });

    test('source must be in another Region', () => {
      expect(() => buildReplica({ source: { ...source, region: STANDBY } })).toThrow(
        /source.region must differ from the replica's Region us-west-2: this construct is the cross-Region replica \(got "us-west-2"\)/,
      );
    });

    test('source must keep automated backups', () => {
      expect(() => buildReplica({ source: { ...source, backupRetentionDays: 0 } })).toThrow(
        /source.backupRetentionDays must be >= 1: a read replica needs automated backups on its source \(got 0\)/,
      );
    });

    test('source engine version must give a family', () => {
      expect(() => buildReplica({ source: { ...source, engineVersion: 'sixteen' } })).toThrow(/source.engineVersion must be a PostgreSQL version/);
    });

    test("maxAllocatedStorageGiB must be at least the source's", () => {
      expect(() => buildReplica({ source: { ...source, maxAllocatedStorageGiB: 200 }, maxAllocatedStorageGiB: 150 })).toThrow(
        /maxAllocatedStorageGiB must be an integer >= the source's maxAllocatedStorageGiB \(200\): a replica that cannot grow with its source stops replicating \(got 150\)/,
      );
    });

    test('kmsKey must be in the replica Region', () => {
      expect(() => buildReplica({ kmsKey: primaryKey })).toThrow(
        /kmsKey.region must be the replica's Region us-west-2: a cross-Region encrypted replica needs a key in its own Region \(got "us-east-1"\)/,
      );
    });

    test('instanceClass, region, subnets and CIDRs are checked', () => {
      expect(() => buildReplica({ instanceClass: 'large' })).toThrow(/instanceClass must be an RDS instance class/);
      expect(() => buildReplica({ region: 'west' })).toThrow(/region must be an AWS Region name/);
      expect(() => buildReplica({ subnetIds: [] })).toThrow(/subnetIds must list at least 2 subnets/);
      expect(() => buildReplica({ allowedCidrs: ['10.0.0.0'] })).toThrow(/allowedCidrs\[0\] must be an IPv4 CIDR block/);
    });

    test('backupRetentionDays must be 1-35 so a promoted replica keeps backups', () => {
      expect(() => buildReplica({ backupRetentionDays: 0 })).toThrow(
        /backupRetentionDays must be an integer from 1 to 35: a promoted replica must keep automated backups \(got 0\)/,
      );
    });

    test('replicaLagAlarmSeconds must be positive', () => {
      expect(() => buildReplica({ replicaLagAlarmSeconds: 0 })).toThrow(/replicaLagAlarmSeconds must be > 0 \(got 0\)/);
    });
  });
});
