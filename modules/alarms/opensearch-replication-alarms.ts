import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { requireProp, validatedConstruct } from '../core';
import { AlarmTarget, notifyingAlarm, requireWhole, validateTarget } from './private/alarm';

/** Period of the lag alarm's checkpoint metrics. */
const LAG_PERIOD_SECONDS = 300;

export interface OpenSearchReplicationAlarmsProps extends AlarmTarget {
  /** The follower domain, e.g. an `OpenSearchDomain` (its `ownerId` is the `ClientId` dimension). */
  readonly follower: { readonly domainName: string; readonly ownerId: string; readonly region: string };
  /** The follower's outbound connection, e.g. a `CrossClusterConnection` (its alias is the `LeaderAlias` dimension). */
  readonly connection: { readonly connectionAlias: string };
  /**
   * Seconds the follower may stay behind before the lag alarm fires: rounded up to whole 5-minute
   * periods, at least one. Derive it from the recovery point objective (the stacks page at half the
   * RPO), not from a per-minute difference, which any steady write load produces.
   * @default 900
   */
  readonly lagAllowanceSeconds?: number;
  /**
   * Checkpoint difference (the leader's lowest checkpoint of a period minus the follower's highest)
   * that counts as behind.
   * @default 0 - the follower never reached, during a whole period, where the leader started it
   */
  readonly lagOperationsThreshold?: number;
}

/**
 * Alarms on cross-cluster replication, on the follower domain (AWS/ES): any index whose replication
 * FAILED (`ReplicationNumFailedIndices`, dimensions ClientId, DomainName) and follower lag (metric
 * math on `LeaderCheckPoint` and `FollowerCheckPoint`, dimensions ClientId, DomainName,
 * LeaderAlias). Under steady writes the follower is always a few operations behind within a
 * minute, so lag is measured in time, per 5-minute period: the leader's Minimum checkpoint (where
 * it stood at the period's start) minus the follower's Maximum. Above 0, the follower did not catch
 * up with a point five minutes old during the whole period; the alarm fires when that holds for
 * every period of the allowance. No data (nothing replicating yet) is not an alarm.
 */
@validatedConstruct
export class OpenSearchReplicationAlarms extends Construct {
  /** ReplicationNumFailedIndices > 0. */
  public readonly failedIndicesAlarm: CloudwatchMetricAlarm;
  /** Leader checkpoint ahead of the follower's for the whole allowance. */
  public readonly lagAlarm: CloudwatchMetricAlarm;
  /** Minutes the lag must persist before the lag alarm fires (a multiple of the 5-minute period). */
  public readonly lagAlarmMinutes: number;

  constructor(scope: Construct, id: string, props: OpenSearchReplicationAlarmsProps) {
    super(scope, id);
    validateTarget(props);
    requireProp(props.follower.region === props.region, 'follower.region', props.follower.region, `must be the alarms' Region ${props.region}`);
    const allowance = props.lagAllowanceSeconds ?? 900;
    requireWhole('lagAllowanceSeconds', allowance, 1);
    const operations = props.lagOperationsThreshold ?? 0;
    requireWhole('lagOperationsThreshold', operations, 0);
    const periods = Math.ceil(allowance / LAG_PERIOD_SECONDS);
    this.lagAlarmMinutes = (periods * LAG_PERIOD_SECONDS) / 60;
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
    const checkpoint = (queryId: string, metricName: string, stat: 'Minimum' | 'Maximum') => ({
      id: queryId,
      returnData: false,
      metric: {
        namespace: 'AWS/ES',
        metricName,
        dimensions: { ClientId: ownerId, DomainName: domainName, LeaderAlias: alias },
        period: LAG_PERIOD_SECONDS,
        stat,
      },
    });
    this.lagAlarm = notifyingAlarm(this, 'Lag', props, {
      alarmName: `${domainName}-replication-lag`,
      alarmDescription: `Follower ${domainName} stays behind leader connection ${alias} for more than ${allowance} seconds`,
      metricQuery: [
        checkpoint('leader', 'LeaderCheckPoint', 'Minimum'),
        checkpoint('follower', 'FollowerCheckPoint', 'Maximum'),
        { id: 'lag', expression: 'leader - follower', label: 'Operations the follower did not reach within the period', returnData: true },
      ],
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      threshold: operations,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    });
  }
}
