import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { Component, componentTags, requireProp, validateClientCidrs, validateRegion, PrivateDataStoreProps, validatedConstruct } from '../core';
import { POSTGRES_PORT, instancePlumbing } from './private/network';
import { parameterGroupFamily, validateBackupRetentionDays, validateIdentifier, validateInstanceClass, validateSubnetIds } from './private/validation';
import { DB_ROLE_TAG, DbRole, PostgresSourceRef } from './source-ref';

/** Consecutive one-minute periods the replica lag must exceed the threshold before the alarm fires. */
const LAG_EVALUATION_PERIODS = 5;

export interface PostgresReadReplicaProps extends PrivateDataStoreProps {
  /** DB instance identifier of the replica; it stays the same when the replica is promoted. */
  readonly identifier: string;
  /** The source instance in the other Region, from `postgresSourceRef(...)` or `PostgresInstance.ref`. */
  readonly source: PostgresSourceRef;
  /** Instance class, e.g. `db.r6g.large`; may be smaller than the source's while warm. */
  readonly instanceClass: string;
  /**
   * Automated-backup retention, 1-35 days, so a promoted replica keeps backups.
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * Extra parameter group settings (applied at the next reboot). Settings PostgreSQL requires to be
   * at least the source's on a hot standby (`max_connections`, `max_worker_processes`, ...) belong here.
   * @default - rds.force_ssl=1 only
   */
  readonly parameters?: Readonly<Record<string, string>>;
  /** @default false */
  readonly multiAz?: boolean;
  /**
   * Storage autoscaling limit of the replica. Autoscaling is per instance and a replica does not
   * inherit its source's limit: when the source grows past the replica's storage, the replica fills
   * up and replication stops.
   * @default - the source's `maxAllocatedStorageGiB`
   */
  readonly maxAllocatedStorageGiB?: number;
  /** @default true */
  readonly deletionProtection?: boolean;
  /**
   * Threshold of the `ReplicaLag` alarm (Maximum over 60-second periods).
   * @default 300
   */
  readonly replicaLagAlarmSeconds?: number;
  /**
   * SNS topics (or other alarm actions) notified when the lag alarm fires or clears.
   * @default [] - the alarm only changes state
   */
  readonly alarmActionArns?: readonly string[];
  /**
   * Failover mode. When true the instance is rendered without `replicate_source_db` (Terraform
   * promotes the replica to a standalone instance under the same identifier), keeps automated
   * backups, takes a final snapshot on deletion, and the lag alarm is removed.
   * @default false
   */
  readonly promoted?: boolean;
}

/**
 * The cross-Region read replica of a warm-standby PostgreSQL pair, in the standby Region, with its
 * own subnet group, parameter group (same family as the source, TLS forced), security group and a
 * replica-lag alarm. Engine, storage, database name and master user are inherited from the source.
 *
 * Promotion is declarative: set `promoted: true` and apply the standby stack.
 */
@validatedConstruct
export class PostgresReadReplica extends Construct {
  /** The underlying `aws_db_instance`. */
  public readonly instance: DbInstance;
  /** The `ReplicaLag` alarm; absent once the replica is promoted. */
  public readonly replicaLagAlarm?: CloudwatchMetricAlarm;
  private readonly props: PostgresReadReplicaProps;
  private readonly securityGroupIdValue: string;

