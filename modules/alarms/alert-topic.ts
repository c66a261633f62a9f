import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { TerraformProvider } from 'cdktf';
import {
  Component,
  EXTERNAL_SUBSCRIBER_TAG,
  RegionalRef,
  arnPartition,
  componentTags,
  regionalRef,
  requireProp,
  validateAccountId,
  validateRegion,
  validatedConstruct,
} from '../core';

export interface AlertTopicProps {
  /** Topic name (1-256 letters, digits, `-` or `_`); other stacks build its ARN with {@link alertTopicRef}. */
  readonly topicName: string;
  /** Region of the topic: the Region of the alarms that notify it. */
  readonly region: string;
  /** Account that owns the topic (and the key, when one is created). */
  readonly accountId: string;
  /**
   * Customer-managed key in `region` that encrypts the topic. Its key policy must let the
   * `cloudwatch.amazonaws.com` and `events.amazonaws.com` service principals call
   * kms:GenerateDataKey* and kms:Decrypt, or CloudWatch alarms and EventBridge rules cannot publish
   * (SNS "compatibility with encrypted topics"). AWS managed `alias/aws/sns` works for neither.
   * @default - a new key (rotation on) whose policy lets CloudWatch and EventBridge of this account use it
   */
  readonly kmsKey?: RegionalRef;
  /**
   * E-mail addresses subscribed to the topic; each must confirm its subscription.
   * @default [] - no subscription
   */
  readonly emailEndpoints?: readonly string[];
  /**
   * A subscriber managed outside this project (e.g. an incident-management HTTPS endpoint),
   * described in 10-256 tag-value characters; written as the topic's
   * `warm-standby/external-subscriber` tag so the gate sees that the topic pages someone.
   * @default - none
   */
  readonly externalSubscriber?: string;
  /**
   * Provider of the topic's Region (an aliased provider, e.g. us-east-1 for Route 53 metrics).
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Tags of the topic (and key).
   * @default - no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const TAG_VALUE = /^[\p{L}\p{N} _.:/=+\-@]+$/u;

/** Deterministic name of a Region's alert topic: `<prefix>-alerts`. */
export function alertTopicName(prefix: string): string {
  return `${prefix}-alerts`;
}

/** Reference to an alert topic known by name (from another stack), without reading its state. */
export function alertTopicRef(props: { readonly topicName: string; readonly region: string; readonly accountId: string }): RegionalRef {
  return regionalRef(`arn:${arnPartition(props.region)}:sns:${props.region}:${props.accountId}:${props.topicName}`, props.topicName, props.region);
}

/** Actions of the account in SNS's default topic policy (what a topic without a policy of its own allows). */
const DEFAULT_POLICY_ACTIONS = [
  'SNS:GetTopicAttributes',
  'SNS:SetTopicAttributes',
  'SNS:AddPermission',
  'SNS:RemovePermission',
  'SNS:DeleteTopic',
  'SNS:Subscribe',
  'SNS:ListSubscriptionsByTopic',
  'SNS:Publish',
];

/**
 * The SNS topic a Region's CloudWatch alarms and EventBridge rules notify, KMS-encrypted, with
 * optional e-mail subscriptions. One per Region: alarm actions and rule targets must be in their
 * own Region. Its policy is SNS's default (the account, CloudWatch alarms included) plus
 * `events.amazonaws.com` for this account's rules in this Region: an EventBridge rule cannot
 * publish to a topic whose policy does not name it (EventBridge User Guide, "Using resource-based
 * policies for Amazon EventBridge", Amazon SNS permissions).
 */
@validatedConstruct
export class AlertTopic extends Construct {
  /** The underlying aws_sns_topic. */
  public readonly topic: SnsTopic;
  private readonly props: AlertTopicProps;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.props = props;
    requireProp(TOPIC_NAME.test(props.topicName), 'topicName', props.topicName, 'must be 1-256 letters, digits, hyphens or underscores');
    validateRegion('region', props.region);
    validateAccountId('accountId', props.accountId);
    if (props.kmsKey) requireProp(props.kmsKey.region === props.region, 'kmsKey.region', props.kmsKey.region, `must be the topic's Region ${props.region}`);
    const emails = props.emailEndpoints ?? [];
    emails.forEach((email, i) => requireProp(EMAIL.test(email), `emailEndpoints[${i}]`, email, 'must be an e-mail address'));
    requireProp(new Set(emails).size === emails.length, 'emailEndpoints', emails, 'must not repeat an address');
    const external = props.externalSubscriber;
    if (external !== undefined) {
      requireProp(
        external.trim().length >= 10 && external.length <= 256 && TAG_VALUE.test(external),
        'externalSubscriber',
        external,
        'must be 10-256 letters, digits, spaces and _.:/=+-@ (an SNS tag value)',
      );
    }

    const tags = props.tags ? { ...props.tags } : undefined;
    const keyArn = props.kmsKey?.arn ?? this.createKey(props, tags);
    this.topic = new SnsTopic(this, 'Topic', {
      name: props.topicName,
      kmsMasterKeyId: keyArn,
      provider: props.provider,
      tags: componentTags(Component.ALERT_TOPIC, { ...tags, ...(external !== undefined ? { [EXTERNAL_SUBSCRIBER_TAG]: external } : {}) }),
    });
    const partition = arnPartition(props.region);
    new SnsTopicPolicy(this, 'Policy', {
      arn: this.topic.arn,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountDefault',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: DEFAULT_POLICY_ACTIONS,
            Resource: this.topic.arn,
            Condition: { StringEquals: { 'AWS:SourceOwner': props.accountId } },
          },
          {
            Sid: 'EventBridgeRulesPublish',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: this.topic.arn,
            Condition: {
              StringEquals: { 'aws:SourceAccount': props.accountId },
              ArnLike: { 'aws:SourceArn': `arn:${partition}:events:${props.region}:${props.accountId}:rule/*` },
            },
          },
        ],
      }),
      provider: props.provider,
    });
    emails.forEach((email) => {
      new SnsTopicSubscription(this, `Email-${email.replace(/[^A-Za-z0-9]/g, '-')}`, {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: email,
        provider: props.provider,
      });
    });
  }

  /** ARN of the topic (a reference to the resource). */
  public get topicArn(): string {
    return this.topic.arn;
  }

  /** The topic as an alarm target: `arn` references the resource, `id` is the name. */
  public get ref(): RegionalRef {
    return regionalRef(this.topic.arn, this.props.topicName, this.props.region);
  }

  private createKey(props: AlertTopicProps, tags: Record<string, string> | undefined): string {
    const root = `arn:${arnPartition(props.region)}:iam::${props.accountId}:root`;
    const key = new KmsKey(this, 'Key', {
      description: `${props.topicName} alert topic key (${props.region})`,
      enableKeyRotation: true,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'AccountRootAdministers', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' },
          publishesWithKey('CloudWatchAlarmsPublish', 'cloudwatch.amazonaws.com', props.accountId),
          publishesWithKey('EventBridgeRulesPublish', 'events.amazonaws.com', props.accountId),
        ],
      }),
      provider: props.provider,
      tags,
    });
    new KmsAlias(this, 'KeyAlias', { name: `alias/${props.topicName}`, targetKeyId: key.keyId, provider: props.provider });
    return key.arn;
  }
}

/** Key policy statement letting a service of this account publish to the topic the key encrypts. */
function publishesWithKey(sid: string, service: string, accountId: string): Record<string, unknown> {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: service },
    Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    Resource: '*',
    Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
  };
}
