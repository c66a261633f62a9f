import '../support/cdktf-matchers';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { AccessLogBucket, COMPONENT_TAG, RegionalRef, regionalRef } from '../../modules/core';
import {
  FeedSubscription,
  FeedTopic,
  PayloadBucket,
  PayloadBucketProps,
  QueueEncryption,
  RegionalFeed,
  RegionalFeedProps,
  feedQueueRef,
  feedTopicRef,
  loaderRoleArn,
  payloadBucketRef,
} from '../../modules/redshift-feed';
import { LAMBDA_NODEJS_RUNTIME, PROVIDER_NODEJS_RUNTIMES, bundleHandler } from '../../modules/redshift-feed/bundle';
import { newestNodejsLambdaRuntime } from '../../common/dated-facts';
import { atPath } from '../support/errors';

const ACCOUNT = '111122223333';
const PRIMARY = 'us-east-1';
const STANDBY = 'us-west-2';

type Json = Record<string, any>;

const synth = (region: string, build: (stack: TerraformStack) => void): Json =>
  JSON.parse(
    Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region });
      build(scope as TerraformStack);
    }),
  );

/** The bodies of all resources of one type. */
const resources = (config: Json, type: string): Json[] => Object.values(config.resource?.[type] ?? {});
const only = (config: Json, type: string): Json => {
  const all = resources(config, type);
  expect(all).toHaveLength(1);
  return all[0];
};
/** The one resource of a type outside the loader-user bootstrap (which has a function, role and log group of its own). */
const own = (config: Json, type: string): Json => {
  const all = Object.entries<Json>(config.resource?.[type] ?? {})
    .filter(([name]) => !name.startsWith('Feed_LoaderUser_'))
    .map(([, r]) => r);
  expect(all).toHaveLength(1);
  return all[0];
};
/** The resources of the loader-user bootstrap. */
const bootstrapOf = (config: Json, type: string): Json => {
  const all = Object.entries<Json>(config.resource?.[type] ?? {})
    .filter(([name]) => name.startsWith('Feed_LoaderUser_'))
    .map(([, r]) => r);
  expect(all).toHaveLength(1);
  return all[0];
};
const policyOf = (resource: Json): Json => JSON.parse(resource.policy);
/** The loader function's log group (beside the bootstrap's and the warehouse's audit log groups). */
const loaderLogGroup = (config: Json): Json => {
  const groups = resources(config, 'aws_cloudwatch_log_group').filter((g) => g.name === '/aws/lambda/pay-feed-loader');
  expect(groups).toHaveLength(1);
  return groups[0];
};
/** Adds outputs so getters' tokens can be read back as Terraform expressions. */
const expose = (stack: TerraformStack, values: Record<string, string>) =>
  Object.entries(values).forEach(([name, value]) => new TerraformOutput(stack, name, { value }));
const outputsOf = (config: Json): Record<string, string> => Object.fromEntries(Object.entries(config.output ?? {}).map(([k, v]) => [k, (v as Json).value]));

const kmsKey = (region: string, id = 'k'): RegionalRef => regionalRef(`arn:aws:kms:${region}:${ACCOUNT}:key/${id}`, id, region);

describe('names', () => {
  test('feedTopicRef builds the topic ARN from its name', () => {
    expect(feedTopicRef({ name: 'pay-feed', region: PRIMARY, accountId: ACCOUNT })).toEqual({
      arn: 'arn:aws:sns:us-east-1:111122223333:pay-feed',
      id: 'arn:aws:sns:us-east-1:111122223333:pay-feed',
      region: PRIMARY,
    });
  });

  test('feedQueueRef builds the queue ARN and URL of a RegionalFeed', () => {
    expect(feedQueueRef({ name: 'pay', region: STANDBY, accountId: ACCOUNT })).toEqual({
      arn: 'arn:aws:sqs:us-west-2:111122223333:pay-feed',
      id: 'https://sqs.us-west-2.amazonaws.com/111122223333/pay-feed',
      region: STANDBY,
    });
    expect(feedQueueRef({ name: 'pay', region: 'cn-north-1', accountId: ACCOUNT })).toEqual({
      arn: 'arn:aws-cn:sqs:cn-north-1:111122223333:pay-feed',
      id: 'https://sqs.cn-north-1.amazonaws.com.cn/111122223333/pay-feed',
      region: 'cn-north-1',
    });
  });

  test('loaderRoleArn names the role per Region and partition', () => {
    expect(loaderRoleArn('pay', STANDBY, ACCOUNT)).toBe('arn:aws:iam::111122223333:role/pay-feed-loader-us-west-2');
    expect(loaderRoleArn('pay', 'us-gov-west-1', ACCOUNT)).toBe('arn:aws-us-gov:iam::111122223333:role/pay-feed-loader-us-gov-west-1');
  });
});

describe('FeedTopic', () => {
  const topicProps = { topicName: 'pay-feed', kmsKey: kmsKey(PRIMARY), region: PRIMARY };

  test('defaults: KMS-encrypted topic tagged as the feed topic', () => {
    let topic!: FeedTopic;
    const config = synth(PRIMARY, (stack) => {
      topic = new FeedTopic(stack, 'Topic', topicProps);
      expose(stack, { topicArn: topic.topicArn, refArn: topic.ref.arn, refId: topic.ref.id });
    });
    expect(only(config, 'aws_sns_topic')).toMatchObject({
      name: 'pay-feed',
      kms_master_key_id: 'arn:aws:kms:us-east-1:111122223333:key/k',
      tags: { [COMPONENT_TAG]: 'feed-topic' },
    });
    expect(topic.ref.region).toBe(PRIMARY);
    const arn = expect.stringMatching(/^\$\{aws_sns_topic\.Topic_.*\.arn\}$/);
    expect(outputsOf(config)).toEqual({ topicArn: arn, refArn: arn, refId: arn });
  });

  test('tags: caller tags keep the component tag', () => {
    const config = synth(PRIMARY, (stack) => {
      new FeedTopic(stack, 'Topic', { ...topicProps, tags: { team: 'payments', [COMPONENT_TAG]: 'spoofed' } });
    });
    expect(only(config, 'aws_sns_topic').tags).toEqual({ team: 'payments', [COMPONENT_TAG]: 'feed-topic' });
  });

  test('validation', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    expect(() => new FeedTopic(stack, 'A', { ...topicProps, topicName: 'pay feed' })).toThrow(
      atPath('s/A', /^topicName must be 1-256 letters, digits, hyphens or underscores \(got "pay feed"\)$/),
    );
    expect(() => new FeedTopic(stack, 'B', { ...topicProps, kmsKey: kmsKey(STANDBY) })).toThrow(
      atPath('s/B', /^kmsKey.region must be the topic's Region us-east-1 \(got "us-west-2"\)$/),
    );
  });

  test('matches the type the binding generates', () => {
    const json = Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: PRIMARY });
      new FeedTopic(scope, 'Topic', topicProps);
    });
    expect(json).toHaveResourceWithProperties(SnsTopic, { name: 'pay-feed' });
  });
});

