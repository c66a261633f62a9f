import { CLOUDWATCH_LOG_RETENTION_DAYS, IPV4_CIDR } from '../modules/core/validation';
import { IAM_ROLE_ARN } from '../modules/eks/constants';
import { GLOBAL_DATASTORE_ID_PREFIXES, globalDatastoreIdPrefix } from '../modules/elasticache/region-prefixes';
import { ROUTE53_METRICS_REGION } from '../modules/alarms/constants';
import { BACKUP_RETENTION_DAYS } from '../modules/rds-postgres/constants';
import { PORTWORX_INTERNAL_KVDB_NODES } from '../modules/velero/constants';
import { EnvironmentConfig, NodeGroupSizing } from './types';
import { Naming } from '../naming';
import { suggestion } from '../common/text';

/** PCI DSS 10.5.1: audit log history is kept at least 12 months. */
export const MIN_AUDIT_LOG_RETENTION_DAYS = 365;

/** Regions offering every service the architecture uses (EKS, OpenSearch, RDS, ElastiCache Global Datastore, Redshift). */
export const KNOWN_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'eu-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-south-1',
  'sa-east-1',
];

/** Thrown when an environment breaks one or more rules; lists every problem, not just the first. */
export class EnvironmentValidationError extends Error {
  constructor(
    readonly environment: string,
    readonly problems: readonly string[],
  ) {
    super(`environment "${environment}" is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvironmentValidationError';
  }
}

const ENGINE_MINIMUMS: Record<string, readonly [number, number]> = { OpenSearch: [1, 1], Elasticsearch: [7, 10] };

/** Returns a problem when `engineVersion` is too old (or malformed) for cross-cluster replication. */
export function openSearchVersionProblem(field: string, engineVersion: string): string | undefined {
  const match = /^(OpenSearch|Elasticsearch)_(\d+)\.(\d+)$/.exec(engineVersion);
  if (!match) return `${field} must look like OpenSearch_X.Y or Elasticsearch_X.Y (got "${engineVersion}")`;
  const [, engine, major, minor] = match;
  const [minMajor, minMinor] = ENGINE_MINIMUMS[engine];
  const ok = Number(major) > minMajor || (Number(major) === minMajor && Number(minor) >= minMinor);
  return ok ? undefined : `${field} must be at least ${engine}_${minMajor}.${minMinor} for cross-cluster replication (got "${engineVersion}")`;
}

function cidrPrefix(cidr: string): number | undefined {
  const m = IPV4_CIDR.exec(cidr);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) return undefined;
  return Number(m[5]);
}

function cidrRange(cidr: string): [number, number] {
  const [ip, bits] = cidr.split('/');
  const base = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  const start = base - (base % size);
  return [start, start + size - 1];
}

/** Labels of GitHub-hosted runners: their egress addresses are GitHub's, neither in the VPC nor in an org CIDR. */
const GITHUB_HOSTED_LABEL = /^(ubuntu|windows|macos)-(latest|[0-9.]+)(-arm)?$/;

/** Problems of `eks.endpoint` (API reachability and where deploys run) and `eks.adminRoles`. */
export function eksAccessProblems(env: EnvironmentConfig): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, message: string): void => {
    if (!ok) problems.push(message);
  };
  const endpoint = env.eks.endpoint;
  if (!endpoint) return ['eks.endpoint must be set: { access: "private" | "public", publicAccessCidrs, deployRunner } (got undefined)'];
  check(endpoint.access === 'private' || endpoint.access === 'public', `eks.endpoint.access must be "private" or "public" (got "${endpoint.access}")`);
  const cidrs = endpoint.publicAccessCidrs ?? [];
  if (endpoint.access === 'public') {
    check(cidrs.length > 0, 'eks.endpoint.publicAccessCidrs must list the networks allowed to reach a public endpoint; empty means 0.0.0.0/0 (got [])');
    cidrs.forEach((cidr, i) => {
      const prefix = cidrPrefix(cidr);
      check(prefix !== undefined, `eks.endpoint.publicAccessCidrs[${i}] must be an IPv4 CIDR such as 203.0.113.0/24 (got "${cidr}")`);
      check(prefix === undefined || prefix > 0, `eks.endpoint.publicAccessCidrs[${i}] must not open the API server to every address (got "${cidr}")`);
    });
  } else {
    check(cidrs.length === 0, `eks.endpoint.publicAccessCidrs must be empty for a private endpoint (got ${JSON.stringify(cidrs)})`);
  }
  const runner = endpoint.deployRunner;
  if (runner?.kind === 'hcp-agent-pool') {
    check(
      /^[A-Za-z0-9][A-Za-z0-9_-]{0,89}$/.test(runner.agentPoolName),
      `eks.endpoint.deployRunner.agentPoolName must name an HCP Terraform agent pool (got "${runner.agentPoolName}")`,
    );
    check(
      env.backend.kind === 'cloud',
      `eks.endpoint.deployRunner.kind "hcp-agent-pool" needs backend.kind "cloud": agents run HCP Terraform workspaces (got "${env.backend.kind}")`,
    );
  } else if (runner?.kind === 'github-runner') {
    check(
      /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(runner.runnerLabel),
      `eks.endpoint.deployRunner.runnerLabel must be a runner label (got "${runner.runnerLabel}")`,
    );
    check(
      !GITHUB_HOSTED_LABEL.test(runner.runnerLabel),
      `eks.endpoint.deployRunner.runnerLabel must be a self-hosted or fixed-egress runner, not the GitHub-hosted "${runner.runnerLabel}" whose addresses can reach neither a private nor a restricted endpoint`,
    );
  } else {
    problems.push(
      `eks.endpoint.deployRunner.kind must be "hcp-agent-pool" or "github-runner" (got ${JSON.stringify((runner as { kind?: unknown } | undefined)?.kind ?? null)})`,
    );
  }

  const roles = env.eks.adminRoles;
  if (!roles) return [...problems, 'eks.adminRoles must name deployRoleArn and breakGlassRoleArn (got undefined)'];
  for (const field of ['deployRoleArn', 'breakGlassRoleArn'] as const) {
    const arn = roles[field];
    check(
      typeof arn === 'string' && IAM_ROLE_ARN.test(arn),
      `eks.adminRoles.${field} must be an IAM role ARN such as arn:aws:iam::${env.accountId}:role/name (got "${arn}")`,
    );
  }
  check(
    roles.deployRoleArn !== roles.breakGlassRoleArn,
    `eks.adminRoles.breakGlassRoleArn must differ from eks.adminRoles.deployRoleArn: EKS allows one access entry per role (both are "${roles.deployRoleArn}")`,
  );
  return problems;
}

/** Collects the problems of one section; each names the field, the value and the rule. */
class Problems {
  readonly list: string[] = [];

  check(ok: boolean, message: string): void {
    if (!ok) this.list.push(message);
  }

  positiveInt(field: string, value: number, min = 1): void {
    this.check(Number.isInteger(value) && value >= min, `${field} must be an integer >= ${min} (got ${value})`);
  }
}

/** `name`, `app`, `accountId` and the two Regions. */
export function identityProblems(env: EnvironmentConfig): string[] {
  const p = new Problems();
  p.check(/^[a-z][a-z0-9-]{1,30}$/.test(env.name), `name must be lower-case letters, digits and dashes (got "${env.name}")`);
  p.check(/^[a-z][a-z0-9]{1,14}$/.test(env.app), `app must be 2-15 lower-case letters and digits, starting with a letter (got "${env.app}")`);
  p.check(/^\d{12}$/.test(env.accountId), `accountId must be 12 digits (got "${env.accountId}")`);
  for (const field of ['primaryRegion', 'standbyRegion'] as const) {
    p.check(KNOWN_REGIONS.includes(env[field]), `${field} "${env[field]}" is not a known Region (known: ${KNOWN_REGIONS.join(', ')})`);
  }
  p.check(env.primaryRegion !== env.standbyRegion, `standbyRegion must differ from primaryRegion (both are "${env.primaryRegion}")`);
  if (env.failback !== undefined) {
    // The swap makes the live primary Region the standby: anything else names resources that do not exist.
    p.check(
      env.failback.originalPrimaryRegion === env.standbyRegion,
      `failback.originalPrimaryRegion must be the standbyRegion "${env.standbyRegion}" of the environment with the Regions swapped (got "${env.failback.originalPrimaryRegion}")`,
    );
  }
  return p.list;
}

/** `dns`: zone, record, health check and the operator switch. */
export function dnsProblems(env: EnvironmentConfig): string[] {
  const p = new Problems();
  const dns = env.dns;
  p.check(/^Z[A-Z0-9]{4,31}$/.test(dns.hostedZoneId), `dns.hostedZoneId must look like a Route 53 zone id (got "${dns.hostedZoneId}")`);
  p.check(/^([a-z0-9-]+\.)+[a-z]{2,}$/.test(dns.recordName), `dns.recordName must be a DNS name (got "${dns.recordName}")`);
  p.check(dns.primaryTarget !== dns.standbyTarget, `dns.standbyTarget must differ from dns.primaryTarget (both are "${dns.primaryTarget}")`);
  p.positiveInt('dns.ttlSeconds', dns.ttlSeconds);
  p.check(
    [10, 30].includes(dns.healthCheck.requestIntervalSeconds),
    `dns.healthCheck.requestIntervalSeconds must be 10 or 30 (got ${dns.healthCheck.requestIntervalSeconds})`,
  );
  p.check(
    Number.isInteger(dns.healthCheck.failureThreshold) && dns.healthCheck.failureThreshold >= 1 && dns.healthCheck.failureThreshold <= 10,
    `dns.healthCheck.failureThreshold must be an integer from 1 to 10 (got ${dns.healthCheck.failureThreshold})`,
  );
  p.check(dns.healthCheck.port >= 1 && dns.healthCheck.port <= 65535, `dns.healthCheck.port must be 1-65535 (got ${dns.healthCheck.port})`);
  p.check(
    dns.healthCheck.protocol === 'TCP' || dns.healthCheck.path.startsWith('/'),
    `dns.healthCheck.path must start with "/" (got "${dns.healthCheck.path}")`,
  );
  const dnsSwitch = dns.switch;
  p.check(['arc', 'manual', 'endpoint'].includes(dnsSwitch.kind), `dns.switch.kind must be 'arc', 'manual' or 'endpoint' (got "${dnsSwitch.kind}")`);
  if (dnsSwitch.kind === 'endpoint') {
    const reason = dnsSwitch.reason ?? '';
    p.check(
      reason.trim().length >= 10 && reason.length <= 256 && /^[\p{L}\p{N} _.:/=+\-@]+$/u.test(reason),
      `dns.switch.reason must say in 10-256 letters, digits, spaces and _.:/=+-@ why kind 'endpoint' (automatic failover and failback on the endpoint health check, WS-DNS-005) is acceptable (got "${reason}")`,
    );
  } else {
    p.check(
      dnsSwitch.reason === undefined,
      `dns.switch.reason is only allowed with kind 'endpoint' (got kind '${dnsSwitch.kind}' with reason "${dnsSwitch.reason}")`,
    );
  }
  return p.list;
}

/** `network`: the two VPC CIDRs (valid, not overlapping) and the AZ count. */
export function networkProblems(env: EnvironmentConfig): string[] {
  const p = new Problems();
  const net = env.network;
  for (const field of ['primaryCidr', 'standbyCidr'] as const) {
    const prefix = cidrPrefix(net[field]);
    p.check(prefix !== undefined && prefix >= 16 && prefix <= 24, `network.${field} must be an IPv4 CIDR from /16 to /24 (got "${net[field]}")`);
  }
  if (cidrPrefix(net.primaryCidr) !== undefined && cidrPrefix(net.standbyCidr) !== undefined) {
    const [a0, a1] = cidrRange(net.primaryCidr);
    const [b0, b1] = cidrRange(net.standbyCidr);
    p.check(a1 < b0 || b1 < a0, `network.standbyCidr "${net.standbyCidr}" must not overlap network.primaryCidr "${net.primaryCidr}"`);
  }
  p.check(Number.isInteger(net.azCount) && net.azCount >= 2 && net.azCount <= 3, `network.azCount must be 2 or 3 (got ${net.azCount})`);
  for (const field of ['primaryTransitGatewayId', 'standbyTransitGatewayId'] as const) {
    const id = net[field];
    if (id !== undefined) p.check(/^tgw-[0-9a-f]{8,17}$/.test(id), `network.${field} must be a transit gateway id (tgw- and 8 to 17 hex digits) (got "${id}")`);
  }
  p.list.push(...agentRouteProblems(env));
  return p.list;
}

/**
 * A private API endpoint is reached only by networks routed to the VPC: an agent network outside a
 * Region's VPC needs that Region's transit gateway, which attaches the VPC and routes the network.
 */
function agentRouteProblems(env: EnvironmentConfig): string[] {
  const endpoint = env.eks.endpoint;
  const problems: string[] = [];
  for (const field of ['primaryTransitGatewayId', 'standbyTransitGatewayId'] as const) {
    const id = env.network[field];
    if (id !== undefined && (endpoint?.privateAccessCidrs ?? []).length === 0) {
      problems.push(
        `network.${field} routes eks.endpoint.privateAccessCidrs to the VPC, which lists none: list the agents' networks or remove it (got "${id}")`,
      );
    }
  }
  if (endpoint?.access !== 'private') return problems;
  for (const role of ['primary', 'standby'] as const) {
    const cidrField = `${role}Cidr` as const;
    const tgwField = `${role}TransitGatewayId` as const;
    if (env.network[tgwField] !== undefined || cidrPrefix(env.network[cidrField]) === undefined) continue;
    const outside = (endpoint.privateAccessCidrs ?? []).findIndex((cidr) => cidrPrefix(cidr) !== undefined && !cidrWithin(cidr, env.network[cidrField]));
    if (outside < 0) continue;
    problems.push(
      `network.${tgwField} must be set: eks.endpoint.access is private and eks.endpoint.privateAccessCidrs[${outside}] "${endpoint.privateAccessCidrs![outside]}" ` +
        `is outside network.${cidrField} "${env.network[cidrField]}", so the deploy agents reach the ${role} cluster only through a transit gateway route (got none)`,
    );
  }
  return problems;
}

