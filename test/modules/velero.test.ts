import '../support/cdktf-matchers';
import { Testing, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { parse } from 'yaml';
import { AccessLogBucket, COMPONENT_TAG, Component, RegionalRef, regionalRef } from '../../modules/core';
import { VeleroRestore, veleroScheduleObjectName } from '../../modules/velero';
import {
  BackupBucket,
  BackupBucketProps,
  BackupReplication,
  BackupReplicationProps,
  DEFAULT_PORTWORX_VELERO_PLUGIN_IMAGE,
  DEFAULT_PROMOTED_VELERO_SCHEDULE,
  DEFAULT_VELERO_AWS_PLUGIN_IMAGE,
  PORTWORX_CLOUD_DRIVE_ACTIONS,
  PortworxIrsaRole,
  DEFAULT_PORTWORX_CHART_VERSION,
  PortworxRelease,
  PortworxReleaseProps,
  VeleroIrsaRole,
  VeleroIrsaRoleProps,
  VeleroRelease,
  VeleroReleaseProps,
} from '../../modules/velero';

const PRIMARY = 'us-east-1';
const STANDBY = 'us-west-2';
const ACCOUNT = '111122223333';

const synth = (build: (stack: TerraformStack) => void): string =>
  Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: PRIMARY });
    build(scope as TerraformStack);
  });
const synthJson = (build: (stack: TerraformStack) => void) => JSON.parse(synth(build));
/** The single resource of a type in a synthesized stack. */
const only = (json: any, type: string): any => {
  const resources = Object.values(json.resource[type] ?? {});
  expect(resources).toHaveLength(1);
  return resources[0];
};
/** Address (`type.name`) of the single resource of a type. */
const address = (json: any, type: string): string => {
  const names = Object.keys(json.resource[type] ?? {});
  expect(names).toHaveLength(1);
  return `${type}.${names[0]}`;
};
/** Synthesizes `values` as outputs, to see what getters resolve to. */
const outputs = (fn: (scope: Construct) => Record<string, unknown>): { json: any; values: Record<string, unknown> } => {
  const json = synthJson((s) => {
    Object.entries(fn(s)).forEach(([name, value]) => new TerraformOutput(s, name, { value }));
  });
  const values = Object.fromEntries(Object.entries(json.output ?? {}).map(([name, o]) => [name, (o as any).value]));
  return { json, values };
};
/** Builds constructs in a throwaway stack (for validation errors and getters). */
const build = <T>(fn: (scope: Construct) => T): T => {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: PRIMARY });
  return fn(stack);
};

const key = (region: string, id = `key-${region}`): RegionalRef => regionalRef(`arn:aws:kms:${region}:${ACCOUNT}:key/${id}`, id, region);
const bucketRef = (name: string, region: string): RegionalRef => regionalRef(`arn:aws:s3:::${name}`, name, region);

