import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { Role } from '../environments';
import { DataStoreKeys } from '../modules/kms';
import { EndpointHealthCheck, FailoverRecord } from '../modules/dns-failover';
import { EksCluster, ManagedNodeGroup } from '../modules/eks';
import { RedisPrimaryGroup, RedisSecondaryGroup, globalDatastoreRef } from '../modules/elasticache';
import { Network } from '../modules/network';
import { CrossClusterConnection, OpenSearchDomain, openSearchDomainRef } from '../modules/opensearch';
import { PostgresInstance, PostgresReadReplica, postgresSourceRef } from '../modules/rds-postgres';
import { FeedSubscription, FeedTopic, PayloadBucket, RegionalFeed, feedTopicRef, loaderRoleArn } from '../modules/redshift-feed';
import { BackupBucket, PortworxIrsaRole, PortworxRelease, VeleroIrsaRole, VeleroRelease, VeleroRestore, veleroScheduleObjectName } from '../modules/velero';
import { WarmStandbyStack } from './warm-standby-stack';

/** Data stores that get a customer-managed key of their own in each Region. */
export const KEY_STORES = ['eks', 'rds', 'opensearch', 'elasticache', 's3', 'sqs', 'sns', 'redshift'] as const;

export interface RegionStackProps {
  readonly env: import('../environments').EnvironmentConfig;
  readonly role: Role;
  readonly failover: boolean;
}

/**
 * Everything one Region runs. The primary and standby stacks are the same composition with
 * role-dependent sizes and the cross-Region side of each pair: the standby gets replicas, the
 * follower domain and the secondary cache group, all pointed at the primary by deterministic names.
 */
export class RegionStack extends WarmStandbyStack {
  readonly role: Role;
  readonly keys: DataStoreKeys;
  readonly network: Network;
  readonly cluster: EksCluster;
  readonly nodeGroup: ManagedNodeGroup;

  constructor(scope: Construct, props: RegionStackProps) {
    super(scope, { env: props.env, kind: props.role, failover: props.failover });
    this.role = props.role;
    const { env, naming } = this;

    this.keys = new DataStoreKeys(this, 'Keys', {
      prefix: naming.prefix(this.role),
      region: this.region,
      accountId: env.accountId,
      stores: [...KEY_STORES],
    });
    this.network = new Network(this, 'Network', {
      name: naming.prefix(this.role),
      region: this.region,
      cidr: this.role === 'primary' ? env.network.primaryCidr : env.network.standbyCidr,
      azCount: env.network.azCount,
    });

    const { cluster, nodeGroup } = this.compute();
    this.cluster = cluster;
    this.nodeGroup = nodeGroup;
    this.backups();
    this.dns();
    this.search();
    this.database();
    this.cache();
    this.feed();
  }

  private get isPrimary(): boolean {
    return this.role === 'primary';
  }

  private get privateSubnets(): string[] {
    return [...this.network.privateSubnetIds];
  }