/** True when CIDR `inner` lies inside CIDR `outer` (both valid). */
function cidrWithin(inner: string, outer: string): boolean {
  const [i0, i1] = cidrRange(inner);
  const [o0, o1] = cidrRange(outer);
  return i0 >= o0 && i1 <= o1;
}

/** `eks`: version, endpoint access, node group sizing (the standby can scale to the primary's size). */
export function eksProblems(env: EnvironmentConfig): string[] {
  const p = new Problems();
  const eks = env.eks;
  p.check(/^1\.\d{2}$/.test(eks.kubernetesVersion), `eks.kubernetesVersion must be a minor version like 1.35 (got "${eks.kubernetesVersion}")`);
  p.list.push(...eksAccessProblems(env));
  p.list.push(...eksPrivateAccessProblems(env));
  p.check(eks.instanceTypes.length > 0, 'eks.instanceTypes must list at least one instance type (got none)');
  const sizing = (role: 'primary' | 'standby', s: NodeGroupSizing, min: number): void => {
    p.positiveInt(`eks.${role}.minNodes`, s.minNodes, min);
    p.check(
      s.desiredNodes >= s.minNodes && s.desiredNodes <= s.maxNodes,
      `eks.${role}.desiredNodes must be between minNodes and maxNodes (got ${s.minNodes} <= ${s.desiredNodes} <= ${s.maxNodes})`,
    );
  };
  sizing('primary', eks.primary, 1);
  p.check(eks.standby.minNodes >= 1, `eks.standby.minNodes must be >= 1 for a warm standby (got ${eks.standby.minNodes})`);
  sizing('standby', eks.standby, 0);
  p.check(
    eks.standby.maxNodes >= eks.primary.desiredNodes,
    `eks.standby.maxNodes must be >= eks.primary.desiredNodes so the standby can scale up on failover (got ${eks.standby.maxNodes} < ${eks.primary.desiredNodes})`,
  );
  return p.list;
}

