/**
 * Typed configuration of one warm-standby environment: one primary Region and one standby Region.
 *
 * Environments hold values only; defaults live in `defaults.ts` and validation in `validate.ts`.
 * Everything the standby stack needs to know about the primary Region comes from here or from
 * deterministic naming (`naming/index.ts`), never from a read of the primary Region's state.
 */

export type Role = 'primary' | 'standby';

/** Node-group sizing of one Region's EKS cluster. */
export interface NodeGroupSizing {
  readonly minNodes: number;
  readonly desiredNodes: number;
  readonly maxNodes: number;
}

/**
 * Who moves traffic from the primary to the standby Region:
 * - `arc`: Route 53 Application Recovery Controller routing controls (one per Region, a safety rule
 *   keeping at least one ON); the operator flips them on the ARC data plane (five Regions).
 * - `manual`: a disabled CALCULATED health check the operator inverts (`aws route53
 *   update-health-check --inverted`); needs the Route 53 control plane (us-east-1). No hourly cost.
 * - `endpoint`: the PRIMARY record follows the endpoint health check (automatic failover and
 *   failback, the split-brain risk); only with a `reason`, and the gate reports it (WS-DNS-005).
 */
export type DnsSwitchKind = 'arc' | 'manual' | 'endpoint';

export interface DnsSwitchConfig {
  readonly kind: DnsSwitchKind;
  /**
   * Why this environment accepts automatic failover on the endpoint health check; required for
   * `kind: 'endpoint'` and only allowed there. It becomes a health check tag value, so 10-256
   * letters, digits, spaces and `_ . : / = + - @`.
   */
  readonly reason?: string;
}

export interface DnsConfig {
  /** Route 53 hosted zone id that holds the failover records, e.g. `Z0123456789ABCDEFGHIJ`. */
  readonly hostedZoneId: string;
  /** Fully qualified record name answered by the failover pair, e.g. `pay.example.com`. */
  readonly recordName: string;
  /** Application endpoint (host name) in the primary Region that the record points at. */
  readonly primaryTarget: string;
  /** Application endpoint (host name) in the standby Region. */
  readonly standbyTarget: string;
  /** @default 60 */
  readonly ttlSeconds: number;
  /** @default {"protocol": "HTTPS", "port": 443, "path": "/healthz", "requestIntervalSeconds": 10, "failureThreshold": 3} */
  readonly healthCheck: {
    readonly protocol: 'HTTP' | 'HTTPS' | 'TCP';
    readonly port: number;
    /** Request path; ignored for TCP. */
    readonly path: string;
    /** Route 53 accepts 10 (fast) or 30 (standard). */
    readonly requestIntervalSeconds: 10 | 30;
    readonly failureThreshold: number;
  };
  /**
   * Operator-controlled switch between the Regions (see {@link DnsSwitchKind}).
   * @default {"kind": "arc"}
   */
  readonly switch: DnsSwitchConfig;
}

export interface NetworkConfig {
  /**
   * CIDR of the VPC created in each Region; they must not overlap, so the two can be peered later.
   * @default "10.10.0.0/16"
   */
  readonly primaryCidr: string;
  /** @default "10.20.0.0/16" */
  readonly standbyCidr: string;
  /** @default 3 */
  readonly azCount: number;
  /**
   * Transit gateway of the primary Region through which the deploy agents' networks
   * (`eks.endpoint.privateAccessCidrs`) reach the primary VPC: its private subnets are attached and
   * every private route table routes those networks to it. Required for a private endpoint whose
   * agent networks lie outside `primaryCidr` (nothing else routes them). A transit gateway is
   * regional, hence one per Region.
   * @default - none: no transit gateway attachment or route
   */
  readonly primaryTransitGatewayId?: string;
  /**
   * The same for the standby Region and `standbyCidr`.
   * @default - none: no transit gateway attachment or route
   */
  readonly standbyTransitGatewayId?: string;
}

/**
 * Where the Terraform runs that talk to the clusters' Kubernetes API (Helm, Kubernetes provider)
 * execute; the deploy workflow must run there.
 */
export type EksDeployRunner =
  /** An HCP Terraform agent pool whose agents run in (or are routed to) the VPCs; the workspaces use agent execution mode. */
  | { readonly kind: 'hcp-agent-pool'; readonly agentPoolName: string }
  /** A GitHub Actions runner label (`runs-on`) of self-hosted runners or runners with fixed egress, never a GitHub-hosted label. */
  | { readonly kind: 'github-runner'; readonly runnerLabel: string };

