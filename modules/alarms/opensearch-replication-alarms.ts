import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { requireProp, validatedConstruct } from '../core';
import { AlarmTarget, notifyingAlarm, requireWhole, validateTarget } from './private/alarm';

export interface OpenSearchReplicationAlarmsProps extends AlarmTarget {
  /** The follower domain, e.g. an `OpenSearchDomain` (its `ownerId` is the `ClientId` dimension). */
  readonly follower: { readonly domainName: string; readonly ownerId: string; readonly region: string };
  /** The follower's outbound connection, e.g. a `CrossClusterConnection` (its alias is the `LeaderAlias` dimension). */
  readonly connection: { readonly connectionAlias: string };
  /**
   * Seconds the follower may stay behind before the lag alarm fires (rounded up to whole minutes).
   * @default 300
   */
  readonly lagAllowanceSeconds?: number;
  /**
   * Checkpoint difference (LeaderCheckPoint - FollowerCheckPoint, operations not yet replicated)
   * that counts as behind.
   * @default 0 - any operation not replicated for the whole allowance
   */
  readonly lagOperationsThreshold?: number;
}

/**
 * Alarms on cross-cluster replication, on the follower domain (AWS/ES): any index whose replication
 * FAILED (`ReplicationNumFailedIndices`, dimensions ClientId, DomainName) and follower lag, the
 * leader's checkpoint ahead of the follower's for the whole allowance (metric math on
 * `LeaderCheckPoint` - `FollowerCheckPoint`, dimensions ClientId, DomainName, LeaderAlias).
 * No data (nothing replicating yet) is not an alarm.
 */
@validatedConstruct
export class OpenSearchReplicationAlarms extends Construct {
  /** ReplicationNumFailedIndices > 0. */
  public readonly failedIndicesAlarm: CloudwatchMetricAlarm;
  /** Leader checkpoint ahead of the follower's for the whole allowance. */
  public readonly lagAlarm: CloudwatchMetricAlarm;
  /** Minutes the lag must persist before the lag alarm fires. */
  public readonly lagAlarmMinutes: number;

  constructor(scope: Construct, id: string, props: OpenSearchReplicationAlarmsProps) {
    super(scope, id);
    validateTarget(props);
    requireProp(props.follower.region === props.region, 'follower.region', props.follower.region, `must be the alarms' Region ${props.region}`);
    const allowance = props.lagAllowanceSeconds ?? 300;
    requireWhole('lagAllowanceSeconds', allowance, 1);
    const operations = props.lagOperationsThreshold ?? 0;
    requireWhole('lagOperationsThreshold', operations, 0);
    const minutes = Math.ceil(allowance / 60);
    this.lagAlarmMinutes = minutes;
    const { domainName, ownerId } = props.follower;
    const alias = props.connection.connectionAlias;

    this.failedIndicesAlarm = notifyingAlarm(this, 'FailedIndices', props, {
      alarmName: `${domainName}-replication-failed`,
      alarmDescription: `Cross-cluster replication of indices into ${domainName} FAILED`,
      namespace: 'AWS/ES',
      metricName: 'ReplicationNumFailedIndices',
      dimensions: { ClientId: ownerId, DomainName: domainName },
      statistic: 'Maximum',
      period: 60,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    });
    const checkpoint = (queryId: string, metricName: string) => ({
      id: queryId,
      returnData: false,
      metric: {
        namespace: 'AWS/ES',
        metricName,
        dimensions: { ClientId: ownerId, DomainName: domainName, LeaderAlias: alias },
        period: 60,
        stat: 'Maximum',
      },
    });
    this.lagAlarm = notifyingAlarm(this, 'Lag', props, {
      alarmName: `${domainName}-replication-lag`,
      alarmDescription: `Follower ${domainName} stays behind leader connection ${alias} for more than ${allowance} seconds`,
      metricQuery: [
        checkpoint('leader', 'LeaderCheckPoint'),
        checkpoint('follower', 'FollowerCheckPoint'),
        { id: 'lag', expression: 'leader - follower', label: 'Operations not yet replicated', returnData: true },
      ],
      evaluationPeriods: minutes,
      datapointsToAlarm: minutes,
      threshold: operations,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    });
  }
}
