import { RegionalRef, arnPartition, regionalRef } from '../core';

/**
 * Deterministic names of the feed's cross-Region parts. The stack of one Region names the other
 * Region's topic, queue, payload bucket and loader role from these, so it never reads the other
 * Region's state. Within a stack, use the construct's own reference (`FeedTopic.ref`,
 * `PayloadBucket.ref`, `RegionalFeed.queueRef`, `RegionalFeed.loaderRoleArn`) instead, so Terraform
 * orders the resources (policy rule WS-REF-001).
 * The constructs use the same functions, so a name built here is the name that gets created.
 */

/** Identifies a deterministically named feed resource. */
export interface FeedResourceName {
  /** The feed's name prefix (`RegionalFeedProps.name`) or the topic's name. */
  readonly name: string;
  readonly region: string;
  /** 12-digit AWS account id. */
  readonly accountId: string;
}

/** Name of the feed queue that `RegionalFeed` creates for the prefix `name`. */
export function feedQueueName(name: string): string {
  return `${name}-feed`;
}

/** Name of the feed's dead-letter queue. */
export function feedDeadLetterQueueName(name: string): string {
  return `${name}-feed-dlq`;
}

/** Name of the loader's IAM role; IAM is global, so the Region is part of it. */
export function loaderRoleName(name: string, region: string): string {
  return `${name}-feed-loader-${region}`;
}

/** ARN of the loader role that `RegionalFeed` creates in `region`, e.g. for the payload bucket policy. */
export function loaderRoleArn(name: string, region: string, accountId: string): string {
  return `arn:${arnPartition(region)}:iam::${accountId}:role/${loaderRoleName(name, region)}`;
}

/** Reference to the feed topic named `name` (a `FeedTopic`); `id` is the ARN, which SNS APIs take. */
export function feedTopicRef(topic: FeedResourceName): RegionalRef {
  const arn = `arn:${arnPartition(topic.region)}:sns:${topic.region}:${topic.accountId}:${topic.name}`;
  return regionalRef(arn, arn, topic.region);
}

/**
 * Reference to a Region's payload bucket named `bucketName` (a `PayloadBucket`); `id` is the bucket
 * name, which S3 APIs take. S3 ARNs carry neither Region nor account, so `region` says where it is.
 */
export function payloadBucketRef(bucketName: string, region: string): RegionalRef {
  return regionalRef(`arn:${arnPartition(region)}:s3:::${bucketName}`, bucketName, region);
}

/** Reference to the queue of the `RegionalFeed` with prefix `name`; `id` is the queue URL, which SQS APIs take. */
export function feedQueueRef(feed: FeedResourceName): RegionalRef {
  const queueName = feedQueueName(feed.name);
  const arn = `arn:${arnPartition(feed.region)}:sqs:${feed.region}:${feed.accountId}:${queueName}`;
  const dnsSuffix = feed.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return regionalRef(arn, `https://sqs.${feed.region}.${dnsSuffix}/${feed.accountId}/${queueName}`, feed.region);
}
