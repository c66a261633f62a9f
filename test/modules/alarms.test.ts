import '../support/cdktf-matchers';
import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import {
  AlertTopic,
  AlertTopicProps,
  FeedAlarms,
  FeedAlarmsProps,
  HealthCheckAlarm,
  HealthCheckAlarmProps,
  OpenSearchReplicationAlarms,
  OpenSearchReplicationAlarmsProps,
  S3ReplicationAlarms,
  S3ReplicationAlarmsProps,
  SecretRotationAlarms,
  SecretRotationAlarmsProps,
  alertTopicName,
  alertTopicRef,
} from '../../modules/alarms';
import { RegionalRef, regionalRef } from '../../modules/core';
import { BackupReplication } from '../../modules/velero';

const PRIMARY = 'us-east-1';
const STANDBY = 'us-west-2';
const ACCOUNT = '111122223333';

const synthJson = (build: (scope: Construct) => void): any =>
  JSON.parse(
    Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: PRIMARY });
      build(scope);
    }),
  );
const build = <T>(fn: (scope: Construct) => T): T => {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: PRIMARY });
  return fn(stack);
};
const all = (json: any, type: string): any[] => Object.values(json.resource?.[type] ?? {});
const alarms = (json: any): Record<string, any> => Object.fromEntries(all(json, 'aws_cloudwatch_metric_alarm').map((a) => [a.alarm_name, a]));
const topic = (region: string): RegionalRef => alertTopicRef({ topicName: `acme-${region}-alerts`, region, accountId: ACCOUNT });
const TOPIC = `arn:aws:sns:${PRIMARY}:${ACCOUNT}:acme-${PRIMARY}-alerts`;

