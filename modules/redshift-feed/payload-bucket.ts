import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { Component, RegionalRef, privateBucket, regionalRef, requireProp } from '../core';

export interface PayloadBucketProps {
  /** Globally unique bucket name (3-63 lower-case letters, digits, dots, hyphens). */
  readonly bucketName: string;
  /** Region of this stack (the primary Region). */
  readonly region: string;
  /** KMS key for SSE-KMS; must be in `region`. Loaders in every Region need kms:Decrypt on it. */
  readonly kmsKey: RegionalRef;
  /**
   * Loader roles allowed to read payloads, in every Region: literal ARNs from `loaderRoleArn`
   * (the standby's role does not exist yet when the primary stack deploys).
   */
  readonly readerRoleArns: string[];
  /**
   * Days after which payloads expire; noncurrent versions expire the same number of days after
   * they stop being current.
   * @default 30
   */
  readonly retentionDays?: number;
  /** @default - no tags besides the component tag */
  readonly tags?: Readonly<Record<string, string>>;
}

const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

/**
 * S3 bucket in the primary Region that holds the large payloads the feed messages name. Only
 * the loader roles may read it; every request must use TLS.
 */
export class PayloadBucket extends Construct {
  private readonly bucket: S3Bucket;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: PayloadBucketProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 30;
    requireProp(Number.isInteger(retentionDays) && retentionDays >= 1, 'retentionDays', retentionDays, 'must be an integer >= 1');
    requireProp(props.readerRoleArns.length >= 1, 'readerRoleArns', props.readerRoleArns, 'must name at least one loader role');
    const readerAccounts = props.readerRoleArns.map((arn, index) => {
      const prop = `readerRoleArns[${index}]`;
      if (Token.isUnresolved(arn)) throw new Error(`${prop} must be a literal role ARN built from deterministic names, not a token (got ${JSON.stringify(arn)})`);
      const match = ROLE_ARN.exec(arn);
      requireProp(match !== null, prop, arn, 'must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)');
      return `arn:${arn.split(':')[1]}:iam::${match![2]}:root`;
    });
    this.region = props.region;

    const { bucket, publicAccessBlock } = privateBucket(this, {
      bucketName: props.bucketName,
      region: props.region,
      kmsKey: props.kmsKey,
      component: Component.FEED_PAYLOAD_BUCKET,
      tags: props.tags,
    });
    this.bucket = bucket;
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-payloads',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ days: retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: retentionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    new S3BucketPolicy(this, 'Policy', {
      bucket: this.bucket.id,
      // Principals are the readers' accounts narrowed by aws:PrincipalArn: a policy that names a
      // role as principal is rejected while that role (e.g. the standby's loader) does not exist.
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowFeedLoadersToRead',
            Effect: 'Allow',
            Principal: { AWS: [...new Set(readerAccounts)] },
            Action: 's3:GetObject',
            Resource: `${this.bucket.arn}/*`,
            Condition: { ArnEquals: { 'aws:PrincipalArn': props.readerRoleArns } },
          },
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
      dependsOn: [publicAccessBlock],
    });
  }

  get bucketName(): string {
    return this.bucket.bucket;
  }

  get bucketArn(): string {
    return this.bucket.arn;
  }

  /** This bucket as a reference (`id` is the bucket name) for `RegionalFeed.payloadBucket`. */
  get ref(): RegionalRef {
    return regionalRef(this.bucket.arn, this.bucket.bucket, this.region);
  }
}