/** `velero`, `portworx` and `alerts`. */
export function backupProblems(env: EnvironmentConfig): string[] {
  const p = new Problems();
  const eks = env.eks;
  p.positiveInt('velero.backupIntervalMinutes', env.velero.backupIntervalMinutes, 5);
  p.positiveInt('velero.retentionDays', env.velero.retentionDays);
  env.alerts.email.forEach((address, i) =>
    p.check(/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address), `alerts.email[${i}] must be an e-mail address (got "${address}")`),
  );
  const external = env.alerts.externalSubscriber;
  if (external !== undefined) {
    p.check(
      typeof external === 'string' && external.trim().length >= 10 && external.length <= 256 && /^[\p{L}\p{N} _.:/=+\-@]+$/u.test(external),
      `alerts.externalSubscriber must say in 10-256 letters, digits, spaces and _.:/=+-@ who subscribes to the alert topics outside this project (got "${String(external)}")`,
    );
  }
  p.check(
    env.alerts.email.length > 0 || external !== undefined,
    'alerts must name a subscriber: alerts.email is empty and alerts.externalSubscriber is not set, so every alarm would page nobody (WS-ALARM-003)',
  );
  const retention = env.logging.retentionDays;
  p.check(
    CLOUDWATCH_LOG_RETENTION_DAYS.includes(retention) && (retention === 0 || retention >= MIN_AUDIT_LOG_RETENTION_DAYS),
    `logging.retentionDays must be a CloudWatch Logs retention of at least ${MIN_AUDIT_LOG_RETENTION_DAYS} days (PCI DSS 10.5.1: 12 months) or 0 (never expire): ${CLOUDWATCH_LOG_RETENTION_DAYS.filter((d) => d === 0 || d >= MIN_AUDIT_LOG_RETENTION_DAYS).join(', ')} (got ${String(retention)})`,
  );
  p.check(/^\d+\.\d+\.\d+$/.test(env.velero.chartVersion), `velero.chartVersion must be an exact x.y.z version (got "${env.velero.chartVersion}")`);
  p.check(/^\d+\.\d+\.\d+$/.test(env.portworx.chartVersion), `portworx.chartVersion must be an exact x.y.z version (got "${env.portworx.chartVersion}")`);
  p.check(typeof env.velero.schedulePaused === 'boolean', `velero.schedulePaused must be true or false (got ${String(env.velero.schedulePaused)})`);
  if (env.portworx.enabled) {
    // Portworx's internal KVDB keeps a quorum on three storage nodes; fewer nodes never form a cluster.
    for (const role of ['primary', 'standby'] as const) {
      p.check(
        eks[role].minNodes >= PORTWORX_INTERNAL_KVDB_NODES,
        `eks.${role}.minNodes must be >= ${PORTWORX_INTERNAL_KVDB_NODES} when portworx.enabled is true: Portworx's internal KVDB needs ${PORTWORX_INTERNAL_KVDB_NODES} nodes (got ${eks[role].minNodes}; set portworx.enabled: false for a smaller standby)`,
      );
    }
  }
  return p.list;
}

