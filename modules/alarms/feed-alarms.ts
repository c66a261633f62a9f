import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { RegionalRef, requireProp, validatedConstruct } from '../core';
import { AlarmTarget, notifyingAlarm, validateTarget } from './private/alarm';

export interface FeedAlarmsProps extends AlarmTarget {
  /** Name prefix of the alarms, e.g. the feed's name. */
  readonly name: string;
  /** The feed's dead-letter queue; `id` is the queue name (the `QueueName` dimension). */
  readonly deadLetterQueue: RegionalRef;
  /** The loader Lambda, e.g. a `RegionalFeed`. */
  readonly loader: { readonly functionName: string };
}

/**
 * Alarms on one Region's half of the Redshift feed: any message in the dead-letter queue (a
 * payload the loader gave up on) and any loader Lambda error. Both in the feed's Region; no data
 * (an idle feed) is not an alarm.
 */
@validatedConstruct
export class FeedAlarms extends Construct {
  /** ApproximateNumberOfMessagesVisible > 0 on the dead-letter queue. */
  public readonly deadLetterAlarm: CloudwatchMetricAlarm;
  /** Errors > 0 on the loader function over 5 minutes. */
  public readonly loaderErrorsAlarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: FeedAlarmsProps) {
    super(scope, id);
    validateTarget(props);
    requireProp(
      props.deadLetterQueue.region === props.region,
      'deadLetterQueue.region',
      props.deadLetterQueue.region,
      `must be the alarms' Region ${props.region}`,
    );
    const common = { period: 300, evaluationPeriods: 1, threshold: 0, comparisonOperator: 'GreaterThanThreshold', treatMissingData: 'notBreaching' };
    this.deadLetterAlarm = notifyingAlarm(this, 'DeadLetterQueue', props, {
      ...common,
      alarmName: `${props.name}-dead-letters`,
      alarmDescription: `Feed messages reached the dead-letter queue ${props.deadLetterQueue.id}: payloads were not loaded into Redshift`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: props.deadLetterQueue.id },
      statistic: 'Maximum',
    });
    this.loaderErrorsAlarm = notifyingAlarm(this, 'LoaderErrors', props, {
      ...common,
      alarmName: `${props.name}-loader-errors`,
      alarmDescription: `The feed loader of ${props.name} failed invocations`,
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: props.loader.functionName },
      statistic: 'Sum',
    });
  }
}
