import { Construct } from 'constructs';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { Component, componentTags, requireProp, validateClientCidrs, validateRegion, PrivateDataStoreProps, validatedConstruct } from '../core';
import { RedisAuthTokenReplica } from './auth-token';
import { CACHE_ROLE_TAG, CacheRole, GlobalDatastoreRef } from './global-datastore-ref';
import { groupPlumbing } from './private/network';
import { globalDatastoreIdPrefix } from './region-prefixes';
import { validateGlobalDatastoreId, validateNumCacheClusters, validateReplicationGroupId, validateSubnetIds } from './private/validation';

export interface RedisSecondaryGroupProps extends PrivateDataStoreProps {
  /** Replication group id of the secondary, e.g. `payments-cache-standby`. */
  readonly replicationGroupId: string;
  /** The Global Datastore to join, from `globalDatastoreRef(...)`; its Region is the primary's. */
  readonly globalDatastore: GlobalDatastoreRef;
  /** Nodes in the group, primary plus replicas: 2-6, since automatic failover needs a replica. */
  readonly numCacheClusters: number;
  /**
   * Name of the Global Datastore's AUTH token secret, `redisAuthSecretName(<primary group id>)`;
   * its replica in this Region (the primary's `authTokenReplicaRegions`) gives this group its token.
   */
  readonly authTokenSecretName: string;
}

/**
 * The secondary replication group of a warm-standby Redis pair, in the standby Region, joined to
 * the primary's Global Datastore. Engine, version, node type, parameter group and the encryption
 * flags are the Global Datastore's: the provider refuses them next to `global_replication_group_id`.
 * So is whether TLS and AUTH are on, but not the AUTH token itself: CreateReplicationGroup infers
 * from the primary only PrimaryClusterId, AutomaticFailoverEnabled, NumNodeGroups,
 * CacheParameterGroupName, CacheNodeType, Engine, EngineVersion, CacheSecurityGroupNames,
 * EnableTransitEncryption, AtRestEncryptionEnabled and the snapshot arguments (ElastiCache User
 * Guide, Redis-Global-Datastores-CLI), and the console's "Add Region" lists "Redis AUTH Token" among
 * the secondary's own settings (Redis-Global-Datastores-Console; awsdocs/amazon-elasticache-docs
 * 72e0f37, doc_source/redis/). Provider 5.100 sends `auth_token` with `global_replication_group_id`
 * (no ConflictsWith). So the secondary carries the primary's token, read from the secret's replica
 * in this Region, where its clients read it too. The key is this Region's own.
 */
@validatedConstruct
export class RedisSecondaryGroup extends Construct {
  /** The underlying `aws_elasticache_replication_group`. */
  public readonly replicationGroup: ElasticacheReplicationGroup;
  private readonly props: RedisSecondaryGroupProps;
  private readonly securityGroupIdValue: string;

  constructor(scope: Construct, id: string, props: RedisSecondaryGroupProps) {
    super(scope, id);
    this.props = props;

    validateReplicationGroupId('replicationGroupId', props.replicationGroupId);
    validateGlobalDatastoreId('globalDatastore.id', props.globalDatastore.id);
    validateRegion('region', props.region);
    requireProp(
      props.globalDatastore.region !== props.region,
      'globalDatastore.region',
      props.globalDatastore.region,
      `must differ from the secondary's Region ${props.region}: the primary replication group lives in another Region`,
    );
    const createdIn = props.globalDatastore.createdInRegion ?? props.globalDatastore.region;
    const expectedPrefix = globalDatastoreIdPrefix(createdIn);
    requireProp(
      expectedPrefix !== undefined && props.globalDatastore.id.startsWith(`${expectedPrefix}-`),
      'globalDatastore.id',
      props.globalDatastore.id,
      `must start with "${expectedPrefix ?? '<unknown>'}-", the Global Datastore id prefix of ${createdIn === props.globalDatastore.region ? "the primary's Region" : 'the Region it was created in'} ${createdIn} (build it with globalDatastoreRef)`,
    );
    validateNumCacheClusters('numCacheClusters', props.numCacheClusters);
    requireProp(
      /^[A-Za-z0-9/_+=.@-]{1,512}$/.test(props.authTokenSecretName),
      'authTokenSecretName',
      props.authTokenSecretName,
      'must be a Secrets Manager secret name (1-512 of A-Z a-z 0-9 / _ + = . @ -)',
    );
    validateSubnetIds('subnetIds', props.subnetIds);
    const allowedCidrs = props.allowedCidrs ?? [];
    validateClientCidrs('allowedCidrs', allowedCidrs, 'the cache');
    requireProp(
      props.kmsKey.region === props.region,
      'kmsKey.region',
      props.kmsKey.region,
      `must be the replication group's Region ${props.region}: a cross-Region member needs a key in its own Region`,
    );

    const tags = { ...props.tags };
    const { subnetGroup, securityGroup } = groupPlumbing(this, {
      replicationGroupId: props.replicationGroupId,
      subnetIds: props.subnetIds,
      vpcId: props.vpcId,
      allowedCidrs,
      allowedSecurityGroupIds: props.allowedSecurityGroupIds,
      tags,
    });
    this.securityGroupIdValue = securityGroup.id;
    const authToken = new RedisAuthTokenReplica(this, 'AuthToken', { secretName: props.authTokenSecretName });

    this.replicationGroup = new ElasticacheReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupId: props.replicationGroupId,
      description: `${props.replicationGroupId} (Global Datastore ${props.globalDatastore.id} secondary)`,
      globalReplicationGroupId: props.globalDatastore.id,
      numCacheClusters: props.numCacheClusters,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      kmsKeyId: props.kmsKey.arn,
      authToken: authToken.token,
      authTokenUpdateStrategy: 'ROTATE',
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [securityGroup.id],
      tags: componentTags(Component.APP_CACHE, { ...tags, [CACHE_ROLE_TAG]: CacheRole.SECONDARY }),
    });
  }

  /** Replication group id. */
  public get replicationGroupId(): string {
    return this.props.replicationGroupId;
  }

  /** Full id of the Global Datastore the group belongs to (a literal from configuration). */
  public get globalReplicationGroupId(): string {
    return this.props.globalDatastore.id;
  }

  /** Address of the group's primary endpoint (read-only until the Global Datastore fails over; a token). */
  public get primaryEndpointAddress(): string {
    return this.replicationGroup.primaryEndpointAddress;
  }

  /** Security group of the nodes (a token), for rules that reference it. */
  public get securityGroupId(): string {
    return this.securityGroupIdValue;
  }
}
