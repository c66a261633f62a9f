import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { RegionalRef, requireProp, validatedConstruct } from '../core';
import { AlarmTarget, notifyingAlarm, requireWhole, validateTarget } from './private/alarm';

/** One S3 replication rule, as the AWS/S3 replication metrics name it. */
export interface S3ReplicationRuleRef {
  /** The replication source; `id` is the bucket name. OperationsFailedReplication is published in its Region. */
  readonly sourceBucket: RegionalRef;
  /** The destination; `id` is the bucket name. ReplicationLatency and OperationsPendingReplication are published in its Region. */
  readonly destinationBucket: RegionalRef;
  /** Id of the replication rule (the `RuleId` dimension). */
  readonly ruleId: string;
}

/**
 * `region`, `alarmTopic` and `provider` place the failed-operations alarm: the source bucket's Region.
 */
export interface S3ReplicationAlarmsProps extends AlarmTarget {
  /**
   * Where the latency alarm lives: the destination bucket's Region, where S3 publishes
   * ReplicationLatency (S3 User Guide, "Using S3 Replication metrics"), with that Region's alert
   * topic and a provider for it.
   */
  readonly latencyTarget: AlarmTarget;
  /**
   * The replication rule, e.g. a `BackupReplication`. Its replication metrics must be enabled
   * (`destination.metrics.status = Enabled`), or these metrics do not exist.
   */
  readonly replication: S3ReplicationRuleRef;
  /**
   * Replication latency (Maximum over 5 minutes, 3 periods in a row) that pages.
   * @default 900 - the S3 Replication Time Control threshold
   */
  readonly latencyThresholdSeconds?: number;
}

/**
 * Alarms on one S3 replication rule: any failed replication operation (`OperationsFailedReplication`,
 * e.g. a replication role that cannot use the destination key) and replication latency above the
 * threshold (`ReplicationLatency`). Both read AWS/S3 with the dimensions SourceBucket,
 * DestinationBucket and RuleId. S3 publishes OperationsFailedReplication in the source bucket's
 * Region and ReplicationLatency (like OperationsPendingReplication, which readiness reads) in the
 * destination bucket's Region, so each alarm is created where its metric is. No data (no
 * replication activity) is not an alarm.
 */
@validatedConstruct
export class S3ReplicationAlarms extends Construct {
  /** Fires on any failed replication operation in 5 minutes. */
  public readonly failedOperationsAlarm: CloudwatchMetricAlarm;
  /** Fires when replication latency stays above the threshold for 15 minutes. */
  public readonly latencyAlarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: S3ReplicationAlarmsProps) {
    super(scope, id);
    validateTarget(props);
    const { sourceBucket, destinationBucket, ruleId } = props.replication;
    requireProp(
      sourceBucket.region === props.region,
      'replication.sourceBucket.region',
      sourceBucket.region,
      `must be the alarms' Region ${props.region}: S3 publishes replication metrics in the source bucket's Region`,
    );
    validateTarget(props.latencyTarget);
    requireProp(
      destinationBucket.region === props.latencyTarget.region,
      'latencyTarget.region',
      props.latencyTarget.region,
      `must be the destination bucket's Region ${destinationBucket.region}: S3 publishes ReplicationLatency there`,
    );
    requireProp(ruleId.length > 0, 'replication.ruleId', ruleId, 'must name the replication rule');
    const latency = props.latencyThresholdSeconds ?? 900;
    requireWhole('latencyThresholdSeconds', latency, 1);

    const common = {
      namespace: 'AWS/S3',
      dimensions: { SourceBucket: sourceBucket.id, DestinationBucket: destinationBucket.id, RuleId: ruleId },
      period: 300,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    };
    const path = `${sourceBucket.id} to ${destinationBucket.id} (rule ${ruleId})`;
    this.failedOperationsAlarm = notifyingAlarm(this, 'FailedOperations', props, {
      ...common,
      alarmName: `${sourceBucket.id}-replication-failed`,
      alarmDescription: `S3 replication of ${path} failed to replicate objects`,
      metricName: 'OperationsFailedReplication',
      statistic: 'Sum',
      evaluationPeriods: 1,
      threshold: 0,
    });
    this.latencyAlarm = notifyingAlarm(this, 'Latency', props.latencyTarget, {
      ...common,
      alarmName: `${sourceBucket.id}-replication-latency`,
      alarmDescription: `S3 replication of ${path} lags more than ${latency} seconds`,
      metricName: 'ReplicationLatency',
      statistic: 'Maximum',
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: latency,
    });
  }
}
