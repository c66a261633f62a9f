import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../environments';
import { HealthCheckAlarm, S3ReplicationAlarms, alertTopicName, alertTopicRef } from '../modules/alarms';
import { regionalRef } from '../modules/core';
import { FeedSubscription, feedQueueRef, feedTopicRef } from '../modules/redshift-feed';
import { InboundConnectionAccepter, bootstrapTriggers, openSearchDomainRef, searchPrincipalsRef } from '../modules/opensearch';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { BackupReplication } from '../modules/velero';
import {
  DNS_ENDPOINT_HEALTH_CHECK_OUTPUT,
  SEARCH_BOOTSTRAP_CODE_OUTPUT,
  SEARCH_BOOTSTRAP_FUNCTION_OUTPUT,
  SEARCH_BOOTSTRAP_INPUT_OUTPUT,
  SEARCH_CONNECTION_OUTPUT,
} from './region-stack';
import { WarmStandbyStack, accountGuard } from './warm-standby-stack';

export interface ReplicationStackProps {
  readonly env: EnvironmentConfig;
}

/**
 * Links that need both Regions to exist first, kept in the primary Region and deployed last:
 * S3 rejects a replication rule whose destination bucket does not exist yet, each Region's feed topic
 * fans out to the other Region's queue (primary topic → standby queue; standby topic → primary
 * queue, through an AWS provider for the standby Region, since a subscription lives in its topic's
 * Region), and the leader's Region accepts the OpenSearch connection the standby created. Losing this
 * stack with the primary Region costs nothing the standby needs: the standby topic's subscription to
 * its own queue is in the standby stack.
 */
export class ReplicationStack extends WarmStandbyStack {
  constructor(scope: Construct, props: ReplicationStackProps) {
    super(scope, { env: props.env, kind: 'replication', failover: false });
    const { env, naming } = this;
    const bucket = (role: 'primary' | 'standby') => regionalRef(naming.backupBucketArn(role), naming.backupBucket(role), naming.regionOf(role));
    const s3Key = (role: 'primary' | 'standby') => regionalRef(naming.kmsAliasArn(role, 's3'), naming.kmsAlias(role, 's3'), naming.regionOf(role));

    const replication = new BackupReplication(this, 'BackupReplication', {
      source: bucket('primary'),
      destination: bucket('standby'),
      sourceKmsKey: s3Key('primary'),
      destinationKmsKey: s3Key('standby'),
      roleName: `${naming.prefix('primary')}-velero-replication`,
    });
    // Each Region's feed topic fans out to the other Region's queue. A subscription is created in its
    // topic's Region, so the standby topic's goes through an AWS provider for the standby Region.
    // Both queues exist by now (deploy order), and both sides are named deterministically.
    const topic = (role: 'primary' | 'standby') => feedTopicRef({ name: naming.feedTopic(), region: naming.regionOf(role), accountId: env.accountId });
    const queue = (role: 'primary' | 'standby') => feedQueueRef({ name: naming.feedName(role), region: naming.regionOf(role), accountId: env.accountId });
    new FeedSubscription(this, 'StandbyFeedSubscription', { topic: topic('primary'), queue: queue('standby'), region: env.primaryRegion });
    const standbyProvider = new AwsProvider(this, 'aws-standby', {
      alias: 'standby',
      region: env.standbyRegion,
      ...accountGuard(env.accountId, env.primaryRegion),
      defaultTags: [
        {
          tags: { ...env.tags, 'warm-standby/environment': env.name, 'warm-standby/role': 'replication', ManagedBy: 'cdktf' },
        },
      ],
    });
    this.replicationAlarms(replication, standbyProvider);
    new FeedSubscription(this, 'PrimaryFeedSubscription', {
      topic: topic('standby'),
      queue: queue('primary'),
      region: env.standbyRegion,
      provider: standbyProvider,
    });
    // The leader's Region accepts the follower's connection. AWS assigns its id when the standby stack
    // creates it, so it is read from the standby stack's state (deployed before this stack): a fresh
    // environment deploys in one pass. Reading the standby Region from here is safe for failover: this
    // stack lives, and is lost, with the primary Region.
    const standby = this.remoteStateOf('standby');
    const accepter = new InboundConnectionAccepter(this, 'SearchConnectionAccepter', {
      connectionId: standby.getString(SEARCH_CONNECTION_OUTPUT),
      leader: openSearchDomainRef({ domainName: naming.searchDomainName('primary'), region: env.primaryRegion, accountId: env.accountId }),
      region: env.primaryRegion,
    });
    // Then the follower's bootstrap (role mapping, autofollow rule) can run: it waits for the connection
    // to be ACTIVE, so it is invoked here, after the acceptance, in the standby Region. The function
    // and its input come from the standby stack's state.
    new LambdaInvocation(this, 'SearchFollowerBootstrap', {
      provider: standbyProvider,
      functionName: standby.getString(SEARCH_BOOTSTRAP_FUNCTION_OUTPUT),
      input: standby.getString(SEARCH_BOOTSTRAP_INPUT_OUTPUT),
      triggers: bootstrapTriggers({
        domainName: naming.searchDomainName('standby'),
        domainRole: 'follower',
        principals: searchPrincipalsRef({ namePrefix: `${env.app}-${env.name}`, accountId: env.accountId }),
        autofollow: { connectionAlias: naming.searchConnectionAlias(), ruleName: `${naming.searchConnectionAlias()}-all`, pattern: '*' },
        codeSha256: standby.getString(SEARCH_BOOTSTRAP_CODE_OUTPUT),
      }),
      dependsOn: [accepter.accepter],
    });
  }

  /**
   * Alarms (WS-ALARM-001) on the backup bucket's replication and, with an operator DNS switch, on the
   * primary endpoint's health check, which the standby stack holds and exports: it pages the operator
   * who decides whether to flip the switch. They notify the alert topic of their Region: the
   * primary's for failed replication (published in the source bucket's Region), the standby's for
   * replication latency (published in the destination bucket's Region), us-east-1's own for Route 53.
   */
  private replicationAlarms(replication: BackupReplication, standbyProvider: AwsProvider): void {
    const { env, naming } = this;
    const target = {
      region: env.primaryRegion,
      alarmTopic: alertTopicRef({ topicName: alertTopicName(naming.prefix('primary')), region: env.primaryRegion, accountId: env.accountId }),
    };
    const latencyTarget = {
      region: env.standbyRegion,
      alarmTopic: alertTopicRef({ topicName: alertTopicName(naming.prefix('standby')), region: env.standbyRegion, accountId: env.accountId }),
      provider: standbyProvider,
    };
    new S3ReplicationAlarms(this, 'BackupReplicationAlarms', { ...target, latencyTarget, replication });
    if (env.dns.switch.kind !== 'endpoint') {
      new HealthCheckAlarm(this, 'HealthCheckAlarm', {
        ...this.route53AlarmTarget(target),
        healthCheck: { healthCheckId: this.remoteStateOf('standby').getString(DNS_ENDPOINT_HEALTH_CHECK_OUTPUT) },
        endpointName: env.dns.primaryTarget,
      });
    }
  }
}
