import { Construct } from 'constructs';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import {
  Component,
  RegionalRef,
  componentTags,
  requireProp,
  CLOUDWATCH_LOG_RETENTION_DAYS,
  validateAccountId,
  validateClientCidrs,
  validateRegion,
  PrivateDataStoreProps,
  validatedConstruct,
} from '../core';
import { MasterSecret } from './private/master-secret';
import { MasterSecretRotation } from './private/master-secret-rotation';
import { POSTGRES_PORT, instancePlumbing } from './private/network';
import { parameterGroupFamily, validateBackupRetentionDays, validateIdentifier, validateInstanceClass, validateSubnetIds } from './private/validation';
import { DB_ROLE_TAG, DbRole, PostgresSourceRef, postgresSourceRef } from './source-ref';

export { BACKUP_RETENTION_DAYS } from './constants';

/** PostgreSQL database and user names: a letter, then letters, digits or underscores, at most 63. */
const PG_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const MAX_STORAGE_GIB = 65536;
/** Days between master password rotations unless given. */
export const DEFAULT_ROTATION_DAYS = 30;
/** Longest rotation interval Secrets Manager accepts (RotationRulesType: 1-1000 days). */
const MAX_ROTATION_DAYS = 1000;

/** The storage autoscaling limit a {@link PostgresInstance} gets when none is given: twice the allocation. */
export function defaultMaxAllocatedStorageGiB(allocatedStorageGiB: number): number {
  return Math.min(2 * allocatedStorageGiB, MAX_STORAGE_GIB);
}

export interface PostgresInstanceProps extends PrivateDataStoreProps {
  /** DB instance identifier, e.g. `payments-db`; also names the subnet, parameter and security groups. */
  readonly identifier: string;
  /**
   * PostgreSQL major version (e.g. `16`); the parameter group family is `postgres<major>`. Minor
   * versions are upgraded automatically (`auto_minor_version_upgrade`), so a `<major>.<minor>` pin is
   * refused: after the first upgrade the next plan would try to downgrade (policy WS-VER-001).
   */
  readonly engineVersion: string;
  /** Instance class, e.g. `db.r6g.large`. */
  readonly instanceClass: string;
  /** Initial storage; at least 20 GiB. */
  readonly allocatedStorageGiB: number;
  /**
   * Ceiling of storage autoscaling.
   * @default - twice `allocatedStorageGiB`
   */
  readonly maxAllocatedStorageGiB?: number;
  /** Name of the database created in the instance. */
  readonly databaseName: string;
  /**
   * Master user name. Its password is generated at apply, kept in the Secrets Manager secret
   * `<identifier>-master` (replicated to `masterSecretReplica.region`) and passed to RDS through the
   * write-only `password_wo`: never in plan or state. (RDS-managed passwords,
   * `manage_master_user_password`, are refused on the source of a read replica.)
   * @default 'app_admin'
   */
  readonly masterUsername?: string;
  /**
   * Where the master secret is replicated, so a promoted cross-Region replica (which keeps this
   * instance's master password) has its credentials in its own Region.
   * @default - no replica: the secret exists only in `region`
   */
  readonly masterSecretReplica?: {
    /** Region of the secret's copy (the standby Region). */
    readonly region: string;
    /**
     * KMS key in `region` for the copy. It must exist before this instance is deployed.
     * @default - the AWS managed key `aws/secretsmanager` of that Region
     */
    readonly kmsKey?: RegionalRef;
  };
  /**
   * Version of the master password: raise it to draw a new password, store it in the secret and set
   * it on the instance in the same apply (`secret_string_wo_version`, `password_wo_version`).
   * @default 1
   */
  readonly masterPasswordVersion?: number;
  /**
   * Rotation of the master secret by a single-user rotation function in the instance's VPC
   * (`subnetIds`). Each rotation writes a new secret version, which Secrets Manager replicates to
   * `masterSecretReplica.region`; the read replica gets the new password through PostgreSQL replication.
   * @default - every 30 days, function logs kept 365 days
   */
  readonly masterPasswordRotation?: {
    /**
     * Days between rotations (`rate(<days> days)`; Secrets Manager accepts 1 to 1000).
     * @default 30
     */
    readonly scheduleDays?: number;
    /**
     * Retention of the rotation function's log group (a CloudWatch Logs retention).
     * @default 365
     */
    readonly logRetentionDays?: number;
  };
  /** Automated-backup retention, 1-35 days; a cross-Region read replica needs backups on the source. */
  readonly backupRetentionDays: number;
  /** @default true */
  readonly multiAz?: boolean;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** Account of the stack; part of the instance ARN the standby Region uses. */
  readonly accountId: string;
  /**
   * Extra parameter group settings (applied at the next reboot).
   * @default - rds.force_ssl=1 only
   */
  readonly parameters?: Readonly<Record<string, string>>;
  /** @default true */
  readonly performanceInsights?: boolean;
}