/** `opensearch`, `rds`, `elasticache`: the replicated data stores. */
export function dataStoreProblems(env: EnvironmentConfig): string[] {
  const p = new Problems();
  const osProblem = openSearchVersionProblem('opensearch.engineVersion', env.opensearch.engineVersion);
  if (osProblem) p.list.push(osProblem);
  p.positiveInt('opensearch.instanceCount', env.opensearch.instanceCount);
  p.positiveInt('opensearch.volumeSizeGiB', env.opensearch.volumeSizeGiB, 10);

  p.check(/^\d+(\.\d+)?$/.test(env.rds.engineVersion), `rds.engineVersion must be a PostgreSQL version like 16 (got "${env.rds.engineVersion}")`);
  p.check(
    !/^\d+\.\d+$/.test(env.rds.engineVersion),
    `rds.engineVersion must be a major version like 16: RDS upgrades minor versions automatically, so a minor pin like "${env.rds.engineVersion}" breaks the next plan (WS-VER-001)`,
  );
  p.check(
    Number.isInteger(env.rds.backupRetentionDays) &&
      env.rds.backupRetentionDays >= BACKUP_RETENTION_DAYS.min &&
      env.rds.backupRetentionDays <= BACKUP_RETENTION_DAYS.max,
    `rds.backupRetentionDays must be ${BACKUP_RETENTION_DAYS.min}-${BACKUP_RETENTION_DAYS.max}: a cross-Region read replica needs automated backups on the source (got ${env.rds.backupRetentionDays})`,
  );
  p.positiveInt('rds.allocatedStorageGiB', env.rds.allocatedStorageGiB, 20);
  const rotationDays = env.rds.masterPasswordRotationDays;
  p.check(
    Number.isInteger(rotationDays) && rotationDays >= 1 && rotationDays <= 1000,
    `rds.masterPasswordRotationDays must be an integer from 1 to 1000 (the rotation interval Secrets Manager accepts; the gate wants at most 90 by default, WS-RDS-007) (got ${String(rotationDays)})`,
  );
  p.check(/^[a-z][a-z0-9_]{0,62}$/.test(env.rds.databaseName), `rds.databaseName must be a PostgreSQL identifier (got "${env.rds.databaseName}")`);

  const cache = env.elasticache;
  p.check(
    Number.isInteger(cache.numCacheClusters) && cache.numCacheClusters >= 2 && cache.numCacheClusters <= 6,
    `elasticache.numCacheClusters must be 2-6: automatic failover needs a replica (got ${cache.numCacheClusters})`,
  );
  p.check(
    /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/.test(cache.globalReplicationGroupIdSuffix),
    `elasticache.globalReplicationGroupIdSuffix must be lower-case letters, digits and single dashes, not starting or ending with a dash (got "${cache.globalReplicationGroupIdSuffix}")`,
  );
  // The Global Datastore id carries the prefix of the Region it was created in: the live primary's,
  // also for the environment with the Regions swapped (a Global Datastore failover keeps the id).
  const [createdInField, createdIn] = env.failback
    ? ['failback.originalPrimaryRegion', env.failback.originalPrimaryRegion]
    : ['primaryRegion', env.primaryRegion];
  p.check(
    globalDatastoreIdPrefix(createdIn) !== undefined,
    `${createdInField} "${createdIn}" has no known ElastiCache Global Datastore id prefix, so the standby cannot derive the id it joins (known: ${Object.keys(GLOBAL_DATASTORE_ID_PREFIXES).join(', ')})`,
  );
  return p.list;
}