describe('BackupBucket', () => {
  const props: BackupBucketProps = { bucketName: 'acme-prod-velero-use1', region: PRIMARY, kmsKey: key(PRIMARY) };

  test('default: versioned, SSE-KMS with bucket key, private, TLS-only, lifecycle without expiration', () => {
    const json = synthJson((s) => new BackupBucket(s, 'Backups', props));
    expect(only(json, 'aws_s3_bucket')).toEqual({
      bucket: 'acme-prod-velero-use1',
      force_destroy: false,
      tags: { [COMPONENT_TAG]: Component.BACKUP_BUCKET },
    });
    expect(only(json, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(only(json, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: `arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/key-${PRIMARY}` },
        bucket_key_enabled: true,
      },
    ]);
    expect(only(json, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(only(json, 'aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(only(json, 'aws_s3_bucket_lifecycle_configuration').rule).toEqual([
      {
        id: 'expire-noncurrent-versions',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        // Delete markers with nothing behind them (replicated deletes, once their noncurrent versions expired).
        expiration: [{ expired_object_delete_marker: true }],
        noncurrent_version_expiration: [{ noncurrent_days: 7 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
    const bucket = address(json, 'aws_s3_bucket');
    const policy = JSON.parse(only(json, 'aws_s3_bucket_policy').policy);
    expect(policy.Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`\${${bucket}.arn}`, `\${${bucket}.arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  test("accessLogs: server access logs go to the Region's access-log bucket under the bucket's name", () => {
    const json = synthJson((s) => {
      const logs = new AccessLogBucket(s, 'AccessLogs', { bucketName: 'acme-prod-access-logs', region: PRIMARY, accountId: ACCOUNT });
      new BackupBucket(s, 'Backups', { ...props, accessLogs: logs });
    });
    const buckets = Object.entries<any>(json.resource.aws_s3_bucket);
    const backup = buckets.find(([, b]) => b.bucket === 'acme-prod-velero-use1')![0];
    const logs = buckets.find(([, b]) => b.bucket === 'acme-prod-access-logs')![0];
    expect(only(json, 'aws_s3_bucket_logging')).toMatchObject({
      bucket: `\${aws_s3_bucket.${backup}.id}`,
      target_bucket: `\${aws_s3_bucket.${logs}.id}`,
      target_prefix: 'acme-prod-velero-use1/',
    });
  });

  test('without accessLogs there is no server access logging (WS-LOG-003 reports it)', () => {
    expect(synthJson((s) => new BackupBucket(s, 'Backups', props)).resource.aws_s3_bucket_logging).toBeUndefined();
  });

  test('every bucket-level resource targets the bucket', () => {
    const out = synth((s) => new BackupBucket(s, 'Backups', props));
    const bucket = address(JSON.parse(out), 'aws_s3_bucket');
    for (const type of [
      S3BucketVersioningA,
      S3BucketServerSideEncryptionConfigurationA,
      S3BucketPublicAccessBlock,
      S3BucketOwnershipControls,
      S3BucketLifecycleConfiguration,
    ]) {
      expect(out).toHaveResourceWithProperties(type, { bucket: `\${${bucket}.id}` });
    }
  });

  test('getters: literal name and ref id, resource ARN', () => {
    const { json, values } = outputs((s) => {
      const bucket = new BackupBucket(s, 'Backups', props);
      return { name: bucket.bucketName, arn: bucket.bucketArn, ref: bucket.ref };
    });
    const arn = `\${${address(json, 'aws_s3_bucket')}.arn}`;
    expect(values).toEqual({ name: 'acme-prod-velero-use1', arn, ref: { arn, id: 'acme-prod-velero-use1', region: PRIMARY } });
  });

  test('noncurrentVersionRetentionDays, forceDestroy and tags', () => {
    const json = synthJson(
      (s) => new BackupBucket(s, 'Backups', { ...props, noncurrentVersionRetentionDays: 30, forceDestroy: true, tags: { team: 'platform' } }),
    );
    expect(only(json, 'aws_s3_bucket')).toEqual({
      bucket: 'acme-prod-velero-use1',
      force_destroy: true,
      tags: { team: 'platform', [COMPONENT_TAG]: Component.BACKUP_BUCKET },
    });
    expect(only(json, 'aws_s3_bucket_lifecycle_configuration').rule[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });

  test('no lifecycle rule expires current objects (the Kopia repository is shared by every backup)', () => {
    const json = synthJson((s) => new BackupBucket(s, 'Backups', { ...props, noncurrentVersionRetentionDays: 30 }));
    for (const rule of only(json, 'aws_s3_bucket_lifecycle_configuration').rule) {
      // Only expired delete markers: never days or a date on current objects.
      expect(rule.expiration).toEqual([{ expired_object_delete_marker: true }]);
      expect(rule.transition).toBeUndefined();
    }
  });

  test('the component tag cannot be overridden by caller tags', () => {
    const out = synth((s) => new BackupBucket(s, 'Backups', { ...props, tags: { [COMPONENT_TAG]: 'something-else' } }));
    expect(out).toHaveResourceWithProperties(S3Bucket, { tags: { [COMPONENT_TAG]: Component.BACKUP_BUCKET } });
  });

  test.each([
    [{ kmsKey: key(STANDBY) }, /kmsKey.region must be the bucket's Region us-east-1 \(got "us-west-2"\)/],
    [{ noncurrentVersionRetentionDays: 1.5 }, /noncurrentVersionRetentionDays must be a whole number >= 1 \(got 1.5\)/],
    [{ noncurrentVersionRetentionDays: 0 }, /noncurrentVersionRetentionDays must be a whole number >= 1 \(got 0\)/],
    [{ bucketName: 'Acme_Backups' }, /bucketName must be a valid S3 bucket name .* \(got "Acme_Backups"\)/],
    [{ bucketName: 'ab' }, /bucketName must be a valid S3 bucket name/],
  ] as [Partial<BackupBucketProps>, RegExp][])('rejects %j', (override, message) => {
    expect(() => build((s) => new BackupBucket(s, 'Backups', { ...props, ...override }))).toThrow(message);
  });
});

describe('BackupReplication', () => {
  const props: BackupReplicationProps = {
    source: bucketRef('acme-prod-velero-use1', PRIMARY),
    destination: bucketRef('acme-prod-velero-usw2', STANDBY),
    sourceKmsKey: key(PRIMARY),
    destinationKmsKey: key(STANDBY),
    roleName: 'acme-prod-velero-replication',
  };

  test('default: role trusted by S3, least-privilege policy, replication with RTC', () => {
    const json = synthJson((s) => new BackupReplication(s, 'Replication', props));
    const role = only(json, 'aws_iam_role');
    expect(role.name).toBe('acme-prod-velero-replication');
    expect(role.tags).toBeUndefined();
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }]);

    const roleAddress = address(json, 'aws_iam_role');
    const policy = only(json, 'aws_iam_role_policy');
    expect(policy.role).toBe(`\${${roleAddress}.id}`);
    const statements = JSON.parse(policy.policy).Statement;
    expect(statements).toEqual([
      {
        Sid: 'ReadSourceBucketConfiguration',
        Effect: 'Allow',
        Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        Resource: 'arn:aws:s3:::acme-prod-velero-use1',
      },
      {
        Sid: 'ReadSourceObjectVersions',
        Effect: 'Allow',
        Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        Resource: 'arn:aws:s3:::acme-prod-velero-use1/*',
      },
      {
        Sid: 'WriteReplicas',
        Effect: 'Allow',
        Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        Resource: 'arn:aws:s3:::acme-prod-velero-usw2/*',
      },
      {
        Sid: 'DecryptSourceObjects',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: `arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/key-${PRIMARY}`,
        Condition: {
          StringLike: {
            'kms:ViaService': 's3.us-east-1.amazonaws.com',
            'kms:EncryptionContext:aws:s3:arn': ['arn:aws:s3:::acme-prod-velero-use1', 'arn:aws:s3:::acme-prod-velero-use1/*'],
          },
        },
      },
      {
        Sid: 'EncryptReplicas',
        Effect: 'Allow',
        // The destination bucket uses an S3 Bucket Key: S3 also generates and verifies the bucket-level key.
        Action: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: `arn:aws:kms:${STANDBY}:${ACCOUNT}:key/key-${STANDBY}`,
        Condition: {
          StringLike: {
            'kms:ViaService': 's3.us-west-2.amazonaws.com',
            'kms:EncryptionContext:aws:s3:arn': ['arn:aws:s3:::acme-prod-velero-usw2', 'arn:aws:s3:::acme-prod-velero-usw2/*'],
          },
        },
      },
    ]);

    const config = only(json, 'aws_s3_bucket_replication_configuration');
    expect(config.bucket).toBe('acme-prod-velero-use1');
    expect(config.role).toBe(`\${${roleAddress}.arn}`);
    expect(config.rule).toEqual([
      {
        id: 'velero-backups',
        status: 'Enabled',
        filter: {},
        // Velero's and Kopia's deletes reach the replica as delete markers (its lifecycle expires them).
        delete_marker_replication: { status: 'Enabled' },
        source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
        destination: {
          bucket: 'arn:aws:s3:::acme-prod-velero-usw2',
          storage_class: 'STANDARD',
          encryption_configuration: { replica_kms_key_id: `arn:aws:kms:${STANDBY}:${ACCOUNT}:key/key-${STANDBY}` },
          replication_time: { status: 'Enabled', time: { minutes: 15 } },
          metrics: { status: 'Enabled', event_threshold: { minutes: 15 } },
        },
      },
    ]);
    expect(build((s) => new BackupReplication(s, 'Replication', props)).ruleId).toBe(config.rule[0].id);
  });

  test("alias-ARN keys: granted on the Region's keys narrowed by kms:ResourceAliases, bucket-ARN context allowed", () => {
    const alias = (region: string) => regionalRef(`arn:aws:kms:${region}:${ACCOUNT}:alias/acme-s3`, 'alias/acme-s3', region);
    const json = synthJson((s) => new BackupReplication(s, 'Replication', { ...props, sourceKmsKey: alias(PRIMARY), destinationKmsKey: alias(STANDBY) }));
    const encrypt = JSON.parse(only(json, 'aws_iam_role_policy').policy).Statement.find((st: any) => st.Sid === 'EncryptReplicas');
    expect(encrypt.Resource).toBe(`arn:aws:kms:${STANDBY}:${ACCOUNT}:key/*`);
    expect(encrypt.Condition['ForAnyValue:StringEquals']).toEqual({ 'kms:ResourceAliases': ['alias/acme-s3'] });
    expect(encrypt.Condition.StringLike['kms:EncryptionContext:aws:s3:arn']).toContain('arn:aws:s3:::acme-prod-velero-usw2');
    expect(only(json, 'aws_s3_bucket_replication_configuration').rule[0].destination.encryption_configuration).toEqual({
      replica_kms_key_id: `arn:aws:kms:${STANDBY}:${ACCOUNT}:alias/acme-s3`,
    });
  });

  test('getters: replicationTimeMinutes 15 with RTC, role ARN', () => {
    const replication = build((s) => new BackupReplication(s, 'Replication', props));
    expect(replication.replicationTimeMinutes).toBe(15);
    const { json, values } = outputs((s) => ({ arn: new BackupReplication(s, 'Replication', props).roleArn }));
    expect(values.arn).toBe(`\${${address(json, 'aws_iam_role')}.arn}`);
  });

  test('replicationTimeControl false: no replication_time, replication metrics still on (the alarms read them)', () => {
    const json = synthJson((s) => new BackupReplication(s, 'Replication', { ...props, replicationTimeControl: false }));
    const destination = only(json, 'aws_s3_bucket_replication_configuration').rule[0].destination;
    expect(destination.replication_time).toBeUndefined();
    expect(destination.metrics).toEqual({ status: 'Enabled' });
    expect(destination.storage_class).toBe('STANDARD');
    expect(build((s) => new BackupReplication(s, 'Replication', { ...props, replicationTimeControl: false })).replicationTimeMinutes).toBeUndefined();
  });

  test('replicateDeleteMarkers false disables delete marker replication', () => {
    const out = synth((s) => new BackupReplication(s, 'Replication', { ...props, replicateDeleteMarkers: false }));
    expect(out).toHaveResourceWithProperties(S3BucketReplicationConfigurationA, {
      rule: [expect.objectContaining({ delete_marker_replication: { status: 'Disabled' } })],
    });
  });

  test('tags go on the role', () => {
    const out = synth((s) => new BackupReplication(s, 'Replication', { ...props, tags: { team: 'platform' } }));
    expect(out).toHaveResourceWithProperties(IamRole, { tags: { team: 'platform' } });
  });

  test.each([
    [
      { destination: bucketRef('acme-prod-velero-use1-copy', PRIMARY) },
      /destination.region must differ from source.region us-east-1 for cross-Region replication \(got "us-east-1"\)/,
    ],
    [{ destinationKmsKey: key(PRIMARY) }, /destinationKmsKey.region must be the destination bucket's Region us-west-2 .* \(got "us-east-1"\)/],
    [{ sourceKmsKey: key(STANDBY) }, /sourceKmsKey.region must be the source bucket's Region us-east-1 \(got "us-west-2"\)/],
    [{ roleName: 'r'.repeat(65) }, /roleName must be a valid IAM role name/],
  ] as [Partial<BackupReplicationProps>, RegExp][])('rejects %#', (override, message) => {
    expect(() => build((s) => new BackupReplication(s, 'Replication', { ...props, ...override }))).toThrow(message);
  });
});

describe('VeleroIrsaRole', () => {
  const issuer = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE0123';
  const props: VeleroIrsaRoleProps = {
    roleName: 'acme-prod-velero',
    oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuer}`,
    oidcIssuerUrl: issuer,
    buckets: [bucketRef('acme-prod-velero-use1', PRIMARY)],
    writable: true,
    kmsKeys: [key(PRIMARY)],
  };
  const policyOf = (json: any) => JSON.parse(only(json, 'aws_iam_role_policy').policy).Statement as any[];
  const actionsOf = (statements: any[]) => statements.flatMap((s) => [s.Action].flat());

  test('default (writable): web-identity trust for velero/velero, read-write S3, snapshots, KMS', () => {
    const json = synthJson((s) => new VeleroIrsaRole(s, 'Irsa', props));
    const role = only(json, 'aws_iam_role');
    expect(role.name).toBe('acme-prod-velero');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: props.oidcProviderArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: 'system:serviceaccount:velero:velero',
            [`${issuer}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ]);
    expect(only(json, 'aws_iam_role_policy').name).toBe('velero-read-write');
    const statements = policyOf(json);
    expect(statements.find((s) => s.Sid === 'ListBackupBuckets')).toMatchObject({
      Action: ['s3:ListBucket', 's3:GetBucketLocation'],
      Resource: ['arn:aws:s3:::acme-prod-velero-use1'],
    });
    expect(statements.find((s) => s.Sid === 'ReadWriteBackups')).toEqual({
      Sid: 'ReadWriteBackups',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      Resource: ['arn:aws:s3:::acme-prod-velero-use1/*'],
    });
    expect(statements.find((s) => s.Sid === 'VolumeSnapshots')).toMatchObject({
      Action: ['ec2:DescribeVolumes', 'ec2:DescribeSnapshots', 'ec2:CreateVolume', 'ec2:CreateSnapshot'],
      Resource: '*',
    });
    // Deletes only snapshots Velero tagged; tags only inside the create call (no retagging someone else's snapshot).
    expect(statements.find((s) => s.Sid === 'DeleteVeleroSnapshots')).toEqual({
      Sid: 'DeleteVeleroSnapshots',
      Effect: 'Allow',
      Action: 'ec2:DeleteSnapshot',
      Resource: 'arn:aws:ec2:*::snapshot/*',
      Condition: { Null: { 'aws:ResourceTag/velero.io/backup': 'false' } },
    });
    expect(statements.find((s) => s.Sid === 'TagOnCreateOnly')).toMatchObject({
      Action: 'ec2:CreateTags',
      Condition: { StringEquals: { 'ec2:CreateAction': ['CreateSnapshot', 'CreateVolume'] } },
    });
    expect(statements.filter((s) => [s.Action].flat().some((a: string) => /^ec2:(Delete|CreateTags)/.test(a)) && !s.Condition)).toEqual([]);
    expect(statements.find((s) => s.Sid === 'UseBackupKeys')).toMatchObject({ Resource: [`arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/key-${PRIMARY}`] });
    // The S3 keys are never EBS keys: no grants on them (AWS review finding).
    expect(actionsOf(statements)).not.toContain('kms:CreateGrant');
  });

  test('writable false: read the replica, write only restore logs, no snapshot create/delete', () => {
    const json = synthJson(
      (s) => new VeleroIrsaRole(s, 'Irsa', { ...props, writable: false, buckets: [bucketRef('acme-prod-velero-usw2', STANDBY)], kmsKeys: [key(STANDBY)] }),
    );
    expect(only(json, 'aws_iam_role_policy').name).toBe('velero-restore-only');
    const statements = policyOf(json);
    const actions = actionsOf(statements);
    expect(actions).not.toContain('s3:DeleteObject');
    expect(actions).not.toContain('ec2:CreateSnapshot');
    expect(actions).not.toContain('ec2:DeleteSnapshot');
    expect(actions).not.toContain('kms:Encrypt');
    expect(statements.find((s) => s.Sid === 'ReadBackups')).toEqual({
      Sid: 'ReadBackups',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: ['arn:aws:s3:::acme-prod-velero-usw2/*'],
    });
    const puts = statements.filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(puts).toHaveLength(1);
    expect(puts[0].Resource).toEqual(['arn:aws:s3:::acme-prod-velero-usw2/restores/*']);
    expect(statements.find((s) => s.Sid === 'RestoreVolumesFromSnapshots').Action).toEqual([
      'ec2:DescribeVolumes',
      'ec2:DescribeSnapshots',
      'ec2:CreateVolume',
    ]);
    expect(statements.find((s) => s.Sid === 'TagOnCreateOnly').Condition).toEqual({ StringEquals: { 'ec2:CreateAction': ['CreateSnapshot', 'CreateVolume'] } });
    expect(statements.find((s) => s.Sid === 'UseBackupKeys').Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey']);
  });

  test('namespace, serviceAccount and tags', () => {
    const json = synthJson(
      (s) => new VeleroIrsaRole(s, 'Irsa', { ...props, namespace: 'backup', serviceAccount: 'velero-server', tags: { team: 'platform' } }),
    );
    const role = only(json, 'aws_iam_role');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Condition.StringEquals[`${issuer}:sub`]).toBe('system:serviceaccount:backup:velero-server');
    expect(role.tags).toEqual({ team: 'platform' });
  });

  test('several buckets and keys are all in the policy', () => {
    const json = synthJson(
      (s) =>
        new VeleroIrsaRole(s, 'Irsa', {
          ...props,
          buckets: [bucketRef('a-bucket', PRIMARY), bucketRef('b-bucket', PRIMARY)],
          kmsKeys: [key(PRIMARY, 'k1'), key(PRIMARY, 'k2')],
        }),
    );
    const statements = policyOf(json);
    expect(statements.find((s) => s.Sid === 'ListBackupBuckets').Resource).toEqual(['arn:aws:s3:::a-bucket', 'arn:aws:s3:::b-bucket']);
    expect(statements.find((s) => s.Sid === 'UseBackupKeys').Resource).toEqual([
      `arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/k1`,
      `arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/k2`,
    ]);
  });

  test('roleArn getter', () => {
    const { json, values } = outputs((s) => ({ arn: new VeleroIrsaRole(s, 'Irsa', props).roleArn }));
    expect(values.arn).toBe(`\${${address(json, 'aws_iam_role')}.arn}`);
    expect(only(json, 'aws_iam_role_policy').role).toBe(`\${${address(json, 'aws_iam_role')}.id}`);
  });

  test.each([
    [{ oidcIssuerUrl: `https://${issuer}` }, /oidcIssuerUrl must not include the scheme/],
    [{ buckets: [] }, /buckets must name at least one bucket \(got \[\]\)/],
    [{ kmsKeys: [] }, /kmsKeys must name at least one KMS key \(got \[\]\)/],
    [{ roleName: 'velero role' }, /roleName must be a valid IAM role name/],
  ] as [Partial<VeleroIrsaRoleProps>, RegExp][])('rejects %#', (override, message) => {
    expect(() => build((s) => new VeleroIrsaRole(s, 'Irsa', { ...props, ...override }))).toThrow(message);
  });
});

describe('VeleroRelease', () => {
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/acme-prod-velero`;
  const primary: VeleroReleaseProps = {
    role: 'primary',
    chartVersion: '12.0.3',
    bucket: bucketRef('acme-prod-velero-use1', PRIMARY),
    region: PRIMARY,
    irsaRoleArn: roleArn,
    backupIntervalMinutes: 60,
  };
  const standby: VeleroReleaseProps = {
    role: 'standby',
    chartVersion: '12.0.3',
    bucket: bucketRef('acme-prod-velero-usw2', STANDBY),
    region: STANDBY,
    irsaRoleArn: `arn:aws:iam::${ACCOUNT}:role/acme-prod-velero-standby`,
  };
  const releaseOf = (props: VeleroReleaseProps) =>
    only(
      synthJson((s) => new VeleroRelease(s, 'Velero', props)),
      'helm_release',
    );
  const valuesOf = (release: any) => parse(release.values[0]);

  test('primary default: pinned chart, atomic install, gate-visible set entries', () => {
    const release = releaseOf(primary);
    expect(release).toMatchObject({
      name: 'velero',
      repository: 'https://vmware-tanzu.github.io/helm-charts',
      chart: 'velero',
      version: '12.0.3',
      namespace: 'velero',
      create_namespace: true,
      atomic: true,
      wait: true,
    });
    expect(release.provider).toBeUndefined();
    expect(release.set).toEqual([
      { name: 'configuration.backupStorageLocation[0].bucket', type: 'string', value: 'acme-prod-velero-use1' },
      { name: 'configuration.backupStorageLocation[0].config.region', type: 'string', value: 'us-east-1' },
      { name: 'configuration.backupStorageLocation[0].accessMode', type: 'string', value: 'ReadWrite' },
      { name: 'serviceAccount.server.annotations.eks\\.amazonaws\\.com/role-arn', type: 'string', value: roleArn },
      { name: 'schedules.warm-standby.schedule', type: 'string', value: '0 * * * *' },
      { name: 'schedules.warm-standby.template.ttl', type: 'string', value: '720h0m0s' },
      { name: 'schedules.warm-standby.skipImmediately', type: 'string', value: 'true' },
    ]);
  });

  test('primary default: values YAML carries plugin, IRSA, locations and schedule', () => {
    const values = valuesOf(releaseOf(primary));
    expect(values.initContainers).toEqual([
      {
        name: 'velero-plugin-for-aws',
        image: 'velero/velero-plugin-for-aws:v1.14.0',
        imagePullPolicy: 'IfNotPresent',
        volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
      },
    ]);
    expect(values.credentials).toEqual({ useSecret: false });
    expect(values.serviceAccount).toEqual({ server: { create: true, name: 'velero', annotations: { 'eks.amazonaws.com/role-arn': roleArn } } });
    expect(values.configuration).toEqual({
      backupStorageLocation: [
        { name: 'default', provider: 'aws', bucket: 'acme-prod-velero-use1', default: true, accessMode: 'ReadWrite', config: { region: 'us-east-1' } },
      ],
      volumeSnapshotLocation: [{ name: 'default', provider: 'aws', config: { region: 'us-east-1' } }],
    });
    expect(values.snapshotsEnabled).toBe(true);
    expect(values.backupsEnabled).toBe(true);
    expect(values.deployNodeAgent).toBe(true);
    expect(values.schedules).toEqual({
      'warm-standby': {
        disabled: false,
        schedule: '0 * * * *',
        skipImmediately: true,
        useOwnerReferencesInBackup: false,
        template: { ttl: '720h0m0s', storageLocation: 'default', includedNamespaces: ['*'], defaultVolumesToFsBackup: true },
      },
    });
  });

  test('primary getters', () => {
    const velero = build((s) => new VeleroRelease(s, 'Velero', primary));
    expect(velero.releaseName).toBe('velero');
    expect(velero.scheduleName).toBe('warm-standby');
    expect(velero.backupIntervalMinutes).toBe(60);
    expect(velero.cronSchedule).toBe('0 * * * *');
    expect(DEFAULT_VELERO_AWS_PLUGIN_IMAGE).toBe('velero/velero-plugin-for-aws:v1.14.0');
  });

  test('standby: ReadOnly location on the replica bucket, no schedule', () => {
    const release = releaseOf(standby);
    expect(release.set).toEqual([
      { name: 'configuration.backupStorageLocation[0].bucket', type: 'string', value: 'acme-prod-velero-usw2' },
      { name: 'configuration.backupStorageLocation[0].config.region', type: 'string', value: 'us-west-2' },
      { name: 'configuration.backupStorageLocation[0].accessMode', type: 'string', value: 'ReadOnly' },
      { name: 'serviceAccount.server.annotations.eks\\.amazonaws\\.com/role-arn', type: 'string', value: standby.irsaRoleArn },
    ]);
    const values = valuesOf(release);
    expect(values.schedules).toEqual({});
    expect(values.configuration.backupStorageLocation[0]).toMatchObject({
      bucket: 'acme-prod-velero-usw2',
      accessMode: 'ReadOnly',
      config: { region: 'us-west-2' },
    });
    expect(values.configuration.volumeSnapshotLocation[0].config).toEqual({ region: 'us-west-2' });
    expect(values.deployNodeAgent).toBe(true);

    const velero = build((s) => new VeleroRelease(s, 'Velero', standby));
    expect(velero.scheduleName).toBeUndefined();
    expect(velero.backupIntervalMinutes).toBeUndefined();
    expect(velero.cronSchedule).toBeUndefined();
  });

  test('namespace, serviceAccount, scheduleName, backupTtlHours, awsPluginImage, fileSystemBackup', () => {
    const release = releaseOf({
      ...primary,
      namespace: 'backup',
      serviceAccount: 'velero-server',
      scheduleName: 'every-15m',
      backupIntervalMinutes: 15,
      backupTtlHours: 168,
      awsPluginImage: 'registry.example.com/velero/velero-plugin-for-aws:v1.12.2',
      fileSystemBackup: false,
    });
    expect(release.namespace).toBe('backup');
    expect(release.set.slice(4)).toEqual([
      { name: 'schedules.every-15m.schedule', type: 'string', value: '*/15 * * * *' },
      { name: 'schedules.every-15m.template.ttl', type: 'string', value: '168h0m0s' },
      { name: 'schedules.every-15m.skipImmediately', type: 'string', value: 'true' },
    ]);
    const values = valuesOf(release);
    expect(values.serviceAccount.server.name).toBe('velero-server');
    expect(values.initContainers[0].image).toBe('registry.example.com/velero/velero-plugin-for-aws:v1.12.2');
    expect(values.deployNodeAgent).toBe(false);
    expect(values.schedules['every-15m'].template.defaultVolumesToFsBackup).toBe(false);
  });

  test('wired to a VeleroIrsaRole and BackupBucket in the same stack: tokens resolve in set and values', () => {
    const json = synthJson((s) => {
      const bucket = new BackupBucket(s, 'Backups', { bucketName: 'acme-prod-velero-use1', region: PRIMARY, kmsKey: key(PRIMARY) });
      const irsa = new VeleroIrsaRole(s, 'Irsa', {
        roleName: 'acme-prod-velero',
        oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.example/id/X`,
        oidcIssuerUrl: 'oidc.example/id/X',
        buckets: [bucket.ref],
        writable: true,
        kmsKeys: [key(PRIMARY)],
      });
      new VeleroRelease(s, 'Velero', { ...primary, bucket: bucket.ref, irsaRoleArn: irsa.roleArn });
    });
    const roleArn = `\${${address(json, 'aws_iam_role')}.arn}`;
    const release = only(json, 'helm_release');
    expect(release.set[0]).toEqual({ name: 'configuration.backupStorageLocation[0].bucket', type: 'string', value: 'acme-prod-velero-use1' });
    expect(release.set[3]).toEqual({ name: 'serviceAccount.server.annotations.eks\\.amazonaws\\.com/role-arn', type: 'string', value: roleArn });
    expect(valuesOf(release).serviceAccount.server.annotations).toEqual({ 'eks.amazonaws.com/role-arn': roleArn });
  });

  test('schedulePaused: the Schedule starts paused (value and gate-visible set entry), skipImmediately stays', () => {
    const release = releaseOf({ ...primary, schedulePaused: true });
    expect(release.set.slice(4).map((e: any) => [e.name, e.value])).toEqual([
      ['schedules.warm-standby.schedule', '0 * * * *'],
      ['schedules.warm-standby.template.ttl', '720h0m0s'],
      ['schedules.warm-standby.skipImmediately', 'true'],
      ['schedules.warm-standby.paused', 'true'],
    ]);
    expect(valuesOf(release).schedules['warm-standby']).toMatchObject({ paused: true, skipImmediately: true });
    expect(build((s) => new VeleroRelease(s, 'Velero', { ...primary, schedulePaused: true })).schedulePaused).toBe(true);
    // Unpaused: no paused key at all, so the chart drops spec.paused and Helm removes it from the Schedule.
    expect(valuesOf(releaseOf({ ...primary, schedulePaused: false })).schedules['warm-standby']).not.toHaveProperty('paused');
    expect(releaseOf({ ...primary, schedulePaused: false }).set.map((e: any) => e.name)).not.toContain('schedules.warm-standby.paused');
  });

  test("promoted standby (failover): ReadWrite location with a schedule of its own, distinct from the primary's", () => {
    const release = releaseOf({ ...standby, promoted: true, backupIntervalMinutes: 30 });
    expect(release.set.map((e: any) => [e.name, e.value])).toEqual([
      ['configuration.backupStorageLocation[0].bucket', 'acme-prod-velero-usw2'],
      ['configuration.backupStorageLocation[0].config.region', 'us-west-2'],
      ['configuration.backupStorageLocation[0].accessMode', 'ReadWrite'],
      ['serviceAccount.server.annotations.eks\\.amazonaws\\.com/role-arn', standby.irsaRoleArn],
      ['schedules.failover-standby.schedule', '*/30 * * * *'],
      ['schedules.failover-standby.template.ttl', '720h0m0s'],
      ['schedules.failover-standby.skipImmediately', 'true'],
    ]);
    const values = valuesOf(release);
    expect(values.configuration.backupStorageLocation[0].accessMode).toBe('ReadWrite');
    expect(Object.keys(values.schedules)).toEqual([DEFAULT_PROMOTED_VELERO_SCHEDULE]);
    const velero = build((s) => new VeleroRelease(s, 'Velero', { ...standby, promoted: true, backupIntervalMinutes: 30 }));
    expect([velero.accessMode, velero.scheduleName, velero.cronSchedule]).toEqual(['ReadWrite', 'failover-standby', '*/30 * * * *']);
    expect(build((s) => new VeleroRelease(s, 'Velero', standby)).accessMode).toBe('ReadOnly');
  });

  test('portworx: Portworx plugin init container and a portworx.io/portworx VolumeSnapshotLocation', () => {
    const release = releaseOf({ ...primary, portworx: {} });
    const values = valuesOf(release);
    expect(values.initContainers.map((c: any) => [c.name, c.image])).toEqual([
      ['velero-plugin-for-aws', 'velero/velero-plugin-for-aws:v1.14.0'],
      ['portworx-velero-plugin', DEFAULT_PORTWORX_VELERO_PLUGIN_IMAGE],
    ]);
    expect(values.initContainers[1].volumeMounts).toEqual([{ mountPath: '/target', name: 'plugins' }]);
    expect(values.configuration.volumeSnapshotLocation).toEqual([
      { name: 'default', provider: 'aws', config: { region: 'us-east-1' } },
      { name: 'portworx', provider: 'portworx.io/portworx', config: { type: 'local' } },
    ]);
    expect(release.set.slice(-2)).toEqual([
      { name: 'initContainers[1].image', type: 'string', value: 'portworx/velero-plugin:1.0.3' },
      { name: 'configuration.volumeSnapshotLocation[1].provider', type: 'string', value: 'portworx.io/portworx' },
    ]);
    const cloud = valuesOf(
      releaseOf({
        ...standby,
        portworx: { snapshotType: 'cloud', cloudCredentialId: '0a1b2c3d-0000-4000-8000-123456789abc', pluginImage: 'portworx/velero-plugin:1.0.2' },
      }),
    );
    expect(cloud.configuration.volumeSnapshotLocation[1].config).toEqual({ type: 'cloud', credId: '0a1b2c3d-0000-4000-8000-123456789abc' });
    expect(cloud.initContainers[1].image).toBe('portworx/velero-plugin:1.0.2');
    // Without the option: no Portworx plugin, one snapshot location.
    expect(valuesOf(releaseOf(primary)).configuration.volumeSnapshotLocation).toHaveLength(1);
  });

  test('awsPluginImage pinned by digest is accepted', () => {
    const image = `velero/velero-plugin-for-aws@sha256:${'a'.repeat(64)}`;
    expect(valuesOf(releaseOf({ ...primary, awsPluginImage: image })).initContainers[0].image).toBe(image);
  });

  test('helmProvider is used for the release', () => {
    const out = synth((s) => {
      const helm = new HelmProvider(s, 'helm', { alias: 'standby', kubernetes: { configPath: '~/.kube/config' } });
      new VeleroRelease(s, 'Velero', { ...standby, helmProvider: helm });
    });
    expect(out).toHaveResourceWithProperties(Release, { provider: 'helm.standby' });
  });

  describe('backupIntervalMinutes -> cron', () => {
    test.each([
      [5, '*/5 * * * *'],
      [6, '*/6 * * * *'],
      [10, '*/10 * * * *'],
      [12, '*/12 * * * *'],
      [15, '*/15 * * * *'],
      [20, '*/20 * * * *'],
      [30, '*/30 * * * *'],
      [60, '0 * * * *'],
      [120, '0 */2 * * *'],
      [180, '0 */3 * * *'],
      [240, '0 */4 * * *'],
      [360, '0 */6 * * *'],
      [480, '0 */8 * * *'],
      [720, '0 */12 * * *'],
      [1440, '0 0 * * *'],
    ])('%i minutes -> "%s"', (minutes, cron) => {
      const velero = build((s) => new VeleroRelease(s, 'Velero', { ...primary, backupIntervalMinutes: minutes, backupTtlHours: 720 }));
      expect(velero.cronSchedule).toBe(cron);
      expect(velero.backupIntervalMinutes).toBe(minutes);
    });

    test.each([
      [4, /backupIntervalMinutes must be a whole number of minutes >= 5 \(got 4\)/],
      [7.5, /backupIntervalMinutes must be a whole number of minutes >= 5 \(got 7.5\)/],
      [7, /backupIntervalMinutes must divide 60 .* so backups run at even intervals \(got 7\)/],
      [45, /backupIntervalMinutes must divide 60 .* \(got 45\)/],
      [90, /backupIntervalMinutes must divide 60 .* \(got 90\)/],
      [300, /backupIntervalMinutes must divide 60 .* \(got 300\)/],
      [2880, /backupIntervalMinutes must be at most 1440 \(one backup a day\) for a warm standby \(got 2880\)/],
    ])('rejects %d', (minutes, message) => {
      expect(() => build((s) => new VeleroRelease(s, 'Velero', { ...primary, backupIntervalMinutes: minutes }))).toThrow(message);
    });
  });

  test.each([
    [{ chartVersion: '10.1' }, /chartVersion must be an exact chart version x.y.z \(got "10.1"\)/],
    [{ chartVersion: '^10.1.3' }, /chartVersion must be an exact chart version x.y.z \(got "\^10.1.3"\)/],
    [{ bucket: bucketRef('acme-prod-velero-usw2', STANDBY) }, /bucket.region must be this cluster's Region us-east-1 .* \(got "us-west-2"\)/],
    [{ backupIntervalMinutes: undefined }, /backupIntervalMinutes is required for the primary/],
    [{ backupTtlHours: 1, backupIntervalMinutes: 120 }, /backupTtlHours must be longer than backupIntervalMinutes \(120\) so a backup always exists \(got 1\)/],
    [{ backupTtlHours: 0 }, /backupTtlHours must be a whole number of hours >= 1 \(got 0\)/],
    [{ awsPluginImage: 'velero/velero-plugin-for-aws:latest' }, /awsPluginImage must be pinned to a version tag or a sha256 digest/],
    [{ awsPluginImage: 'velero/velero-plugin-for-aws' }, /awsPluginImage must be pinned/],
    [{ scheduleName: 'Warm.Standby' }, /scheduleName must be a DNS label of at most 50 characters \(got "Warm.Standby"\)/],
    [{ namespace: 'Velero_NS' }, /namespace must be a Kubernetes namespace name/],
    [{ serviceAccount: 'velero.server' }, /serviceAccount must be a DNS label/],
    [{ role: 'active' as never }, /role must be "primary" or "standby" \(got "active"\)/],
    [{ promoted: true }, /promoted applies to the standby only \(role "standby"\) \(got true\)/],
    [{ portworx: { pluginImage: 'portworx/velero-plugin:latest' } }, /portworx.pluginImage must be pinned to a version tag or a sha256 digest/],
    [{ portworx: { snapshotType: 'cloud' } }, /portworx.cloudCredentialId must be the Portworx cloud credential UUID for cloud snapshots/],
    [{ portworx: { cloudCredentialId: '0a1b2c3d-0000-4000-8000-123456789abc' } }, /portworx.cloudCredentialId applies to cloud snapshots only/],
  ] as [Partial<VeleroReleaseProps>, RegExp][])('rejects primary %#', (override, message) => {
    expect(() => build((s) => new VeleroRelease(s, 'Velero', { ...primary, ...override }))).toThrow(message);
  });

  test('rejects backupIntervalMinutes on the standby', () => {
    expect(() => build((s) => new VeleroRelease(s, 'Velero', { ...standby, backupIntervalMinutes: 60 }))).toThrow(
      /backupIntervalMinutes must not be set for the standby \(its backup location is ReadOnly\) \(got 60\)/,
    );
    expect(() => build((s) => new VeleroRelease(s, 'Velero', { ...standby, schedulePaused: true }))).toThrow(
      /schedulePaused must not be set for the standby \(it has no schedule\) \(got true\)/,
    );
    expect(() => build((s) => new VeleroRelease(s, 'Velero', { ...standby, promoted: true }))).toThrow(
      /backupIntervalMinutes is required for a promoted standby \(it writes backups of its own\)/,
    );
  });
});

describe('PortworxRelease', () => {
  const pxRole = `arn:aws:iam::${ACCOUNT}:role/acme-prod-use1-portworx`;
  const props: PortworxReleaseProps = { chartVersion: '9.1.1', clusterName: 'acme-prod-use1', irsaRoleArn: pxRole };
  const releaseOf = (p: PortworxReleaseProps) =>
    only(
      synthJson((s) => new PortworxRelease(s, 'Portworx', p)),
      'helm_release',
    );

  test('default: pinned chart, EKS settings, gp3 cloud drives, not on masters', () => {
    const release = releaseOf(props);
    expect(release).toMatchObject({
      name: 'portworx',
      repository: 'https://raw.githubusercontent.com/portworx/helm/master/stable',
      chart: 'portworx',
      version: '9.1.1',
      namespace: 'portworx',
      create_namespace: true,
      atomic: true,
      wait: true,
    });
    expect(parse(release.values[0])).toEqual({
      clusterName: 'acme-prod-use1',
      deployOnMaster: false,
      EKSInstall: true,
      // Tagged with the cluster's name: the IRSA role may delete or detach only these drives.
      drives: 'type=gp3,size=150,enc=true,tags=warm-standby-portworx-cluster:acme-prod-use1',
      internalKVDB: true,
      secretType: 'k8s',
      // The IRSA role reaches the portworx service account through the chart (no manual annotate).
      workloadIdentity: { credentials: [{ cloudProvider: 'aws', key: 'eks.amazonaws.com/role-arn', value: pxRole }] },
    });
    expect(release.set).toEqual([{ name: 'workloadIdentity.credentials[0].value', value: pxRole, type: 'string' }]);
    const portworx = build((s) => new PortworxRelease(s, 'Portworx', props));
    expect([portworx.releaseName, portworx.namespace]).toEqual(['portworx', 'portworx']);
    // 9.0.1+ run their hooks on alpine/kubectl:<minor>.0 on Kubernetes >= 1.34 (7.0.5's bitnamilegacy/kubectl:1.35 does not exist).
    expect(DEFAULT_PORTWORX_CHART_VERSION).toBe('9.1.1');
  });

  test('namespace and driveSpecs', () => {
    const release = releaseOf({ ...props, namespace: 'kube-system', driveSpecs: ['type=gp3,size=200,enc=true', 'type=io2,size=100,iops=3000,enc=true'] });
    expect(release.namespace).toBe('kube-system');
    expect(parse(release.values[0]).drives).toBe(
      'type=gp3,size=200,enc=true,tags=warm-standby-portworx-cluster:acme-prod-use1;type=io2,size=100,iops=3000,enc=true,tags=warm-standby-portworx-cluster:acme-prod-use1',
    );
  });

  test('driveSpecs: the cluster tag is the only tag of each spec, split on ";" as the chart does', () => {
    const drives = String(parse(releaseOf({ ...props, driveSpecs: ['type=gp3,size=200,enc=true', 'type=gp3,size=50,enc=true'] }).values[0]).drives);
    for (const spec of drives.split(';')) {
      expect(spec.split(',').filter((f) => f.startsWith('tags='))).toEqual(['tags=warm-standby-portworx-cluster:acme-prod-use1']);
    }
    // A tag of the caller's would sit beside the cluster tag (two tags= fields) or need a ";" the chart splits on.
    expect(() => releaseOf({ ...props, driveSpecs: ['type=gp3,size=200,enc=true,tags=team'] })).toThrow(
      /driveSpecs must not set tags: PortworxRelease adds tags=warm-standby-portworx-cluster:<clusterName>/,
    );
  });

  test('helmProvider is used for the release', () => {
    const out = synth((s) => {
      const helm = new HelmProvider(s, 'helm', { alias: 'primary', kubernetes: { configPath: '~/.kube/config' } });
      new PortworxRelease(s, 'Portworx', { ...props, helmProvider: helm });
    });
    expect(out).toHaveResourceWithProperties(Release, { name: 'portworx', provider: 'helm.primary' });
  });

  test.each([
    [{ chartVersion: 'latest' }, /chartVersion must be an exact chart version x.y.z \(got "latest"\)/],
    [{ clusterName: 'Acme_Prod' }, /clusterName must be a DNS label .* \(got "Acme_Prod"\)/],
    [{ namespace: 'Portworx' }, /namespace must be a Kubernetes namespace name/],
    [{ driveSpecs: [] }, /driveSpecs must be one or more specs like "type=gp3,size=150,enc=true" \(got \[\]\)/],
    [{ driveSpecs: ['/dev/xvdb'] }, /driveSpecs must be one or more specs/],
    // Portworx's cloud-drive `enc` defaults to false (docs.portworx.com, auto disk provisioning on AWS).
    [{ driveSpecs: ['type=gp3,size=150'] }, /driveSpecs must encrypt every drive \(enc=true\) \(got \["type=gp3,size=150"\]\)/],
    [{ driveSpecs: ['type=gp3,size=150,enc=false'] }, /driveSpecs must encrypt every drive/],
    [{ irsaRoleArn: 'portworx' }, /irsaRoleArn must be an IAM role ARN \(got "portworx"\)/],
  ] as [Partial<PortworxReleaseProps>, RegExp][])('rejects %#', (override, message) => {
    expect(() => build((s) => new PortworxRelease(s, 'Portworx', { ...props, ...override }))).toThrow(message);
  });
});

describe('VeleroRestore', () => {
  const manifests = (build: (scope: Construct) => void) => Object.values<any>(JSON.parse(Testing.synthScope(build)).resource.kubernetes_manifest);
  const statusReads = (build: (scope: Construct) => void) => Object.values<any>(JSON.parse(Testing.synthScope(build)).data.kubernetes_resource);
  const app = { scheduleName: veleroScheduleObjectName(), includedNamespaces: ['payments'] };

  test('backupName: restores that backup instead of the schedule newest (Velero takes one source, not both)', () => {
    const [restore] = manifests((s) => new VeleroRestore(s, 'Restore', { ...app, backupName: 'velero-warm-standby-20260101000000' }));
    expect(restore.manifest.spec.backupName).toBe('velero-warm-standby-20260101000000');
    expect(restore.manifest.spec.scheduleName).toBeUndefined();
    expect(restore.manifest.metadata).toMatchObject({
      name: 'velero-warm-standby-failover',
      annotations: { 'warm-standby/schedule-name': 'velero-warm-standby' },
    });
    expect(() => manifests((s) => new VeleroRestore(s, 'Restore', { ...app, backupName: 'Last Backup' }))).toThrow(
      /backupName must be a Kubernetes object name \(got "Last Backup"\)/,
    );
  });

  test('restores the latest backup of the schedule, application namespaces only, and waits for completion', () => {
    const [restore] = manifests((s) => new VeleroRestore(s, 'Restore', app));
    expect(restore.manifest).toEqual({
      apiVersion: 'velero.io/v1',
      kind: 'Restore',
      metadata: { name: 'velero-warm-standby-failover', namespace: 'velero', annotations: { 'warm-standby/schedule-name': 'velero-warm-standby' } },
      spec: {
        scheduleName: 'velero-warm-standby',
        restorePVs: true,
        includedNamespaces: ['payments'],
        excludedResources: [
          'schedules.velero.io',
          'backupstoragelocations.velero.io',
          'volumesnapshotlocations.velero.io',
          'storageclusters.core.libopenstorage.org',
        ],
      },
    });
    // Waits for any terminal phase, then fails the apply unless the phase is Completed.
    expect(restore.wait_for).toBeUndefined();
    expect(restore.wait).toEqual({ fields: { 'status.phase': '^(Completed|PartiallyFailed|Failed|FailedValidation)$' } });
    const pattern = new RegExp(restore.wait.fields['status.phase']);
    expect(['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'].every((p) => pattern.test(p))).toBe(true);
    expect(['InProgress', 'New', 'WaitingForPluginOperations', 'FinalizingPartiallyFailed'].some((p) => pattern.test(p))).toBe(false);
    // kubernetes_manifest drops `status` from state, so the phase is checked on a kubernetes_resource read
    // (which keeps it), not on the manifest.
    expect(restore.lifecycle).toBeUndefined();
    const [read] = statusReads((s) => new VeleroRestore(s, 'Restore', app));
    expect(read).toMatchObject({
      api_version: 'velero.io/v1',
      kind: 'Restore',
      metadata: { name: 'velero-warm-standby-failover', namespace: 'velero' },
      depends_on: ['kubernetes_manifest.Restore_4FD04043'],
    });
    expect(read.lifecycle.postcondition).toEqual([
      {
        condition: '${try(self.object.status.phase, "") == "Completed"}',
        error_message: expect.stringContaining('Velero Restore velero/velero-warm-standby-failover did not complete'),
      },
    ]);
    expect(read.lifecycle.postcondition[0].error_message).toContain(
      'velero restore describe velero-warm-standby-failover -n velero --details; velero restore logs velero-warm-standby-failover -n velero',
    );
    expect(restore.timeouts).toEqual({ create: '60m' });
  });

  test('namespaces and name can be chosen', () => {
    const [restore] = manifests(
      (s) =>
        new VeleroRestore(s, 'Restore', {
          scheduleName: 'velero-nightly',
          restoreName: 'second-try',
          includedNamespaces: ['payments'],
          restorePVs: false,
        }),
    );
    expect(restore.manifest.metadata.name).toBe('second-try');
    expect(restore.manifest.spec).toMatchObject({ scheduleName: 'velero-nightly', restorePVs: false, includedNamespaces: ['payments'] });
  });

  test('rejects names Kubernetes would refuse', () => {
    expect(() => manifests((s) => new VeleroRestore(s, 'Restore', { ...app, scheduleName: 'Nightly_Backup' }))).toThrow(
      /scheduleName must be a Kubernetes object name \(got "Nightly_Backup"\)/,
    );
  });

  test.each([
    [[], /includedNamespaces must name the application namespaces to restore \(got \[\]\)/],
    [['*'], /includedNamespaces must be application namespaces, not "\*" or velero, portworx, kube-system/],
    [['payments', 'velero'], /includedNamespaces must be application namespaces.* \(got "velero"\)/],
    [['kube-system'], /\(got "kube-system"\)/],
  ])('rejects restore scope %j', (includedNamespaces, message) => {
    expect(() => manifests((s) => new VeleroRestore(s, 'Restore', { ...app, includedNamespaces }))).toThrow(message);
  });
});

describe('PortworxIrsaRole', () => {
  const issuer = 'oidc.eks.us-east-1.amazonaws.com/id/ABC123';
  const props = {
    roleName: 'acme-prod-use1-portworx',
    oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuer}`,
    oidcIssuerUrl: issuer,
    clusterName: 'acme-prod-use1',
    region: 'us-east-1',
  };

  test('trust limited to the portworx service account; the documented EC2 cloud-drive actions, nothing else', () => {
    const json = synthJson((s) => new PortworxIrsaRole(s, 'Portworx', props));
    const role = only(json, 'aws_iam_role');
    expect(role.name).toBe('acme-prod-use1-portworx');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: props.oidcProviderArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${issuer}:sub`]: 'system:serviceaccount:portworx:portworx', [`${issuer}:aud`]: 'sts.amazonaws.com' } },
      },
    ]);
    const policy = only(json, 'aws_iam_role_policy');
    expect(policy.role).toBe(`\${${address(json, 'aws_iam_role')}.id}`);
    const statements = JSON.parse(policy.policy).Statement;
    const allActions = [...new Set(statements.flatMap((st: any) => [st.Action].flat()))].sort();
    expect(allActions).toEqual(
      [
        'autoscaling:DescribeAutoScalingGroups',
        'ec2:AttachVolume',
        'ec2:CreateTags',
        'ec2:CreateVolume',
        'ec2:DeleteTags',
        'ec2:DeleteVolume',
        'ec2:DescribeInstances',
        'ec2:DescribeTags',
        'ec2:DescribeVolumeAttribute',
        'ec2:DescribeVolumeStatus',
        'ec2:DescribeVolumes',
        'ec2:DescribeVolumesModifications',
        'ec2:DetachVolume',
        'ec2:ModifyVolume',
      ].sort(),
    );
    expect(allActions).toHaveLength(PORTWORX_CLOUD_DRIVE_ACTIONS.length);
    // Destroying, detaching, modifying and retagging reach only volumes tagged with this Portworx cluster.
    expect(statements.find((st: any) => st.Sid === 'OwnDrivesOnly')).toEqual({
      Sid: 'OwnDrivesOnly',
      Effect: 'Allow',
      Action: ['ec2:AttachVolume', 'ec2:DetachVolume', 'ec2:ModifyVolume', 'ec2:DeleteVolume', 'ec2:CreateTags', 'ec2:DeleteTags'],
      Resource: 'arn:aws:ec2:*:*:volume/*',
      Condition: { StringEquals: { 'aws:ResourceTag/warm-standby-portworx-cluster': 'acme-prod-use1' } },
    });
    const unconditioned = statements.filter((st: any) => !st.Condition);
    expect(
      unconditioned.filter((st: any) => st.Resource === '*' && [st.Action].flat().some((a: string) => /Delete|Detach|Modify|Attach|CreateTags/.test(a))),
    ).toEqual([]);
    expect(unconditioned.find((st: any) => st.Sid === 'AttachToInstances').Resource).toBe('arn:aws:ec2:*:*:instance/*');
    expect(JSON.stringify(statements)).not.toMatch(/"ec2:\*"|"\*:\*"|iam:/);
  });

  test('namespace follows the release; subject getter', () => {
    const role = build((s) => new PortworxIrsaRole(s, 'Portworx', { ...props, namespace: 'kube-system' }));
    expect(role.subject).toBe('system:serviceaccount:kube-system:portworx');
  });

  test.each([
    [{ roleName: 'x'.repeat(65) }, /roleName must be a valid IAM role name/],
    [{ oidcIssuerUrl: `https://${issuer}` }, /oidcIssuerUrl must not include the scheme/],
    [{ namespace: 'Portworx' }, /namespace must be a Kubernetes namespace name \(got "Portworx"\)/],
    [{ clusterName: 'Acme_Prod' }, /clusterName must be a DNS label \(the Portworx cluster name\) \(got "Acme_Prod"\)/],
  ])('rejects %#', (override, message) => {
    expect(() => build((s) => new PortworxIrsaRole(s, 'Portworx', { ...props, ...override }))).toThrow(message);
  });
});
