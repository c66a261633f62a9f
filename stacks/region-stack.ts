import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { TerraformOutput, dependable } from 'cdktf';
import { Construct } from 'constructs';
import { EnvironmentConfig, Role } from '../environments';
import { AlarmTarget, AlertTopic, FeedAlarms, HealthCheckAlarm, OpenSearchReplicationAlarms, SecretRotationAlarms, alertTopicName } from '../modules/alarms';
import { AccessLogBucket, LOG_CLASS_TAG, regionalRef } from '../modules/core';
import { DataStoreKeys } from '../modules/kms';
import { DNS_SWITCH_OPT_OUT_TAG, EndpointHealthCheck, FailoverRecord, ManualSwitch, RecoveryControlSwitch } from '../modules/dns-failover';
import { EbsCsiDriver, EksCluster, ManagedNodeGroup } from '../modules/eks';
import { RedisPrimaryGroup, RedisSecondaryGroup, globalDatastoreRef, redisAuthSecretName } from '../modules/elasticache';
import { Network, TransitGatewayRouting } from '../modules/network';
import {
  CrossClusterConnection,
  OpenSearchDomain,
  SearchLogPublishingPolicy,
  ReplicationBootstrap,
  SearchPrincipals,
  openSearchDomainRef,
  searchPrincipalsRef,
} from '../modules/opensearch';
import { PostgresInstance, PostgresReadReplica, defaultMaxAllocatedStorageGiB, postgresSourceRef } from '../modules/rds-postgres';
import {
  FeedSubscription,
  FeedTopic,
  PayloadBucket,
  RegionalFeed,
  feedDeadLetterQueueName,
  feedTopicRef,
  loaderRoleArn,
  payloadBucketRef,
} from '../modules/redshift-feed';
import { BackupBucket, PORTWORX_NAMESPACE, PortworxIrsaRole, VeleroIrsaRole } from '../modules/velero';
import { dependOn } from './dependencies';
import { WarmStandbyStack } from './warm-standby-stack';

/** Output of the standby stack with the id of the follower's OpenSearch connection (read by the replication stack). */
export const SEARCH_CONNECTION_OUTPUT = 'opensearch_connection_id';

/** Outputs of the standby stack the replication stack invokes the follower's OpenSearch bootstrap with. */
export const SEARCH_BOOTSTRAP_FUNCTION_OUTPUT = 'opensearch_bootstrap_function';
export const SEARCH_BOOTSTRAP_INPUT_OUTPUT = 'opensearch_bootstrap_input';
export const SEARCH_BOOTSTRAP_CODE_OUTPUT = 'opensearch_bootstrap_code_sha256';

/** Output of the standby stack with the primary endpoint's health check id (the replication stack alarms on it). */
export const DNS_ENDPOINT_HEALTH_CHECK_OUTPUT = 'dns_endpoint_health_check_id';

/** Data stores that get a customer-managed key of their own in each Region. */
export const KEY_STORES = ['eks', 'rds', 'opensearch', 'elasticache', 's3', 'sqs', 'sns', 'redshift'] as const;

/** The follower domain and its outbound connection to the leader (standby, normal mode). */
interface SearchReplication {
  readonly follower: OpenSearchDomain;
  readonly connection: CrossClusterConnection;
}

/** What the builders return that the replication alarms watch. */
interface ReplicationPaths {
  readonly ownRecordHealthCheck?: EndpointHealthCheck;
  readonly searchReplication?: SearchReplication;
  readonly feed: RegionalFeed;
}

export interface RegionStackProps {
  readonly env: import('../environments').EnvironmentConfig;
  readonly role: Role;
  readonly failover: boolean;
}

/**
 * Everything one Region runs on AWS. The primary and standby stacks are the same composition with
 * role-dependent sizes and the cross-Region side of each pair: the standby gets replicas, the
 * follower domain and the secondary cache group, all pointed at the primary by deterministic names.
 * Nothing here talks to the Kubernetes API (that is the Region's KubernetesStack), so the AWS part of
 * a failover never waits on the cluster.
 */
