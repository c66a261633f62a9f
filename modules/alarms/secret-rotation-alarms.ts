import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { requireProp, validatedConstruct } from '../core';
import { AlarmTarget, notifyingAlarm, validateTarget } from './private/alarm';

/**
 * CloudTrail events of a failed rotation of a secret (Secrets Manager writes them as AWS service
 * events); `RotationAbandoned`: a change to the secret during a rotation ended it, leaving it unfinished.
 */
export const ROTATION_FAILURE_EVENTS: readonly string[] = ['RotationFailed', 'RotationAbandoned', 'TestRotationFailed'];

export interface SecretRotationAlarmsProps extends AlarmTarget {
  /** Name prefix of the alarm and the EventBridge rule, e.g. the rotation function's name (<= 48 characters). */
  readonly name: string;
  /** The rotation Lambda function (the `FunctionName` dimension), e.g. `MasterSecretRotation.function`. */
  readonly rotationFunction: { readonly functionName: string };
  /** ARN of the rotated secret (`additionalEventData.SecretId` of its rotation events), in `region`. */
  readonly secretArn: string;
}

/**
 * Pages the alert topic when a secret rotation fails. RotateSecret (and `rotate_immediately` of
 * aws_secretsmanager_secret_rotation) only starts an asynchronous rotation: a failure shows nowhere
 * at deploy time, and the secret keeps its old value while the function errors on every retry. Two
 * signals, both in the secret's Region:
 *
 * - any error of the rotation function (`AWS/Lambda` `Errors`, Sum >= 1 over 5 minutes; no data, no
 *   rotation running, is not an alarm), the one WS-ALARM-005 requires;
 * - Secrets Manager's own `RotationFailed` / `TestRotationFailed` for this secret, through an
 *   EventBridge rule whose target is the alert topic: it also covers a rotation that fails without
 *   a function error (Secrets Manager cannot invoke the function, or a step returns but leaves the
 *   wrong labels). Secrets Manager User Guide, "AWS CloudTrail entries for Secrets Manager", log
 *   entries for rotation: these are CloudTrail service events (`eventType` AwsServiceEvent, so
 *   EventBridge detail-type "AWS Service Event via CloudTrail", not "AWS API Call via CloudTrail"),
 *   the secret's ARN in `additionalEventData.SecretId`; "Match Secrets Manager events with
 *   EventBridge" matches rotation events the same way. CloudTrail delivers them to the default event
 *   bus on a best-effort basis (EventBridge User Guide, "AWS service events delivered via AWS
 *   CloudTrail"), so the function alarm is the one the gate requires. The topic must let
 *   events.amazonaws.com publish (AlertTopic's policy) and, when it is KMS-encrypted, its key must let
 *   EventBridge use it (the `sns` key of DataStoreKeys, AlertTopic's own key).
 */
@validatedConstruct
export class SecretRotationAlarms extends Construct {
  /** Errors >= 1 on the rotation function over 5 minutes. */
  public readonly functionErrorsAlarm: CloudwatchMetricAlarm;
  /** The EventBridge rule on the secret's failed rotations. */
  public readonly rotationFailedRule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: SecretRotationAlarmsProps) {
    super(scope, id);
    validateTarget(props);
    // EventBridge rule names are at most 64 characters; the longest suffix here is 16.
    requireProp(/^[\w.-]{1,48}$/.test(props.name), 'name', props.name, 'must be 1-48 letters, digits, dots, hyphens or underscores');
    const tags = props.tags ? { ...props.tags } : undefined;
    this.functionErrorsAlarm = notifyingAlarm(this, 'FunctionErrors', props, {
      alarmName: `${props.name}-errors`,
      alarmDescription: `The rotation function ${props.rotationFunction.functionName} failed: the secret was not rotated (see its log group)`,
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: props.rotationFunction.functionName },
      statistic: 'Sum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
    });
    this.rotationFailedRule = new CloudwatchEventRule(this, 'RotationFailed', {
      name: `${props.name}-rotation-failed`,
      description: `Secrets Manager could not rotate the secret rotated by ${props.rotationFunction.functionName}`,
      eventPattern: JSON.stringify({
        source: ['aws.secretsmanager'],
        'detail-type': ['AWS Service Event via CloudTrail'],
        detail: {
          eventSource: ['secretsmanager.amazonaws.com'],
          eventName: [...ROTATION_FAILURE_EVENTS],
          additionalEventData: { SecretId: [props.secretArn] },
        },
      }),
      provider: props.provider,
      tags,
    });
    new CloudwatchEventTarget(this, 'RotationFailedTarget', {
      rule: this.rotationFailedRule.name,
      targetId: 'alert-topic',
      arn: props.alarmTopic.arn,
      provider: props.provider,
    });
  }
}