/** `redshiftFeed` and `objectives`. */
export function feedAndObjectiveProblems(env: EnvironmentConfig): string[] {
  const p = new Problems();
  const feed = env.redshiftFeed;
  p.positiveInt('redshiftFeed.numberOfNodes', feed.numberOfNodes);
  p.check(Number.isInteger(feed.batchSize) && feed.batchSize >= 1 && feed.batchSize <= 10000, `redshiftFeed.batchSize must be 1-10000 (got ${feed.batchSize})`);
  p.check(
    Number.isInteger(feed.maxBatchingWindowSeconds) && feed.maxBatchingWindowSeconds >= 0 && feed.maxBatchingWindowSeconds <= 300,
    `redshiftFeed.maxBatchingWindowSeconds must be 0-300 (got ${feed.maxBatchingWindowSeconds})`,
  );
  p.positiveInt('redshiftFeed.maxReceiveCount', feed.maxReceiveCount);

  p.positiveInt('objectives.rpoSeconds', env.objectives.rpoSeconds);
  p.positiveInt('objectives.rtoSeconds', env.objectives.rtoSeconds);
  return p.list;
}

/** `backend`: where each Region's state lives. */
export function backendProblems(env: EnvironmentConfig): string[] {
  const p = new Problems();
  if (env.backend.kind === 's3') {
    p.check(
      /^[a-z0-9][a-z0-9-]{1,40}$/.test(env.backend.bucketPrefix),
      `backend.bucketPrefix must be 2-41 lower-case letters, digits and dashes (got "${env.backend.bucketPrefix}")`,
    );
    const lockTable = env.backend.lockTable;
    if (lockTable !== undefined) {
      p.check(/^[A-Za-z0-9_.-]{3,255}$/.test(lockTable), `backend.lockTable must be a DynamoDB table name: 3-255 letters, digits, _ . - (got "${lockTable}")`);
    }
  } else {
    p.check(env.backend.organization.length > 0, 'backend.organization must name the Terraform Cloud organization (got "")');
    p.check(
      /^[A-Za-z0-9_-]+$/.test(env.backend.workspacePrefix),
      `backend.workspacePrefix must be letters, digits, - and _ (got "${env.backend.workspacePrefix}")`,
    );
  }
  return p.list;
}