  constructor(scope: Construct, id: string, props: PostgresReadReplicaProps) {
    super(scope, id);
    this.props = props;

    validateIdentifier('identifier', props.identifier);
    validateRegion('region', props.region);
    requireProp(
      props.source.region !== props.region,
      'source.region',
      props.source.region,
      `must differ from the replica's Region ${props.region}: this construct is the cross-Region replica`,
    );
    requireProp(
      Number.isInteger(props.source.backupRetentionDays) && props.source.backupRetentionDays >= 1,
      'source.backupRetentionDays',
      props.source.backupRetentionDays,
      'must be >= 1: a read replica needs automated backups on its source',
    );
    const family = parameterGroupFamily('source.engineVersion', props.source.engineVersion);
    validateInstanceClass('instanceClass', props.instanceClass);
    requireProp(
      props.kmsKey.region === props.region,
      'kmsKey.region',
      props.kmsKey.region,
      `must be the replica's Region ${props.region}: a cross-Region encrypted replica needs a key in its own Region`,
    );
    validateSubnetIds('subnetIds', props.subnetIds);
    const allowedCidrs = props.allowedCidrs ?? [];
    validateClientCidrs('allowedCidrs', allowedCidrs, 'the database');
    const backupRetentionDays = props.backupRetentionDays ?? 7;
    validateBackupRetentionDays('backupRetentionDays', backupRetentionDays, 'a promoted replica must keep automated backups');
    const maxAllocatedStorageGiB = props.maxAllocatedStorageGiB ?? props.source.maxAllocatedStorageGiB;
    if (props.source.maxAllocatedStorageGiB !== undefined && maxAllocatedStorageGiB !== undefined) {
      requireProp(
        Number.isInteger(maxAllocatedStorageGiB) && maxAllocatedStorageGiB >= props.source.maxAllocatedStorageGiB,
        'maxAllocatedStorageGiB',
        maxAllocatedStorageGiB,
        `must be an integer >= the source's maxAllocatedStorageGiB (${props.source.maxAllocatedStorageGiB}): a replica that cannot grow with its source stops replicating`,
      );
    }
    const lagSeconds = this.replicaLagAlarmSeconds;
    requireProp(Number.isFinite(lagSeconds) && lagSeconds > 0, 'replicaLagAlarmSeconds', lagSeconds, 'must be > 0');

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

    const promoted = this.promoted;
    this.instance = new DbInstance(this, 'Instance', {
      identifier: props.identifier,
      // A replica in another Region names its source by ARN. Removing it promotes the replica.
      replicateSourceDb: promoted ? undefined : props.source.arn,
      instanceClass: props.instanceClass,
      storageEncrypted: true,
      kmsKeyId: props.kmsKey.arn,
      // No master user settings: a replica inherits the source's, and the provider applies other
      // changes before it promotes, so a promotion must not also change credentials. A promoted
      // instance keeps the source's master password until a later apply sets one.
      port: POSTGRES_PORT,
      dbSubnetGroupName: subnetGroup.name,
      parameterGroupName: parameterGroup.name,
      vpcSecurityGroupIds: [securityGroup.id],
      publiclyAccessible: false,
      multiAz: props.multiAz ?? false,
      maxAllocatedStorage: maxAllocatedStorageGiB,
      // Without it RDS applies the promoted instance's modifications (Multi-AZ, backups) only in the next
      // maintenance window (ModifyDBInstance ApplyImmediately=false), days after the failover.
      applyImmediately: promoted ? true : undefined,
      backupRetentionPeriod: backupRetentionDays,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection ?? true,
      // RDS takes no final snapshot of a read replica (the source holds the data); a promoted
      // instance is the system of record and gets one.
      skipFinalSnapshot: !promoted,
      finalSnapshotIdentifier: promoted ? `${props.identifier}-final` : undefined,
      autoMinorVersionUpgrade: true,
      enabledCloudwatchLogsExports: ['postgresql'],
      tags: componentTags(Component.APP_DATABASE, { ...tags, [DB_ROLE_TAG]: DbRole.REPLICA }),
    });

    if (!promoted) {
      this.replicaLagAlarm = new CloudwatchMetricAlarm(this, 'ReplicaLagAlarm', {
        alarmName: `${props.identifier}-replica-lag`,
        alarmDescription: `Replication from ${props.source.arn} to ${props.identifier} lags more than ${lagSeconds} seconds`,
        namespace: 'AWS/RDS',
        metricName: 'ReplicaLag',
        dimensions: { DBInstanceIdentifier: props.identifier },
        statistic: 'Maximum',
        period: 60,
        evaluationPeriods: LAG_EVALUATION_PERIODS,
        datapointsToAlarm: LAG_EVALUATION_PERIODS,
        threshold: lagSeconds,
        comparisonOperator: 'GreaterThanThreshold',
        // A replica that stops reporting lag is not replicating.
        treatMissingData: 'breaching',
        alarmActions: [...(props.alarmActionArns ?? [])],
        okActions: [...(props.alarmActionArns ?? [])],
        tags,
      });
    }
  }

  /** DB instance identifier (unchanged by promotion). */
  public get identifier(): string {
    return this.props.identifier;
  }

  /** ARN of the replica (a token). */
  public get instanceArn(): string {
    return this.instance.arn;
  }

  /** True when rendered in failover mode (standalone, no `replicate_source_db`). */
  public get promoted(): boolean {
    return this.props.promoted ?? false;
  }

  /** Threshold of the replica-lag alarm, in seconds. */
  public get replicaLagAlarmSeconds(): number {
    return this.props.replicaLagAlarmSeconds ?? 300;
  }

  /** Host name clients connect to (a token). */
  public get endpoint(): string {
    return this.instance.address;
  }

  /** Security group of the instance (a token), for rules that reference it. */
  public get securityGroupId(): string {
    return this.securityGroupIdValue;
  }
}
