import { Construct } from 'constructs';
import { Lazy, Token } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import {
  AccessLogBucket,
  Component,
  RegionalRef,
  arnPartition,
  denyInsecureTransport,
  privateBucket,
  regionalRef,
  requireProp,
  validateAccountId,
  validatedConstruct,
} from '../core';

export interface PayloadBucketProps {
  /** Globally unique bucket name (3-63 lower-case letters, digits, dots, hyphens). */
  readonly bucketName: string;
  /** Region of this stack; the bucket lives there (each Region has a payload bucket of its own). */
  readonly region: string;
  /** 12-digit account id that owns the bucket; its root is a principal of the read statement. */
  readonly accountId: string;
  /** KMS key for SSE-KMS; must be in `region`. Loaders in every Region need kms:Decrypt on it. */
  readonly kmsKey: RegionalRef;
  /**
   * Loader roles allowed to read payloads, in every Region: the other Region's as a literal ARN
   * from `loaderRoleArn` (it may not exist yet, and its stack is not read), this stack's by
   * reference (`RegionalFeed.loaderRoleArn`), here or later with `addReaderRoleArn`. At least one
   * reader must be given by synthesis.
   * @default - none yet; add them with `addReaderRoleArn`
   */
  readonly readerRoleArns?: string[];
  /**
   * Days after which payloads expire; noncurrent versions expire the same number of days after
   * they stop being current.
   * @default 30
   */
  readonly retentionDays?: number;
  /** @default - no tags besides the component tag */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The Region's access-log bucket: S3 server access logs of this bucket go there under `<bucketName>/`.
   * @default - no server access logs (rule WS-LOG-003 refuses that)
   */
  readonly accessLogs?: AccessLogBucket;
}

const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

/**
 * S3 bucket in one Region that holds the large payloads the feed messages name; each Region has
 * its own, and the application writes to the bucket of the Region it runs in. Only the loader
 * roles (of every Region) may read it; every request must use TLS.
 */
@validatedConstruct
export class PayloadBucket extends Construct {
  private readonly bucket: S3Bucket;
  private readonly region: string;
  private readonly accountId: string;
  private readonly partition: string;
  private readonly readerRoleArns: string[] = [];
  /** Accounts of the readers, as root principals (the owner's, plus those of literal cross-account ARNs). */
  private readonly readerAccounts = new Set<string>();

  constructor(scope: Construct, id: string, props: PayloadBucketProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 30;
    requireProp(Number.isInteger(retentionDays) && retentionDays >= 1, 'retentionDays', retentionDays, 'must be an integer >= 1');
    validateAccountId('accountId', props.accountId);
    this.accountId = props.accountId;
    this.partition = arnPartition(props.region);
    (props.readerRoleArns ?? []).forEach((arn, index) => this.addReader(arn, `readerRoleArns[${index}]`));
    this.node.addValidation({
      validate: () => (this.readerRoleArns.length === 0 ? [`${this.node.path}: readerRoleArns must name at least one loader role (got [])`] : []),
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
    props.accessLogs?.logBucket(bucket, props.bucketName, props.region);
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
      // Lazy: readers added with addReaderRoleArn after construction are included.
      policy: Lazy.stringValue({
        produce: () =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AllowFeedLoadersToRead',
                Effect: 'Allow',
                Principal: { AWS: [...this.readerAccounts] },
                Action: 's3:GetObject',
                Resource: `${this.bucket.arn}/*`,
                Condition: { ArnEquals: { 'aws:PrincipalArn': [...this.readerRoleArns] } },
              },
              denyInsecureTransport(this.bucket.arn),
            ],
          }),
      }),
      dependsOn: [publicAccessBlock],
    });
  }

  /**
   * Lets a loader role read payloads. A literal ARN (another Region's role, by deterministic name)
   * is validated and its account becomes a principal; a token (a role of this stack, by reference)
   * belongs to the bucket owner's account.
   */
  addReaderRoleArn(roleArn: string): void {
    this.addReader(roleArn, 'roleArn');
  }

  private addReader(arn: string, prop: string): void {
    if (Token.isUnresolved(arn)) {
      this.readerAccounts.add(`arn:${this.partition}:iam::${this.accountId}:root`);
    } else {
      const match = ROLE_ARN.exec(arn);
      requireProp(match !== null, prop, arn, 'must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)');
      this.readerAccounts.add(`arn:${arn.split(':')[1]}:iam::${match![2]}:root`);
    }
    this.readerRoleArns.push(arn);
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