describe('PayloadBucket', () => {
  const readers = [loaderRoleArn('pay', PRIMARY, ACCOUNT), loaderRoleArn('pay', STANDBY, ACCOUNT)];
  const bucketProps: PayloadBucketProps = {
    bucketName: 'pay-feed-payloads',
    region: PRIMARY,
    accountId: ACCOUNT,
    kmsKey: kmsKey(PRIMARY),
    readerRoleArns: readers,
  };

  test('defaults: private, versioned, SSE-KMS bucket readable by the loader roles over TLS only', () => {
    let bucket!: PayloadBucket;
    const config = synth(PRIMARY, (stack) => {
      bucket = new PayloadBucket(stack, 'Payloads', bucketProps);
      expose(stack, { bucketName: bucket.bucketName, bucketArn: bucket.bucketArn, refArn: bucket.ref.arn, refId: bucket.ref.id });
    });
    expect(only(config, 'aws_s3_bucket')).toMatchObject({ bucket: 'pay-feed-payloads', tags: { [COMPONENT_TAG]: 'feed-payload' } });
    expect(only(config, 'aws_s3_bucket').force_destroy).toBeUndefined();
    expect(only(config, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(only(config, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: 'arn:aws:kms:us-east-1:111122223333:key/k' },
        bucket_key_enabled: true,
      },
    ]);
    expect(only(config, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(only(config, 'aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(only(config, 'aws_s3_bucket_lifecycle_configuration').rule).toEqual([
      {
        id: 'expire-payloads',
        status: 'Enabled',
        filter: [{}],
        expiration: [{ days: 30 }],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
      },
    ]);
    const policy = only(config, 'aws_s3_bucket_policy');
    expect(policy.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\./)]);
    const [allow, deny] = policyOf(policy).Statement;
    expect(allow).toEqual({
      Sid: 'AllowFeedLoadersToRead',
      Effect: 'Allow',
      Principal: { AWS: ['arn:aws:iam::111122223333:root'] },
      Action: 's3:GetObject',
      Resource: expect.stringMatching(/^\$\{aws_s3_bucket\..*\.arn\}\/\*$/),
      Condition: { ArnEquals: { 'aws:PrincipalArn': readers } },
    });
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(bucket.ref.region).toBe(PRIMARY);
    const name = expect.stringMatching(/^\$\{aws_s3_bucket\.Payloads_Bucket_.*\.bucket\}$/);
    const arn = expect.stringMatching(/^\$\{aws_s3_bucket\.Payloads_Bucket_.*\.arn\}$/);
    expect(outputsOf(config)).toEqual({ bucketName: name, bucketArn: arn, refArn: arn, refId: name });
  });

  test('retentionDays and readers from several accounts', () => {
    const otherAccountRole = 'arn:aws:iam::444455556666:role/analytics-loader';
    const config = synth(PRIMARY, (stack) => {
      new PayloadBucket(stack, 'Payloads', { ...bucketProps, retentionDays: 7, readerRoleArns: [...readers, otherAccountRole], tags: { team: 'payments' } });
    });
    expect(only(config, 'aws_s3_bucket_lifecycle_configuration').rule[0]).toMatchObject({
      expiration: [{ days: 7 }],
      noncurrent_version_expiration: [{ noncurrent_days: 7 }],
    });
    expect(policyOf(only(config, 'aws_s3_bucket_policy')).Statement[0].Principal).toEqual({
      AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root'],
    });
    expect(only(config, 'aws_s3_bucket').tags).toEqual({ team: 'payments', [COMPONENT_TAG]: 'feed-payload' });
  });

  test.each<[string, Partial<PayloadBucketProps>, RegExp]>([
    [
      'bucketName',
      { bucketName: 'Pay_Payloads' },
      /^bucketName must be a valid S3 bucket name \(3-63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit\) \(got "Pay_Payloads"\)$/,
    ],
    ['bucketName (dots)', { bucketName: 'pay..payloads' }, /^bucketName must be a valid S3 bucket name/],
    ['kmsKey.region', { kmsKey: kmsKey(STANDBY) }, /^kmsKey.region must be the bucket's Region us-east-1 \(got "us-west-2"\)$/],
    ['retentionDays', { retentionDays: 0 }, /^retentionDays must be an integer >= 1 \(got 0\)$/],
    ['accountId', { accountId: '1234' }, /^accountId /],
    ['readerRoleArns malformed', { readerRoleArns: ['arn:aws:iam::1234:user/bob'] }, /^readerRoleArns\[0\] must be an IAM role ARN/],
  ])('validation: %s', (_, override, error) => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => new PayloadBucket(stack, 'Payloads', { ...bucketProps, ...override })).toThrow(atPath('s/Payloads', error));
  });

  test("a reader role of this stack by reference, added after construction: its account is the owner's", () => {
    const peer = loaderRoleArn('pay', STANDBY, '444455556666');
    const config = synth(PRIMARY, (stack) => {
      const bucket = new PayloadBucket(stack, 'Payloads', { ...bucketProps, readerRoleArns: [peer] });
      const topic = new FeedTopic(stack, 'Topic', { topicName: 't', kmsKey: kmsKey(PRIMARY), region: PRIMARY });
      bucket.addReaderRoleArn(topic.topicArn);
    });
    const [allow] = policyOf(only(config, 'aws_s3_bucket_policy')).Statement;
    expect(allow.Principal).toEqual({ AWS: ['arn:aws:iam::444455556666:root', 'arn:aws:iam::111122223333:root'] });
    expect(allow.Condition).toEqual({ ArnEquals: { 'aws:PrincipalArn': [peer, expect.stringMatching(/^\$\{aws_sns_topic\.Topic_.*\.arn\}$/)] } });
  });

  test("accessLogs: server access logs go to the Region's access-log bucket under the bucket's name", () => {
    const config = synth(PRIMARY, (stack) => {
      const logs = new AccessLogBucket(stack, 'AccessLogs', { bucketName: 'pay-access-logs', region: PRIMARY, accountId: ACCOUNT });
      new PayloadBucket(stack, 'Payloads', { ...bucketProps, accessLogs: logs });
    });
    const buckets = Object.entries<any>(config.resource.aws_s3_bucket);
    const payload = buckets.find(([, b]) => b.bucket === 'pay-feed-payloads')![0];
    const logs = buckets.find(([, b]) => b.bucket === 'pay-access-logs')![0];
    expect(only(config, 'aws_s3_bucket_logging')).toMatchObject({
      bucket: `\${aws_s3_bucket.${payload}.id}`,
      target_bucket: `\${aws_s3_bucket.${logs}.id}`,
      target_prefix: 'pay-feed-payloads/',
    });
  });

  test('validation: no reader role by synthesis', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    new AwsProvider(stack, 'aws', { region: PRIMARY });
    new PayloadBucket(stack, 'Payloads', { ...bucketProps, readerRoleArns: undefined });
    expect(() => app.synth()).toThrow(/s\/Payloads: readerRoleArns must name at least one loader role \(got \[\]\)/);
  });

  test('validation: addReaderRoleArn checks literal ARNs', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const bucket = new PayloadBucket(stack, 'Payloads', bucketProps);
    expect(() => bucket.addReaderRoleArn('arn:aws:iam::111122223333:user/bob')).toThrow(/^roleArn must be an IAM role ARN/);
  });
});

