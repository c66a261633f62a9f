import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { RegionalRef, arnPartition, irsaTrustPolicy, requireProp, validatedConstruct } from '../core';

export interface VeleroIrsaRoleProps {
  /** Name of the IAM role (literal, <= 64 characters). */
  readonly roleName: string;
  /** ARN of the EKS cluster's IAM OIDC provider. */
  readonly oidcProviderArn: string;
  /**
   * The cluster's OIDC issuer without the scheme, e.g. `oidc.eks.eu-west-1.amazonaws.com/id/ABC123`
   * (for a token: `Fn.replace(cluster.identity.get(0).oidc.get(0).issuer, "https://", "")`).
   */
  readonly oidcIssuerUrl: string;
  /**
   * Namespace of Velero's service account.
   * @default 'velero'
   */
  readonly namespace?: string;
  /**
   * Name of Velero's server service account (must match `VeleroRelease.serviceAccount`).
   * @default 'velero'
   */
  readonly serviceAccount?: string;
  /** Backup buckets Velero may use (the primary's own bucket, or the standby's replica bucket). */
  readonly buckets: RegionalRef[];
  /**
   * `true` for a cluster that writes backups (the primary, or a standby after failover).
   * `false` for a standby that only restores from the replica: it may list and read every object,
   * and write only under `restores/` (Velero uploads restore logs and results there), so it can
   * never overwrite or delete a replicated backup. EC2 access is then limited to creating volumes
   * from snapshots (no snapshot creation or deletion).
   */
  readonly writable: boolean;
  /** KMS keys that encrypt the buckets (and EBS snapshots), in the same Region as the role's user. */
  readonly kmsKeys: RegionalRef[];
  /**
   * Tags for the IAM role.
   * @default - no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * IAM role for Velero's service account (IAM Roles for Service Accounts): web-identity trust
 * limited to one service account and audience, with an inline policy for the backup buckets,
 * EBS snapshots (AWS plugin volume snapshots) and the KMS keys.
 */
@validatedConstruct
export class VeleroIrsaRole extends Construct {
  /** The underlying aws_iam_role. */
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: VeleroIrsaRoleProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'velero';
    const serviceAccount = props.serviceAccount ?? 'velero';
    requireProp(/^[\w+=,.@-]{1,64}$/.test(props.roleName), 'roleName', props.roleName, 'must be a valid IAM role name (1-64 characters of [A-Za-z0-9+=,.@_-])');
    requireProp(!/^[a-z]+:\/\//i.test(props.oidcIssuerUrl), 'oidcIssuerUrl', props.oidcIssuerUrl, 'must not include the scheme (drop "https://")');
    requireProp(
      props.buckets.length > 0,
      'buckets',
      props.buckets.map((b) => b.id),
      'must name at least one bucket',
    );
    requireProp(
      props.kmsKeys.length > 0,
      'kmsKeys',
      props.kmsKeys.map((k) => k.id),
      'must name at least one KMS key',
    );

    this.role = new IamRole(this, 'Role', {
      name: props.roleName,
      description: `Velero server (${namespace}/${serviceAccount}) via IRSA`,
      assumeRolePolicy: irsaTrustPolicy(props.oidcProviderArn, props.oidcIssuerUrl, namespace, serviceAccount),
      tags: props.tags ? { ...props.tags } : undefined,
    });

    new IamRolePolicy(this, 'Policy', {
      name: props.writable ? 'velero-read-write' : 'velero-restore-only',
      role: this.role.id,
      policy: JSON.stringify(veleroPolicy(props)),
    });
  }

  /** ARN of the role, for the service account annotation. */
  public get roleArn(): string {
    return this.role.arn;
  }
}

/** Tag Velero puts on every EBS snapshot it takes (with `velero.io/pv`), value: the backup's name. */
export const VELERO_BACKUP_TAG = 'velero.io/backup';

/**
 * ec2:CreateTags only as part of CreateSnapshot/CreateVolume: the AWS plugin tags in the create call
 * (TagSpecifications) and never calls CreateTags on its own, so Velero cannot tag an existing snapshot
 * `velero.io/backup` to make it deletable.
 */
const TAG_ON_CREATE = {
  Sid: 'TagOnCreateOnly',
  Effect: 'Allow',
  Action: 'ec2:CreateTags',
  Resource: '*',
  Condition: { StringEquals: { 'ec2:CreateAction': ['CreateSnapshot', 'CreateVolume'] } },
};

/**
 * The policy from the Velero AWS plugin's README (velero-plugin-for-aws), narrowed: snapshots deleted
 * only when Velero tagged them, tags only on create, and for a restore-only cluster no snapshot
 * creation or deletion at all.
 */
function veleroPolicy(props: VeleroIrsaRoleProps): object {
  const partition = arnPartition(props.buckets[0].region);
  const bucketArns = props.buckets.map((b) => b.arn);
  const objectArns = bucketArns.map((arn) => `${arn}/*`);
  const keyArns = props.kmsKeys.map((k) => k.arn);
  const statements: object[] = [{ Sid: 'ListBackupBuckets', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: bucketArns }];
  if (props.writable) {
    statements.push(
      {
        Sid: 'ReadWriteBackups',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        Resource: objectArns,
      },
      // Describe* has no resource-level permissions; creating is not destructive.
      {
        Sid: 'VolumeSnapshots',
        Effect: 'Allow',
        Action: ['ec2:DescribeVolumes', 'ec2:DescribeSnapshots', 'ec2:CreateVolume', 'ec2:CreateSnapshot'],
        Resource: '*',
      },
      TAG_ON_CREATE,
      {
        // Velero tags every snapshot it takes with velero.io/backup (pkg/backup/item_backupper.go), and the
        // AWS plugin applies those tags in CreateSnapshot itself: only Velero's own snapshots can be deleted.
        Sid: 'DeleteVeleroSnapshots',
        Effect: 'Allow',
        Action: 'ec2:DeleteSnapshot',
        Resource: `arn:${partition}:ec2:*::snapshot/*`,
        Condition: { Null: { [`aws:ResourceTag/${VELERO_BACKUP_TAG}`]: 'false' } },
      },
      {
        Sid: 'UseBackupKeys',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: keyArns,
      },
    );
  } else {
    statements.push(
      { Sid: 'ReadBackups', Effect: 'Allow', Action: 's3:GetObject', Resource: objectArns },
      {
        Sid: 'WriteRestoreLogs',
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        Resource: bucketArns.map((arn) => `${arn}/restores/*`),
      },
      { Sid: 'RestoreVolumesFromSnapshots', Effect: 'Allow', Action: ['ec2:DescribeVolumes', 'ec2:DescribeSnapshots', 'ec2:CreateVolume'], Resource: '*' },
      TAG_ON_CREATE,
      {
        Sid: 'UseBackupKeys',
        Effect: 'Allow',
        // GenerateDataKey: restore logs are written SSE-KMS.
        Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        Resource: keyArns,
      },
    );
  }
  // No kms:CreateGrant: these are the backup buckets' S3 keys, which EBS never uses; snapshots of
  // volumes on the account's EBS key (aws/ebs) need no key permission in the role (its key policy admits EC2 callers of the account).
  return { Version: '2012-10-17', Statement: statements };
}
