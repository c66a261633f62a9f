import '../support/cdktf-matchers';
import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import {
  AccessLogBucket,
  AccessLogBucketProps,
  Component,
  PrivateBucketProps,
  arnPartition,
  clientSecurityGroup,
  kmsGrant,
  privateBucket,
  regionalRef,
  requireProp,
  resourceName,
  validateAccountId,
  validateClientCidrs,
  validateRegion,
} from '../../modules/core';

describe('core', () => {
  test('kmsGrant grants a key ARN directly and keeps the caller condition', () => {
    const key = regionalRef('arn:aws:kms:us-east-1:111122223333:key/abc', 'abc', 'us-east-1');
    expect(kmsGrant(key)).toEqual({ Resource: key.arn });
    expect(kmsGrant(key, { StringLike: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })).toEqual({
      Resource: key.arn,
      Condition: { StringLike: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    });
  });

  test('kmsGrant grants an alias ARN through kms:ResourceAliases on that Region and account', () => {
    const alias = regionalRef('arn:aws:kms:us-west-2:111122223333:alias/pay-s3', 'alias/pay-s3', 'us-west-2');
    expect(kmsGrant(alias, { StringLike: { a: 'b' } })).toEqual({
      Resource: 'arn:aws:kms:us-west-2:111122223333:key/*',
      Condition: { StringLike: { a: 'b' }, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ['alias/pay-s3'] } },
    });
  });

  test('requireProp names the prop, the rule and the value', () => {
    expect(() => requireProp(false, 'standby.minNodes', 0, 'must be >= 1 for a warm standby')).toThrow(
      'standby.minNodes must be >= 1 for a warm standby (got 0)',
    );
    expect(() => requireProp(true, 'x', 0, 'never')).not.toThrow();
  });

  test('resourceName joins, lower-cases and trims to the limit without a trailing dash', () => {
    expect(resourceName(63, 'Pay', '', 'Primary_DB')).toBe('pay-primary-db');
    expect(resourceName(8, 'abcdefg', 'hij')).toBe('abcdefg');
  });

  test('arnPartition maps China and GovCloud Regions to their partitions, everything else to aws', () => {
    expect(arnPartition('us-east-1')).toBe('aws');
    expect(arnPartition('eu-central-1')).toBe('aws');
    expect(arnPartition('cn-north-1')).toBe('aws-cn');
    expect(arnPartition('us-gov-west-1')).toBe('aws-us-gov');
  });

  test('validateAccountId accepts 12 digits only', () => {
    expect(() => validateAccountId('accountId', '012345678901')).not.toThrow();
    expect(() => validateAccountId('accountId', '12345')).toThrow('accountId must be a 12-digit AWS account id (got "12345")');
    expect(() => validateAccountId('accountId', '1234567890123')).toThrow(/12-digit/);
  });

  test('validateRegion accepts Region names and rejects anything else', () => {
    for (const region of ['us-east-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-northwest-1']) {
      expect(() => validateRegion('region', region)).not.toThrow();
    }
    expect(() => validateRegion('region', 'us-east')).toThrow('region must be an AWS Region name such as us-east-1 (got "us-east")');
    expect(() => validateRegion('region', 'US-EAST-1')).toThrow(/AWS Region name/);
  });

  test('validateClientCidrs names the bad entry, rejects /0 for the target and skips tokens', () => {
    expect(() => validateClientCidrs('allowedCidrs', ['10.0.0.0/16', '192.168.1.0/24'], 'the cache')).not.toThrow();
    expect(() => validateClientCidrs('allowedCidrs', ['10.0.0.0/16', '10.0.0.0/33'], 'the cache')).toThrow(
      'allowedCidrs[1] must be an IPv4 CIDR block such as 10.0.0.0/16 (got "10.0.0.0/33")',
    );
    expect(() => validateClientCidrs('allowedCidrs', ['256.0.0.0/8'], 'the cache')).toThrow(/allowedCidrs\[0\] must be an IPv4 CIDR block/);
    expect(() => validateClientCidrs('allowedCidrs', ['0.0.0.0/0'], 'the database')).toThrow(
      'allowedCidrs[0] must not open the database to every address (/0); list the client networks (got "0.0.0.0/0")',
    );
    Testing.synthScope((scope) => {
      const cidr = new TerraformVariable(scope, 'Cidr', { type: 'string' }).stringValue;
      expect(() => validateClientCidrs('allowedCidrs', [cidr], 'the cache')).not.toThrow();
    });
  });

  test('clientSecurityGroup opens the port to each CIDR, keyed by CIDR, with no egress', () => {
    const out = Testing.synthScope((scope) => {
      const cidr = new TerraformVariable(scope, 'Cidr', { type: 'string' }).stringValue;
      clientSecurityGroup(scope, {
        name: 'pay-postgres',
        description: 'PostgreSQL clients of pay',
        vpcId: 'vpc-1',
        port: 5432,
        allowedCidrs: ['10.0.0.0/16', cidr],
        tags: { team: 'pay' },
      });
    });
    expect(out).toHaveResourceWithProperties(SecurityGroup, {
      name: 'pay-postgres',
      description: 'PostgreSQL clients of pay',
      vpc_id: 'vpc-1',
      tags: { team: 'pay' },
    });
    const parsed = JSON.parse(out);
    expect(parsed.resource.aws_security_group.SecurityGroup.egress).toBeUndefined();
    const rules = parsed.resource.aws_vpc_security_group_ingress_rule;
    expect(Object.keys(rules).sort()).toEqual(['Ingress-1', 'Ingress-10-0-0-0-16']);
    expect(out).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      description: 'port 5432 from 10.0.0.0/16',
      ip_protocol: 'tcp',
      from_port: 5432,
      to_port: 5432,
      cidr_ipv4: '10.0.0.0/16',
      tags: { team: 'pay' },
    });
    expect(rules['Ingress-1'].description).toBe('port 5432 from a client network');
  });
});