/**
 * Reachability of the clusters' API server endpoint. The private endpoint is always on.
 * - `private`: reachable only from the VPC (and networks routed to it); `deployRunner` must run there.
 * - `public`: also reachable from the internet, restricted to `publicAccessCidrs` (never 0.0.0.0/0);
 *   `deployRunner`'s egress must be inside them.
 */
export interface EksEndpointConfig {
  readonly access: 'private' | 'public';
  /** IPv4 networks allowed to reach the public endpoint; non-empty for `public`, empty for `private`. */
  readonly publicAccessCidrs: readonly string[];
  readonly deployRunner: EksDeployRunner;
  /**
   * IPv4 networks of the deploy agents that reach the private endpoint: each gets an HTTPS (443)
   * ingress rule on the cluster security group in both Regions. Required for `private` (nothing else
   * opens 443 to the agents). Networks outside a VPC are routed to it through that Region's
   * transit gateway (`network.primaryTransitGatewayId`, `network.standbyTransitGatewayId`).
   * Name resolution: the endpoint's name resolves to private addresses only inside the cluster VPC,
   * so agents elsewhere need a Route 53 Resolver rule forwarding `eks.amazonaws.com` names of the
   * Region to an inbound Resolver endpoint in that VPC (README, "Private API endpoint").
   * @default - none (only valid with a public endpoint)
   */
  readonly privateAccessCidrs?: readonly string[];
}

/** IAM roles given cluster-admin access entries (AmazonEKSClusterAdminPolicy) in both clusters. */
export interface EksAdminRolesConfig {
  /** Role the deploys assume (GitHub OIDC role or HCP Terraform dynamic credentials role). */
  readonly deployRoleArn: string;
  /** Emergency human access role, used when the deploy path is broken. */
  readonly breakGlassRoleArn: string;
}

export interface EksConfig {
  /**
   * Kubernetes minor version, e.g. `1.35`; the same in both Regions, in EKS standard support.
   * @default "1.35"
   */
  readonly kubernetesVersion: string;
  /** @default ["m6i.large"] */
  readonly instanceTypes: readonly string[];
  /** @default {"minNodes": 3, "desiredNodes": 3, "maxNodes": 6} */
  readonly primary: NodeGroupSizing;
  /** @default {"minNodes": 3, "desiredNodes": 3, "maxNodes": 6} */
  readonly standby: NodeGroupSizing;
  /** API server reachability and where deploys run; no default: each environment chooses. */
  readonly endpoint: EksEndpointConfig;
  /** Cluster-admin roles; no default: each environment names its own. */
  readonly adminRoles: EksAdminRolesConfig;
}

export interface VeleroConfig {
  /** @default "12.0.3" */
  readonly chartVersion: string;
  /**
   * Interval between scheduled backups in the primary cluster.
   * @default 60
   */
  readonly backupIntervalMinutes: number;
  /**
   * How long backups are kept (the Velero backup TTL; the backup bucket has no age-based expiration, see WS-BAK-006).
   * @default 14
   */
  readonly retentionDays: number;
  /**
   * Create the primary's Velero schedule paused. Not needed for a first deploy: the primary's
   * Kubernetes stack (which creates the schedule) is deployed after the replication stack (which
   * creates the backup bucket's replication rule), so no backup is written before the rule exists.
   * @default false
   */
  readonly schedulePaused: boolean;
  /**
   * Application namespaces the failover Restore brings back (never `velero`, `portworx` or
   * `kube-system`: the standby runs its own).
   * @default - `[app]`
   */
  readonly restoreNamespaces?: readonly string[];
}

export interface PortworxConfig {
  /**
   * Install Portworx (Helm chart `portworx`) in both clusters, with the Portworx Velero plugin.
   * The internal KVDB needs three nodes: both node groups must keep minNodes >= 3.
   * @default true
   */
  readonly enabled: boolean;
  /**
   * Exact `portworx` chart version (9.1.1 = Portworx Enterprise 3.6.1).
   * @default "9.1.1"
   */
  readonly chartVersion: string;
}

export interface OpenSearchConfig {
  /**
   * `OpenSearch_X.Y` or `Elasticsearch_X.Y`; cross-cluster replication needs OpenSearch >= 1.1 or Elasticsearch >= 7.10.
   * @default "OpenSearch_2.17"
   */
  readonly engineVersion: string;
  /** @default "r6g.large.search" */
  readonly instanceType: string;
  /** @default 3 */
  readonly instanceCount: number;
  /** @default 100 */
  readonly volumeSizeGiB: number;
  /**
   * Replication lag the application tolerates on the follower; feeds the RPO estimate.
   * @default 60
   */
  readonly replicationLagAllowanceSeconds: number;
}

