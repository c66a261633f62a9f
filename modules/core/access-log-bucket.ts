import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { denyInsecureTransport } from './private-bucket';
import { Component, componentTags } from './tags';
import { CLOUDWATCH_LOG_RETENTION_DAYS, requireProp, validateAccountId, validateRegion, validatedConstruct } from './validation';

export interface AccessLogBucketProps {
  /** Literal bucket name (deterministic, see `naming/`). */
  readonly bucketName: string;
  readonly region: string;
  /** Account of the source buckets (`aws:SourceAccount` of the log delivery grant). */
  readonly accountId: string;
  /**
   * Days log objects are kept (also noncurrent versions); 0 keeps them forever. The environment's
   * `logging.retentionDays`, so access logs follow the same audit retention as the other logs.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * Let `terraform destroy` delete a bucket that still holds logs.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /** @default - only the component tag */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * One Region's target of S3 server access logs (S3 User Guide, "Enabling Amazon S3 server access
 * logging"): same Region and account as its sources, default encryption SSE-S3 (the guide: SSE-KMS
 * is not supported as the target's default encryption; rule WS-LOG-004), BucketOwnerEnforced, so the
 * log delivery grant is a bucket policy for `logging.s3.amazonaws.com` limited by `aws:SourceArn`
 * (the source buckets) and `aws:SourceAccount`. Versioned, so a deleted or overwritten log object stays
 * recoverable for the retention period. It logs nowhere itself: logging into itself would loop.
 */
@validatedConstruct
export class AccessLogBucket extends Construct {
  public readonly bucket: S3Bucket;
  /** The bucket policy that grants log delivery (source buckets' logging configurations come after it). */
  public readonly policy: S3BucketPolicy;
  private readonly region: string;
  private readonly sources: { arn: string; prefix: string }[] = [];

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    validateRegion('region', props.region);
    validateAccountId('accountId', props.accountId);
    const retentionDays = props.retentionDays ?? 365;
    requireProp(
      CLOUDWATCH_LOG_RETENTION_DAYS.includes(retentionDays),
      'retentionDays',
      retentionDays,
      `must be 0 (keep forever) or one of the audit retentions the other logs use (${CLOUDWATCH_LOG_RETENTION_DAYS.filter((d) => d > 0).join(', ')})`,
    );
    this.region = props.region;

    this.bucket = new S3Bucket(this, 'Bucket', {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      tags: componentTags(Component.ACCESS_LOGS, props.tags),
    });
    new S3BucketVersioningA(this, 'Versioning', { bucket: this.bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket: this.bucket.id,
      // SSE-S3: server access log delivery does not support SSE-KMS default encryption on the target.
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'OwnershipControls', { bucket: this.bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: retentionDays > 0 ? [{ days: retentionDays }] : [{ expiredObjectDeleteMarker: true }],
          noncurrentVersionExpiration: retentionDays > 0 ? [{ noncurrentDays: retentionDays }] : undefined,
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    this.policy = new S3BucketPolicy(this, 'Policy', {
      bucket: this.bucket.id,
      // Lazy: sources added with logBucket() after construction are included.
      policy: Lazy.stringValue({
        produce: () =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              // One statement per source: its own prefix, its own aws:SourceArn (S3 User Guide, "Permissions
              // for log delivery"). Resource is a single string per statement, as the guide's example.
              ...this.sources.map(({ arn, prefix }, index) => ({
                Sid: `S3ServerAccessLogDelivery${index}`,
                Effect: 'Allow',
                Principal: { Service: 'logging.s3.amazonaws.com' },
                Action: 's3:PutObject',
                Resource: `${this.bucket.arn}/${prefix}*`,
                Condition: {
                  ArnLike: { 'aws:SourceArn': arn },
                  StringEquals: { 'aws:SourceAccount': props.accountId },
                },
              })),
              // Last: moto's PutBucketLogging check (the drill) stops at the first matching grant and fails on
              // a statement whose Principal is the string "*".
              denyInsecureTransport(this.bucket.arn),
            ],
          }),
      }),
      dependsOn: [publicAccessBlock],
    });
    this.node.addValidation({
      validate: () => (this.sources.length === 0 ? [`${this.node.path}: no bucket logs into ${props.bucketName} (call logBucket for each source bucket)`] : []),
    });
  }

  /**
   * Turns on server access logging of `source` (a bucket of this Region) into this bucket under
   * `<prefix>` (default: the source's name and a slash), and grants the delivery for that source.
   */
  logBucket(source: S3Bucket, sourceName: string, sourceRegion: string, prefix = `${sourceName}/`): S3BucketLoggingA {
    requireProp(
      sourceRegion === this.region,
      'sourceRegion',
      sourceRegion,
      `must be the log bucket's Region ${this.region}: S3 delivers access logs within a Region`,
    );
    requireProp(source !== this.bucket, 'source', sourceName, 'must not be the access-log bucket itself (it would log its own log deliveries forever)');
    requireProp(/^[a-z0-9][a-z0-9.-]*\/$/.test(prefix), 'prefix', prefix, 'must be letters, digits, dots or hyphens ending with a slash');
    requireProp(
      this.sources.every((s) => s.prefix !== prefix),
      'prefix',
      prefix,
      'is already used by another source bucket (each source gets its own prefix)',
    );
    this.sources.push({ arn: source.arn, prefix });
    // Beside the source bucket (its construct scope), as `AccessLogging`.
    return new S3BucketLoggingA(source.node.scope as Construct, 'AccessLogging', {
      bucket: source.id,
      targetBucket: this.bucket.id,
      targetPrefix: prefix,
      // Delivery is granted (policy) before logs start flowing.
      dependsOn: [this.policy],
    });
  }

  /** Bucket name (a reference to the resource). */
  public get bucketName(): string {
    return this.bucket.bucket;
  }
}