/** Validates a whole environment and returns every problem found, each naming the field, the value and the rule. */
export function environmentProblems(env: EnvironmentConfig): string[] {
  return [identityProblems, dnsProblems, networkProblems, eksProblems, backupProblems, dataStoreProblems, feedAndObjectiveProblems, backendProblems].flatMap(
    (section) => section(env),
  );
}

/**
 * What a valid environment still cannot do, one line each (synthesis prints them, they never fail it).
 * With the primary in us-east-1, the alarm on the primary endpoint's Route 53 health check and its
 * topic are in the Region they report on: Route 53 metrics are available in us-east-1 only (Route 53
 * Developer Guide, "Monitoring health checks using CloudWatch"), so no other Region can hold them.
 */
export function environmentWarnings(env: EnvironmentConfig): string[] {
  if (env.primaryRegion !== ROUTE53_METRICS_REGION) return [];
  return [
    `primaryRegion ${env.primaryRegion}: the alarm on the primary endpoint's Route 53 health check and its alert topic are in ${ROUTE53_METRICS_REGION} ` +
      `(Route 53 publishes HealthCheckStatus there only), the Region that fails, so in its outage that page may not arrive; ` +
      `the standby's RDS ReplicaLag alarm in ${env.standbyRegion} still pages. Add an out-of-Region probe of ${env.dns.primaryTarget} or choose another primaryRegion (README, "Known limitation")`,
  ];
}

/** Throws {@link EnvironmentValidationError} listing every problem of `env`. */
export function validateEnvironment(env: EnvironmentConfig): EnvironmentConfig {
  // Unknown keys and missing sections first: the other checks read the sections.
  const keyProblems = environmentKeyProblems(env);
  if (keyProblems.length > 0) throw new EnvironmentValidationError(env.name, keyProblems);
  const problems = [...environmentProblems(env), ...nameLengthProblems(env)];
  if (problems.length > 0) throw new EnvironmentValidationError(env.name, problems);
  return env;
}

// ---------------------------------------------------------------------------------------------
// Keys: every key an environment may set. An unknown key is a typo that would otherwise leave the
// default in force without a word (e.g. `velero.schedulPaused` silently defeating the first-deploy
// procedure).

/** `true` = a free-form map (any keys), an object = its known keys, `{}` = a leaf value. */
type KeyShape = true | { readonly [key: string]: KeyShape };

const LEAF: KeyShape = {};
const leaves = (...keys: string[]): KeyShape => Object.fromEntries(keys.map((k) => [k, LEAF]));
const SIZING = leaves('minNodes', 'desiredNodes', 'maxNodes');

