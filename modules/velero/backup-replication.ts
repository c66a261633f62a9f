import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { RegionalRef, kmsGrant, requireProp, validatedConstruct } from '../core';

/** S3 Replication Time Control replicates 99.99% of objects within this many minutes. */
const RTC_MINUTES = 15;

/** Id of the replication rule: the `RuleId` dimension of the AWS/S3 replication metrics. */
export const BACKUP_REPLICATION_RULE_ID = 'velero-backups';

/** Velero writes each backup under `backups/<backup name>/` of its bucket (the release sets no prefix). */
export const VELERO_BACKUPS_PREFIX = 'backups/';

export interface BackupReplicationProps {
  /** The backup bucket to replicate from (in this stack's Region, the primary). `id` is the bucket name. */
  readonly source: RegionalRef;
  /** The replica bucket in the standby Region (versioned, e.g. a {@link BackupBucket} there). */
  readonly destination: RegionalRef;
  /** KMS key the source bucket encrypts with; S3 decrypts with it to read objects for replication. */
  readonly sourceKmsKey: RegionalRef;
  /** KMS key in the destination Region that replicas are encrypted with. */
  readonly destinationKmsKey: RegionalRef;
  /** Name of the IAM role S3 assumes to replicate (literal, <= 64 characters). */
  readonly roleName: string;
  /**
   * Replicate delete markers. Velero's garbage collection (expired backups) and Kopia maintenance
   * (unreferenced blobs) delete without a version id, which leaves a delete marker; S3 replicates
   * those markers (never deletes of a specific version, nor lifecycle markers), so the replica
   * follows the primary's retention instead of growing forever. A mistaken or malicious delete
   * reaches the standby as a marker only: the destination's noncurrent versions stay for its
   * lifecycle's `noncurrentDays` (WS-BAK-010 checks that one exists).
   * @default true
   */
  readonly replicateDeleteMarkers?: boolean;
  /**
   * S3 Replication Time Control: a 15-minute replication SLA (and the
   * `s3:Replication:OperationMissedThreshold` event), so the backup RPO is bounded by backup
   * interval + 15 minutes. Replication metrics (`OperationsFailedReplication`,
   * `ReplicationLatency`, ... in AWS/S3, which the replication alarms read) are enabled either way.
   * @default true
   */
  readonly replicationTimeControl?: boolean;
  /**
   * Tags for the IAM role.
   * @default - no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Cross-Region replication of the Velero backup bucket: the replication IAM role with a
 * least-privilege policy and the bucket's replication configuration.
 *
 * Lives in the `replication` stack (primary Region) that is deployed after both Regions' stacks,
 * because PutBucketReplication rejects a destination bucket that does not exist yet, and both
 * buckets must already be versioned.
 */
@validatedConstruct
export class BackupReplication extends Construct {
  /** The IAM role S3 assumes to replicate. */
  public readonly role: IamRole;
  /** The aws_s3_bucket_replication_configuration on the source bucket. */
  public readonly configuration: S3BucketReplicationConfigurationA;
  private readonly rtc: boolean;
  private readonly props: BackupReplicationProps;

