import { globalDatastoreRef, redisAuthSecretName } from '../modules/elasticache';
import { EnvironmentConfig } from '../environments';
import { arnPartition } from '../modules/core/arn';
import { feedDeadLetterQueueName, feedQueueName } from '../modules/redshift-feed/names';
import { BACKUP_REPLICATION_RULE_ID, VELERO_BACKUPS_PREFIX } from '../modules/velero/backup-replication';
import { Naming } from '../naming';
import { MODEL } from '../objectives/model-constants';

/** Connection alias of the follower's outbound connection (naming/index.ts). */
export function searchConnectionAlias(env: EnvironmentConfig): string {
  return new Naming(env).searchConnectionAlias();
}

export interface QueueNames {
  readonly region: string;
  readonly name: string;
  readonly url: string;
}

/**
 * Every name and threshold a readiness check needs, from the environment's configuration and the
 * deterministic naming the stacks use. Nothing is read from Terraform state or the other Region.
 */
export interface ReadinessTargets {
  readonly env: EnvironmentConfig;
  readonly accountId: string;
  readonly primaryRegion: string;
  readonly standbyRegion: string;
  readonly rds: {
    /** Secrets Manager secret holding the master password, replicated to the standby Region. */
    readonly masterSecretName: string;
    readonly replicaIdentifier: string;
    readonly sourceArn: string;
    readonly lagAllowanceSeconds: number;
  };
  readonly cache: {
    readonly globalReplicationGroupId: string;
    readonly primaryGroupId: string;
    readonly standbyGroupId: string;
    /** Secrets Manager secret holding the Global Datastore's AUTH token, replicated to the standby Region. */
    readonly authSecretName: string;
  };
  readonly search: {
    readonly followerDomain: string;
    readonly leaderDomain: string;
    readonly connectionAlias: string;
    readonly lagAllowanceSeconds: number;
  };
  readonly backups: {
    readonly sourceBucket: string;
    readonly destinationBucket: string;
    readonly destinationBucketArn: string;
    readonly ruleId: string;
    readonly prefix: string;
    readonly intervalMinutes: number;
    /** S3 Replication Time Control window (published: 15 minutes). */
    readonly replicationWindowMinutes: number;
  };
  readonly dns: {
    readonly fqdn: string;
    readonly protocol: string;
    readonly port: number;
    /** The operator switch (`dns.switch.kind`) and, for ARC, the routing control names per role. */
    readonly switchKind: EnvironmentConfig['dns']['switch']['kind'];
    readonly routingControls: Readonly<Record<'primary' | 'standby', string>>;
  };
  readonly eks: {
    readonly clusterName: string;
    readonly nodeGroupName: string;
    readonly minNodes: number;
    readonly scaleUpTargetNodes: number;
  };
  readonly feed: {
    readonly queues: Readonly<Record<'primary' | 'standby', QueueNames>>;
    readonly deadLetterQueues: Readonly<Record<'primary' | 'standby', QueueNames>>;
  };
}

export function readinessTargets(env: EnvironmentConfig): ReadinessTargets {
  const naming = new Naming(env);
  const queue = (role: 'primary' | 'standby', name: string): QueueNames => {
    const region = naming.regionOf(role);
    return { region, name, url: queueUrl(region, env.accountId, name) };
  };
  return {
    env,
    accountId: env.accountId,
    primaryRegion: env.primaryRegion,
    standbyRegion: env.standbyRegion,
    rds: {
      // modules/rds-postgres: `<source identifier>-master`, in the primary Region, replicated to the standby.
      masterSecretName: `${naming.dbIdentifier('primary')}-master`,
      replicaIdentifier: naming.dbIdentifier('standby'),
      sourceArn: naming.dbArn('primary'),
      lagAllowanceSeconds: env.rds.replicaLagAllowanceSeconds,
    },
    cache: {
      // Derived like the standby stack does: the primary Region's prefix + the configured suffix.
      globalReplicationGroupId: globalDatastoreRef({
        suffix: env.elasticache.globalReplicationGroupIdSuffix,
        region: env.primaryRegion,
        // A failback environment joins the live Global Datastore, created in the live primary Region.
        createdInRegion: env.failback?.originalPrimaryRegion,
        accountId: env.accountId,
      }).id,
      primaryGroupId: naming.cacheGroupId('primary'),
      standbyGroupId: naming.cacheGroupId('standby'),
      // modules/elasticache: `<primary group id>-auth`, in the primary Region, replicated to the standby.
      authSecretName: redisAuthSecretName(naming.cacheGroupId('primary')),
    },
    search: {
      followerDomain: naming.searchDomainName('standby'),
      leaderDomain: naming.searchDomainName('primary'),
      connectionAlias: searchConnectionAlias(env),
      lagAllowanceSeconds: env.opensearch.replicationLagAllowanceSeconds,
    },
    backups: {
      sourceBucket: naming.backupBucket('primary'),
      destinationBucket: naming.backupBucket('standby'),
      destinationBucketArn: `arn:${arnPartition(env.standbyRegion)}:s3:::${naming.backupBucket('standby')}`,
      ruleId: BACKUP_REPLICATION_RULE_ID,
      prefix: VELERO_BACKUPS_PREFIX,
      intervalMinutes: env.velero.backupIntervalMinutes,
      replicationWindowMinutes: MODEL.s3ReplicationTimeControl.seconds / 60,
    },
    dns: {
      fqdn: env.dns.primaryTarget,
      protocol: env.dns.healthCheck.protocol,
      port: env.dns.healthCheck.port,
      switchKind: env.dns.switch.kind,
      // RecoveryControlSwitch names each control `<switch name>-<Region>`; the stacks name the switch `<app>-<env>-dns`.
      routingControls: {
        primary: `${env.app}-${env.name}-dns-${env.primaryRegion}`,
        standby: `${env.app}-${env.name}-dns-${env.standbyRegion}`,
      },
    },
    eks: {
      clusterName: naming.clusterName('standby'),
      nodeGroupName: naming.nodeGroupName(),
      minNodes: env.eks.standby.minNodes,
      scaleUpTargetNodes: env.eks.primary.desiredNodes,
    },
    feed: {
      queues: {
        primary: queue('primary', feedQueueName(naming.feedName('primary'))),
        standby: queue('standby', feedQueueName(naming.feedName('standby'))),
      },
      deadLetterQueues: {
        primary: queue('primary', feedDeadLetterQueueName(naming.feedName('primary'))),
        standby: queue('standby', feedDeadLetterQueueName(naming.feedName('standby'))),
      },
    },
  };
}

/** Queue URL as SQS forms it (the same form `feedQueueRef` uses). */
function queueUrl(region: string, accountId: string, name: string): string {
  const dnsSuffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${region}.${dnsSuffix}/${accountId}/${name}`;
}