export class RegionStack extends WarmStandbyStack {
  readonly role: Role;
  readonly keys: DataStoreKeys;
  readonly network: Network;
  readonly cluster: EksCluster;
  readonly nodeGroup: ManagedNodeGroup;
  /** The SNS topic this Region's CloudWatch alarms notify. */
  readonly alertTopic: AlertTopic;
  /** Where every data bucket of this Region writes its S3 server access logs. */
  readonly accessLogs: AccessLogBucket;

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
      transitGateway: this.agentRouting(),
      accountId: env.accountId,
      flowLogRetentionDays: env.logging.retentionDays,
    });

    this.alertTopic = this.alerts();
    this.accessLogs = new AccessLogBucket(this, 'AccessLogs', {
      bucketName: naming.accessLogBucket(this.role),
      region: this.region,
      accountId: env.accountId,
      retentionDays: env.logging.retentionDays,
    });
    const { cluster, nodeGroup } = this.compute();
    this.cluster = cluster;
    this.nodeGroup = nodeGroup;
    this.backups();
    const ownRecordHealthCheck = this.dns();
    const searchReplication = this.search();
    this.database();
    this.cache();
    const feed = this.feed();
    this.replicationAlarms({ ownRecordHealthCheck, searchReplication, feed });
    if (env.failback && this.role === 'standby') this.adoptRetainedAuditTrail();
  }

  /**
   * Failback: the retired primary's audit trail stays in AWS (the runbook keeps the access-log bucket
   * and the audit-class log groups out of its destroy, FAILBACK_KEEP_PATHS) under the names this
   * standby declares in the same Region, so they are imported, not created (CreateBucket and
   * CreateLogGroup would refuse the existing names). The bucket's settings are applied over it.
   */
  private adoptRetainedAuditTrail(): void {
    this.accessLogs.bucket.importFrom(this.naming.accessLogBucket(this.role));
    for (const node of this.node.findAll()) {
      if (node instanceof CloudwatchLogGroup && node.tagsInput?.[LOG_CLASS_TAG] === 'audit' && node.nameInput) node.importFrom(node.nameInput);
    }
  }

  /** An output with a fixed name (other stacks and the runbook read it by that name). */
  private output(id: string, name: string, description: string, value: unknown): void {
    new TerraformOutput(this, id, { description, value }).overrideLogicalId(name);
  }

  /** The deploy agents' networks routed through this Region's transit gateway (private API endpoint). */
  private agentRouting(): TransitGatewayRouting | undefined {
    const { network, eks } = this.env;
    const transitGatewayId = this.role === 'primary' ? network.primaryTransitGatewayId : network.standbyTransitGatewayId;
    const destinationCidrs = eks.endpoint.privateAccessCidrs ?? [];
    return transitGatewayId && destinationCidrs.length > 0 ? { transitGatewayId, destinationCidrs } : undefined;
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
      logRetentionDays: env.logging.retentionDays,
      subnetIds: this.privateSubnets,
      region: this.region,
      endpointPublicAccess: env.eks.endpoint.access === 'public',
      publicAccessCidrs: env.eks.endpoint.publicAccessCidrs,
      privateAccessCidrs: env.eks.endpoint.privateAccessCidrs,
      adminRoleArns: { deploy: env.eks.adminRoles.deployRoleArn, 'break-glass': env.eks.adminRoles.breakGlassRoleArn },
      secretsKmsKey: this.keys.key('eks'),
    });
    const sizing = this.isPrimary ? env.eks.primary : env.eks.standby;
    // Failover: the standby runs the primary's load, so it starts at the primary's desired size.
    const desiredNodes = this.failover && !this.isPrimary ? Math.max(sizing.desiredNodes, env.eks.primary.desiredNodes) : sizing.desiredNodes;
    const nodeGroup = new ManagedNodeGroup(this, 'NodeGroup', {
      cluster,
      nodeGroupName: naming.nodeGroupName(),
      role: this.role,
      minNodes: this.failover && !this.isPrimary ? desiredNodes : sizing.minNodes,
      desiredNodes,
      maxNodes: sizing.maxNodes,
      scaleUpTargetNodes: env.eks.primary.desiredNodes,
      instanceTypes: env.eks.instanceTypes,
      subnetIds: this.privateSubnets,
    });
    // PersistentVolumeClaims need the EBS CSI driver; the add-on waits for the node group.
    new EbsCsiDriver(this, 'EbsCsiDriver', { cluster, nodeGroups: [nodeGroup] });
    return { cluster, nodeGroup };
  }

  private backups(): void {
    const { env, naming } = this;
    // The standby's bucket is the destination of the primary bucket's replication rule.
    const bucket = new BackupBucket(this, 'BackupBucket', {
      bucketName: naming.backupBucket(this.role),
      region: this.region,
      kmsKey: this.keys.key('s3'),
      // A delete (replicated as a delete marker to the standby's copy) can be undone for as long as
      // the backup itself would have been kept.
      noncurrentVersionRetentionDays: env.velero.retentionDays,
      accessLogs: this.accessLogs,
    });
    // Velero itself is released by the Region's KubernetesStack, which finds this role by its name.
    new VeleroIrsaRole(this, 'VeleroRole', {
      roleName: naming.veleroRoleName(this.role),
      oidcProviderArn: this.cluster.oidcProviderArn,
      oidcIssuerUrl: this.cluster.oidcIssuerUrl,
      buckets: [bucket.ref],
      // Writable in both Regions from the start: the promoted standby writes backups of its own, and IAM's
      // control plane (us-east-1) must not be on the failover path (WS-FO-007). The standby's Velero
      // location stays ReadOnly until failover, so the write permission is unused until then.
      writable: true,
      kmsKeys: [this.keys.key('s3')],
    });
    if (env.portworx.enabled) {
      // EC2 volume permissions for Portworx's cloud drives through IRSA, not the node role; Portworx
      // itself is released by the Region's KubernetesStack.
      const portworxRole = new PortworxIrsaRole(this, 'PortworxRole', {
        roleName: naming.portworxRoleName(this.role),
        // The Kubernetes stack names the Portworx cluster after the EKS cluster.
        clusterName: naming.clusterName(this.role),
        region: this.region,
        oidcProviderArn: this.cluster.oidcProviderArn,
        oidcIssuerUrl: this.cluster.oidcIssuerUrl,
        namespace: PORTWORX_NAMESPACE,
      });
      new TerraformOutput(this, 'PortworxRoleArn', {
        description: 'IAM role of the portworx service account (the Kubernetes stack passes it to the chart as workloadIdentity)',
        value: portworxRole.roleArn,
      }).overrideLogicalId('portworx_role_arn');
    }
  }

  /** Route 53 of this Region; returns the endpoint check of the primary's own record when the switch is opted out. */
  private dns(): EndpointHealthCheck | undefined {
    const { dns } = this.env;
    // Failback with the live switch's ids (WARM_STANDBY_FAILBACK_IDS): adopt the live records, endpoint
    // check and switch (import blocks) instead of colliding with them. Without the ids nothing is
    // imported: the deploy then stops at the existing records rather than pairing them with a new switch.
    const live = dns.switch.kind === 'endpoint' ? undefined : this.env.failback?.liveDns;
    const common = { hostedZoneId: dns.hostedZoneId, recordName: dns.recordName, ttlSeconds: dns.ttlSeconds, importExisting: live !== undefined };
    const endpointCheck = (tags?: Record<string, string>) =>
      new EndpointHealthCheck(this, 'HealthCheck', {
        fqdn: dns.primaryTarget,
        protocol: dns.healthCheck.protocol,
        port: dns.healthCheck.port,
        resourcePath: dns.healthCheck.protocol === 'TCP' ? undefined : dns.healthCheck.path,
        requestIntervalSeconds: dns.healthCheck.requestIntervalSeconds,
        failureThreshold: dns.healthCheck.failureThreshold,
        tags,
        importId: live?.endpointHealthCheckId,
      });
    if (dns.switch.kind === 'endpoint') {
      // Opted out: the PRIMARY record follows the endpoint health check (WS-DNS-005 reports it).
      if (this.isPrimary) {
        const healthCheck = endpointCheck({ [DNS_SWITCH_OPT_OUT_TAG]: dns.switch.reason ?? '' });
        new FailoverRecord(this, 'FailoverRecord', { ...common, role: 'PRIMARY', target: dns.primaryTarget, healthCheck });
        return healthCheck;
      }
      new FailoverRecord(this, 'FailoverRecord', { ...common, role: 'SECONDARY', target: dns.standbyTarget });
      return undefined;
    }
    // Operator switch: the standby stack owns all of Route 53 (endpoint check, switch, both records).
    // Its state lives in the surviving Region, so DNS stays manageable while the primary Region is
    // down; the records need the switch's AWS-assigned ids, which one stack must hold without reading
    // the other's state; and everything it needs about the primary comes from configuration.
    if (this.isPrimary) return undefined;
    const output = this.output.bind(this);
    const endpoint = endpointCheck();
    output(
      'DnsEndpointHealthCheckId',
      DNS_ENDPOINT_HEALTH_CHECK_OUTPUT,
      'Route 53 health check on the primary endpoint; it decides nothing, alarm on it to page the operator',
      endpoint.healthCheckId,
    );
    if (dns.switch.kind === 'manual') {
      const manual = new ManualSwitch(this, 'DnsSwitch', { endpointHealthCheck: endpoint, name: `${dns.recordName}-switch` });
      output(
        'DnsSwitchHealthCheckId',
        'dns_switch_health_check_id',
        'Manual switch of the PRIMARY record: fail over with aws route53 update-health-check --health-check-id <id> --inverted',
        manual.healthCheckId,
      );
      const primary = new FailoverRecord(this, 'PrimaryFailoverRecord', { ...common, role: 'PRIMARY', target: dns.primaryTarget, healthCheck: manual });
      new FailoverRecord(this, 'FailoverRecord', { ...common, role: 'SECONDARY', target: dns.standbyTarget, after: live ? [primary] : undefined });
      return undefined;
    }
    const arc = new RecoveryControlSwitch(this, 'DnsSwitch', {
      name: `${this.env.app}-${this.env.name}-dns`,
      primaryRegion: this.env.primaryRegion,
      standbyRegion: this.env.standbyRegion,
      importIds: live?.arc,
      firstAssertedRegion: this.env.failback?.originalPrimaryRegion,
    });
    output(
      'DnsArcClusterEndpoints',
      'dns_arc_cluster_endpoints',
      'ARC data-plane endpoints; keep a copy outside AWS: aws route53-recovery-cluster update-routing-control-states --endpoint-url <endpoint> --region <its region>',
      arc.clusterEndpoints,
    );
    output('DnsArcRoutingControls', 'dns_arc_routing_controls', 'Routing control ARN per role (ON = the Region takes traffic)', {
      primary: arc.primaryRoutingControlArn,
      standby: arc.standbyRoutingControlArn,
    });
    const primary = new FailoverRecord(this, 'PrimaryFailoverRecord', {
      ...common,
      role: 'PRIMARY',
      target: dns.primaryTarget,
      healthCheck: arc.primaryHealthCheck,
    });
    // Failback rewrites the live pair: PRIMARY first (to the Region whose routing control is ON), so
    // no moment has both records on the Region whose control is OFF.
    new FailoverRecord(this, 'FailoverRecord', {
      ...common,
      role: 'SECONDARY',
      target: dns.standbyTarget,
      healthCheck: arc.standbyHealthCheck,
      after: live ? [primary] : undefined,
    });
    return undefined;
  }

  /** OpenSearch of this Region; returns the follower and its connection in the standby (not after failover). */
  private search(): SearchReplication | undefined {
    const { env, naming } = this;
    // One master user and one replication principal for both domains (IAM is global): the primary
    // stack creates them, the standby names them (see modules/opensearch/search-principals.ts).
    const principalPrefix = `${env.app}-${env.name}`;
    const principals = this.isPrimary
      ? new SearchPrincipals(this, 'SearchPrincipals', {
          namePrefix: principalPrefix,
          accountId: env.accountId,
          region: this.region,
          domains: (['primary', 'standby'] as const).map((role) =>
            openSearchDomainRef({ domainName: naming.searchDomainName(role), region: naming.regionOf(role), accountId: env.accountId }),
          ),
        })
      : undefined;
    const principalsRef = principals?.ref ?? searchPrincipalsRef({ namePrefix: principalPrefix, accountId: env.accountId });
    // The Region's one CloudWatch Logs resource policy for OpenSearch log publishing (10 per Region at most).
    const auditLogPolicy = new SearchLogPublishingPolicy(this, 'SearchLogPublishing', {
      policyName: `${naming.prefix(this.role)}-opensearch-logs`,
      region: this.region,
      accountId: env.accountId,
      domainNames: [naming.searchDomainName(this.role)],
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
      masterUserArn: principalsRef.adminRoleArn,
      role: this.isPrimary ? 'leader' : 'follower',
      auditLogRetentionDays: env.logging.retentionDays,
      auditLogPolicy,
    });
    // The principals' names are deterministic ARNs (the standby must name them the same way); in this
    // stack, depends_on makes the order explicit: the master user role exists before the domain names
    // it, the domain before the roles' policies name it, the roles before the bootstrap assumes them.
    if (principals) domain.domain.dependsOn = [...(domain.domain.dependsOn ?? []), dependable(principals.adminRole)];
    if (principals) dependOn(principals, [domain.domain], (r) => r instanceof IamRolePolicy);
    // The bootstrap maps security roles and turns the audit log on as the master user: its log is an audit log.
    const bootstrap = {
      principals: principalsRef,
      subnetIds: this.privateSubnets,
      vpcId: this.network.vpcId,
      logRetentionDays: env.logging.retentionDays,
    };
    if (this.isPrimary) {
      const leaderBootstrap = new ReplicationBootstrap(this, 'SearchBootstrap', { ...bootstrap, domain, principalPolicies: principals?.httpPolicies });
      if (principals) {
        // The shared roles trust the bootstrap role by ARN (a condition, see SearchPrincipals): they come
        // after it, and everything else of the bootstrap after them.
        dependOn(leaderBootstrap, [principals.adminRole, principals.replicationRole], (r) => r !== leaderBootstrap.role);
        dependOn(principals, [leaderBootstrap.role], (r) => r instanceof IamRole);
      }
    }
    if (!this.isPrimary && !this.failover) {
      const connection = new CrossClusterConnection(this, 'SearchReplication', {
        follower: domain,
        leader: openSearchDomainRef({ domainName: naming.searchDomainName('primary'), region: env.primaryRegion, accountId: env.accountId }),
        connectionAlias: naming.searchConnectionAlias(),
      });
      new TerraformOutput(this, 'SearchConnectionId', {
        description: 'Id of the follower connection; the replication stack reads it from this state and accepts it',
        value: connection.connectionId,
      }).overrideLogicalId(SEARCH_CONNECTION_OUTPUT);
      // Invoked by the replication stack once the leader's Region accepted the connection (the
      // function waits for it to be ACTIVE): a fresh environment deploys in one pass.
      const follower = new ReplicationBootstrap(this, 'SearchBootstrap', { ...bootstrap, domain, connection, invoke: false });
      const output = this.output.bind(this);
      output(
        'SearchBootstrapFunction',
        SEARCH_BOOTSTRAP_FUNCTION_OUTPUT,
        'Follower replication bootstrap function (invoked by the replication stack)',
        follower.functionName,
      );
      output('SearchBootstrapInput', SEARCH_BOOTSTRAP_INPUT_OUTPUT, 'Input of the follower replication bootstrap', JSON.stringify(follower.event));
      output(
        'SearchBootstrapCode',
        SEARCH_BOOTSTRAP_CODE_OUTPUT,
        'Code hash of the bootstrap function (re-invokes it on change)',
        follower.triggers.code_sha256,
      );
      return { follower: domain, connection };
    }
    if (!this.isPrimary) {
      // After failover the same function (same addresses and configuration, so the failover apply leaves
      // it alone) serves the runbook's `{"action":"stopReplication"}`: the domain is reachable from its
      // VPC only, and the function runs there as the master user.
      new ReplicationBootstrap(this, 'SearchBootstrap', { ...bootstrap, domain, failoverConnectionAlias: naming.searchConnectionAlias(), invoke: false });
    }
    return undefined;
  }

  private database(): void {
    const { env, naming } = this;
    const network = { subnetIds: this.privateSubnets, vpcId: this.network.vpcId, allowedCidrs: [this.network.cidr] };
    // One autoscaling limit for the source and its replica: the replica must grow with the source (WS-RDS-006).
    const maxAllocatedStorageGiB = defaultMaxAllocatedStorageGiB(env.rds.allocatedStorageGiB);
    if (this.isPrimary) {
      const source = new PostgresInstance(this, 'Database', {
        ...network,
        identifier: naming.dbIdentifier('primary'),
        engineVersion: env.rds.engineVersion,
        instanceClass: env.rds.instanceClass,
        allocatedStorageGiB: env.rds.allocatedStorageGiB,
        maxAllocatedStorageGiB,
        databaseName: env.rds.databaseName,
        backupRetentionDays: env.rds.backupRetentionDays,
        multiAz: env.rds.multiAz,
        kmsKey: this.keys.key('rds'),
        region: this.region,
        accountId: env.accountId,
        // The promoted replica keeps this instance's master password: its secret is copied there.
        masterSecretReplica: { region: env.standbyRegion },
        masterPasswordRotation: { scheduleDays: env.rds.masterPasswordRotationDays, logRetentionDays: env.logging.retentionDays },
      });
      // A rotation runs asynchronously, also the first one: only these page when it fails (WS-ALARM-005).
      new SecretRotationAlarms(this, 'MasterSecretRotationAlarms', {
        region: this.region,
        alarmTopic: this.alertTopic.ref,
        name: `${naming.dbIdentifier('primary').slice(0, 28)}-master-secret`,
        rotationFunction: source.masterSecretRotation.function,
        secretArn: source.masterSecret.secret.arn,
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
        maxAllocatedStorageGiB,
      }),
      instanceClass: env.rds.replicaInstanceClass,
      kmsKey: this.keys.key('rds'),
      region: this.region,
      replicaLagAlarmSeconds: env.rds.replicaLagAllowanceSeconds,
      alarmActionArns: [this.alertTopic.topicArn],
      promoted: this.failover,
      // Promoted, it is the database of record: Multi-AZ like the source (WS-RDS-005).
      multiAz: this.failover && env.rds.multiAz,
    });
  }

  private cache(): void {
    const { env, naming } = this;
    const common = {
      subnetIds: this.privateSubnets,
      vpcId: this.network.vpcId,
      // The clients are the pods on the EKS nodes, which sit in the cluster security group (managed
      // node groups without a launch template); not every host of the VPC.
      allowedSecurityGroupIds: [this.cluster.clusterSecurityGroupId],
      kmsKey: this.keys.key('elasticache'),
      region: this.region,
      numCacheClusters: env.elasticache.numCacheClusters,
    };
    const globalDatastore = globalDatastoreRef({
      suffix: env.elasticache.globalReplicationGroupIdSuffix,
      region: env.primaryRegion,
      // Failback: the Global Datastore the live environment created keeps its id (see environments/failback.ts).
      createdInRegion: env.failback?.originalPrimaryRegion,
      accountId: env.accountId,
    });
    if (this.isPrimary) {
      new RedisPrimaryGroup(this, 'Cache', {
        ...common,
        replicationGroupId: naming.cacheGroupId('primary'),
        engineVersion: env.elasticache.engineVersion,
        nodeType: env.elasticache.nodeType,
        globalReplicationGroupIdSuffix: env.elasticache.globalReplicationGroupIdSuffix,
        // Standby clients (and the promoted Region) read the AUTH token from the replica.
        authTokenReplicaRegions: [env.standbyRegion],
        // Failback: this Region's group is already the primary of the live Global Datastore; adopt it.
        importGlobalDatastoreId: env.failback ? globalDatastore.id : undefined,
      });
    } else {
      new RedisSecondaryGroup(this, 'Cache', {
        ...common,
        replicationGroupId: naming.cacheGroupId('standby'),
        globalDatastore,
        // The token of the group that created the Global Datastore, from its secret in this Region: the
        // replica of the primary's secret; in failback, the secret this Region's old primary group kept.
        authTokenSecretName: redisAuthSecretName(naming.cacheGroupId(env.failback ? 'standby' : 'primary')),
      });
    }
  }

  private feed(): RegionalFeed {
    const { env, naming } = this;
    const peer = naming.peerOf(this.role);
    // This Region's topic and payload bucket, so the feed survives the loss of the other Region
    // (WS-FEED-005); within the stack, everything is wired by reference (WS-REF-001).
    const topic = new FeedTopic(this, 'FeedTopic', { topicName: naming.feedTopic(), kmsKey: this.keys.key('sns'), region: this.region });
    const payload = new PayloadBucket(this, 'FeedPayload', {
      bucketName: naming.payloadBucket(this.role),
      region: this.region,
      accountId: env.accountId,
      kmsKey: this.keys.key('s3'),
      // The other Region's loader reads payloads published here; its role name is deterministic.
      readerRoleArns: [loaderRoleArn(naming.feedName(peer), naming.regionOf(peer), env.accountId)],
      accessLogs: this.accessLogs,
    });
    const own = { bucket: payload.ref, kmsKey: this.keys.key('s3') };
    const peerSource = {
      bucket: payloadBucketRef(naming.payloadBucket(peer), naming.regionOf(peer)),
      kmsKey: regionalRef(naming.kmsAliasArn(peer, 's3'), naming.kmsAlias(peer, 's3'), naming.regionOf(peer)),
    };
    const feed = new RegionalFeed(this, 'Feed', {
      name: naming.feedName(this.role),
      region: this.region,
      accountId: env.accountId,
      // Both Regions' topics fan out to this queue (the cross-Region subscriptions are in the replication stack).
      topics: [topic.ref, feedTopicRef({ name: naming.feedTopic(), region: naming.regionOf(peer), accountId: env.accountId })],
      // Both buckets in both modes, so the loader's IAM policy is the same in failover (written in normal
      // mode, unused until then): the targeted failover apply touches no IAM (WS-FO-007). Failover
      // narrows only what the function reads: its own Region's bucket, nothing in the lost Region.
      payloadSources: [own, peerSource],
      activePayloadBuckets: this.failover ? [own.bucket.id] : undefined,
      kmsKey: this.keys.key('sqs'),
      // The cluster, its master secret and snapshots: the Region's Redshift key, not the queues'.
      warehouseKmsKey: this.keys.key('redshift'),
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
      auditLogRetentionDays: env.logging.retentionDays,
    });
    payload.addReaderRoleArn(feed.loaderRoleArn);
    // The topic's Region owns subscriptions: each stack subscribes its own queue to its own topic.
    new FeedSubscription(this, 'FeedSubscription', { topic: topic.ref, queue: feed.queueRef, region: this.region });
    return feed;
  }

  /** This Region's alert topic, encrypted with the Region's `sns` key, subscribed by `alerts.email`. */
  private alerts(): AlertTopic {
    return new AlertTopic(this, 'AlertTopic', {
      topicName: alertTopicName(this.naming.prefix(this.role)),
      region: this.region,
      accountId: this.env.accountId,
      kmsKey: this.keys.key('sns'),
      emailEndpoints: this.env.alerts.email,
      externalSubscriber: this.env.alerts.externalSubscriber,
    });
  }

  /**
   * Alarms on the replication paths this Region holds (WS-ALARM-001): the health check (primary),
   * the feed's dead-letter queue and loader, the OpenSearch connection (standby). The replica-lag
   * alarm is the read replica's own (`alarmActionArns`, see database()).
   */
  private replicationAlarms(paths: ReplicationPaths): void {
    const { env, naming } = this;
    const target: AlarmTarget = { region: this.region, alarmTopic: this.alertTopic.ref };
    // The endpoint check of the primary's own record (DNS switch opted out). With an operator switch
    // the standby stack holds the check, and the replication stack alarms on it (see ReplicationStack).
    const { ownRecordHealthCheck: healthCheck, feed, searchReplication } = paths;
    if (healthCheck && this.isPrimary) {
      new HealthCheckAlarm(this, 'HealthCheckAlarm', { ...this.route53AlarmTarget(target), healthCheck, endpointName: env.dns.primaryTarget });
    }
    const dlqName = feedDeadLetterQueueName(naming.feedName(this.role));
    new FeedAlarms(this, 'FeedAlarms', {
      ...target,
      name: naming.feedName(this.role),
      deadLetterQueue: regionalRef(feed.deadLetterQueueArn, dlqName, this.region),
      loader: feed,
    });
    if (searchReplication) {
      new OpenSearchReplicationAlarms(this, 'SearchReplicationAlarms', {
        ...target,
        ...searchReplication,
        lagAllowanceSeconds: searchLagAlarmSeconds(env),
      });
    }
  }
}

/**
 * How long the OpenSearch follower may stay behind before the lag alarm pages: half the recovery
 * point objective (leaving the other half to act before the RPO is lost), never less than the lag
 * the application declares it tolerates.
 */
export function searchLagAlarmSeconds(env: EnvironmentConfig): number {
  return Math.max(env.opensearch.replicationLagAllowanceSeconds, Math.floor(env.objectives.rpoSeconds / 2));
}