export interface RdsConfig {
  /**
   * PostgreSQL major version, e.g. `16`. Minor versions are upgraded by RDS (auto minor version
   * upgrade is on), so a `<major>.<minor>` pin would show a downgrade diff after the first upgrade
   * (policy WS-VER-001); the parameter group family is `postgres<major>`.
   * @default "16"
   */
  readonly engineVersion: string;
  /** @default "db.r6g.large" */
  readonly instanceClass: string;
  /**
   * Class of the standby Region's replica; may be smaller than the source's while warm.
   * @default "db.r6g.large"
   */
  readonly replicaInstanceClass: string;
  /** @default 100 */
  readonly allocatedStorageGiB: number;
  /**
   * Automated-backup retention of the source; a read replica needs it >= 1.
   * @default 7
   */
  readonly backupRetentionDays: number;
  /**
   * Multi-AZ source; in failover mode the promoted replica becomes Multi-AZ as well (WS-RDS-005).
   * @default true
   */
  readonly multiAz: boolean;
  /** @default "app" */
  readonly databaseName: string;
  /**
   * Replica lag the application tolerates; feeds the RPO estimate and the lag alarm.
   * @default 60
   */
  readonly replicaLagAllowanceSeconds: number;
  /**
   * Days between rotations of the source's master secret (`<identifier>-master`) by its single-user
   * rotation function; 1 to 1000 (the rotation interval Secrets Manager accepts). The gate refuses more than
   * `max_master_secret_rotation_days` (default 90, WS-RDS-007).
   * @default 30
   */
  readonly masterPasswordRotationDays: number;
}

export interface ElastiCacheConfig {
  /** @default "7.1" */
  readonly engineVersion: string;
  /** @default "cache.r6g.large" */
  readonly nodeType: string;
  /**
   * Nodes per replication group (primary + replicas); >= 2 for automatic failover.
   * @default 2
   */
  readonly numCacheClusters: number;
  /**
   * Suffix given to the Global Datastore. AWS prefixes it with the primary Region's fixed prefix
   * (`GLOBAL_DATASTORE_ID_PREFIXES` in modules/elasticache); the standby derives the full id it joins.
   * @default "cache"
   */
  readonly globalReplicationGroupIdSuffix: string;
}