  constructor(scope: Construct, id: string, props: BackupReplicationProps) {
    super(scope, id);
    const { source, destination, sourceKmsKey, destinationKmsKey } = props;
    requireProp(
      destination.region !== source.region,
      'destination.region',
      destination.region,
      `must differ from source.region ${source.region} for cross-Region replication`,
    );
    requireProp(
      destinationKmsKey.region === destination.region,
      'destinationKmsKey.region',
      destinationKmsKey.region,
      `must be the destination bucket's Region ${destination.region} (replicas are encrypted with a key in their own Region)`,
    );
    requireProp(sourceKmsKey.region === source.region, 'sourceKmsKey.region', sourceKmsKey.region, `must be the source bucket's Region ${source.region}`);
    requireProp(/^[\w+=,.@-]{1,64}$/.test(props.roleName), 'roleName', props.roleName, 'must be a valid IAM role name (1-64 characters of [A-Za-z0-9+=,.@_-])');
    this.rtc = props.replicationTimeControl ?? true;
    this.props = props;

    this.role = new IamRole(this, 'ReplicationRole', {
      name: props.roleName,
      description: `S3 replication of ${source.id} to ${destination.id}`,
      // The trust of the S3 User Guide ("Setting up permissions for live replication",
      // setting-repl-config-perm-overview.html): the s3.amazonaws.com principal, no condition. The
      // guide documents no aws:SourceAccount/aws:SourceArn for replication, and a condition S3 does
      // not send would fail every AssumeRole (replication FAILED object by object), so none is added.
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
      tags: props.tags ? { ...props.tags } : undefined,
    });

    new IamRolePolicy(this, 'ReplicationPolicy', {
      name: 'backup-replication',
      role: this.role.id,
      policy: JSON.stringify(replicationPolicy(props)),
    });

    this.configuration = new S3BucketReplicationConfigurationA(this, 'Configuration', {
      bucket: source.id,
      role: this.role.arn,
      rule: [
        {
          id: BACKUP_REPLICATION_RULE_ID,
          status: 'Enabled',
          filter: {},
          deleteMarkerReplication: { status: (props.replicateDeleteMarkers ?? true) ? 'Enabled' : 'Disabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: {
            bucket: destination.arn,
            storageClass: 'STANDARD',
            // The standby key by alias ARN when the stacks name it across Regions: the S3 API reference,
            // EncryptionConfiguration.ReplicaKmsKeyID, accepts "the ID (Key ARN or Alias ARN)" of a
            // symmetric customer managed key; the role's grant covers an alias ARN (kmsGrant).
            encryptionConfiguration: { replicaKmsKeyId: destinationKmsKey.arn },
            // Metrics on with or without RTC: the AWS/S3 replication metrics exist only when enabled
            // in the rule, and EventThreshold is required only together with ReplicationTime.
            metrics: this.rtc ? { status: 'Enabled', eventThreshold: { minutes: RTC_MINUTES } } : { status: 'Enabled' },
            ...(this.rtc ? { replicationTime: { status: 'Enabled', time: { minutes: RTC_MINUTES } } } : {}),
          },
        },
      ],
    });
  }

  /** ARN of the replication role. */
  public get roleArn(): string {
    return this.role.arn;
  }

  /** The source bucket (`id` is its name), as given. */
  public get sourceBucket(): RegionalRef {
    return this.props.source;
  }

  /** The destination bucket (`id` is its name), as given. */
  public get destinationBucket(): RegionalRef {
    return this.props.destination;
  }

  /** Id of the replication rule (the `RuleId` dimension of the replication metrics). */
  public get ruleId(): string {
    return BACKUP_REPLICATION_RULE_ID;
  }

  /** Replication SLA in minutes with Replication Time Control (15), `undefined` without it. */
  public get replicationTimeMinutes(): number | undefined {
    return this.rtc ? RTC_MINUTES : undefined;
  }
}

/**
 * The replication permissions from the S3 user guide ("Replicating encrypted objects"), scoped to
 * the two buckets and two keys. KMS use is limited to calls made through S3 in each bucket's
 * Region for that bucket (the encryption context is the bucket ARN when an S3 Bucket Key is used,
 * the object ARN otherwise; both buckets here use bucket keys, see `privateBucket`).
 *
 * With a bucket key on the destination, S3 writing a replica as the role creates or reuses a
 * bucket-level data key (kms:GenerateDataKey) and verifies it (kms:Decrypt), besides kms:Encrypt:
 * with kms:Encrypt alone every replica ends FAILED.
 */
function replicationPolicy(props: BackupReplicationProps): object {
  const { source, destination, sourceKmsKey, destinationKmsKey } = props;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadSourceBucketConfiguration',
        Effect: 'Allow',
        Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        Resource: source.arn,
      },
      {
        Sid: 'ReadSourceObjectVersions',
        Effect: 'Allow',
        Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        Resource: `${source.arn}/*`,
      },
      {
        Sid: 'WriteReplicas',
        Effect: 'Allow',
        Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        Resource: `${destination.arn}/*`,
      },
      {
        Sid: 'DecryptSourceObjects',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        ...kmsGrant(sourceKmsKey, {
          StringLike: {
            'kms:ViaService': `s3.${source.region}.amazonaws.com`,
            'kms:EncryptionContext:aws:s3:arn': [source.arn, `${source.arn}/*`],
          },
        }),
      },
      {
        Sid: 'EncryptReplicas',
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
        ...kmsGrant(destinationKmsKey, {
          StringLike: {
            'kms:ViaService': `s3.${destination.region}.amazonaws.com`,
            'kms:EncryptionContext:aws:s3:arn': [destination.arn, `${destination.arn}/*`],
          },
        }),
      },
    ],
  };
}
