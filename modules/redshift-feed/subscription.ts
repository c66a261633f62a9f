import { Construct } from 'constructs';
import { TerraformProvider, Token } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { RegionalRef, requireProp, validatedConstruct } from '../core';

export interface FeedSubscriptionProps {
  /** The feed topic (`FeedTopic.ref` or `feedTopicRef`); must be in `region`. */
  readonly topic: RegionalRef;
  /** A Region's feed queue (`RegionalFeed.queueRef` or `feedQueueRef`); may be in another Region. */
  readonly queue: RegionalRef;
  /**
   * Region the subscription is managed in: the Region of `provider` (or of the stack's default
   * provider). It must be the topic's Region: SNS creates a subscription in its topic's Region.
   */
  readonly region: string;
  /**
   * AWS provider for the topic's Region, when that is not the stack's default provider's Region
   * (e.g. the replication stack subscribing the primary queue to the standby Region's topic).
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Deliver the application's JSON as the SQS body instead of an SNS envelope. The loader reads both.
   * @default true
   */
  readonly rawMessageDelivery?: boolean;
}

/**
 * Subscribes one Region's feed queue to a Region's feed topic. Created in the topic's Region: each
 * Region's stack subscribes its own queue to its own topic; the replication stack makes the two
 * cross-Region subscriptions (primary topic → standby queue, and, through an AWS provider for the
 * standby Region, standby topic → primary queue). The queue's policy (made by `RegionalFeed`)
 * already allows both topics to send.
 */
@validatedConstruct
export class FeedSubscription extends Construct {
  private readonly subscription: SnsTopicSubscription;

  constructor(scope: Construct, id: string, props: FeedSubscriptionProps) {
    super(scope, id);
    requireProp(props.topic.region === props.region, 'topic.region', props.topic.region, `must be the subscription's Region ${props.region}`);
    requireProp(
      Token.isUnresolved(props.topic.arn) || props.topic.arn.split(':')[3] === props.topic.region,
      'topic.region',
      props.topic.region,
      `must match the Region in topic.arn ${props.topic.arn}`,
    );
    const providerRegion = props.provider instanceof AwsProvider ? props.provider.region : undefined;
    requireProp(
      providerRegion === undefined || Token.isUnresolved(providerRegion) || providerRegion === props.region,
      'provider.region',
      providerRegion,
      `must be the subscription's Region ${props.region}`,
    );
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
      provider: props.provider,
    });
  }

  get subscriptionArn(): string {
    return this.subscription.arn;
  }
}