export interface RedshiftFeedConfig {
  /** @default "ra3.xlplus" */
  readonly nodeType: string;
  /** @default 2 */
  readonly numberOfNodes: number;
  /** @default "analytics" */
  readonly databaseName: string;
  /** @default "loader_admin" */
  readonly masterUsername: string;
  /**
   * Messages per Lambda invocation.
   * @default 10
   */
  readonly batchSize: number;
  /**
   * Maximum time SQS gathers a batch before invoking the loader.
   * @default 30
   */
  readonly maxBatchingWindowSeconds: number;
  /**
   * Receive attempts before a message moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount: number;
}

/**
 * Where CloudWatch alarms on the replication paths notify (one alert SNS topic per Region). Someone
 * must be paged: `email` or `externalSubscriber` (or both) is required (WS-ALARM-003).
 */
export interface AlertsConfig {
  /**
   * E-mail addresses subscribed to each Region's alert topic (each confirms its subscription); empty: none.
   * @default []
   */
  readonly email: readonly string[];
  /**
   * Who subscribes to the alert topics outside this project, e.g. `PagerDuty service payments-dr:
   * HTTPS subscription managed by the incident-management team`: written on each alert topic as
   * the tag `warm-standby/external-subscriber`, so the gate (WS-ALARM-003) and a reader see that
   * alarms page someone. 10-256 letters, digits, spaces and `_ . : / = + - @` (an SNS tag value).
   * Without it, `email` must not be empty.
   * @default - none: the e-mail subscriptions are the only subscribers
   */
  readonly externalSubscriber?: string;
}

/** CloudWatch Logs retention of the audit-class logs: EKS control plane, VPC flow logs. */
export interface LoggingConfig {
  /**
   * Days to keep them: a CloudWatch Logs retention value (0 = never expire), at least 365 (PCI DSS
   * 10.5.1 keeps audit log history 12 months; rule WS-LOG-001).
   * @default 365
   */
  readonly retentionDays: number;
}

export interface RecoveryObjectives {
  /** @default 900 */
  readonly rpoSeconds: number;
  /** @default 3600 */
  readonly rtoSeconds: number;
}

export interface S3BackendConfig {
  readonly kind: 's3';
  /** State bucket name prefix; the bucket in each Region is `<prefix>-<region>`. */
  readonly bucketPrefix: string;
  /**
   * DynamoDB lock table, created in each Region, for existing set-ups only: Terraform deprecated
   * DynamoDB-based locking of the S3 backend in 1.11 (S3 backend docs, "State Locking").
   * @default - S3 native locking (`use_lockfile`): a `<key>.tflock` object beside each state, so the
   *   state bucket is the only thing each Region needs
   */
  readonly lockTable?: string;
}

export interface CloudBackendConfig {
  readonly kind: 'cloud';
  readonly organization: string;
  /** Workspace of each stack is `<prefix>-<stack name>`, so each Region has its own. */
  readonly workspacePrefix: string;
  /** @default "app.terraform.io" */
  readonly hostname: string;
}

export type BackendConfig = S3BackendConfig | CloudBackendConfig;

/** Per-environment values for the policy gate's parameters (see `policies/params`). */
export interface PolicyParams {
  readonly min_standby_nodes?: number;
  readonly max_dns_detection_seconds?: number;
  readonly [key: string]: unknown;
}

/**
 * AWS-assigned ids of the live DNS switch (`<env>-standby`'s state), which the environment with the
 * Regions swapped adopts with `import` blocks: written by `scripts/failback-ids.ts` from
 * `terraform show -json` of that stack, read from the file `WARM_STANDBY_FAILBACK_IDS` names.
 */
export interface LiveDnsIds {
  /** The endpoint health check (output `dns_endpoint_health_check_id`); the swapped stack points it at the new primary's endpoint. */
  readonly endpointHealthCheckId: string;
  /**
   * With `dns.switch.kind` `arc`: the cluster, control panel, safety rule, and per Region its routing
   * control and RECOVERY_CONTROL health check.
   * @default - none (required with `arc`)
   */
  readonly arc?: {
    readonly clusterArn: string;
    readonly controlPanelArn: string;
    readonly safetyRuleArn: string;
    readonly routingControls: Readonly<Record<string, { readonly arn: string; readonly healthCheckId: string }>>;
  };
  /**
   * With kind `manual`: the live switch. Not adopted: it is inverted (failed over) and Terraform leaves
   * the flag alone, so the swapped PRIMARY record gets a new, healthy switch; the runbook deletes this one.
   * @default - none (required with `manual`)
   */
  readonly manualSwitchHealthCheckId?: string;
}

/** What the environment with the Regions swapped (`<env>-failback`, environments/failback.ts) adopts from the live one. */
export interface FailbackConfig {
  /**
   * Primary Region of the live environment. The Global Datastore was created there and keeps that
   * Region's id prefix after `failover-global-replication-group` moved its primary member.
   */
  readonly originalPrimaryRegion: string;
  /**
   * Live DNS switch ids to import.
   * @default - none: the synth imports the failover records (their ids are derivable) but not the switch, and says so
   */
  readonly liveDns?: LiveDnsIds;
}

export interface EnvironmentConfig {
  readonly name: string;
  /** Short name prefixed to every resource name, e.g. `payments`. */
  readonly app: string;
  readonly accountId: string;
  readonly primaryRegion: string;
  readonly standbyRegion: string;
  /** @default {} */
  readonly tags: Readonly<Record<string, string>>;
  readonly dns: DnsConfig;
  readonly network: NetworkConfig;
  readonly eks: EksConfig;
  readonly velero: VeleroConfig;
  readonly portworx: PortworxConfig;
  readonly opensearch: OpenSearchConfig;
  readonly rds: RdsConfig;
  readonly elasticache: ElastiCacheConfig;
  readonly redshiftFeed: RedshiftFeedConfig;
  readonly alerts: AlertsConfig;
  readonly logging: LoggingConfig;
  readonly objectives: RecoveryObjectives;
  readonly backend: BackendConfig;
  /** @default {} */
  readonly policyParams: PolicyParams;
  /**
   * Set only by `withRegionsSwapped` (environments/failback.ts): the live resources the swapped
   * environment adopts instead of creating. Environment files never set it.
   * @default - none: a normal environment creates everything it declares
   */
  readonly failback?: FailbackConfig;
}

/** What an environment file declares: everything with a default may be left out. */
export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends readonly (infer U)[] ? readonly U[] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

export type EnvironmentInput = DeepPartial<EnvironmentConfig> &
  Pick<EnvironmentConfig, 'name' | 'app' | 'accountId' | 'primaryRegion' | 'standbyRegion'> & {
    readonly dns: Pick<DnsConfig, 'hostedZoneId' | 'recordName' | 'primaryTarget' | 'standbyTarget'> & DeepPartial<DnsConfig>;
    readonly backend: BackendConfig | (Omit<CloudBackendConfig, 'hostname'> & { readonly hostname?: string });
    readonly eks: Pick<EksConfig, 'endpoint' | 'adminRoles'> & DeepPartial<Omit<EksConfig, 'endpoint' | 'adminRoles'>>;
  };
