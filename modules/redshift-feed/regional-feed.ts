import * as path from 'path';
import { Construct } from 'constructs';
import { AssetType, Fn, TerraformAsset } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { RedshiftCluster } from '@cdktf/provider-aws/lib/redshift-cluster';
import { RedshiftLogging } from '@cdktf/provider-aws/lib/redshift-logging';
import { RedshiftParameterGroup } from '@cdktf/provider-aws/lib/redshift-parameter-group';
import { RedshiftSubnetGroup } from '@cdktf/provider-aws/lib/redshift-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import {
  CLOUDWATCH_LOG_RETENTION_DAYS,
  Component,
  LAMBDA_TRUST_POLICY,
  RegionalRef,
  arnPartition,
  auditLogTags,
  componentTags,
  kmsGrant,
  lambdaVpcAccessPolicyArn,
  regionalRef,
  requireProp,
  validateAccountId,
  validatedConstruct,
} from '../core';
import { LAMBDA_NODEJS_RUNTIME, bundleHandler } from './bundle';
import { LoaderUserBootstrap } from './loader-user';
import { feedDeadLetterQueueName, feedQueueName, loaderRoleName } from './names';
import { sourceDir } from '../../common/source';

/** How the feed queues are encrypted at rest. */
export enum QueueEncryption {
  /** SSE-KMS with `RegionalFeedProps.kmsKey`; its key policy must let sns.amazonaws.com use it. */
  KMS = 'kms',
  /** SSE-SQS (SQS-owned keys): needs no key policy for SNS. */
  SQS_MANAGED = 'sqs-managed',
}

/** The Region's Redshift cluster. */
export interface FeedWarehouseProps {
  /** Node type, e.g. `ra3.xlplus`. */
  readonly nodeType: string;
  /** 1 gives a single-node cluster, more a multi-node one. */
  readonly numberOfNodes: number;
  /** Database the loader writes to (lower-case letter, then letters, digits, `_`; at most 64). */
  readonly databaseName: string;
  /** Admin user; its password is generated and kept in Secrets Manager (`manage_master_password`). */
  readonly masterUsername: string;
  /** @default 7 */
  readonly snapshotRetentionDays?: number;
}

/** A payload bucket the loader reads, in any Region, with the key that encrypts it. */
export interface FeedPayloadSource {
  /** The bucket (`PayloadBucket.ref` in this stack, `payloadBucketRef` for another Region's); `id` is its name. */
  readonly bucket: RegionalRef;
  /** The bucket's KMS key, for kms:Decrypt; in the bucket's Region. A key ARN or an alias ARN. */
  readonly kmsKey: RegionalRef;
}

