import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { RegionalRef, requireProp } from '../core';

export interface FeedSubscriptionProps {
  /** The feed topic (`FeedTopic.ref` or `feedTopicRef`); must be in `region`. */
  readonly topic: RegionalRef;
  /** A Region's feed queue (`RegionalFeed.queueRef` or `feedQueueRef`); may be in another Region. */
  readonly queue: RegionalRef;
  /** Region of this stack, which must be the topic's Region (a subscription lives with its topic). */
  readonly region: string;
  /**
   * Deliver the application's JSON as the SQS body instead of an SNS envelope. The loader reads both.
   * @default true
   */
  readonly rawMessageDelivery?: boolean;
}

/**
 * Subscribes one Region's feed queue to the feed topic. Created in the topic's Region: the primary
 * stack subscribes its own queue, the replication stack the standby's (cross-Region SNS → SQS).
 * The queue's policy (made by `RegionalFeed`) already allows the topic to send.
 */
export class FeedSubscription extends Construct {
  private readonly subscription: SnsTopicSubscription;

  constructor(scope: Construct, id: string, props: FeedSubscriptionProps) {
    super(scope, id);
    requireProp(props.topic.region === props.region, 'topic.region', props.topic.region, `must be this stack's Region ${props.region}`);
    requireProp(/^arn:aws[a-z-]*:sns:/.test(props.topic.arn), 'topic.arn', props.topic.arn, 'must be an SNS topic ARN');
    requireProp(/^arn:aws[a-z-]*:sqs:/.test(props.queue.arn), 'queue.arn', props.queue.arn, 'must be an SQS queue ARN');
    requireProp(
      Token.isUnresolved(props.queue.arn) || props.queue.arn.split(':')[3] === props.queue.region,
      'queue.region',
      props.queue.region,
      `must match the Region in queue.arn ${props.queue.arn}`,
    );

    this.subscription = new SnsTopicSubscription(this, 'Subscription', {
      topicArn: props.topic.arn,
      protocol: 'sqs',
      endpoint: props.queue.arn,
      rawMessageDelivery: props.rawMessageDelivery ?? true,
    });
  }

  get subscriptionArn(): string {
    return this.subscription.arn;
  }
}