describe('AlertTopic', () => {
  const props: AlertTopicProps = { topicName: 'acme-use1-alerts', region: PRIMARY, accountId: ACCOUNT };

  test('default: a key of its own that CloudWatch may use, no subscription', () => {
    const json = synthJson((s) => new AlertTopic(s, 'Alerts', props));
    const [key] = all(json, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    expect(JSON.parse(key.policy).Statement[1]).toEqual({
      Sid: 'CloudWatchAlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    });
    const keyName = Object.keys(json.resource.aws_kms_key)[0];
    expect(all(json, 'aws_sns_topic')).toEqual([
      { name: 'acme-use1-alerts', kms_master_key_id: `\${aws_kms_key.${keyName}.arn}`, tags: { 'warm-standby/component': 'alert-topic' } },
    ]);
    expect(JSON.parse(key.policy).Statement[2]).toEqual({
      Sid: 'EventBridgeRulesPublish',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    });
    expect(all(json, 'aws_kms_alias')[0].name).toBe('alias/acme-use1-alerts');
    expect(all(json, 'aws_sns_topic_subscription')).toEqual([]);
  });

  test("the topic policy keeps SNS's default for the account and lets this account's EventBridge rules in the Region publish", () => {
    const json = synthJson((s) => new AlertTopic(s, 'Alerts', props));
    const topicName = Object.keys(json.resource.aws_sns_topic)[0];
    const [policy] = all(json, 'aws_sns_topic_policy');
    expect(policy.arn).toBe(`\${aws_sns_topic.${topicName}.arn}`);
    const statements = JSON.parse(policy.policy).Statement;
    expect(statements[0]).toMatchObject({
      Sid: 'AccountDefault',
      Principal: { AWS: '*' },
      Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } },
    });
    expect(statements[0].Action).toContain('SNS:Publish');
    expect(statements[1]).toEqual({
      Sid: 'EventBridgeRulesPublish',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: `\${aws_sns_topic.${topicName}.arn}`,
      Condition: {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        ArnLike: { 'aws:SourceArn': `arn:aws:events:${PRIMARY}:${ACCOUNT}:rule/*` },
      },
    });
  });

  test('given key, e-mail subscriptions, provider and tags', () => {
    const key = regionalRef(`arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/sns`, 'sns', PRIMARY);
    const json = synthJson((s) => {
      const east = new AwsProvider(s, 'east', { region: PRIMARY, alias: 'east' });
      new AlertTopic(s, 'Alerts', { ...props, kmsKey: key, emailEndpoints: ['a@example.com', 'b@example.com'], provider: east, tags: { team: 'sre' } });
    });
    expect(all(json, 'aws_kms_key')).toEqual([]);
    expect(all(json, 'aws_sns_topic')[0]).toMatchObject({ kms_master_key_id: key.arn, provider: 'aws.east', tags: { team: 'sre' } });
    const subscriptions = all(json, 'aws_sns_topic_subscription');
    expect(subscriptions.map((x) => [x.protocol, x.endpoint, x.provider])).toEqual([
      ['email', 'a@example.com', 'aws.east'],
      ['email', 'b@example.com', 'aws.east'],
    ]);
  });

  test('externalSubscriber becomes the warm-standby/external-subscriber tag (WS-ALARM-003 reads it)', () => {
    const json = synthJson((s) => new AlertTopic(s, 'Alerts', { ...props, externalSubscriber: 'PagerDuty service acme-dr' }));
    expect(all(json, 'aws_sns_topic')[0].tags).toEqual({
      'warm-standby/component': 'alert-topic',
      'warm-standby/external-subscriber': 'PagerDuty service acme-dr',
    });
    expect(all(json, 'aws_sns_topic_subscription')).toEqual([]);
  });

  test('ref and alertTopicRef: the deterministic ARN other stacks use', () => {
    expect(alertTopicName('acme-prod-use1')).toBe('acme-prod-use1-alerts');
    expect(alertTopicRef({ topicName: 'x-alerts', region: 'cn-north-1', accountId: ACCOUNT })).toEqual({
      arn: `arn:aws-cn:sns:cn-north-1:${ACCOUNT}:x-alerts`,
      id: 'x-alerts',
      region: 'cn-north-1',
    });
    const ref = build((s) => new AlertTopic(s, 'Alerts', props).ref);
    expect(ref.id).toBe('acme-use1-alerts');
    expect(ref.region).toBe(PRIMARY);
  });

  test.each([
    [{ topicName: 'bad name' }, /topicName must be 1-256 letters/],
    [{ region: 'nowhere' }, /region must be an AWS Region name/],
    [{ accountId: '123' }, /accountId must be a 12-digit AWS account id/],
    [
      { kmsKey: regionalRef(`arn:aws:kms:${STANDBY}:${ACCOUNT}:key/k`, 'k', STANDBY) },
      /kmsKey.region must be the topic's Region us-east-1 \(got "us-west-2"\)/,
    ],
    [{ emailEndpoints: ['not-an-address'] }, /emailEndpoints\[0\] must be an e-mail address \(got "not-an-address"\)/],
    [{ externalSubscriber: 'PD' }, /externalSubscriber must be 10-256 letters, digits, spaces and _.:\/=\+-@ \(an SNS tag value\) \(got "PD"\)/],
    [{ externalSubscriber: 'PagerDuty; on-call' }, /externalSubscriber must be 10-256 letters/],
    [{ emailEndpoints: ['a@example.com', 'a@example.com'] }, /emailEndpoints must not repeat an address/],
  ] as [Partial<AlertTopicProps>, RegExp][])('rejects %j', (override, message) => {
    expect(() => build((s) => new AlertTopic(s, 'Alerts', { ...props, ...override }))).toThrow(message);
  });
});

describe('S3ReplicationAlarms', () => {
  const replication = {
    sourceBucket: regionalRef('arn:aws:s3:::acme-use1-velero', 'acme-use1-velero', PRIMARY),
    destinationBucket: regionalRef('arn:aws:s3:::acme-usw2-velero', 'acme-usw2-velero', STANDBY),
    ruleId: 'velero-backups',
  };
  const props: S3ReplicationAlarmsProps = {
    region: PRIMARY,
    alarmTopic: topic(PRIMARY),
    latencyTarget: { region: STANDBY, alarmTopic: topic(STANDBY) },
    replication,
  };
  const dimensions = { SourceBucket: 'acme-use1-velero', DestinationBucket: 'acme-usw2-velero', RuleId: 'velero-backups' };

  test('default: failed operations and latency over the RTC threshold, notifying the topic', () => {
    const byName = alarms(synthJson((s) => new S3ReplicationAlarms(s, 'Alarms', props)));
    expect(byName['acme-use1-velero-replication-failed']).toMatchObject({
      namespace: 'AWS/S3',
      metric_name: 'OperationsFailedReplication',
      dimensions,
      statistic: 'Sum',
      period: 300,
      evaluation_periods: 1,
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
      treat_missing_data: 'notBreaching',
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
    });
    expect(byName['acme-use1-velero-replication-latency']).toMatchObject({
      namespace: 'AWS/S3',
      metric_name: 'ReplicationLatency',
      dimensions,
      statistic: 'Maximum',
      threshold: 900,
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
      // S3 publishes ReplicationLatency in the destination bucket's Region: the alarm and its topic are there.
      alarm_actions: [topic(STANDBY).arn],
    });
  });

  test.each([
    [{ latencyTarget: { region: PRIMARY, alarmTopic: topic(PRIMARY) } }, /latencyTarget.region must be the destination bucket's Region us-west-2/],
    [{ latencyTarget: { region: STANDBY, alarmTopic: topic(PRIMARY) } }, /alarmTopic.region must be the alarm's Region us-west-2/],
  ] as [Partial<S3ReplicationAlarmsProps>, RegExp][])('rejects %j', (override, message) => {
    expect(() => build((s) => new S3ReplicationAlarms(s, 'Alarms', { ...props, ...override }))).toThrow(message);
  });

  test('latencyThresholdSeconds; a BackupReplication is a replication rule reference', () => {
    const json = synthJson((s) => {
      const backup = new BackupReplication(s, 'Replication', {
        source: replication.sourceBucket,
        destination: replication.destinationBucket,
        sourceKmsKey: regionalRef(`arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/a`, 'a', PRIMARY),
        destinationKmsKey: regionalRef(`arn:aws:kms:${STANDBY}:${ACCOUNT}:key/b`, 'b', STANDBY),
        roleName: 'acme-replication',
      });
      new S3ReplicationAlarms(s, 'Alarms', { ...props, replication: backup, latencyThresholdSeconds: 120 });
    });
    const byName = alarms(json);
    expect(byName['acme-use1-velero-replication-latency'].threshold).toBe(120);
    // The rule the alarms watch has replication metrics on: without them the metrics do not exist.
    const rule = all(json, 'aws_s3_bucket_replication_configuration')[0].rule[0];
    expect(byName['acme-use1-velero-replication-failed'].dimensions.RuleId).toBe(rule.id);
    expect(rule.destination.metrics.status).toBe('Enabled');
  });

  test.each([
    [{ alarmTopic: topic(STANDBY) }, /alarmTopic.region must be the alarm's Region us-east-1: .* \(got "us-west-2"\)/],
    [
      { region: STANDBY, alarmTopic: topic(STANDBY) },
      /replication.sourceBucket.region must be the alarms' Region us-west-2: S3 publishes replication metrics in the source bucket's Region \(got "us-east-1"\)/,
    ],
    [{ replication: { ...replication, ruleId: '' } }, /replication.ruleId must name the replication rule/],
    [{ latencyThresholdSeconds: 0 }, /latencyThresholdSeconds must be a whole number >= 1 \(got 0\)/],
  ] as [Partial<S3ReplicationAlarmsProps>, RegExp][])('rejects %#', (override, message) => {
    expect(() => build((s) => new S3ReplicationAlarms(s, 'Alarms', { ...props, ...override }))).toThrow(message);
  });
});

describe('HealthCheckAlarm', () => {
  const props: HealthCheckAlarmProps = {
    region: PRIMARY,
    alarmTopic: topic(PRIMARY),
    healthCheck: { healthCheckId: 'hc-123' },
    endpointName: 'pay.example.com',
  };

  test('default: HealthCheckStatus below 1 in us-east-1, missing data breaches', () => {
    const [alarm] = all(
      synthJson((s) => new HealthCheckAlarm(s, 'Alarm', props)),
      'aws_cloudwatch_metric_alarm',
    );
    expect(alarm).toMatchObject({
      alarm_name: 'pay.example.com-health-check',
      namespace: 'AWS/Route53',
      metric_name: 'HealthCheckStatus',
      dimensions: { HealthCheckId: 'hc-123' },
      statistic: 'Minimum',
      period: 60,
      evaluation_periods: 1,
      threshold: 1,
      comparison_operator: 'LessThanThreshold',
      treat_missing_data: 'breaching',
      alarm_actions: [TOPIC],
    });
    expect(alarm.provider).toBeUndefined();
  });

  test('provider: created through the aliased us-east-1 provider', () => {
    const json = synthJson((s) => {
      const east = new AwsProvider(s, 'east', { region: PRIMARY, alias: 'us_east_1' });
      new HealthCheckAlarm(s, 'Alarm', { ...props, provider: east });
    });
    expect(all(json, 'aws_cloudwatch_metric_alarm')[0].provider).toBe('aws.us_east_1');
  });

  test.each([
    [
      { region: 'eu-west-1', alarmTopic: topic('eu-west-1') },
      /region must be us-east-1: Route 53 publishes HealthCheckStatus there only .* \(got "eu-west-1"\)/,
    ],
    [{ alarmTopic: topic('eu-west-1') }, /alarmTopic.region must be the alarm's Region us-east-1/],
  ] as [Partial<HealthCheckAlarmProps>, RegExp][])('rejects %#', (override, message) => {
    expect(() => build((s) => new HealthCheckAlarm(s, 'Alarm', { ...props, ...override }))).toThrow(message);
  });
});

describe('FeedAlarms', () => {
  const props: FeedAlarmsProps = {
    region: PRIMARY,
    alarmTopic: topic(PRIMARY),
    name: 'acme-use1-feed',
    deadLetterQueue: regionalRef(`arn:aws:sqs:${PRIMARY}:${ACCOUNT}:acme-dlq`, 'acme-dlq', PRIMARY),
    loader: { functionName: 'acme-loader' },
  };

  test('default: any dead letter, any loader error', () => {
    const byName = alarms(synthJson((s) => new FeedAlarms(s, 'Alarms', { ...props, tags: { team: 'data' } })));
    expect(byName['acme-use1-feed-dead-letters']).toMatchObject({
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: 'acme-dlq' },
      statistic: 'Maximum',
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
      alarm_actions: [TOPIC],
      tags: { team: 'data' },
    });
    expect(byName['acme-use1-feed-loader-errors']).toMatchObject({
      namespace: 'AWS/Lambda',
      metric_name: 'Errors',
      dimensions: { FunctionName: 'acme-loader' },
      statistic: 'Sum',
      threshold: 0,
      alarm_actions: [TOPIC],
    });
  });

  test.each([
    [
      { deadLetterQueue: regionalRef('arn:aws:sqs:us-west-2:1:q', 'q', STANDBY) },
      /deadLetterQueue.region must be the alarms' Region us-east-1 \(got "us-west-2"\)/,
    ],
    [{ alarmTopic: topic(STANDBY) }, /alarmTopic.region must be the alarm's Region us-east-1/],
  ] as [Partial<FeedAlarmsProps>, RegExp][])('rejects %#', (override, message) => {
    expect(() => build((s) => new FeedAlarms(s, 'Alarms', { ...props, ...override }))).toThrow(message);
  });
});

describe('OpenSearchReplicationAlarms', () => {
  const props: OpenSearchReplicationAlarmsProps = {
    region: STANDBY,
    alarmTopic: topic(STANDBY),
    follower: { domainName: 'acme-follow', ownerId: ACCOUNT, region: STANDBY },
    connection: { connectionAlias: 'acme-leader' },
  };
  const standbyTopic = `arn:aws:sns:${STANDBY}:${ACCOUNT}:acme-${STANDBY}-alerts`;

  test('default: failed indices, and checkpoint lag in time for 15 minutes by metric math', () => {
    const byName = alarms(synthJson((s) => new OpenSearchReplicationAlarms(s, 'Alarms', props)));
    expect(byName['acme-follow-replication-failed']).toMatchObject({
      namespace: 'AWS/ES',
      metric_name: 'ReplicationNumFailedIndices',
      dimensions: { ClientId: ACCOUNT, DomainName: 'acme-follow' },
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
      alarm_actions: [standbyTopic],
    });
    const lag = byName['acme-follow-replication-lag'];
    expect(lag.metric_name).toBeUndefined();
    expect(lag).toMatchObject({
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
      alarm_actions: [standbyTopic],
    });
    const dimensions = { ClientId: ACCOUNT, DomainName: 'acme-follow', LeaderAlias: 'acme-leader' };
    expect(lag.metric_query).toEqual([
      // The leader's lowest checkpoint of a period against the follower's highest: behind by a whole period, not by in-flight writes.
      { id: 'leader', return_data: false, metric: { namespace: 'AWS/ES', metric_name: 'LeaderCheckPoint', dimensions, period: 300, stat: 'Minimum' } },
      { id: 'follower', return_data: false, metric: { namespace: 'AWS/ES', metric_name: 'FollowerCheckPoint', dimensions, period: 300, stat: 'Maximum' } },
      { id: 'lag', expression: 'leader - follower', label: 'Operations the follower did not reach within the period', return_data: true },
    ]);
  });

  test('lagAllowanceSeconds rounds up to 5-minute periods; lagOperationsThreshold', () => {
    const built = build((s) => new OpenSearchReplicationAlarms(s, 'Alarms', { ...props, lagAllowanceSeconds: 301, lagOperationsThreshold: 100 }));
    expect(built.lagAlarmMinutes).toBe(10);
    const lag = alarms(synthJson((s) => new OpenSearchReplicationAlarms(s, 'Alarms', { ...props, lagAllowanceSeconds: 301, lagOperationsThreshold: 100 })))[
      'acme-follow-replication-lag'
    ];
    expect([lag.evaluation_periods, lag.threshold]).toEqual([2, 100]);
  });

  test.each([
    [{ follower: { ...props.follower, region: PRIMARY } }, /follower.region must be the alarms' Region us-west-2 \(got "us-east-1"\)/],
    [{ lagAllowanceSeconds: 0 }, /lagAllowanceSeconds must be a whole number >= 1 \(got 0\)/],
    [{ lagOperationsThreshold: -1 }, /lagOperationsThreshold must be a whole number >= 0 \(got -1\)/],
  ] as [Partial<OpenSearchReplicationAlarmsProps>, RegExp][])('rejects %#', (override, message) => {
    expect(() => build((s) => new OpenSearchReplicationAlarms(s, 'Alarms', { ...props, ...override }))).toThrow(message);
  });

  test('every alarm notifies on alarm and on OK', () => {
    const out = Testing.synthScope((s) => new OpenSearchReplicationAlarms(s, 'Alarms', props));
    expect(out).toHaveResourceWithProperties(CloudwatchMetricAlarm, { ok_actions: [standbyTopic] });
    expect(out).not.toHaveResource(SnsTopic);
  });
});

describe('SecretRotationAlarms', () => {
  const SECRET = `arn:aws:secretsmanager:${PRIMARY}:${ACCOUNT}:secret:acme-db-master-AbCdEf`;
  const props: SecretRotationAlarmsProps = {
    region: PRIMARY,
    alarmTopic: topic(PRIMARY),
    name: 'acme-db-master',
    rotationFunction: { functionName: 'acme-db-master-rotation' },
    secretArn: SECRET,
  };

  test('any error of the rotation function notifies the topic; no data is not an alarm', () => {
    const byName = alarms(synthJson((s) => new SecretRotationAlarms(s, 'Rotation', { ...props, tags: { team: 'db' } })));
    expect(byName['acme-db-master-errors']).toMatchObject({
      namespace: 'AWS/Lambda',
      metric_name: 'Errors',
      dimensions: { FunctionName: 'acme-db-master-rotation' },
      statistic: 'Sum',
      period: 300,
      evaluation_periods: 1,
      threshold: 1,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      treat_missing_data: 'notBreaching',
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
      tags: { team: 'db' },
    });
  });

  test("an EventBridge rule on the secret's failed rotations (CloudTrail service events) targets the topic", () => {
    const json = synthJson((s) => new SecretRotationAlarms(s, 'Rotation', props));
    const [rule] = all(json, 'aws_cloudwatch_event_rule');
    expect(rule.name).toBe('acme-db-master-rotation-failed');
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS Service Event via CloudTrail'],
      detail: {
        eventSource: ['secretsmanager.amazonaws.com'],
        eventName: ['RotationFailed', 'RotationAbandoned', 'TestRotationFailed'],
        additionalEventData: { SecretId: [SECRET] },
      },
    });
    const ruleName = Object.keys(json.resource.aws_cloudwatch_event_rule)[0];
    expect(all(json, 'aws_cloudwatch_event_target')).toEqual([
      { rule: `\${aws_cloudwatch_event_rule.${ruleName}.name}`, target_id: 'alert-topic', arn: TOPIC },
    ]);
  });

  test('rejects a topic in another Region and a name too long for the rule', () => {
    expect(() => build((s) => new SecretRotationAlarms(s, 'Rotation', { ...props, alarmTopic: topic(STANDBY) }))).toThrow(
      /alarmTopic.region must be the alarm's Region us-east-1/,
    );
    expect(() => build((s) => new SecretRotationAlarms(s, 'Rotation', { ...props, name: 'x'.repeat(49) }))).toThrow(/name must be 1-48 letters/);
  });
});