export interface RegionalFeedProps {
  /** Name prefix of every resource (lower-case letters, digits, single hyphens; at most 32). */
  readonly name: string;
  /** Region of this stack. */
  readonly region: string;
  /** 12-digit account id, for the deterministic ARNs in the loader's policy. */
  readonly accountId: string;
  /**
   * The feed topics allowed to send to this Region's queue: every Region's topic fans out to every
   * Region's queue (`FeedTopic.ref` for this stack's topic, `feedTopicRef` for another Region's).
   */
  readonly topics: readonly RegionalRef[];
  /**
   * The payload buckets the loader reads: the bucket named in a message must be one of these (the
   * loader reads it through an S3 client for its Region). Each Region's topic carries messages
   * about that Region's bucket, so list every Region's bucket whose messages reach this queue.
   */
  readonly payloadSources: readonly FeedPayloadSource[];
  /**
   * Names of the payload buckets the loader reads now (its PAYLOAD_BUCKETS), a subset of
   * `payloadSources`. The loader's IAM policy always grants every `payloadSources` bucket, so
   * narrowing this (a failover, when the lost Region's bucket is unreachable) changes only the
   * function, a regional resource, and never IAM, a global control plane.
   * @default - every `payloadSources` bucket
   */
  readonly activePayloadBuckets?: readonly string[];
  /** This Region's KMS key for the queues (its key policy lets SNS use it); must be in `region`. */
  readonly kmsKey: RegionalRef;
  /**
   * This Region's key dedicated to the warehouse: the cluster, its master secret and its snapshots;
   * must be in `region` and differ from `kmsKey` (the queue key's policy admits SNS).
   */
  readonly warehouseKmsKey: RegionalRef;
  /** Private subnets for the cluster and the loader. */
  readonly subnetIds: string[];
  readonly vpcId: string;
  readonly redshift: FeedWarehouseProps;
  /**
   * Database user the loader connects as (temporary credentials through redshift:GetClusterCredentials).
   * Created by a one-shot bootstrap with INSERT on the target table's schema only; never the master user.
   * @default 'feed_loader'
   */
  readonly loaderDbUser?: string;
  /**
   * Table loaded when a message names none (`table` or `schema.table`).
   * @default 'feed_events'
   */
  readonly targetTable?: string;
  /** @default 10 */
  readonly batchSize?: number;
  /** @default 30 */
  readonly maxBatchingWindowSeconds?: number;
  /** Receives before a message moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /** @default - 6 × lambdaTimeoutSeconds, as AWS recommends for SQS event sources */
  readonly visibilityTimeoutSeconds?: number;
  /** @default 60 */
  readonly lambdaTimeoutSeconds?: number;
  /** @default 256 */
  readonly lambdaMemoryMiB?: number;
  /** Retention of the Lambda functions' log groups, in days. @default 30 */
  readonly logRetentionDays?: number;
  /**
   * Days CloudWatch Logs keeps the warehouse's audit logs (connection, user and user activity logs)
   * and the log of the loader-user bootstrap (it creates the loader's database user and grants): a
   * CloudWatch Logs retention, 0 = never expire.
   * @default 365
   */
  readonly auditLogRetentionDays?: number;
  /** @default QueueEncryption.KMS */
  readonly queueEncryption?: QueueEncryption;
  /** @default - no tags besides the component tags */
  readonly tags?: Readonly<Record<string, string>>;
}

// The handler source, also when this module runs compiled from dist/ (esbuild bundles the TypeScript).
const HANDLER_ENTRY = path.join(sourceDir(__dirname), 'handler', 'index.ts');
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;
const QUEUE_RETENTION_SECONDS = 4 * 24 * 3600;
// The loader's log group always expires (no 0, never).
const LOG_RETENTION_DAYS = CLOUDWATCH_LOG_RETENTION_DAYS.filter((d) => d > 0);

/** The Redshift audit logs, as EnableLogging's LogExports names them; all three are exported. */
export const REDSHIFT_AUDIT_LOG_EXPORTS = ['connectionlog', 'userlog', 'useractivitylog'] as const;

/** The CloudWatch Logs group Redshift writes one audit log of a cluster to (it creates it if missing, never expiring). */
export function redshiftAuditLogGroupName(clusterIdentifier: string, logExport: (typeof REDSHIFT_AUDIT_LOG_EXPORTS)[number]): string {
  return `/aws/redshift/cluster/${clusterIdentifier}/${logExport}`;
}

const AUDIT_LOG_IDS = { connectionlog: 'ConnectionLog', userlog: 'UserLog', useractivitylog: 'UserActivityLog' } as const;

const isInt = (value: number, min: number, max: number): boolean => Number.isInteger(value) && value >= min && value <= max;
/** kms:Decrypt on each key (see {@link kmsGrant} for keys named by alias ARN). */
function decryptStatements(keys: readonly RegionalRef[]): object[] {
  return keys.map((key, index) => ({ Sid: `Decrypt${index}`, Effect: 'Allow', Action: 'kms:Decrypt', ...kmsGrant(key) }));
}

