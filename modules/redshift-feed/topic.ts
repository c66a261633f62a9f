import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Component, RegionalRef, componentTags, regionalRef, requireProp, validatedConstruct } from '../core';

export interface FeedTopicProps {
  /**
   * Topic name; other Regions build its ARN with `feedTopicRef`. 1-256 letters, digits, `-` or `_`.
   * Topic names are per Region, so each Region's topic may carry the same name.
   */
  readonly topicName: string;
  /** KMS key that encrypts messages at rest; must be in `region`. */
  readonly kmsKey: RegionalRef;
  /** Region of this stack; the topic lives there. */
  readonly region: string;
  /** @default - no tags besides the component tag */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The SNS topic the application publishes payload notifications to, one per Region: the
 * application publishes to the topic of the Region it runs in, so the feed keeps flowing when
 * the other Region is lost. `FeedSubscription` fans each topic out to the feed queue of every Region.
 */
@validatedConstruct
export class FeedTopic extends Construct {
  private readonly topic: SnsTopic;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: FeedTopicProps) {
    super(scope, id);
    requireProp(/^[A-Za-z0-9_-]{1,256}$/.test(props.topicName), 'topicName', props.topicName, 'must be 1-256 letters, digits, hyphens or underscores');
    requireProp(props.kmsKey.region === props.region, 'kmsKey.region', props.kmsKey.region, `must be the topic's Region ${props.region}`);
    this.region = props.region;

    this.topic = new SnsTopic(this, 'Topic', {
      name: props.topicName,
      kmsMasterKeyId: props.kmsKey.arn,
      tags: componentTags(Component.FEED_TOPIC, props.tags),
    });
  }

  get topicArn(): string {
    return this.topic.arn;
  }

  /** This topic as a reference for `FeedSubscription`; the other Region uses `feedTopicRef` instead. */
  get ref(): RegionalRef {
    return regionalRef(this.topic.arn, this.topic.arn, this.region);
  }
}