  private compute(): { cluster: EksCluster; nodeGroup: ManagedNodeGroup } {
    const { env, naming } = this;
    const cluster = new EksCluster(this, 'Cluster', {
      clusterName: naming.clusterName(this.role),
      kubernetesVersion: env.eks.kubernetesVersion,
      subnetIds: this.privateSubnets,
      region: this.region,
      endpointPublicAccess: env.eks.publicEndpoint,
      secretsKmsKey: this.keys.key('eks'),
    });
    const sizing = this.isPrimary ? env.eks.primary : env.eks.standby;
    // Failover: the standby runs the primary's load, so it starts at the primary's desired size.
    const desiredNodes = this.failover && !this.isPrimary ? Math.max(sizing.desiredNodes, env.eks.primary.desiredNodes) : sizing.desiredNodes;
    const nodeGroup = new ManagedNodeGroup(this, 'NodeGroup', {
      cluster,
      nodeGroupName: 'app',
      role: this.role,
      minNodes: this.failover && !this.isPrimary ? desiredNodes : sizing.minNodes,
      desiredNodes,
      maxNodes: sizing.maxNodes,
      scaleUpTargetNodes: env.eks.primary.desiredNodes,
      instanceTypes: env.eks.instanceTypes,
      subnetIds: this.privateSubnets,
    });
    // Helm (and, for the failover restore, Kubernetes) talk to this Region's cluster only,
    // authenticating with the AWS CLI: no data source, nothing read from the other Region.
    const connection = {
      host: cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(cluster.certificateAuthorityData),
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'aws',
        args: ['eks', 'get-token', '--cluster-name', cluster.clusterNameLiteral, '--region', this.region],
      },
    };
    new HelmProvider(this, 'helm', { kubernetes: connection });
    if (this.failover) new KubernetesProvider(this, 'kubernetes', { ...connection, exec: [connection.exec] });
    return { cluster, nodeGroup };
  }

  private backups(): void {
    const { env, naming } = this;
    // The standby's bucket is the destination of the primary bucket's replication rule.
    const bucket = new BackupBucket(this, 'BackupBucket', {
      bucketName: naming.backupBucket(this.role),
      region: this.region,
      kmsKey: this.keys.key('s3'),
      retentionDays: env.velero.retentionDays,
    });
    const irsa = new VeleroIrsaRole(this, 'VeleroRole', {
      roleName: `${naming.prefix(this.role)}-velero`,
      oidcProviderArn: this.cluster.oidcProviderArn,
      oidcIssuerUrl: this.cluster.oidcIssuerUrl,
      buckets: [bucket.ref],
      // The promoted standby (failover) writes backups of its own.
      writable: this.isPrimary || this.failover,
      kmsKeys: [this.keys.key('s3')],
    });
    const velero = new VeleroRelease(this, 'Velero', {
      role: this.role,
      chartVersion: env.velero.chartVersion,
      bucket: bucket.ref,
      region: this.region,
      irsaRoleArn: irsa.roleArn,
      promoted: this.failover && !this.isPrimary,
      backupIntervalMinutes: this.isPrimary || this.failover ? env.velero.backupIntervalMinutes : undefined,
      schedulePaused: this.isPrimary ? env.velero.schedulePaused : undefined,
      portworx: env.portworx.enabled ? {} : undefined,
      backupTtlHours: env.velero.retentionDays * 24,
    });
    velero.node.addDependency(this.nodeGroup);
    if (this.failover && !this.isPrimary) {
      // Failover: restore the latest backup of the primary's schedule from the replicated bucket.
      const restore = new VeleroRestore(this, 'VeleroRestore', { scheduleName: veleroScheduleObjectName() });
      restore.node.addDependency(velero);
    }
    if (env.portworx.enabled) {
      const portworx = new PortworxRelease(this, 'Portworx', {
        chartVersion: env.portworx.chartVersion,
        clusterName: naming.clusterName(this.role),
      });
      portworx.node.addDependency(this.nodeGroup);
      // EC2 volume permissions for Portworx's cloud drives through IRSA, not the node role.
      const portworxRole = new PortworxIrsaRole(this, 'PortworxRole', {
        roleName: `${naming.prefix(this.role)}-portworx`,
        oidcProviderArn: this.cluster.oidcProviderArn,
        oidcIssuerUrl: this.cluster.oidcIssuerUrl,
        namespace: portworx.namespace,
      });
      new TerraformOutput(this, 'PortworxRoleArn', {
        description: 'Annotate the portworx service account with this role (eks.amazonaws.com/role-arn) before Portworx starts',
        value: portworxRole.roleArn,
      }).overrideLogicalId('portworx_role_arn');
    }
  }

  private dns(): void {
    const { dns } = this.env;
    const common = { hostedZoneId: dns.hostedZoneId, recordName: dns.recordName, ttlSeconds: dns.ttlSeconds };
    if (this.isPrimary) {
      const healthCheck = new EndpointHealthCheck(this, 'HealthCheck', {
        fqdn: dns.primaryTarget,
        protocol: dns.healthCheck.protocol,
        port: dns.healthCheck.port,
        resourcePath: dns.healthCheck.protocol === 'TCP' ? undefined : dns.healthCheck.path,
        requestIntervalSeconds: dns.healthCheck.requestIntervalSeconds,
        failureThreshold: dns.healthCheck.failureThreshold,
      });
      new FailoverRecord(this, 'FailoverRecord', { ...common, role: 'PRIMARY', target: dns.primaryTarget, healthCheck });
    } else {
      new FailoverRecord(this, 'FailoverRecord', { ...common, role: 'SECONDARY', target: dns.standbyTarget });
    }
  }

  private search(): void {
    const { env, naming } = this;
    // Fine-grained access control (required for cross-cluster replication) maps this role to the domain admin.
    const admin = new IamRole(this, 'SearchAdminRole', {
      name: `${naming.prefix(this.role)}-search-admin`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${env.accountId}:root` }, Action: 'sts:AssumeRole' }],
      }),
    });
    const domain = new OpenSearchDomain(this, 'Search', {
      domainName: naming.searchDomainName(this.role),
      engineVersion: env.opensearch.engineVersion,
      instanceType: env.opensearch.instanceType,
      instanceCount: env.opensearch.instanceCount,
      volumeSizeGiB: env.opensearch.volumeSizeGiB,
      subnetIds: this.privateSubnets,
      vpcId: this.network.vpcId,
      allowedCidrs: [this.network.cidr],
      kmsKey: this.keys.key('opensearch'),
      region: this.region,
      accountId: env.accountId,
      masterUserArn: admin.arn,
      role: this.isPrimary ? 'leader' : 'follower',
    });
    if (!this.isPrimary && !this.failover) {
      const connection = new CrossClusterConnection(this, 'SearchReplication', {
        follower: domain,
        leader: openSearchDomainRef({ domainName: naming.searchDomainName('primary'), region: env.primaryRegion, accountId: env.accountId }),
        connectionAlias: `${env.app}-${env.name}-leader`,
      });
      new TerraformOutput(this, 'SearchConnectionId', {
        description: 'Set this as opensearch.acceptedConnectionId so the replication stack accepts the connection',
        value: connection.connectionId,
      }).overrideLogicalId('opensearch_connection_id');
    }
  }

  private database(): void {
    const { env, naming } = this;
    const network = { subnetIds: this.privateSubnets, vpcId: this.network.vpcId, allowedCidrs: [this.network.cidr] };
    if (this.isPrimary) {
      new PostgresInstance(this, 'Database', {
        ...network,
        identifier: naming.dbIdentifier('primary'),
        engineVersion: env.rds.engineVersion,
        instanceClass: env.rds.instanceClass,
        allocatedStorageGiB: env.rds.allocatedStorageGiB,
        databaseName: env.rds.databaseName,
        backupRetentionDays: env.rds.backupRetentionDays,
        multiAz: env.rds.multiAz,
        kmsKey: this.keys.key('rds'),
        region: this.region,
        accountId: env.accountId,
      });
      return;
    }
    new PostgresReadReplica(this, 'DatabaseReplica', {
      ...network,
      identifier: naming.dbIdentifier('standby'),
      // Built from configuration: the standby never reads the primary Region's state.
      source: postgresSourceRef({
        identifier: naming.dbIdentifier('primary'),
        region: env.primaryRegion,
        accountId: env.accountId,
        engineVersion: env.rds.engineVersion,
        backupRetentionDays: env.rds.backupRetentionDays,
      }),
      instanceClass: env.rds.replicaInstanceClass,
      kmsKey: this.keys.key('rds'),
      region: this.region,
      replicaLagAlarmSeconds: env.rds.replicaLagAllowanceSeconds,
      promoted: this.failover,
    });
  }

  private cache(): void {
    const { env, naming } = this;
    const common = {
      subnetIds: this.privateSubnets,
      vpcId: this.network.vpcId,
      allowedCidrs: [this.network.cidr],
      kmsKey: this.keys.key('elasticache'),
      region: this.region,
      numCacheClusters: env.elasticache.numCacheClusters,
    };
    if (this.isPrimary) {
      new RedisPrimaryGroup(this, 'Cache', {
        ...common,
        replicationGroupId: naming.cacheGroupId('primary'),
        engineVersion: env.elasticache.engineVersion,
        nodeType: env.elasticache.nodeType,
        globalReplicationGroupIdSuffix: env.elasticache.globalReplicationGroupIdSuffix,
      });
    } else {
      new RedisSecondaryGroup(this, 'Cache', {
        ...common,
        replicationGroupId: naming.cacheGroupId('standby'),
        globalDatastore: globalDatastoreRef({ id: env.elasticache.globalReplicationGroupId, region: env.primaryRegion, accountId: env.accountId }),
      });
    }
  }

  private feed(): void {
    const { env, naming } = this;
    const topic = feedTopicRef({ name: naming.feedTopic(), region: env.primaryRegion, accountId: env.accountId });
    const payloadKey = { arn: naming.kmsAliasArn('primary', 's3'), id: naming.kmsAlias('primary', 's3'), region: env.primaryRegion };
    const payload = { arn: `arn:aws:s3:::${naming.payloadBucket()}`, id: naming.payloadBucket(), region: env.primaryRegion };
    if (this.isPrimary) {
      new FeedTopic(this, 'FeedTopic', { topicName: naming.feedTopic(), kmsKey: this.keys.key('sns'), region: this.region });
      new PayloadBucket(this, 'FeedPayload', {
        bucketName: naming.payloadBucket(),
        region: this.region,
        kmsKey: this.keys.key('s3'),
        // Both Regions' loaders read payloads; their role names are deterministic.
        readerRoleArns: (['primary', 'standby'] as const).map((role) =>
          loaderRoleArn(naming.feedName(role), naming.regionOf(role), env.accountId)),
      });
    }
    const feed = new RegionalFeed(this, 'Feed', {
      name: naming.feedName(this.role),
      region: this.region,
      accountId: env.accountId,
      topic,
      payloadBucket: payload,
      payloadKmsKey: payloadKey,
      kmsKey: this.keys.key('sqs'),
      subnetIds: this.privateSubnets,
      vpcId: this.network.vpcId,
      redshift: {
        nodeType: env.redshiftFeed.nodeType,
        numberOfNodes: env.redshiftFeed.numberOfNodes,
        databaseName: env.redshiftFeed.databaseName,
        masterUsername: env.redshiftFeed.masterUsername,
      },
      batchSize: env.redshiftFeed.batchSize,
      maxBatchingWindowSeconds: env.redshiftFeed.maxBatchingWindowSeconds,
      maxReceiveCount: env.redshiftFeed.maxReceiveCount,
    });
    // The topic's Region owns subscriptions; the standby queue's lives in the replication stack.
    if (this.isPrimary) {
      new FeedSubscription(this, 'FeedSubscription', { topic, queue: feed.queueRef, region: this.region });
    }
  }
}
