import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { RegionalRef } from './refs';
import { ComponentName, componentTags } from './tags';
import { requireProp } from './validation';

export interface PrivateBucketProps {
  /** Literal name, so the other Region can refer to the bucket by deterministic naming. */
  readonly bucketName: string;
  readonly region: string;
  /** Customer-managed key in the bucket's Region. */
  readonly kmsKey: RegionalRef;
  readonly component: ComponentName;
  /** @default - not set (Terraform's default: false) */
  readonly forceDestroy?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The parts every bucket here shares: versioned, SSE-KMS with a bucket key, no public access, and
 * BucketOwnerEnforced. Lifecycle and bucket policy differ per use and stay with the caller.
 * Children are created in `scope` with the ids `Bucket`, `Versioning`, `Encryption`,
 * `PublicAccessBlock` and `OwnershipControls`.
 */
export function privateBucket(scope: Construct, props: PrivateBucketProps): { bucket: S3Bucket; publicAccessBlock: S3BucketPublicAccessBlock } {
  requireProp(
    BUCKET_NAME.test(props.bucketName) && !props.bucketName.includes('..'),
    'bucketName',
    props.bucketName,
    'must be a valid S3 bucket name (3-63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit)',
  );
  requireProp(props.kmsKey.region === props.region, 'kmsKey.region', props.kmsKey.region, `must be the bucket's Region ${props.region}`);

  const bucket = new S3Bucket(scope, 'Bucket', {
    bucket: props.bucketName,
    forceDestroy: props.forceDestroy,
    tags: componentTags(props.component, props.tags),
  });
  new S3BucketVersioningA(scope, 'Versioning', {
    bucket: bucket.id,
    versioningConfiguration: { status: 'Enabled' },
  });
  new S3BucketServerSideEncryptionConfigurationA(scope, 'Encryption', {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKey.arn }, bucketKeyEnabled: true }],
  });
  const publicAccessBlock = new S3BucketPublicAccessBlock(scope, 'PublicAccessBlock', {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, 'OwnershipControls', {
    bucket: bucket.id,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  return { bucket, publicAccessBlock };
}

/** Bucket policy statement refusing every request over plain HTTP, to the bucket and its objects. */
export function denyInsecureTransport(bucketArn: string): Record<string, unknown> {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