const payloadBucket = payloadBucketRef('pay-feed-payloads', PRIMARY);
const standbyPayloadBucket = payloadBucketRef('pay-feed-payloads-standby', STANDBY);
const feedProps = (region: string): RegionalFeedProps => ({
  name: 'pay',
  region,
  accountId: ACCOUNT,
  topics: [feedTopicRef({ name: 'pay-feed', region: PRIMARY, accountId: ACCOUNT }), feedTopicRef({ name: 'pay-feed', region: STANDBY, accountId: ACCOUNT })],
  payloadSources: [
    { bucket: payloadBucket, kmsKey: kmsKey(PRIMARY, 'payload') },
    { bucket: standbyPayloadBucket, kmsKey: kmsKey(STANDBY, 'payload') },
  ],
  kmsKey: kmsKey(region, 'regional'),
  warehouseKmsKey: kmsKey(region, 'warehouse'),
  subnetIds: ['subnet-a', 'subnet-b'],
  vpcId: 'vpc-1',
  redshift: { nodeType: 'ra3.xlplus', numberOfNodes: 2, databaseName: 'feed', masterUsername: 'feedadmin' },
});

describe('RegionalFeed', () => {
  let feed!: RegionalFeed;
  let config: Json;
  beforeAll(() => {
    config = synth(STANDBY, (stack) => {
      feed = new RegionalFeed(stack, 'Feed', feedProps(STANDBY));
      expose(stack, {
        queueArn: feed.queueArn,
        queueUrl: feed.queueUrl,
        queueRefArn: feed.queueRef.arn,
        queueRefId: feed.queueRef.id,
        deadLetterQueueArn: feed.deadLetterQueueArn,
        functionName: feed.functionName,
        clusterIdentifier: feed.clusterIdentifier,
        clusterSecurityGroupId: feed.clusterSecurityGroupId,
      });
    });
  });
  const byTag = (type: string, component: string) => resources(config, type).filter((r) => r.tags?.[COMPONENT_TAG] === component);

  test('queue: KMS-encrypted, 6× the Lambda timeout, redrives to the dead-letter queue', () => {
    const [queue] = byTag('aws_sqs_queue', 'feed-queue');
    expect(queue).toMatchObject({
      name: 'pay-feed',
      visibility_timeout_seconds: 360,
      message_retention_seconds: 345600,
      kms_master_key_id: 'arn:aws:kms:us-west-2:111122223333:key/regional',
    });
    expect(queue.sqs_managed_sse_enabled).toBeUndefined();
    expect(JSON.parse(queue.redrive_policy)).toEqual({
      deadLetterTargetArn: expect.stringMatching(/^\$\{aws_sqs_queue\.Feed_DeadLetterQueue_.*\.arn\}$/),
      maxReceiveCount: 5,
    });
    const [dlq] = byTag('aws_sqs_queue', 'feed-dead-letter');
    expect(dlq).toMatchObject({
      name: 'pay-feed-dlq',
      message_retention_seconds: 1209600,
      kms_master_key_id: 'arn:aws:kms:us-west-2:111122223333:key/regional',
    });
  });

  test('queue policy: only the feed topics (of both Regions) may send, only over TLS', () => {
    const [allow, deny] = policyOf(only(config, 'aws_sqs_queue_policy')).Statement;
    expect(allow).toEqual({
      Sid: 'AllowFeedTopic',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: expect.stringMatching(/^\$\{aws_sqs_queue\.Feed_Queue_.*\.arn\}$/),
      Condition: { ArnEquals: { 'aws:SourceArn': ['arn:aws:sns:us-east-1:111122223333:pay-feed', 'arn:aws:sns:us-west-2:111122223333:pay-feed'] } },
    });
    expect(deny).toMatchObject({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  test("warehouse: private, encrypted with its own key (not the queues'), managed password, snapshots kept", () => {
    expect(only(config, 'aws_redshift_cluster')).toMatchObject({
      cluster_identifier: 'pay-feed',
      node_type: 'ra3.xlplus',
      cluster_type: 'multi-node',
      number_of_nodes: 2,
      database_name: 'feed',
      master_username: 'feedadmin',
      manage_master_password: true,
      master_password_secret_kms_key_id: 'arn:aws:kms:us-west-2:111122223333:key/warehouse',
      encrypted: true,
      kms_key_id: 'arn:aws:kms:us-west-2:111122223333:key/warehouse',
      publicly_accessible: false,
      enhanced_vpc_routing: true,
      automated_snapshot_retention_period: 7,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'pay-feed-final',
      tags: { [COMPONENT_TAG]: 'feed-warehouse' },
    });
    expect(only(config, 'aws_redshift_cluster').master_password).toBeUndefined();
    expect(only(config, 'aws_redshift_subnet_group')).toMatchObject({ name: 'pay-feed', subnet_ids: ['subnet-a', 'subnet-b'] });
    expect(only(config, 'aws_redshift_parameter_group')).toMatchObject({
      family: 'redshift-1.0',
      parameter: [
        { name: 'require_ssl', value: 'true' },
        { name: 'enable_user_activity_logging', value: 'true' },
      ],
    });
    expect(only(config, 'aws_redshift_cluster').cluster_parameter_group_name).toMatch(/^\$\{aws_redshift_parameter_group\.Feed_ParameterGroup_.*\.name\}$/);
  });

  test('audit logging: all three logs to CloudWatch Logs, after groups kept 365 days by default', () => {
    const logging = only(config, 'aws_redshift_logging');
    expect(logging).toMatchObject({
      cluster_identifier: expect.stringMatching(/^\$\{aws_redshift_cluster\.Feed_Cluster_.*\.cluster_identifier\}$/),
      log_destination_type: 'cloudwatch',
      log_exports: ['connectionlog', 'userlog', 'useractivitylog'],
    });
    const groups = Object.entries<Json>(config.resource.aws_cloudwatch_log_group).filter(([, g]) => String(g.name).startsWith('/aws/redshift/'));
    expect(groups.map(([, g]) => [g.name, g.retention_in_days, g.tags['warm-standby/log-class']]).sort()).toEqual(
      ['connectionlog', 'useractivitylog', 'userlog'].map((log) => [`/aws/redshift/cluster/pay-feed/${log}`, 365, 'audit']),
    );
    // Redshift would otherwise create them itself, never expiring: the groups come first.
    expect([...logging.depends_on].sort()).toEqual(groups.map(([name]) => `aws_cloudwatch_log_group.${name}`).sort());
  });

  test('security groups: no ingress, HTTPS egress only', () => {
    const groups = resources(config, 'aws_security_group');
    expect(groups.map((g) => g.name).sort()).toEqual(['pay-feed-loader', 'pay-feed-warehouse']);
    for (const group of groups) {
      expect(group.vpc_id).toBe('vpc-1');
      expect(group.ingress).toBeUndefined();
      expect(group.egress).toBeUndefined();
    }
    const egress = resources(config, 'aws_vpc_security_group_egress_rule');
    expect(egress).toHaveLength(2);
    for (const rule of egress) expect(rule).toMatchObject({ ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' });
  });

  test('loader: arm64 nodejs22.x function in the private subnets, configured for the cluster', () => {
    const fn = own(config, 'aws_lambda_function');
    expect(fn).toMatchObject({
      function_name: 'pay-feed-loader',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      timeout: 60,
      memory_size: 256,
      environment: {
        variables: {
          CLUSTER_IDENTIFIER: expect.stringMatching(/^\$\{aws_redshift_cluster\..*\.cluster_identifier\}$/),
          DATABASE: 'feed',
          // Its own INSERT-only user, never the master.
          DB_USER: 'feed_loader',
          TARGET_TABLE: 'feed_events',
          PAYLOAD_BUCKETS: '{"pay-feed-payloads":"us-east-1","pay-feed-payloads-standby":"us-west-2"}',
        },
      },
      vpc_config: {
        subnet_ids: ['subnet-a', 'subnet-b'],
        security_group_ids: [expect.stringMatching(/^\$\{aws_security_group\.Feed_LoaderSecurityGroup_.*\.id\}$/)],
      },
      tags: { [COMPONENT_TAG]: 'feed-loader' },
    });
    expect(fn.filename).toMatch(/^assets\/Feed_LoaderCode_[0-9A-F]+\/[0-9A-F]{32}\/archive\.zip$/);
    expect(fn.source_code_hash).toBe(`\${filebase64sha256("${fn.filename}")}`);
    expect(fn.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^aws_cloudwatch_log_group\./),
        expect.stringMatching(/^aws_iam_role_policy_attachment\./),
        expect.stringMatching(/^aws_iam_role_policy\./),
      ]),
    );
    expect(loaderLogGroup(config)).toMatchObject({ name: '/aws/lambda/pay-feed-loader', retention_in_days: 30 });
  });

  test('event source: batches with partial-batch responses', () => {
    expect(only(config, 'aws_lambda_event_source_mapping')).toMatchObject({
      event_source_arn: expect.stringMatching(/^\$\{aws_sqs_queue\.Feed_Queue_.*\.arn\}$/),
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\..*\.arn\}$/),
      batch_size: 10,
      maximum_batching_window_in_seconds: 30,
      function_response_types: ['ReportBatchItemFailures'],
    });
  });

  test('activePayloadBuckets narrows what the function reads, never its IAM policy', () => {
    const narrowed = synth(STANDBY, (stack) => new RegionalFeed(stack, 'Feed', { ...feedProps(STANDBY), activePayloadBuckets: ['pay-feed-payloads-standby'] }));
    expect(own(narrowed, 'aws_lambda_function').environment.variables.PAYLOAD_BUCKETS).toBe('{"pay-feed-payloads-standby":"us-west-2"}');
    expect(own(narrowed, 'aws_iam_role_policy').policy).toBe(own(config, 'aws_iam_role_policy').policy);
  });

  test('loader role: deterministic name and least-privilege policy', () => {
    expect(own(config, 'aws_iam_role').name).toBe('pay-feed-loader-us-west-2');
    expect(JSON.parse(own(config, 'aws_iam_role').assume_role_policy).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    expect(only(config, 'aws_iam_role_policy_attachment').policy_arn).toBe('arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole');
    const statements = Object.fromEntries(policyOf(own(config, 'aws_iam_role_policy')).Statement.map((s: Json) => [s.Sid, s]));
    expect(statements.ConsumeFeedQueue.Action).toEqual(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes']);
    expect(statements.ReadPayloads).toMatchObject({
      Action: 's3:GetObject',
      Resource: ['arn:aws:s3:::pay-feed-payloads/*', 'arn:aws:s3:::pay-feed-payloads-standby/*'],
    });
    expect(statements.Decrypt0).toEqual({
      Sid: 'Decrypt0',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: 'arn:aws:kms:us-east-1:111122223333:key/payload',
    });
    expect(statements.Decrypt1).toEqual({
      Sid: 'Decrypt1',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: 'arn:aws:kms:us-west-2:111122223333:key/payload',
    });
    expect(statements.Decrypt2).toEqual({
      Sid: 'Decrypt2',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: 'arn:aws:kms:us-west-2:111122223333:key/regional',
    });
    // The cluster of this construct by reference, not a rebuilt ARN (WS-REF-001).
    expect(statements.RunStatements).toMatchObject({
      Action: ['redshift-data:ExecuteStatement', 'redshift-data:BatchExecuteStatement'],
      Resource: expect.stringMatching(/^\$\{aws_redshift_cluster\.Feed_Cluster_.*\.arn\}$/),
    });
    expect(statements.DescribeOwnStatements).toMatchObject({
      Action: 'redshift-data:DescribeStatement',
      Condition: { StringEquals: { 'redshift-data:statement-owner-iam-userid': '$${aws:userid}' } },
    });
    expect(statements.ConnectAsLoader).toMatchObject({
      Action: 'redshift:GetClusterCredentials',
      Resource: ['arn:aws:redshift:us-west-2:111122223333:dbuser:pay-feed/feed_loader', 'arn:aws:redshift:us-west-2:111122223333:dbname:pay-feed/feed'],
    });
    expect(statements.WriteLogs.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    // The loader can neither read the master secret nor decrypt with the warehouse key.
    expect(JSON.stringify(statements)).not.toMatch(/secretsmanager|key\/warehouse|dbuser:pay-feed\/feedadmin/);
  });

  test("loader user: the bootstrap's log is an audit log, kept like the warehouse's audit logs (365 days by default)", () => {
    // It creates a database user and its grants (PCI DSS 10.2.1.5): WS-LOG-001 holds it to 365 days.
    expect(bootstrapOf(config, 'aws_cloudwatch_log_group')).toMatchObject({
      name: '/aws/lambda/pay-feed-loader-user-us-west-2',
      retention_in_days: 365,
      tags: { 'warm-standby/log-class': 'audit' },
    });
    // The loader's own log is not audit class.
    expect(loaderLogGroup(config).tags['warm-standby/log-class']).toBeUndefined();
  });

  test('loader user: a bootstrap with the master secret creates the INSERT-only user before any message is loaded', () => {
    const fn = bootstrapOf(config, 'aws_lambda_function');
    expect(fn).toMatchObject({ function_name: 'pay-feed-loader-user-us-west-2', runtime: 'nodejs22.x', architectures: ['arm64'], timeout: 900 });
    expect(fn.vpc_config).toBeUndefined();
    const invocation = only(config, 'aws_lambda_invocation');
    expect(JSON.parse(invocation.input)).toEqual({
      clusterIdentifier: expect.stringMatching(/^\$\{aws_redshift_cluster\.Feed_Cluster_.*\.cluster_identifier\}$/),
      database: 'feed',
      secretArn: expect.stringMatching(/^\$\{aws_redshift_cluster\.Feed_Cluster_.*\.master_password_secret_arn\}$/),
      loaderUser: 'feed_loader',
      schemas: ['public'],
    });
    expect(invocation.triggers).toMatchObject({ bootstrap: 'redshift-loader-user', loader_user: 'feed_loader', database: 'feed', schemas: 'public' });
    // Re-run on a replaced cluster: the identifier (id, ARN) survives a replacement, the namespace does not.
    expect(invocation.triggers.cluster_namespace).toMatch(/^\$\{aws_redshift_cluster\.\w+\.cluster_namespace_arn\}$/);
    expect(invocation.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_redshift_cluster\./), expect.stringMatching(/^aws_iam_role_policy\.Feed_LoaderUser_/)]),
    );
    const statements = Object.fromEntries(policyOf(bootstrapOf(config, 'aws_iam_role_policy')).Statement.map((st: Json) => [st.Sid, st]));
    expect(statements.ReadMasterSecret).toEqual({
      Sid: 'ReadMasterSecret',
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: expect.stringMatching(/^\$\{aws_redshift_cluster\.Feed_Cluster_.*\.master_password_secret_arn\}$/),
    });
    expect(statements.DecryptMasterSecret).toEqual({
      Sid: 'DecryptMasterSecret',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: 'arn:aws:kms:us-west-2:111122223333:key/warehouse',
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-west-2.amazonaws.com' } },
    });
    expect(only(config, 'aws_lambda_event_source_mapping').depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_lambda_invocation\./)]));
  });

  test('getters', () => {
    expect(feed.batchSize).toBe(10);
    expect(feed.maxBatchingWindowSeconds).toBe(30);
    expect(feed.loaderRoleArn).toMatch(/^\$\{TfToken\[/);
    expect(own(config, 'aws_iam_role').name).toBe(loaderRoleArn('pay', STANDBY, ACCOUNT).split('/')[1]);
    expect(feed.queueRef.region).toBe(STANDBY);
    const queueArn = expect.stringMatching(/^\$\{aws_sqs_queue\.Feed_Queue_.*\.arn\}$/);
    const queueUrl = expect.stringMatching(/^\$\{aws_sqs_queue\.Feed_Queue_.*\.url\}$/);
    expect(outputsOf(config)).toEqual({
      queueArn,
      queueUrl,
      queueRefArn: queueArn,
      queueRefId: queueUrl,
      deadLetterQueueArn: expect.stringMatching(/^\$\{aws_sqs_queue\.Feed_DeadLetterQueue_.*\.arn\}$/),
      functionName: expect.stringMatching(/^\$\{aws_lambda_function\.Feed_Loader_.*\.function_name\}$/),
      clusterIdentifier: expect.stringMatching(/^\$\{aws_redshift_cluster\.Feed_Cluster_.*\.cluster_identifier\}$/),
      clusterSecurityGroupId: expect.stringMatching(/^\$\{aws_security_group\.Feed_ClusterSecurityGroup_.*\.id\}$/),
    });
  });

  test('branches: single node, SQS-managed encryption and tuned loader', () => {
    let tuned!: RegionalFeed;
    const tunedConfig = synth(STANDBY, (stack) => {
      tuned = new RegionalFeed(stack, 'Feed', {
        ...feedProps(STANDBY),
        redshift: { nodeType: 'ra3.large', numberOfNodes: 1, databaseName: 'feed', masterUsername: 'feedadmin', snapshotRetentionDays: 14 },
        queueEncryption: QueueEncryption.SQS_MANAGED,
        loaderDbUser: 'feed_loader',
        targetTable: 'raw.events',
        batchSize: 100,
        maxBatchingWindowSeconds: 5,
        maxReceiveCount: 3,
        lambdaTimeoutSeconds: 120,
        visibilityTimeoutSeconds: 900,
        lambdaMemoryMiB: 1024,
        logRetentionDays: 90,
        auditLogRetentionDays: 0,
        tags: { team: 'payments' },
      });
    });
    expect(only(tunedConfig, 'aws_redshift_cluster')).toMatchObject({
      cluster_type: 'single-node',
      number_of_nodes: 1,
      automated_snapshot_retention_period: 14,
    });
    for (const queue of resources(tunedConfig, 'aws_sqs_queue')) {
      expect(queue.sqs_managed_sse_enabled).toBe(true);
      expect(queue.kms_master_key_id).toBeUndefined();
      expect(queue.tags.team).toBe('payments');
    }
    const queue = resources(tunedConfig, 'aws_sqs_queue').find((q) => q.name === 'pay-feed')!;
    expect(queue.visibility_timeout_seconds).toBe(900);
    expect(JSON.parse(queue.redrive_policy).maxReceiveCount).toBe(3);
    expect(own(tunedConfig, 'aws_lambda_function')).toMatchObject({
      timeout: 120,
      memory_size: 1024,
      environment: { variables: { DB_USER: 'feed_loader', TARGET_TABLE: 'raw.events' } },
      tags: { team: 'payments', [COMPONENT_TAG]: 'feed-loader' },
    });
    expect(only(tunedConfig, 'aws_lambda_event_source_mapping')).toMatchObject({ batch_size: 100, maximum_batching_window_in_seconds: 5 });
    expect(loaderLogGroup(tunedConfig).retention_in_days).toBe(90);
    const auditGroups = resources(tunedConfig, 'aws_cloudwatch_log_group').filter((g) => String(g.name).startsWith('/aws/redshift/'));
    expect(auditGroups.map((g) => g.retention_in_days)).toEqual([0, 0, 0]);
    // The loader-user bootstrap's group follows the audit retention, not logRetentionDays.
    expect(bootstrapOf(tunedConfig, 'aws_cloudwatch_log_group').retention_in_days).toBe(0);
    const connect = policyOf(own(tunedConfig, 'aws_iam_role_policy')).Statement.find((s: Json) => s.Sid === 'ConnectAsLoader');
    expect(connect.Resource[0]).toBe('arn:aws:redshift:us-west-2:111122223333:dbuser:pay-feed/feed_loader');
    expect(tuned.batchSize).toBe(100);
    expect(tuned.maxBatchingWindowSeconds).toBe(5);
  });

  test('payload key named by alias ARN: decrypt granted through kms:ResourceAliases', () => {
    const aliased = synth(STANDBY, (stack) => {
      new RegionalFeed(stack, 'Feed', {
        ...feedProps(STANDBY),
        payloadSources: [
          { bucket: payloadBucket, kmsKey: regionalRef('arn:aws:kms:us-east-1:111122223333:alias/pay-primary-s3', 'alias/pay-primary-s3', PRIMARY) },
        ],
      });
    });
    const decrypts = policyOf(own(aliased, 'aws_iam_role_policy')).Statement.filter((s: Json) => s.Action === 'kms:Decrypt');
    expect(decrypts).toEqual([
      {
        Sid: 'Decrypt0',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: 'arn:aws:kms:us-east-1:111122223333:key/*',
        Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ['alias/pay-primary-s3'] } },
      },
      { Sid: 'Decrypt1', Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-west-2:111122223333:key/regional' },
    ]);
  });

  test('visibility timeout follows a custom Lambda timeout', () => {
    const custom = synth(STANDBY, (stack) => {
      new RegionalFeed(stack, 'Feed', { ...feedProps(STANDBY), lambdaTimeoutSeconds: 30 });
    });
    expect(resources(custom, 'aws_sqs_queue').find((q) => q.name === 'pay-feed')!.visibility_timeout_seconds).toBe(180);
  });

  const redshift = feedProps(STANDBY).redshift;
  test.each<[string, Partial<RegionalFeedProps>, RegExp]>([
    ['name', { name: 'Pay' }, /^name must be 2-32 lower-case letters, digits and single hyphens.* \(got "Pay"\)$/],
    ['name (double hyphen)', { name: 'pay--feed' }, /^name must be 2-32/],
    ['name (too long)', { name: 'a'.repeat(33) }, /^name must be 2-32/],
    ['accountId', { accountId: '1234' }, /^accountId must be a 12-digit AWS account id \(got "1234"\)$/],
    ['kmsKey.region', { kmsKey: kmsKey(PRIMARY) }, /^kmsKey.region must be this feed's Region us-west-2 \(got "us-east-1"\)$/],
    [
      'payloadSources[0].kmsKey.region',
      { payloadSources: [{ bucket: payloadBucket, kmsKey: kmsKey(STANDBY) }] },
      /^payloadSources\[0\].kmsKey.region must be the payload bucket's Region us-east-1 \(got "us-west-2"\)$/,
    ],
    ['payloadSources empty', { payloadSources: [] }, /^payloadSources must name at least one payload bucket \(got \[\]\)$/],
    [
      'activePayloadBuckets',
      { activePayloadBuckets: ['not-a-source'] },
      /^activePayloadBuckets\[0\] must be one of the payloadSources buckets \(their IAM grants are the only ones the loader has\) \(got "not-a-source"\)$/,
    ],
    ['activePayloadBuckets empty', { activePayloadBuckets: [] }, /^activePayloadBuckets must name at least one payload bucket \(got \[\]\)$/],
    [
      'payloadSources repeated',
      {
        payloadSources: [
          { bucket: payloadBucket, kmsKey: kmsKey(PRIMARY) },
          { bucket: payloadBucket, kmsKey: kmsKey(PRIMARY) },
        ],
      },
      /^payloadSources\[1\].bucket.id must not repeat a payload bucket \(got "pay-feed-payloads"\)$/,
    ],
    ['topics empty', { topics: [] }, /^topics must name at least one feed topic \(got \[\]\)$/],
    ['topics[0].arn', { topics: [feedQueueRef({ name: 'pay', region: PRIMARY, accountId: ACCOUNT })] }, /^topics\[0\].arn must be an SNS topic ARN/],
    ['subnetIds', { subnetIds: [] }, /^subnetIds must name at least one private subnet \(got \[\]\)$/],
    [
      'redshift.nodeType',
      { redshift: { ...redshift, nodeType: 'large' } },
      /^redshift.nodeType must be a Redshift node type such as ra3.xlplus \(got "large"\)$/,
    ],
    ['redshift.numberOfNodes', { redshift: { ...redshift, numberOfNodes: 0 } }, /^redshift.numberOfNodes must be an integer in 1..128 \(got 0\)$/],
    [
      'redshift.databaseName',
      { redshift: { ...redshift, databaseName: 'Feed' } },
      /^redshift.databaseName must start with a lower-case letter.* \(got "Feed"\)$/,
    ],
    [
      'redshift.masterUsername',
      { redshift: { ...redshift, masterUsername: '1admin' } },
      /^redshift.masterUsername must start with a lower-case letter.* \(got "1admin"\)$/,
    ],
    [
      'redshift.snapshotRetentionDays',
      { redshift: { ...redshift, snapshotRetentionDays: 0 } },
      /^redshift.snapshotRetentionDays must be an integer in 1..35.* \(got 0\)$/,
    ],
    ['loaderDbUser', { loaderDbUser: 'loader-user' }, /^loaderDbUser must start with a lower-case letter.* \(got "loader-user"\)$/],
    [
      'loaderDbUser',
      { loaderDbUser: 'feedadmin' },
      /^loaderDbUser must not be redshift.masterUsername: the loader gets an INSERT-only user \(got "feedadmin"\)$/,
    ],
    ['warehouseKmsKey.arn', { warehouseKmsKey: kmsKey(STANDBY, 'regional') }, /^warehouseKmsKey.arn must differ from kmsKey/],
    ['warehouseKmsKey.region', { warehouseKmsKey: kmsKey(PRIMARY, 'warehouse') }, /^warehouseKmsKey.region must be this feed's Region us-west-2/],
    ['targetTable', { targetTable: 'a.b.c' }, /^targetTable must match .* \(got "a.b.c"\)$/],
    ['batchSize', { batchSize: 0 }, /^batchSize must be an integer in 1..10000 \(got 0\)$/],
    ['maxBatchingWindowSeconds', { maxBatchingWindowSeconds: 301 }, /^maxBatchingWindowSeconds must be an integer in 0..300 \(got 301\)$/],
    [
      'maxBatchingWindowSeconds with a large batch',
      { batchSize: 50, maxBatchingWindowSeconds: 0 },
      /^maxBatchingWindowSeconds must be >= 1 when batchSize is above 10 \(batchSize 50\) \(got 0\)$/,
    ],
    ['maxReceiveCount', { maxReceiveCount: 0 }, /^maxReceiveCount must be an integer in 1..1000 \(got 0\)$/],
    ['lambdaTimeoutSeconds', { lambdaTimeoutSeconds: 901 }, /^lambdaTimeoutSeconds must be an integer in 1..900 \(got 901\)$/],
    [
      'visibilityTimeoutSeconds',
      { visibilityTimeoutSeconds: 30 },
      /^visibilityTimeoutSeconds must be an integer in 60..43200 \(at least lambdaTimeoutSeconds\) \(got 30\)$/,
    ],
    ['lambdaMemoryMiB', { lambdaMemoryMiB: 64 }, /^lambdaMemoryMiB must be an integer in 128..10240 \(got 64\)$/],
    ['logRetentionDays', { logRetentionDays: 10 }, /^logRetentionDays must be one of 1, 3, 5, 7, 14, 30, .* \(got 10\)$/],
    ['auditLogRetentionDays', { auditLogRetentionDays: 366 }, /^auditLogRetentionDays must be a CloudWatch Logs retention \(0, 1, 3, .*\) \(got 366\)$/],
  ])('validation: %s', (_, override, error) => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => new RegionalFeed(stack, 'Feed', { ...feedProps(STANDBY), ...override })).toThrow(atPath('s/Feed', error));
  });
});