/** Known keys of an environment; the backend and the deploy runner depend on their `kind`. */
const ENVIRONMENT_KEYS: KeyShape = {
  ...(leaves('name', 'app', 'accountId', 'primaryRegion', 'standbyRegion') as object),
  tags: true,
  dns: {
    ...(leaves('hostedZoneId', 'recordName', 'primaryTarget', 'standbyTarget', 'ttlSeconds') as object),
    healthCheck: leaves('protocol', 'port', 'path', 'requestIntervalSeconds', 'failureThreshold'),
    switch: leaves('kind', 'reason'),
  },
  network: leaves('primaryCidr', 'standbyCidr', 'azCount', 'primaryTransitGatewayId', 'standbyTransitGatewayId'),
  eks: {
    ...(leaves('kubernetesVersion', 'instanceTypes') as object),
    primary: SIZING,
    standby: SIZING,
    endpoint: { ...(leaves('access', 'publicAccessCidrs', 'privateAccessCidrs') as object), deployRunner: true },
    adminRoles: leaves('deployRoleArn', 'breakGlassRoleArn'),
  },
  velero: leaves('chartVersion', 'backupIntervalMinutes', 'retentionDays', 'schedulePaused', 'restoreNamespaces'),
  portworx: leaves('enabled', 'chartVersion'),
  opensearch: leaves('engineVersion', 'instanceType', 'instanceCount', 'volumeSizeGiB', 'replicationLagAllowanceSeconds'),
  rds: leaves(
    'engineVersion',
    'instanceClass',
    'replicaInstanceClass',
    'allocatedStorageGiB',
    'backupRetentionDays',
    'multiAz',
    'databaseName',
    'replicaLagAllowanceSeconds',
    'masterPasswordRotationDays',
  ),
  elasticache: leaves('engineVersion', 'nodeType', 'numCacheClusters', 'globalReplicationGroupIdSuffix'),
  redshiftFeed: leaves('nodeType', 'numberOfNodes', 'databaseName', 'masterUsername', 'batchSize', 'maxBatchingWindowSeconds', 'maxReceiveCount'),
  alerts: leaves('email', 'externalSubscriber'),
  logging: leaves('retentionDays'),
  objectives: leaves('rpoSeconds', 'rtoSeconds'),
  backend: true,
  // Checked by the gate against the parameters the Rego reads (gate/params.ts).
  policyParams: true,
  // Set by withRegionsSwapped; its ids are checked where they are read (environments/failback-ids.ts).
  failback: { ...(leaves('originalPrimaryRegion') as object), liveDns: true },
};

const BACKEND_KEYS: Readonly<Record<string, readonly string[]>> = {
  s3: ['kind', 'bucketPrefix', 'lockTable'],
  cloud: ['kind', 'organization', 'workspacePrefix', 'hostname'],
};

const DEPLOY_RUNNER_KEYS: Readonly<Record<string, readonly string[]>> = {
  'hcp-agent-pool': ['kind', 'agentPoolName'],
  'github-runner': ['kind', 'runnerLabel'],
};

/** Sections every environment must have before the other checks can read them. */
const REQUIRED_SECTIONS = [
  'dns',
  'network',
  'eks',
  'velero',
  'portworx',
  'opensearch',
  'rds',
  'elasticache',
  'redshiftFeed',
  'alerts',
  'logging',
  'objectives',
  'backend',
] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKey(field: string, key: string, known: readonly string[]): string {
  return `${field ? `${field}.` : ''}${key} is not a known setting${suggestion(key, known)}`;
}

function keyProblems(value: unknown, shape: KeyShape, field: string, problems: string[]): void {
  if (shape === true || !isObject(value) || Object.keys(shape).length === 0) return;
  const known = Object.keys(shape);
  for (const [key, child] of Object.entries(value)) {
    const childShape = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
    if (childShape === undefined) problems.push(unknownKey(field, key, known));
    else keyProblems(child, childShape, field ? `${field}.${key}` : key, problems);
  }
}

function variantKeyProblems(
  value: unknown,
  field: string,
  variants: Readonly<Record<string, readonly string[]>>,
  problems: string[],
  reportKind: boolean,
): void {
  if (!isObject(value)) return;
  const known = typeof value.kind === 'string' && Object.prototype.hasOwnProperty.call(variants, value.kind) ? variants[value.kind] : undefined;
  if (!known) {
    if (!reportKind) return;
    problems.push(
      `${field}.kind must be one of ${Object.keys(variants)
        .map((k) => `"${k}"`)
        .join(', ')} (got ${JSON.stringify(value.kind ?? null)})`,
    );
    return;
  }
  for (const key of Object.keys(value)) if (!known.includes(key)) problems.push(unknownKey(field, key, known));
}

/**
 * Unknown or misspelled keys anywhere in an environment (each named with the nearest known key),
 * and missing sections or a backend without a known `kind`, which the other checks need to read.
 */
