import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { AccessLogBucket, Component, RegionalRef, denyInsecureTransport, privateBucket, regionalRef, requireProp, validatedConstruct } from '../core';

/** Days after which incomplete multipart uploads (interrupted backups) are cleaned up. */
const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

export interface BackupBucketProps {
  /**
   * Literal bucket name. Literal, not generated, so the other Region can name this bucket from
   * configuration (e.g. the replication source/destination) while this Region is down.
   */
  readonly bucketName: string;
  /** Region of the stack this bucket is created in. */
  readonly region: string;
  /** Customer managed KMS key for SSE-KMS; must be in {@link region}. */
  readonly kmsKey: RegionalRef;
  /**
   * Days a noncurrent (overwritten or deleted) object version is kept. Velero deletes expired
   * backups and Kopia maintenance deletes unreferenced repository blobs; in a versioned bucket
   * each such delete leaves a noncurrent version, which this expires (and then the delete marker
   * left alone, `expired_object_delete_marker`). On the replica this is how long a delete replicated
   * from the primary can still be undone.
   * @default 7
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Let `terraform destroy` delete a bucket that still holds backups.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Extra tags for the bucket; the component tag is always added.
   * @default - only the component tag
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The Region's access-log bucket: S3 server access logs of this bucket go there under `<bucketName>/`.
   * @default - no server access logs (rule WS-LOG-003 refuses that)
   */
  readonly accessLogs?: AccessLogBucket;
}

/**
 * S3 bucket for Velero backups: versioned (required by replication on both sides), SSE-KMS with
 * a bucket key, private (public access block + BucketOwnerEnforced), TLS-only. Used in the primary
 * Region (replication source) and in the standby Region (replica, read by the standby's Velero).
 *
 * The lifecycle never expires current objects: Velero owns retention (backup TTL, garbage
 * collection of `backups/`) and Kopia maintenance owns the repository (`kopia/`, or `restic/` for
 * old restic repositories) whose blobs every file-system backup shares. An age-based expiration
 * would delete blobs still referenced by live backups, and after that many days no volume backup
 * restores (policy rule WS-BAK-006). The lifecycle only expires noncurrent versions (what Velero's
 * and Kopia's own deletes leave behind in a versioned bucket) and aborts incomplete uploads.
 */
@validatedConstruct
export class BackupBucket extends Construct {
  /** The underlying aws_s3_bucket. */
  public readonly bucket: S3Bucket;
  private readonly props: BackupBucketProps;

  constructor(scope: Construct, id: string, props: BackupBucketProps) {
    super(scope, id);
    const noncurrentDays = props.noncurrentVersionRetentionDays ?? 7;
    requireProp(Number.isInteger(noncurrentDays) && noncurrentDays >= 1, 'noncurrentVersionRetentionDays', noncurrentDays, 'must be a whole number >= 1');
    this.props = props;

    this.bucket = privateBucket(this, {
      bucketName: props.bucketName,
      region: props.region,
      kmsKey: props.kmsKey,
      component: Component.BACKUP_BUCKET,
      forceDestroy: props.forceDestroy ?? false,
      tags: props.tags,
    }).bucket;
    const bucketId = this.bucket.id;
    props.accessLogs?.logBucket(this.bucket, props.bucketName, props.region);

    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket: bucketId,
      rule: [
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          // `prefix = ""` (whole bucket) rather than an empty filter block: AWS provider 5.90+
          // warns on `filter {}` (hashicorp/terraform-provider-aws#41710, #42126).
          filter: [{ prefix: '' }],
          // Never `days`/`date` on current objects (Velero's and Kopia's to delete, see above); only
          // delete markers with no version left behind them, so replicated deletes leave nothing.
          expiration: [{ expiredObjectDeleteMarker: true }],
          noncurrentVersionExpiration: [{ noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
        },
      ],
    });

    new S3BucketPolicy(this, 'Policy', {
      bucket: bucketId,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [denyInsecureTransport(this.bucket.arn)],
      }),
    });
  }

  /** The literal bucket name (the `bucketName` prop). */
  public get bucketName(): string {
    return this.props.bucketName;
  }

  /** ARN of the bucket (a reference to the resource). */
  public get bucketArn(): string {
    return this.bucket.arn;
  }

  /**
   * Reference for other constructs: `arn` is the resource's ARN (so same-stack users depend on
   * the bucket), `id` is the literal bucket name (readable by the policy gate), `region` its Region.
   * A construct in the other Region builds its reference with `regionalRef()` from names instead.
   */
  public get ref(): RegionalRef {
    return regionalRef(this.bucket.arn, this.props.bucketName, this.props.region);
  }
}