describe('RegionalFeed loader asset', () => {
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  const synthToDisk = () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'redshift-feed-test-'));
    outdirs.push(outdir);
    const app = new App({ outdir, skipValidation: true });
    const stack = new TerraformStack(app, 'standby');
    new AwsProvider(stack, 'aws', { region: STANDBY });
    new RegionalFeed(stack, 'Feed', feedProps(STANDBY));
    app.synth();
    const stackDir = path.join(app.outdir, 'stacks', 'standby');
    const fn = own(JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')), 'aws_lambda_function');
    return { fn, zip: fs.readFileSync(path.join(stackDir, fn.filename)) };
  };

  test('the bundled handler is written as a zip archive beside the stack, byte-identical across synths', () => {
    const first = synthToDisk();
    const second = synthToDisk();
    expect(first.zip.subarray(0, 4)).toEqual(Buffer.from('PK\u0003\u0004', 'latin1'));
    expect(first.zip.includes(Buffer.from('index.js'))).toBe(true);
    expect(second.fn.filename).toBe(first.fn.filename);
    expect(second.fn.source_code_hash).toBe(first.fn.source_code_hash);
    const sha = (data: Buffer) => crypto.createHash('sha256').update(data).digest('base64');
    expect(sha(second.zip)).toBe(sha(first.zip));
  });

  test('the bundle is built once per process, for the Lambda runtime, with the pinned AWS SDK clients inside', () => {
    const entry = path.join(__dirname, '../../modules/redshift-feed/handler/index.ts');
    const bundle = bundleHandler(entry);
    expect(bundleHandler(entry)).toBe(bundle);
    expect(fs.readdirSync(bundle.directory)).toEqual(['index.js']);
    const code = fs.readFileSync(path.join(bundle.directory, 'index.js'), 'utf8');
    // The clients are bundled (package-lock versions), not taken from whatever SDK the runtime ships.
    expect(code).not.toMatch(/require\("@aws-sdk\/client-/);
    expect(code).toContain('"BatchExecuteStatement"');
    expect(code).toContain('"GetObject"');
    // The pinned provider (aws 5.100.0) validates runtimes up to nodejs22.x; with 6.x the same table picks nodejs24.x.
    expect(LAMBDA_NODEJS_RUNTIME).toBe('nodejs22.x');
    expect(newestNodejsLambdaRuntime([...PROVIDER_NODEJS_RUNTIMES, 'nodejs24.x'])).toBe('nodejs24.x');
    expect(() => newestNodejsLambdaRuntime(['nodejs16.x'])).toThrow(/no nodejs lambda_runtime row/);
    expect(code).toContain('batchItemFailures');
    expect(code).not.toContain(path.resolve(__dirname, '../..'));
    expect(crypto.createHash('sha256').update(code).digest('hex')).toBe(bundle.sha256);
    expect(fs.statSync(path.join(bundle.directory, 'index.js')).mtime.toISOString()).toBe('2000-01-01T00:00:00.000Z');
  });
});

