import { Construct } from 'constructs';
import { CloudwatchMetricAlarm, CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { TerraformProvider } from 'cdktf';
import { RegionalRef, requireProp } from '../../core';

/** What every alarm construct here takes: where the alarm lives and whom it notifies. */
export interface AlarmTarget {
  /** Region the alarm is created in (the Region of the provider that creates it). */
  readonly region: string;
  /** The alert topic; CloudWatch rejects an action on a topic in another Region (PutMetricAlarm ValidationError). */
  readonly alarmTopic: RegionalRef;
  /**
   * Provider that creates the alarm (an aliased provider in `region`).
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Tags of the alarms.
   * @default - no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Throws unless the alert topic is in the alarm's own Region (rule WS-ALARM-002 checks the same at the gate). */
export function validateTarget(target: AlarmTarget): void {
  requireProp(
    target.alarmTopic.region === target.region,
    'alarmTopic.region',
    target.alarmTopic.region,
    `must be the alarm's Region ${target.region}: CloudWatch alarm actions must be in the alarm's Region`,
  );
}

/** A metric alarm that notifies the alert topic when it fires and when it clears. */
export function notifyingAlarm(
  scope: Construct,
  id: string,
  target: AlarmTarget,
  config: Omit<CloudwatchMetricAlarmConfig, 'alarmActions' | 'okActions' | 'provider' | 'tags'>,
): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    ...config,
    alarmActions: [target.alarmTopic.arn],
    okActions: [target.alarmTopic.arn],
    provider: target.provider,
    tags: target.tags ? { ...target.tags } : undefined,
  });
}

/** Throws unless `value` is a whole number >= `min`. */
export function requireWhole(prop: string, value: number, min: number): void {
  requireProp(Number.isInteger(value) && value >= min, prop, value, `must be a whole number >= ${min}`);
}
