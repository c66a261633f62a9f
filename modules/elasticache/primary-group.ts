import { Construct } from 'constructs';
import { ElasticacheGlobalReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-global-replication-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { Component, componentTags, requireProp, validateClientCidrs, validateRegion, PrivateDataStoreProps, validatedConstruct } from '../core';
import { RedisAuthToken } from './auth-token';
import { CACHE_ROLE_TAG, CacheRole } from './global-datastore-ref';
import { REDIS_PORT, groupPlumbing } from './private/network';
import { GLOBAL_DATASTORE_ID_PREFIXES, globalDatastoreIdPrefix } from './region-prefixes';
import {
  validateEngineVersion,
  validateGlobalDatastoreId,
  validateGlobalReplicationGroupIdSuffix,
  validateNodeType,
  validateNumCacheClusters,
  validateReplicationGroupId,
  validateSubnetIds,
} from './private/validation';

export interface RedisPrimaryGroupProps extends PrivateDataStoreProps {
  /** Replication group id, e.g. `payments-cache`; also names the subnet and security groups. */
  readonly replicationGroupId: string;
  /**
   * Description of the replication group and the Global Datastore.
   * @default - `<replicationGroupId> (Global Datastore primary)`
   */
  readonly description?: string;
  /**
   * Redis OSS version, e.g. `7.1` (Global Datastore needs 5.0.6 or later). Set on the Global
   * Datastore as well: once the group is a member, upgrades go through the Global Datastore.
   */
  readonly engineVersion: string;
  /** Node type, e.g. `cache.r6g.large`; Global Datastore does not support burstable (cache.t*) types. */
  readonly nodeType: string;
  /** Nodes in the group, primary plus replicas: 2-6, since automatic failover needs a replica. */
  readonly numCacheClusters: number;
  /**
   * Days automatic snapshots are kept, 1-35.
   * @default 7
   */
  readonly snapshotRetentionDays?: number;
  /**
   * Suffix of the Global Datastore id. AWS prepends the prefix of this Region (see
   * `GLOBAL_DATASTORE_ID_PREFIXES`); the standby derives the full id with `globalDatastoreRef`.
   */
  readonly globalReplicationGroupIdSuffix: string;
  /**
   * Regions the AUTH token secret is replicated to (the standby's clients read it there).
   * @default [] - the secret stays in this Region
   */
  readonly authTokenReplicaRegions?: readonly string[];
  /**
   * Version of the AUTH token; bump it to draw a new one (rotated with strategy ROTATE: both tokens
   * work until the next change).
   * @default 1
   */
  readonly authTokenVersion?: number;
  /**
   * Id of a Global Datastore that already exists with this group as its primary member: Terraform
   * imports it (an `import` block) instead of creating one. A failback environment (Regions swapped)
   * sets it: after `failover-global-replication-group` this Region's group is the primary of the
   * Global Datastore created in the other Region, whose id keeps that Region's prefix. The provider's
   * importer takes the id and sets the suffix from it (`<5 letters>-<suffix>`), so the suffix must match.
   * @default - none: the Global Datastore is created, `<prefix of region>-<suffix>`
   */
  readonly importGlobalDatastoreId?: string;
}

/**
 * The primary replication group of a warm-standby Redis pair, in the primary Region, and the
 * Global Datastore it heads. Encrypted at rest (customer key) and in transit (TLS), clients
 * authenticated with a Redis AUTH token kept in Secrets Manager (`RedisAuthToken`), Multi-AZ with
 * automatic failover. The standby Region joins with a `RedisSecondaryGroup`.
 *
 * AUTH, not RBAC user groups: AUTH is the access control a Global Datastore carries for all its
 * members (`AuthTokenEnabled` of the GlobalReplicationGroup API), and AWS accepts an AuthToken only
 * with TransitEncryptionEnabled (CreateReplicationGroup API reference).
 */
@validatedConstruct
export class RedisPrimaryGroup extends Construct {
  /** The underlying `aws_elasticache_replication_group`. */
  public readonly replicationGroup: ElasticacheReplicationGroup;
  /** The underlying `aws_elasticache_global_replication_group`. */
  public readonly globalReplicationGroup: ElasticacheGlobalReplicationGroup;
  private readonly props: RedisPrimaryGroupProps;
  private readonly securityGroupIdValue: string;
  private readonly authToken: RedisAuthToken;

  constructor(scope: Construct, id: string, props: RedisPrimaryGroupProps) {
    super(scope, id);
    this.props = props;

    validateReplicationGroupId('replicationGroupId', props.replicationGroupId);
    validateEngineVersion('engineVersion', props.engineVersion);
    validateNodeType('nodeType', props.nodeType);
    validateNumCacheClusters('numCacheClusters', props.numCacheClusters);
    validateSubnetIds('subnetIds', props.subnetIds);
    const allowedCidrs = props.allowedCidrs ?? [];
    validateClientCidrs('allowedCidrs', allowedCidrs, 'the cache');
    validateRegion('region', props.region);
    requireProp(
      props.kmsKey.region === props.region,
      'kmsKey.region',
      props.kmsKey.region,
      `must be the replication group's Region ${props.region}: ElastiCache encrypts with a key in its own Region`,
    );
    const snapshotRetentionDays = props.snapshotRetentionDays ?? 7;
    requireProp(
      Number.isInteger(snapshotRetentionDays) && snapshotRetentionDays >= 1 && snapshotRetentionDays <= 35,
      'snapshotRetentionDays',
      snapshotRetentionDays,
      'must be an integer from 1 to 35',
    );
    validateGlobalReplicationGroupIdSuffix('globalReplicationGroupIdSuffix', props.globalReplicationGroupIdSuffix);
    // The standby names the Global Datastore `<prefix of this Region>-<suffix>` from configuration.
    requireProp(
      globalDatastoreIdPrefix(props.region) !== undefined,
      'region',
      props.region,
      `must be a Region with a known Global Datastore id prefix (${Object.keys(GLOBAL_DATASTORE_ID_PREFIXES).join(', ')}): the standby derives the Global Datastore id from it`,
    );

    if (props.importGlobalDatastoreId !== undefined) {
      validateGlobalDatastoreId('importGlobalDatastoreId', props.importGlobalDatastoreId);
      const prefixes = Object.values(GLOBAL_DATASTORE_ID_PREFIXES);
      requireProp(
        prefixes.some((prefix) => props.importGlobalDatastoreId === `${prefix}-${props.globalReplicationGroupIdSuffix}`),
        'importGlobalDatastoreId',
        props.importGlobalDatastoreId,
        `must be "<Region prefix>-${props.globalReplicationGroupIdSuffix}": a known Global Datastore id prefix and globalReplicationGroupIdSuffix (the import sets the suffix from the id; another suffix would replace the Global Datastore)`,
      );
    }

    const authTokenVersion = props.authTokenVersion ?? 1;
    requireProp(Number.isInteger(authTokenVersion) && authTokenVersion >= 1, 'authTokenVersion', authTokenVersion, 'must be an integer >= 1');
    (props.authTokenReplicaRegions ?? []).forEach((region, index) => {
      validateRegion(`authTokenReplicaRegions[${index}]`, region);
      requireProp(region !== props.region, `authTokenReplicaRegions[${index}]`, region, `must differ from the group's Region ${props.region}`);
    });

    const description = props.description ?? `${props.replicationGroupId} (Global Datastore primary)`;
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
    this.authToken = new RedisAuthToken(this, 'AuthToken', {
      replicationGroupId: props.replicationGroupId,
      kmsKey: props.kmsKey,
      replicaRegions: props.authTokenReplicaRegions ?? [],
      tokenVersion: authTokenVersion,
      tags,
    });

    this.replicationGroup = new ElasticacheReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupId: props.replicationGroupId,
      description,
      engine: 'redis',
      engineVersion: props.engineVersion,
      nodeType: props.nodeType,
      numCacheClusters: props.numCacheClusters,
      port: REDIS_PORT,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      atRestEncryptionEnabled: 'true',
      kmsKeyId: props.kmsKey.arn,
      transitEncryptionEnabled: true,
      authToken: this.authToken.token,
      authTokenUpdateStrategy: 'ROTATE',
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [securityGroup.id],
      snapshotRetentionLimit: snapshotRetentionDays,
      finalSnapshotIdentifier: `${props.replicationGroupId}-final`,
      tags: componentTags(Component.APP_CACHE, { ...tags, [CACHE_ROLE_TAG]: CacheRole.PRIMARY }),
    });

    this.globalReplicationGroup = new ElasticacheGlobalReplicationGroup(this, 'GlobalReplicationGroup', {
      globalReplicationGroupIdSuffix: props.globalReplicationGroupIdSuffix,
      globalReplicationGroupDescription: description,
      primaryReplicationGroupId: this.replicationGroup.id,
      engineVersion: props.engineVersion,
    });
    if (props.importGlobalDatastoreId !== undefined) this.globalReplicationGroup.importFrom(props.importGlobalDatastoreId);
  }

  /** Replication group id. */
  public get replicationGroupId(): string {
    return this.props.replicationGroupId;
  }

  /** Suffix of the Global Datastore id (the prefix is assigned by AWS). */
  public get globalReplicationGroupIdSuffix(): string {
    return this.props.globalReplicationGroupIdSuffix;
  }

  /**
   * Global Datastore id (a literal, what the standby joins): the imported one, or the one AWS will
   * assign, `<prefix of region>-<suffix>`.
   */
  public get expectedGlobalDatastoreId(): string {
    return this.props.importGlobalDatastoreId ?? `${globalDatastoreIdPrefix(this.props.region)}-${this.props.globalReplicationGroupIdSuffix}`;
  }

  /**
   * Full Global Datastore id (a token known after apply). The standby Region must not read it from
   * this stack: it takes the same id from configuration via `globalDatastoreRef`.
   */
  public get globalDatastoreId(): string {
    return this.globalReplicationGroup.globalReplicationGroupId;
  }

  /** Address of the primary (read/write) endpoint (a token). */
  public get primaryEndpointAddress(): string {
    return this.replicationGroup.primaryEndpointAddress;
  }

  /** ARN of the Secrets Manager secret holding the AUTH token (replicated to `authTokenReplicaRegions`). */
  public get authTokenSecretArn(): string {
    return this.authToken.secret.arn;
  }

  /** Security group of the nodes (a token), for rules that reference it. */
  public get securityGroupId(): string {
    return this.securityGroupIdValue;
  }
}