describe('FeedSubscription', () => {
  const topic = feedTopicRef({ name: 'pay-feed', region: PRIMARY, accountId: ACCOUNT });
  const standbyQueue = feedQueueRef({ name: 'pay', region: STANDBY, accountId: ACCOUNT });

  test('defaults: raw SQS delivery to a queue in another Region', () => {
    const config = synth(PRIMARY, (stack) => {
      new FeedSubscription(stack, 'StandbySubscription', { topic, queue: standbyQueue, region: PRIMARY });
    });
    expect(only(config, 'aws_sns_topic_subscription')).toMatchObject({
      topic_arn: 'arn:aws:sns:us-east-1:111122223333:pay-feed',
      protocol: 'sqs',
      endpoint: 'arn:aws:sqs:us-west-2:111122223333:pay-feed',
      raw_message_delivery: true,
    });
  });

  test('rawMessageDelivery: false keeps the SNS envelope', () => {
    const json = Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: PRIMARY });
      new FeedSubscription(scope, 'Subscription', { topic, queue: standbyQueue, region: PRIMARY, rawMessageDelivery: false });
    });
    expect(json).toHaveResourceWithProperties(SnsTopicSubscription, { raw_message_delivery: false });
  });

  test('same stack: a FeedTopic and a RegionalFeed wired by their refs', () => {
    const config = synth(PRIMARY, (stack) => {
      const feedTopic = new FeedTopic(stack, 'Topic', { topicName: 'pay-feed', kmsKey: kmsKey(PRIMARY, 'regional'), region: PRIMARY });
      const feed = new RegionalFeed(stack, 'Feed', { ...feedProps(PRIMARY), topics: [feedTopic.ref] });
      new FeedSubscription(stack, 'Subscription', { topic: feedTopic.ref, queue: feed.queueRef, region: PRIMARY });
    });
    expect(only(config, 'aws_sns_topic_subscription')).toMatchObject({
      topic_arn: expect.stringMatching(/^\$\{aws_sns_topic\..*\.arn\}$/),
      endpoint: expect.stringMatching(/^\$\{aws_sqs_queue\.Feed_Queue_.*\.arn\}$/),
    });
    expect(
      resources(config, 'aws_lambda_function')
        .map((f) => f.function_name)
        .sort(),
    ).toEqual(['pay-feed-loader', 'pay-feed-loader-user-us-east-1']);
    expect(policyOf(only(config, 'aws_sqs_queue_policy')).Statement[0].Condition).toEqual({
      ArnEquals: { 'aws:SourceArn': [expect.stringMatching(/^\$\{aws_sns_topic\.Topic_.*\.arn\}$/)] },
    });
  });

  test('provider: a topic in another Region than the stack, through an aliased provider for that Region', () => {
    const standbyTopic = feedTopicRef({ name: 'pay-feed', region: STANDBY, accountId: ACCOUNT });
    const primaryQueue = feedQueueRef({ name: 'pay', region: PRIMARY, accountId: ACCOUNT });
    const config = synth(PRIMARY, (stack) => {
      const standby = new AwsProvider(stack, 'aws-standby', { region: STANDBY, alias: 'standby' });
      new FeedSubscription(stack, 'Subscription', { topic: standbyTopic, queue: primaryQueue, region: STANDBY, provider: standby });
    });
    expect(only(config, 'aws_sns_topic_subscription')).toMatchObject({
      topic_arn: 'arn:aws:sns:us-west-2:111122223333:pay-feed',
      endpoint: 'arn:aws:sqs:us-east-1:111122223333:pay-feed',
      provider: 'aws.standby',
    });
  });

  test('validation: provider in another Region than the topic', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const other = new AwsProvider(stack, 'aws-other', { region: 'eu-west-1', alias: 'other' });
    expect(() => new FeedSubscription(stack, 'Subscription', { topic, queue: standbyQueue, region: PRIMARY, provider: other })).toThrow(
      atPath('s/Subscription', /^provider.region must be the subscription's Region us-east-1 \(got "eu-west-1"\)$/),
    );
  });

  test.each<[string, Partial<{ topic: RegionalRef; queue: RegionalRef; region: string }>, RegExp]>([
    ['topic.region', { region: STANDBY }, /^topic.region must be the subscription's Region us-west-2 \(got "us-east-1"\)$/],
    [
      'topic.region (ARN)',
      { topic: { ...topic, region: STANDBY }, region: STANDBY },
      /^topic.region must match the Region in topic.arn arn:aws:sns:us-east-1:111122223333:pay-feed \(got "us-west-2"\)$/,
    ],
    ['topic.arn', { topic: regionalRef('arn:aws:sqs:us-east-1:111122223333:x', 'x', PRIMARY) }, /^topic.arn must be an SNS topic ARN/],
    ['queue.arn', { queue: regionalRef('arn:aws:sns:us-west-2:111122223333:x', 'x', STANDBY) }, /^queue.arn must be an SQS queue ARN/],
    [
      'queue.region',
      { queue: { ...standbyQueue, region: 'eu-west-1' } },
      /^queue.region must match the Region in queue.arn arn:aws:sqs:us-west-2:111122223333:pay-feed \(got "eu-west-1"\)$/,
    ],
  ])('validation: %s', (_, override, error) => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => new FeedSubscription(stack, 'Subscription', { topic, queue: standbyQueue, region: PRIMARY, ...override })).toThrow(
      atPath('s/Subscription', error),
    );
  });
});

test('LambdaFunction binding accepts the synthesized loader', () => {
  const json = Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: STANDBY });
    new RegionalFeed(scope, 'Feed', feedProps(STANDBY));
  });
  expect(json).toHaveResourceWithProperties(LambdaFunction, { runtime: 'nodejs22.x', architectures: ['arm64'] });
});