/**
 * The source RDS for PostgreSQL instance of a warm-standby pair, in the primary Region, with its own
 * subnet group, parameter group (TLS forced) and security group. The standby Region replicates it
 * with a `PostgresReadReplica` built from {@link postgresSourceRef}.
 */
@validatedConstruct
export class PostgresInstance extends Construct {
  /** The underlying `aws_db_instance`. */
  public readonly instance: DbInstance;
  /** Reference for a cross-Region read replica; every field is a literal. */
  public readonly ref: PostgresSourceRef;
  /** Secrets Manager secret holding `{"username", "password"}` of the master user. */
  public readonly masterSecret: MasterSecret;
  /** The master secret's rotation (function, schedule). */
  public readonly masterSecretRotation: MasterSecretRotation;
  private readonly securityGroupIdValue: string;

  constructor(scope: Construct, id: string, props: PostgresInstanceProps) {
    super(scope, id);

    validateIdentifier('identifier', props.identifier);
    const family = parameterGroupFamily('engineVersion', props.engineVersion);
    requireProp(
      /^\d+$/.test(props.engineVersion),
      'engineVersion',
      props.engineVersion,
      `must be a major version (e.g. ${family.replace('postgres', '')}): minor versions are upgraded automatically, and a minor pin would make the next plan try to downgrade`,
    );
    validateInstanceClass('instanceClass', props.instanceClass);
    validateRegion('region', props.region);
    validateAccountId('accountId', props.accountId);
    requireProp(
      Number.isInteger(props.allocatedStorageGiB) && props.allocatedStorageGiB >= 20 && props.allocatedStorageGiB <= MAX_STORAGE_GIB,
      'allocatedStorageGiB',
      props.allocatedStorageGiB,
      `must be an integer from 20 to ${MAX_STORAGE_GIB}`,
    );
    const maxAllocatedStorageGiB = props.maxAllocatedStorageGiB ?? defaultMaxAllocatedStorageGiB(props.allocatedStorageGiB);
    requireProp(
      Number.isInteger(maxAllocatedStorageGiB) && maxAllocatedStorageGiB >= props.allocatedStorageGiB && maxAllocatedStorageGiB <= MAX_STORAGE_GIB,
      'maxAllocatedStorageGiB',
      maxAllocatedStorageGiB,
      `must be an integer from allocatedStorageGiB (${props.allocatedStorageGiB}) to ${MAX_STORAGE_GIB}`,
    );
    requireProp(
      PG_NAME.test(props.databaseName),
      'databaseName',
      props.databaseName,
      'must start with a letter and hold at most 63 letters, digits or underscores',
    );
    const masterUsername = props.masterUsername ?? 'app_admin';
    requireProp(
      PG_NAME.test(masterUsername) && masterUsername.toLowerCase() !== 'rdsadmin',
      'masterUsername',
      masterUsername,
      'must start with a letter, hold at most 63 letters, digits or underscores, and not be the reserved rdsadmin',
    );
    validateBackupRetentionDays('backupRetentionDays', props.backupRetentionDays, 'a cross-Region read replica needs automated backups on the source');
    requireProp(
      props.kmsKey.region === props.region,
      'kmsKey.region',
      props.kmsKey.region,
      `must be the instance's Region ${props.region}: RDS encrypts with a key in its own Region`,
    );
    validateSubnetIds('subnetIds', props.subnetIds);
    const allowedCidrs = props.allowedCidrs ?? [];
    validateClientCidrs('allowedCidrs', allowedCidrs, 'the database');
    const replica = props.masterSecretReplica;
    if (replica) {
      validateRegion('masterSecretReplica.region', replica.region);
      requireProp(replica.region !== props.region, 'masterSecretReplica.region', replica.region, `must differ from the instance's Region ${props.region}`);
      requireProp(
        replica.kmsKey === undefined || replica.kmsKey.region === replica.region,
        'masterSecretReplica.kmsKey.region',
        replica.kmsKey?.region,
        `must be the replica Region ${replica.region}: a secret's copy is encrypted with a key of its own Region`,
      );
    }
    const masterPasswordVersion = props.masterPasswordVersion ?? 1;
    requireProp(
      Number.isInteger(masterPasswordVersion) && masterPasswordVersion >= 1,
      'masterPasswordVersion',
      masterPasswordVersion,
      'must be an integer >= 1',
    );

    const rotationDays = props.masterPasswordRotation?.scheduleDays ?? DEFAULT_ROTATION_DAYS;
    requireProp(
      Number.isInteger(rotationDays) && rotationDays >= 1 && rotationDays <= MAX_ROTATION_DAYS,
      'masterPasswordRotation.scheduleDays',
      rotationDays,
      `must be an integer from 1 to ${MAX_ROTATION_DAYS} (the rotation interval Secrets Manager accepts, RotationRules 1-1000 days)`,
    );
    const rotationLogDays = props.masterPasswordRotation?.logRetentionDays ?? 365;
    requireProp(
      CLOUDWATCH_LOG_RETENTION_DAYS.includes(rotationLogDays),
      'masterPasswordRotation.logRetentionDays',
      rotationLogDays,
      `must be a CloudWatch Logs retention (${CLOUDWATCH_LOG_RETENTION_DAYS.join(', ')})`,
    );

    // The literal ARN the standby Region also builds from configuration.
    this.ref = postgresSourceRef({
      identifier: props.identifier,
      region: props.region,
      accountId: props.accountId,
      engineVersion: props.engineVersion,
      backupRetentionDays: props.backupRetentionDays,
      maxAllocatedStorageGiB,
    });

    const tags = { ...props.tags };
    const { subnetGroup, parameterGroup, securityGroup } = instancePlumbing(this, {
      identifier: props.identifier,
      family,
      subnetIds: props.subnetIds,
      vpcId: props.vpcId,
      allowedCidrs,
      parameters: props.parameters ?? {},
      tags,
    });
    this.securityGroupIdValue = securityGroup.id;

    this.masterSecret = new MasterSecret(this, 'MasterSecret', {
      name: `${props.identifier}-master`,
      username: masterUsername,
      kmsKey: props.kmsKey,
      replica,
      passwordVersion: masterPasswordVersion,
      tags: componentTags(Component.APP_DATABASE, tags),
    });

    const performanceInsights = props.performanceInsights ?? true;
    this.instance = new DbInstance(this, 'Instance', {
      identifier: props.identifier,
      engine: 'postgres',
      engineVersion: props.engineVersion,
      instanceClass: props.instanceClass,
      allocatedStorage: props.allocatedStorageGiB,
      maxAllocatedStorage: maxAllocatedStorageGiB,
      storageType: 'gp3',
      storageEncrypted: true,
      kmsKeyId: props.kmsKey.arn,
      dbName: props.databaseName,
      username: masterUsername,
      // Write-only: sent to RDS when password_wo_version changes, never stored (see MasterSecret).
      passwordWo: this.masterSecret.password,
      passwordWoVersion: masterPasswordVersion,
      port: POSTGRES_PORT,
      dbSubnetGroupName: subnetGroup.name,
      parameterGroupName: parameterGroup.name,
      vpcSecurityGroupIds: [securityGroup.id],
      publiclyAccessible: false,
      multiAz: props.multiAz ?? true,
      backupRetentionPeriod: props.backupRetentionDays,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection ?? true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${props.identifier}-final`,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      enabledCloudwatchLogsExports: ['postgresql'],
      performanceInsightsEnabled: performanceInsights,
      performanceInsightsKmsKeyId: performanceInsights ? props.kmsKey.arn : undefined,
      performanceInsightsRetentionPeriod: performanceInsights ? 7 : undefined,
      tags: componentTags(Component.APP_DATABASE, { ...tags, [DB_ROLE_TAG]: DbRole.SOURCE }),
    });

    this.masterSecretRotation = new MasterSecretRotation(this, 'MasterSecretRotation', {
      // <= 64 characters (IAM role, Lambda function): the identifier is at most 63.
      name: `${props.identifier.slice(0, 48)}-master-rotation`,
      region: props.region,
      secret: this.masterSecret.secret,
      secretName: `${props.identifier}-master`,
      secretKmsKey: props.kmsKey,
      instance: this.instance,
      databaseName: props.databaseName,
      dbSecurityGroupId: securityGroup.id,
      subnetIds: props.subnetIds,
      vpcId: props.vpcId,
      scheduleDays: rotationDays,
      logRetentionDays: rotationLogDays,
      after: [this.masterSecret.version],
      tags: componentTags(Component.APP_DATABASE, tags),
    });
  }

  /** DB instance identifier. */
  public get identifier(): string {
    return this.ref.id;
  }

  /** Deterministic ARN `arn:aws:rds:<region>:<account>:db:<identifier>` (a literal, not a token). */
  public get instanceArn(): string {
    return this.ref.arn;
  }

  /** Host name clients connect to (a token). */
  public get endpoint(): string {
    return this.instance.address;
  }

  /** Name of the master secret, the same in this Region and in `masterSecretReplica.region`. */
  public get masterSecretName(): string {
    return `${this.ref.id}-master`;
  }

  /** Security group of the instance (a token), for rules that reference it. */
  public get securityGroupId(): string {
    return this.securityGroupIdValue;
  }
}