describe('privateBucket', () => {
  const key = regionalRef('arn:aws:kms:us-east-1:111122223333:key/abc', 'abc', 'us-east-1');
  const synth = (props: Partial<PrivateBucketProps> = {}) =>
    JSON.parse(
      Testing.synthScope((scope) => {
        privateBucket(scope, { bucketName: 'pay-bucket', region: 'us-east-1', kmsKey: key, component: Component.BACKUP_BUCKET, ...props });
      }),
    ).resource;

  test('versioned, SSE-KMS with a bucket key, no public access, owner-enforced, tagged', () => {
    const r = synth();
    expect(Object.values<any>(r.aws_s3_bucket)[0]).toEqual({ bucket: 'pay-bucket', tags: { 'warm-standby/component': 'velero-backup' } });
    expect(Object.values<any>(r.aws_s3_bucket_versioning)[0].versioning_configuration).toEqual({ status: 'Enabled' });
    expect(Object.values<any>(r.aws_s3_bucket_server_side_encryption_configuration)[0].rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: key.arn }, bucket_key_enabled: true },
    ]);
    expect(Object.values<any>(r.aws_s3_bucket_public_access_block)[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(Object.values<any>(r.aws_s3_bucket_ownership_controls)[0].rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  test('rejects a bad name and a key from another Region', () => {
    expect(() => synth({ bucketName: 'Pay_Bucket' })).toThrow(/bucketName must be a valid S3 bucket name .* \(got "Pay_Bucket"\)/);
    expect(() => synth({ kmsKey: { ...key, region: 'us-west-2' } })).toThrow(/kmsKey\.region must be the bucket's Region us-east-1 \(got "us-west-2"\)/);
  });
});

describe('AccessLogBucket', () => {
  const key = regionalRef('arn:aws:kms:us-east-1:111122223333:key/abc', 'abc', 'us-east-1');
  const synth = (props: Partial<AccessLogBucketProps> = {}, sources = ['pay-data']) =>
    JSON.parse(
      Testing.synthScope((scope) => {
        const logs = new AccessLogBucket(scope, 'Logs', { bucketName: 'pay-access-logs', region: 'us-east-1', accountId: '111122223333', ...props });
        sources.forEach((name, i) => {
          const source = new Construct(scope, `Source${i}`);
          const { bucket } = privateBucket(source, { bucketName: name, region: 'us-east-1', kmsKey: key, component: Component.BACKUP_BUCKET });
          logs.logBucket(bucket, name, 'us-east-1');
        });
      }),
    ).resource;
  const logBucketOf = (r: any) => Object.entries<any>(r.aws_s3_bucket).find(([, b]) => b.bucket === 'pay-access-logs')!;
  const forBucket = (r: any, type: string, name: string) => Object.values<any>(r[type]).find((x) => x.bucket === `\${aws_s3_bucket.${name}.id}`);

  test('SSE-S3 (not SSE-KMS), versioned, private, owner-enforced, tagged, logs expire after retentionDays', () => {
    const r = synth();
    const [name, bucket] = logBucketOf(r);
    expect(bucket).toEqual({ bucket: 'pay-access-logs', force_destroy: false, tags: { 'warm-standby/component': 's3-access-logs' } });
    expect(forBucket(r, 'aws_s3_bucket_server_side_encryption_configuration', name).rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
    expect(forBucket(r, 'aws_s3_bucket_versioning', name).versioning_configuration).toEqual({ status: 'Enabled' });
    expect(forBucket(r, 'aws_s3_bucket_public_access_block', name)).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(forBucket(r, 'aws_s3_bucket_ownership_controls', name).rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(forBucket(r, 'aws_s3_bucket_lifecycle_configuration', name).rule).toEqual([
      {
        id: 'expire-access-logs',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        expiration: [{ days: 365 }],
        noncurrent_version_expiration: [{ noncurrent_days: 365 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
      },
    ]);
  });

  test('retentionDays 0 keeps logs forever (no age expiration)', () => {
    const r = synth({ retentionDays: 0 });
    const rule = forBucket(r, 'aws_s3_bucket_lifecycle_configuration', logBucketOf(r)[0]).rule[0];
    expect(rule.expiration).toEqual([{ expired_object_delete_marker: true }]);
    expect(rule.noncurrent_version_expiration).toBeUndefined();
  });

  test('each source logs under its own prefix; the policy grants logging.s3.amazonaws.com for exactly those sources and prefixes', () => {
    const r = synth({}, ['pay-data', 'pay-payload']);
    const [logName] = logBucketOf(r);
    const sources = Object.entries<any>(r.aws_s3_bucket).filter(([n]) => n !== logName);
    const loggings = Object.values<any>(r.aws_s3_bucket_logging);
    expect(loggings).toHaveLength(2);
    for (const [sourceName, source] of sources) {
      expect(loggings).toContainEqual(
        expect.objectContaining({
          bucket: `\${aws_s3_bucket.${sourceName}.id}`,
          target_bucket: `\${aws_s3_bucket.${logName}.id}`,
          target_prefix: `${source.bucket}/`,
        }),
      );
    }
    // Delivery is granted before logging starts.
    const [policyName, policy] = Object.entries<any>(r.aws_s3_bucket_policy).find(([, p]) => p.bucket === `\${aws_s3_bucket.${logName}.id}`)!;
    for (const l of loggings) expect(l.depends_on).toEqual([`aws_s3_bucket_policy.${policyName}`]);
    const statements = JSON.parse(policy.policy).Statement;
    // One statement per source, in the order they were added: its prefix only, its ARN only.
    expect(statements.slice(0, 2)).toEqual(
      sources.map(([n, b], i) => ({
        Sid: `S3ServerAccessLogDelivery${i}`,
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `\${aws_s3_bucket.${logName}.arn}/${b.bucket}/*`,
        Condition: {
          ArnLike: { 'aws:SourceArn': `\${aws_s3_bucket.${n}.arn}` },
          StringEquals: { 'aws:SourceAccount': '111122223333' },
        },
      })),
    );
    expect(statements[2]).toMatchObject({ Sid: 'DenyInsecureTransport', Effect: 'Deny' });
    // The log bucket itself logs nowhere.
    expect(loggings.some((l) => l.bucket === `\${aws_s3_bucket.${logName}.id}`)).toBe(false);
  });

  test('refuses a source in another Region, itself, a repeated prefix, a bad retention, and no source at all', () => {
    const build = (fn: (logs: AccessLogBucket, scope: Construct) => void) =>
      Testing.synthScope((scope) => {
        const logs = new AccessLogBucket(scope, 'Logs', { bucketName: 'pay-access-logs', region: 'us-east-1', accountId: '111122223333' });
        fn(logs, scope);
      });
    const other = (scope: Construct, id: string) =>
      privateBucket(new Construct(scope, id), { bucketName: `pay-${id.toLowerCase()}`, region: 'us-east-1', kmsKey: key, component: Component.BACKUP_BUCKET })
        .bucket;
    expect(() => build((logs, s) => logs.logBucket(other(s, 'A'), 'pay-a', 'us-west-2'))).toThrow(
      /sourceRegion must be the log bucket's Region us-east-1: S3 delivers access logs within a Region \(got "us-west-2"\)/,
    );
    expect(() => build((logs) => logs.logBucket(logs.bucket, 'pay-access-logs', 'us-east-1'))).toThrow(
      /source must not be the access-log bucket itself .* \(got "pay-access-logs"\)/,
    );
    expect(() =>
      build((logs, s) => {
        logs.logBucket(other(s, 'A'), 'pay-a', 'us-east-1', 'shared/');
        logs.logBucket(other(s, 'B'), 'pay-b', 'us-east-1', 'shared/');
      }),
    ).toThrow(/prefix is already used by another source bucket .* \(got "shared\/"\)/);
    expect(() => synth({ retentionDays: 100 })).toThrow(/retentionDays must be 0 \(keep forever\) or one of .* \(got 100\)/);
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    new AccessLogBucket(stack, 'Logs', { bucketName: 'pay-access-logs', region: 'us-east-1', accountId: '111122223333' });
    expect(() => app.synth()).toThrow(/s\/Logs: no bucket logs into pay-access-logs/);
  });
});