export function environmentKeyProblems(env: EnvironmentConfig): string[] {
  const problems: string[] = [];
  const raw = env as unknown as Record<string, unknown>;
  for (const section of REQUIRED_SECTIONS) {
    if (!isObject(raw[section])) problems.push(`${section} must be set (got ${raw[section] === undefined ? 'undefined' : JSON.stringify(raw[section])})`);
  }
  keyProblems(env, ENVIRONMENT_KEYS, '', problems);
  variantKeyProblems(raw.backend, 'backend', BACKEND_KEYS, problems, true);
  const eks = isObject(raw.eks) ? raw.eks : undefined;
  const endpoint = eks && isObject(eks.endpoint) ? eks.endpoint : undefined;
  if (endpoint && endpoint.deployRunner !== undefined)
    // An unknown runner kind is reported by eksAccessProblems.
    variantKeyProblems(endpoint.deployRunner, 'eks.endpoint.deployRunner', DEPLOY_RUNNER_KEYS, problems, false);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Name lengths: `<app>-<name>-<Region code>` prefixes the names AWS limits most tightly; checked
// here so a long name fails when the environment loads, not on one resource during synth.

/** Derived names with a length limit, per Region role: [what, name, limit]. */
export function derivedNameLimits(env: EnvironmentConfig): [string, string, number][] {
  const naming = new Naming(env);
  const out: [string, string, number][] = [];
  for (const role of ['primary', 'standby'] as const) {
    const prefix = naming.prefix(role);
    out.push(
      // modules/redshift-feed: the feed name (its cluster, queue and loader names derive from it).
      ['Redshift feed name', naming.feedName(role), 32],
      ['ElastiCache replication group id', naming.cacheGroupId(role), 40],
      ['RDS instance identifier', naming.dbIdentifier(role), 63],
      ['Velero backup bucket', naming.backupBucket(role), 63],
      ['feed payload bucket', naming.payloadBucket(role), 63],
      ['S3 access-log bucket', naming.accessLogBucket(role), 63],
      ['RDS master secret rotation function and IAM role name', `${naming.dbIdentifier(role)}-master-rotation`, 64],
      ['Velero IAM role name', naming.veleroRoleName(role), 64],
      ['Portworx IAM role name', `${prefix}-portworx`, 64],
      ['EKS cluster name', naming.clusterName(role), 100],
      ['OpenSearch domain name', naming.searchDomainName(role), 28],
      ['OpenSearch bootstrap function and IAM role name', naming.searchBootstrapName(role), 64],
    );
  }
  out.push(
    ['S3 replication IAM role name', `${naming.prefix('primary')}-velero-replication`, 64],
    ['Route 53 ARC name prefix', `${env.app}-${env.name}-dns`, 40],
  );
  return out;
}

/** One problem per derived name over its limit, naming the longest `name` that would fit. */
export function nameLengthProblems(env: EnvironmentConfig): string[] {
  if (typeof env.name !== 'string' || typeof env.app !== 'string') return [];
  let worst: [string, string, number] | undefined;
  for (const entry of derivedNameLimits(env)) {
    const over = entry[1].length - entry[2];
    if (over > 0 && (!worst || over > worst[1].length - worst[2])) worst = entry;
  }
  if (!worst) return [];
  const [what, value, limit] = worst;
  const fits = env.name.length - (value.length - limit);
  return [
    `name "${env.name}" is too long with app "${env.app}": the ${what} "${value}" would be ${value.length} characters (limit ${limit}); ` +
      (fits >= 2 ? `use a name of at most ${fits} characters or a shorter app` : 'shorten app'),
  ];
}

/** Problems of `eks.endpoint.privateAccessCidrs`: how deploy agents reach a private API endpoint. */
export function eksPrivateAccessProblems(env: EnvironmentConfig): string[] {
  const endpoint = env.eks.endpoint;
  if (!endpoint) return [];
  const cidrs = endpoint.privateAccessCidrs ?? [];
  const problems: string[] = [];
  if (endpoint.access === 'private' && cidrs.length === 0) {
    problems.push(
      "eks.endpoint.privateAccessCidrs must list the deploy agents' networks for a private endpoint: nothing else opens 443 on the cluster security group to them (got [])",
    );
  }
  cidrs.forEach((cidr, i) => {
    const prefix = cidrPrefix(cidr);
    if (prefix === undefined) problems.push(`eks.endpoint.privateAccessCidrs[${i}] must be an IPv4 CIDR such as 10.50.0.0/24 (got "${cidr}")`);
    else if (prefix < 8) problems.push(`eks.endpoint.privateAccessCidrs[${i}] must be the agents' networks, not a range as wide as /${prefix} (got "${cidr}")`);
  });
  return problems;
}