/**
 * One Region's half of the active/active Redshift feed: the queue the feed topic fans out to (with
 * a dead-letter queue), the Region's Redshift cluster, and the Lambda loader that reads the queue,
 * fetches each S3 payload and loads it through the Redshift Data API.
 */
@validatedConstruct
export class RegionalFeed extends Construct {
  private readonly queue: SqsQueue;
  private readonly deadLetterQueue: SqsQueue;
  private readonly cluster: RedshiftCluster;
  private readonly function: LambdaFunction;
  private readonly region: string;
  private readonly roleArn: string;
  private readonly clusterSecurityGroup: SecurityGroup;
  private readonly eventSource: { readonly batchSize: number; readonly maxBatchingWindowSeconds: number };

  constructor(scope: Construct, id: string, props: RegionalFeedProps) {
    super(scope, id);
    const { name, region, accountId, redshift } = props;
    const batchSize = props.batchSize ?? 10;
    const maxBatchingWindowSeconds = props.maxBatchingWindowSeconds ?? 30;
    const maxReceiveCount = props.maxReceiveCount ?? 5;
    const lambdaTimeoutSeconds = props.lambdaTimeoutSeconds ?? 60;
    const visibilityTimeoutSeconds = props.visibilityTimeoutSeconds ?? 6 * lambdaTimeoutSeconds;
    const lambdaMemoryMiB = props.lambdaMemoryMiB ?? 256;
    const logRetentionDays = props.logRetentionDays ?? 30;
    const auditLogRetentionDays = props.auditLogRetentionDays ?? 365;
    const snapshotRetentionDays = redshift.snapshotRetentionDays ?? 7;
    const targetTable = props.targetTable ?? 'feed_events';
    const dbUser = props.loaderDbUser ?? 'feed_loader';
    const queueEncryption = props.queueEncryption ?? QueueEncryption.KMS;

    requireProp(
      /^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$/.test(name) && name.length <= 32,
      'name',
      name,
      'must be 2-32 lower-case letters, digits and single hyphens, starting with a letter and ending with a letter or digit',
    );
    validateAccountId('accountId', accountId);
    requireProp(props.kmsKey.region === region, 'kmsKey.region', props.kmsKey.region, `must be this feed's Region ${region}`);
    requireProp(props.warehouseKmsKey.region === region, 'warehouseKmsKey.region', props.warehouseKmsKey.region, `must be this feed's Region ${region}`);
    requireProp(
      props.warehouseKmsKey.arn !== props.kmsKey.arn,
      'warehouseKmsKey.arn',
      props.warehouseKmsKey.arn,
      "must differ from kmsKey: the warehouse gets a key of its own, not the queues' (whose policy admits SNS)",
    );
    requireProp(props.topics.length >= 1, 'topics', props.topics, 'must name at least one feed topic');
    props.topics.forEach((topic, index) => {
      requireProp(/^arn:aws[a-z-]*:sns:/.test(topic.arn), `topics[${index}].arn`, topic.arn, 'must be an SNS topic ARN');
    });
    requireProp(props.payloadSources.length >= 1, 'payloadSources', props.payloadSources, 'must name at least one payload bucket');
    const bucketNames = new Set<string>();
    const active = props.activePayloadBuckets ?? props.payloadSources.map(({ bucket }) => bucket.id);
    active.forEach((id, index) =>
      requireProp(
        props.payloadSources.some(({ bucket }) => bucket.id === id),
        `activePayloadBuckets[${index}]`,
        id,
        'must be one of the payloadSources buckets (their IAM grants are the only ones the loader has)',
      ),
    );
    requireProp(active.length >= 1, 'activePayloadBuckets', active, 'must name at least one payload bucket');
    props.payloadSources.forEach(({ bucket, kmsKey }, index) => {
      requireProp(
        kmsKey.region === bucket.region,
        `payloadSources[${index}].kmsKey.region`,
        kmsKey.region,
        `must be the payload bucket's Region ${bucket.region}`,
      );
      requireProp(!bucketNames.has(bucket.id), `payloadSources[${index}].bucket.id`, bucket.id, 'must not repeat a payload bucket');
      bucketNames.add(bucket.id);
    });
    requireProp(props.subnetIds.length >= 1, 'subnetIds', props.subnetIds, 'must name at least one private subnet');
    requireProp(/^[a-z0-9]+\.[a-z0-9]+$/.test(redshift.nodeType), 'redshift.nodeType', redshift.nodeType, 'must be a Redshift node type such as ra3.xlplus');
    requireProp(isInt(redshift.numberOfNodes, 1, 128), 'redshift.numberOfNodes', redshift.numberOfNodes, 'must be an integer in 1..128');
    requireProp(
      /^[a-z][a-z0-9_$]{0,63}$/.test(redshift.databaseName),
      'redshift.databaseName',
      redshift.databaseName,
      'must start with a lower-case letter and hold at most 64 lower-case letters, digits, _ or $',
    );
    requireProp(
      /^[a-z][a-z0-9_]{0,127}$/.test(redshift.masterUsername),
      'redshift.masterUsername',
      redshift.masterUsername,
      'must start with a lower-case letter and hold at most 128 lower-case letters, digits or _',
    );
    requireProp(
      /^[a-z][a-z0-9_]{0,127}$/.test(dbUser),
      'loaderDbUser',
      dbUser,
      'must start with a lower-case letter and hold at most 128 lower-case letters, digits or _',
    );
    requireProp(dbUser !== redshift.masterUsername, 'loaderDbUser', dbUser, 'must not be redshift.masterUsername: the loader gets an INSERT-only user');
    requireProp(
      isInt(snapshotRetentionDays, 1, 35),
      'redshift.snapshotRetentionDays',
      snapshotRetentionDays,
      'must be an integer in 1..35 (0 would turn automated snapshots off)',
    );
    requireProp(
      /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(targetTable),
      'targetTable',
      targetTable,
      'must match /^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?$/',
    );
    requireProp(isInt(batchSize, 1, 10000), 'batchSize', batchSize, 'must be an integer in 1..10000');
    requireProp(isInt(maxBatchingWindowSeconds, 0, 300), 'maxBatchingWindowSeconds', maxBatchingWindowSeconds, 'must be an integer in 0..300');
    requireProp(
      batchSize <= 10 || maxBatchingWindowSeconds >= 1,
      'maxBatchingWindowSeconds',
      maxBatchingWindowSeconds,
      `must be >= 1 when batchSize is above 10 (batchSize ${batchSize})`,
    );
    requireProp(isInt(maxReceiveCount, 1, 1000), 'maxReceiveCount', maxReceiveCount, 'must be an integer in 1..1000');
    requireProp(isInt(lambdaTimeoutSeconds, 1, 900), 'lambdaTimeoutSeconds', lambdaTimeoutSeconds, 'must be an integer in 1..900');
    requireProp(
      isInt(visibilityTimeoutSeconds, lambdaTimeoutSeconds, 43200),
      'visibilityTimeoutSeconds',
      visibilityTimeoutSeconds,
      `must be an integer in ${lambdaTimeoutSeconds}..43200 (at least lambdaTimeoutSeconds)`,
    );
    requireProp(isInt(lambdaMemoryMiB, 128, 10240), 'lambdaMemoryMiB', lambdaMemoryMiB, 'must be an integer in 128..10240');
    requireProp(LOG_RETENTION_DAYS.includes(logRetentionDays), 'logRetentionDays', logRetentionDays, `must be one of ${LOG_RETENTION_DAYS.join(', ')}`);
    requireProp(
      CLOUDWATCH_LOG_RETENTION_DAYS.includes(auditLogRetentionDays),
      'auditLogRetentionDays',
      auditLogRetentionDays,
      `must be a CloudWatch Logs retention (${CLOUDWATCH_LOG_RETENTION_DAYS.join(', ')})`,
    );

    this.region = region;
    this.eventSource = { batchSize, maxBatchingWindowSeconds };
    const partition = arnPartition(region);
    const tags = props.tags ?? {};

    // Queues
    const encryption = queueEncryption === QueueEncryption.KMS ? { kmsMasterKeyId: props.kmsKey.arn } : { sqsManagedSseEnabled: true };
    this.deadLetterQueue = new SqsQueue(this, 'DeadLetterQueue', {
      name: feedDeadLetterQueueName(name),
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
      ...encryption,
      tags: componentTags(Component.FEED_DEAD_LETTER_QUEUE, tags),
    });
    this.queue = new SqsQueue(this, 'Queue', {
      name: feedQueueName(name),
      visibilityTimeoutSeconds,
      messageRetentionSeconds: QUEUE_RETENTION_SECONDS,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount }),
      ...encryption,
      tags: componentTags(Component.FEED_QUEUE, tags),
    });
    new SqsQueuePolicy(this, 'QueuePolicy', {
      queueUrl: this.queue.url,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowFeedTopic',
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: this.queue.arn,
            Condition: { ArnEquals: { 'aws:SourceArn': props.topics.map((topic) => topic.arn) } },
          },
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sqs:*',
            Resource: this.queue.arn,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    });

    // Warehouse
    const clusterIdentifier = `${name}-feed`;
    const subnetGroup = new RedshiftSubnetGroup(this, 'SubnetGroup', {
      name: clusterIdentifier,
      description: `Private subnets of the ${name} feed warehouse`,
      subnetIds: props.subnetIds,
      tags,
    });
    const parameterGroup = new RedshiftParameterGroup(this, 'ParameterGroup', {
      name: clusterIdentifier,
      family: 'redshift-1.0',
      description: `TLS-only connections to the ${name} feed warehouse, user activity logged`,
      parameter: [
        { name: 'require_ssl', value: 'true' },
        // Without it the user activity log stays empty even when exported (Redshift "Database audit logging").
        { name: 'enable_user_activity_logging', value: 'true' },
      ],
      tags,
    });
    // No ingress: the loader goes through the Data API, not a network connection. Stacks add
    // rules for SQL clients to `clusterSecurityGroupId`. Egress is HTTPS only (enhanced VPC routing).
    this.clusterSecurityGroup = this.httpsOnlySecurityGroup(
      'ClusterSecurityGroup',
      `${clusterIdentifier}-warehouse`,
      `Redshift cluster of the ${name} feed`,
      props.vpcId,
      tags,
    );
    this.cluster = new RedshiftCluster(this, 'Cluster', {
      clusterIdentifier,
      nodeType: redshift.nodeType,
      clusterType: redshift.numberOfNodes > 1 ? 'multi-node' : 'single-node',
      numberOfNodes: redshift.numberOfNodes,
      databaseName: redshift.databaseName,
      masterUsername: redshift.masterUsername,
      manageMasterPassword: true,
      masterPasswordSecretKmsKeyId: props.warehouseKmsKey.arn,
      encrypted: true,
      kmsKeyId: props.warehouseKmsKey.arn,
      publiclyAccessible: false,
      enhancedVpcRouting: true,
      clusterSubnetGroupName: subnetGroup.name,
      clusterParameterGroupName: parameterGroup.name,
      vpcSecurityGroupIds: [this.clusterSecurityGroup.id],
      automatedSnapshotRetentionPeriod: snapshotRetentionDays,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${clusterIdentifier}-final`,
      tags: componentTags(Component.FEED_WAREHOUSE, tags),
    });

    // Audit logs to CloudWatch Logs. Redshift creates each group itself, never expiring, unless it
    // exists first: created here so the retention is the environment's.
    const auditLogGroups = REDSHIFT_AUDIT_LOG_EXPORTS.map(
      (logExport) =>
        new CloudwatchLogGroup(this, `${AUDIT_LOG_IDS[logExport]}LogGroup`, {
          name: redshiftAuditLogGroupName(clusterIdentifier, logExport),
          retentionInDays: auditLogRetentionDays,
          tags: auditLogTags(tags),
        }),
    );
    new RedshiftLogging(this, 'AuditLogging', {
      clusterIdentifier: this.cluster.clusterIdentifier,
      logDestinationType: 'cloudwatch',
      logExports: [...REDSHIFT_AUDIT_LOG_EXPORTS],
      dependsOn: auditLogGroups,
    });

    // The loader's own database user, INSERT-only, created with the master secret by a bootstrap
    // whose role is the only one that reads that secret.
    const loaderUser = new LoaderUserBootstrap(this, 'LoaderUser', {
      name: `${name}-feed-loader-user-${region}`.slice(0, 64),
      region,
      cluster: this.cluster,
      databaseName: redshift.databaseName,
      loaderUser: dbUser,
      schemas: [targetTable.includes('.') ? targetTable.split('.')[0] : 'public'],
      secretKmsKey: props.warehouseKmsKey,
      // It creates a database user and its grants: its log is an audit log, kept like the warehouse's.
      logRetentionDays: auditLogRetentionDays,
      tags,
    });

    // Loader
    const functionName = `${name}-feed-loader`;
    const logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: logRetentionDays,
      tags,
    });
    const role = new IamRole(this, 'LoaderRole', {
      name: loaderRoleName(name, region),
      description: `Loads the ${name} feed into Redshift in ${region}`,
      assumeRolePolicy: LAMBDA_TRUST_POLICY,
      tags,
    });
    const vpcAccess = new IamRolePolicyAttachment(this, 'LoaderVpcAccess', {
      role: role.name,
      policyArn: lambdaVpcAccessPolicyArn(partition),
    });
    this.roleArn = role.arn;
    // The cluster is referenced (WS-REF-001); its database user and name are no resources, so their ARNs are built.
    const redshiftArn = `arn:${partition}:redshift:${region}:${accountId}`;
    const loaderPolicy = new IamRolePolicy(this, 'LoaderPolicy', {
      role: role.name,
      name: 'feed-loader',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ConsumeFeedQueue',
            Effect: 'Allow',
            Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
            Resource: this.queue.arn,
          },
          {
            Sid: 'ReadPayloads',
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: props.payloadSources.map(({ bucket }) => `${bucket.arn}/*`),
          },
          ...decryptStatements([...props.payloadSources.map(({ kmsKey }) => kmsKey), props.kmsKey]),
          {
            Sid: 'RunStatements',
            Effect: 'Allow',
            Action: ['redshift-data:ExecuteStatement', 'redshift-data:BatchExecuteStatement'],
            Resource: this.cluster.arn,
          },
          {
            Sid: 'DescribeOwnStatements',
            Effect: 'Allow',
            Action: 'redshift-data:DescribeStatement',
            Resource: '*',
            // `$${` is Terraform's escape for a literal `${`: this is an IAM policy variable.
            Condition: { StringEquals: { 'redshift-data:statement-owner-iam-userid': '$${aws:userid}' } },
          },
          {
            Sid: 'ConnectAsLoader',
            Effect: 'Allow',
            Action: 'redshift:GetClusterCredentials',
            Resource: [`${redshiftArn}:dbuser:${clusterIdentifier}/${dbUser}`, `${redshiftArn}:dbname:${clusterIdentifier}/${redshift.databaseName}`],
          },
          {
            Sid: 'WriteLogs',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `${logGroup.arn}:*`,
          },
        ],
      }),
    });
    const loaderSecurityGroup = this.httpsOnlySecurityGroup('LoaderSecurityGroup', functionName, `Lambda loader of the ${name} feed`, props.vpcId, tags);
    const activeSources = props.payloadSources.filter(({ bucket }) => (props.activePayloadBuckets ?? [bucket.id]).includes(bucket.id));
    const code = new TerraformAsset(this, 'LoaderCode', {
      path: bundleHandler(HANDLER_ENTRY).archive,
      type: AssetType.FILE,
    });
    this.function = new LambdaFunction(this, 'Loader', {
      functionName,
      description: `Loads ${name} feed payloads from S3 into Redshift`,
      role: role.arn,
      runtime: LAMBDA_NODEJS_RUNTIME,
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: code.path,
      // The archive is byte-for-byte reproducible (see bundle.ts), so this changes only with the code.
      sourceCodeHash: Fn.filebase64sha256(code.path),
      timeout: lambdaTimeoutSeconds,
      memorySize: lambdaMemoryMiB,
      environment: {
        variables: {
          CLUSTER_IDENTIFIER: this.cluster.clusterIdentifier,
          DATABASE: redshift.databaseName,
          DB_USER: dbUser,
          TARGET_TABLE: targetTable,
          // Bucket name -> Region: the loader reads only these buckets, each through its Region's endpoint.
          PAYLOAD_BUCKETS: JSON.stringify(Object.fromEntries(activeSources.map(({ bucket }) => [bucket.id, bucket.region]))),
        },
      },
      vpcConfig: { subnetIds: props.subnetIds, securityGroupIds: [loaderSecurityGroup.id] },
      tags: componentTags(Component.FEED_LOADER, tags),
      dependsOn: [logGroup, vpcAccess, loaderPolicy],
    });
    new LambdaEventSourceMapping(this, 'EventSource', {
      eventSourceArn: this.queue.arn,
      functionName: this.function.arn,
      batchSize,
      maximumBatchingWindowInSeconds: maxBatchingWindowSeconds,
      functionResponseTypes: ['ReportBatchItemFailures'],
      // No message is loaded before the loader's database user exists.
      dependsOn: [loaderPolicy, loaderUser.invocation],
    });
  }

  /** Messages per loader invocation. */
  get batchSize(): number {
    return this.eventSource.batchSize;
  }

  /** Seconds the event source gathers messages before it invokes the loader. */
  get maxBatchingWindowSeconds(): number {
    return this.eventSource.maxBatchingWindowSeconds;
  }

  get queueArn(): string {
    return this.queue.arn;
  }

  get queueUrl(): string {
    return this.queue.url;
  }

  /** This Region's queue for a `FeedSubscription` in the same stack; other stacks use `feedQueueRef`. */
  get queueRef(): RegionalRef {
    return regionalRef(this.queue.arn, this.queue.url, this.region);
  }

  get deadLetterQueueArn(): string {
    return this.deadLetterQueue.arn;
  }

  get functionName(): string {
    return this.function.functionName;
  }

  get clusterIdentifier(): string {
    return this.cluster.clusterIdentifier;
  }

  /**
   * The loader role's ARN, by reference, for a `PayloadBucket` in the same stack; the other Region
   * names it with `loaderRoleArn(name, region, accountId)`.
   */
  get loaderRoleArn(): string {
    return this.roleArn;
  }

  /** Security group of the cluster, which has no ingress rules; add rules for SQL clients here. */
  get clusterSecurityGroupId(): string {
    return this.clusterSecurityGroup.id;
  }

  /** A security group without ingress whose only egress is HTTPS to AWS APIs (through NAT or VPC endpoints). */
  private httpsOnlySecurityGroup(id: string, name: string, description: string, vpcId: string, tags: Readonly<Record<string, string>>): SecurityGroup {
    // aws_security_group drops AWS's default allow-all egress on create; this rule is the only one.
    const group = new SecurityGroup(this, id, { name, description, vpcId, tags });
    new VpcSecurityGroupEgressRule(this, `${id}HttpsEgress`, {
      securityGroupId: group.id,
      description: 'HTTPS to AWS APIs',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
      tags,
    });
    return group;
  }
}
