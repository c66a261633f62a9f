import { GLOBAL_DATASTORE_ID_PREFIXES, globalDatastoreIdPrefix } from '../modules/elasticache/region-prefixes';
import { EnvironmentConfig, NodeGroupSizing } from './types';

/** Nodes Portworx's internal KVDB needs (same as PORTWORX_INTERNAL_KVDB_NODES in modules/velero). */
const PORTWORX_INTERNAL_KVDB_NODES = 3;

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
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
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

/** An IAM role ARN (paths allowed), as access entries take it; not an assumed-role session ARN. */
const IAM_ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

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

/** Validates a whole environment and returns every problem found, each naming the field, the value and the rule. */
export function environmentProblems(env: EnvironmentConfig): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, message: string): void => {
    if (!ok) problems.push(message);
  };
  const positiveInt = (field: string, value: number, min = 1): void =>
    check(Number.isInteger(value) && value >= min, `${field} must be an integer >= ${min} (got ${value})`);

  check(/^[a-z][a-z0-9-]{1,30}$/.test(env.name), `name must be lower-case letters, digits and dashes (got "${env.name}")`);
  check(/^[a-z][a-z0-9]{1,14}$/.test(env.app), `app must be 2-15 lower-case letters and digits, starting with a letter (got "${env.app}")`);
  check(/^\d{12}$/.test(env.accountId), `accountId must be 12 digits (got "${env.accountId}")`);
  for (const field of ['primaryRegion', 'standbyRegion'] as const) {
    check(KNOWN_REGIONS.includes(env[field]), `${field} "${env[field]}" is not a known Region (known: ${KNOWN_REGIONS.join(', ')})`);
  }
  check(env.primaryRegion !== env.standbyRegion, `standbyRegion must differ from primaryRegion (both are "${env.primaryRegion}")`);

  const dns = env.dns;
  check(/^Z[A-Z0-9]{4,31}$/.test(dns.hostedZoneId), `dns.hostedZoneId must look like a Route 53 zone id (got "${dns.hostedZoneId}")`);
  check(/^([a-z0-9-]+\.)+[a-z]{2,}$/.test(dns.recordName), `dns.recordName must be a DNS name (got "${dns.recordName}")`);
  check(dns.primaryTarget !== dns.standbyTarget, `dns.standbyTarget must differ from dns.primaryTarget (both are "${dns.primaryTarget}")`);
  positiveInt('dns.ttlSeconds', dns.ttlSeconds);
  check(
    [10, 30].includes(dns.healthCheck.requestIntervalSeconds),
    `dns.healthCheck.requestIntervalSeconds must be 10 or 30 (got ${dns.healthCheck.requestIntervalSeconds})`,
  );
  check(
    Number.isInteger(dns.healthCheck.failureThreshold) && dns.healthCheck.failureThreshold >= 1 && dns.healthCheck.failureThreshold <= 10,
    `dns.healthCheck.failureThreshold must be an integer from 1 to 10 (got ${dns.healthCheck.failureThreshold})`,
  );
  check(dns.healthCheck.port >= 1 && dns.healthCheck.port <= 65535, `dns.healthCheck.port must be 1-65535 (got ${dns.healthCheck.port})`);
  check(dns.healthCheck.protocol === 'TCP' || dns.healthCheck.path.startsWith('/'), `dns.healthCheck.path must start with "/" (got "${dns.healthCheck.path}")`);
  const dnsSwitch = dns.switch;
  check(['arc', 'manual', 'endpoint'].includes(dnsSwitch.kind), `dns.switch.kind must be 'arc', 'manual' or 'endpoint' (got "${dnsSwitch.kind}")`);
  if (dnsSwitch.kind === 'endpoint') {
    const reason = dnsSwitch.reason ?? '';
    check(
      reason.trim().length >= 10 && reason.length <= 256 && /^[\p{L}\p{N} _.:/=+\-@]+$/u.test(reason),
      `dns.switch.reason must say in 10-256 letters, digits, spaces and _.:/=+-@ why kind 'endpoint' (automatic failover and failback on the endpoint health check, WS-DNS-005) is acceptable (got "${reason}")`,
    );
  } else {
    check(
      dnsSwitch.reason === undefined,
      `dns.switch.reason is only allowed with kind 'endpoint' (got kind '${dnsSwitch.kind}' with reason "${dnsSwitch.reason}")`,
    );
  }

  const net = env.network;
  for (const field of ['primaryCidr', 'standbyCidr'] as const) {
    const prefix = cidrPrefix(net[field]);
    check(prefix !== undefined && prefix >= 16 && prefix <= 24, `network.${field} must be an IPv4 CIDR from /16 to /24 (got "${net[field]}")`);
  }
  if (cidrPrefix(net.primaryCidr) !== undefined && cidrPrefix(net.standbyCidr) !== undefined) {
    const [a0, a1] = cidrRange(net.primaryCidr);
    const [b0, b1] = cidrRange(net.standbyCidr);
    check(a1 < b0 || b1 < a0, `network.standbyCidr "${net.standbyCidr}" must not overlap network.primaryCidr "${net.primaryCidr}"`);
  }
  check(Number.isInteger(net.azCount) && net.azCount >= 2 && net.azCount <= 3, `network.azCount must be 2 or 3 (got ${net.azCount})`);

  const eks = env.eks;
  check(/^1\.\d{2}$/.test(eks.kubernetesVersion), `eks.kubernetesVersion must be a minor version like 1.35 (got "${eks.kubernetesVersion}")`);
  problems.push(...eksAccessProblems(env));
  problems.push(...eksPrivateAccessProblems(env));
  check(eks.instanceTypes.length > 0, 'eks.instanceTypes must list at least one instance type (got none)');
  const sizing = (role: 'primary' | 'standby', s: NodeGroupSizing, min: number): void => {
    positiveInt(`eks.${role}.minNodes`, s.minNodes, min);
    check(
      s.desiredNodes >= s.minNodes && s.desiredNodes <= s.maxNodes,
      `eks.${role}.desiredNodes must be between minNodes and maxNodes (got ${s.minNodes} <= ${s.desiredNodes} <= ${s.maxNodes})`,
    );
  };
  sizing('primary', eks.primary, 1);
  check(eks.standby.minNodes >= 1, `eks.standby.minNodes must be >= 1 for a warm standby (got ${eks.standby.minNodes})`);
  sizing('standby', eks.standby, 0);
  check(
    eks.standby.maxNodes >= eks.primary.desiredNodes,
    `eks.standby.maxNodes must be >= eks.primary.desiredNodes so the standby can scale up on failover (got ${eks.standby.maxNodes} < ${eks.primary.desiredNodes})`,
  );

  positiveInt('velero.backupIntervalMinutes', env.velero.backupIntervalMinutes, 5);
  positiveInt('velero.retentionDays', env.velero.retentionDays);
  env.alerts.email.forEach((address, i) =>
    check(/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address), `alerts.email[${i}] must be an e-mail address (got "${address}")`),
  );
  check(/^\d+\.\d+\.\d+$/.test(env.velero.chartVersion), `velero.chartVersion must be an exact x.y.z version (got "${env.velero.chartVersion}")`);
  check(/^\d+\.\d+\.\d+$/.test(env.portworx.chartVersion), `portworx.chartVersion must be an exact x.y.z version (got "${env.portworx.chartVersion}")`);
  check(typeof env.velero.schedulePaused === 'boolean', `velero.schedulePaused must be true or false (got ${String(env.velero.schedulePaused)})`);
  if (env.portworx.enabled) {
    // Portworx's internal KVDB keeps a quorum on three storage nodes; fewer nodes never form a cluster.
    for (const role of ['primary', 'standby'] as const) {
      check(
        eks[role].minNodes >= PORTWORX_INTERNAL_KVDB_NODES,
        `eks.${role}.minNodes must be >= ${PORTWORX_INTERNAL_KVDB_NODES} when portworx.enabled is true: Portworx's internal KVDB needs ${PORTWORX_INTERNAL_KVDB_NODES} nodes (got ${eks[role].minNodes}; set portworx.enabled: false for a smaller standby)`,
      );
    }
  }

  const osProblem = openSearchVersionProblem('opensearch.engineVersion', env.opensearch.engineVersion);
  if (osProblem) problems.push(osProblem);
  positiveInt('opensearch.instanceCount', env.opensearch.instanceCount);
  positiveInt('opensearch.volumeSizeGiB', env.opensearch.volumeSizeGiB, 10);

  check(/^\d+(\.\d+)?$/.test(env.rds.engineVersion), `rds.engineVersion must be a PostgreSQL version like 16 (got "${env.rds.engineVersion}")`);
  check(
    !/^\d+\.\d+$/.test(env.rds.engineVersion),
    `rds.engineVersion must be a major version like 16: RDS upgrades minor versions automatically, so a minor pin like "${env.rds.engineVersion}" breaks the next plan (WS-VER-001)`,
  );
  check(
    Number.isInteger(env.rds.backupRetentionDays) && env.rds.backupRetentionDays >= 1 && env.rds.backupRetentionDays <= 35,
    `rds.backupRetentionDays must be 1-35: a cross-Region read replica needs automated backups on the source (got ${env.rds.backupRetentionDays})`,
  );
  positiveInt('rds.allocatedStorageGiB', env.rds.allocatedStorageGiB, 20);
  check(/^[a-z][a-z0-9_]{0,62}$/.test(env.rds.databaseName), `rds.databaseName must be a PostgreSQL identifier (got "${env.rds.databaseName}")`);

  const cache = env.elasticache;
  check(
    Number.isInteger(cache.numCacheClusters) && cache.numCacheClusters >= 2 && cache.numCacheClusters <= 6,
    `elasticache.numCacheClusters must be 2-6: automatic failover needs a replica (got ${cache.numCacheClusters})`,
  );
  check(
    /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/.test(cache.globalReplicationGroupIdSuffix),
    `elasticache.globalReplicationGroupIdSuffix must be lower-case letters, digits and single dashes, not starting or ending with a dash (got "${cache.globalReplicationGroupIdSuffix}")`,
  );
  check(
    globalDatastoreIdPrefix(env.primaryRegion) !== undefined,
    `primaryRegion "${env.primaryRegion}" has no known ElastiCache Global Datastore id prefix, so the standby cannot derive the id it joins (known: ${Object.keys(GLOBAL_DATASTORE_ID_PREFIXES).join(', ')})`,
  );

  const feed = env.redshiftFeed;
  positiveInt('redshiftFeed.numberOfNodes', feed.numberOfNodes);
  check(Number.isInteger(feed.batchSize) && feed.batchSize >= 1 && feed.batchSize <= 10000, `redshiftFeed.batchSize must be 1-10000 (got ${feed.batchSize})`);
  check(
    Number.isInteger(feed.maxBatchingWindowSeconds) && feed.maxBatchingWindowSeconds >= 0 && feed.maxBatchingWindowSeconds <= 300,
    `redshiftFeed.maxBatchingWindowSeconds must be 0-300 (got ${feed.maxBatchingWindowSeconds})`,
  );
  positiveInt('redshiftFeed.maxReceiveCount', feed.maxReceiveCount);

  positiveInt('objectives.rpoSeconds', env.objectives.rpoSeconds);
  positiveInt('objectives.rtoSeconds', env.objectives.rtoSeconds);

  if (env.backend.kind === 's3') {
    check(
      /^[a-z0-9][a-z0-9-]{1,40}$/.test(env.backend.bucketPrefix),
      `backend.bucketPrefix must be 2-41 lower-case letters, digits and dashes (got "${env.backend.bucketPrefix}")`,
    );
    check(env.backend.lockTable.length >= 3, `backend.lockTable must be a DynamoDB table name (got "${env.backend.lockTable}")`);
  } else {
    check(env.backend.organization.length > 0, 'backend.organization must name the Terraform Cloud organization (got "")');
    check(
      /^[A-Za-z0-9_-]+$/.test(env.backend.workspacePrefix),
      `backend.workspacePrefix must be letters, digits, - and _ (got "${env.backend.workspacePrefix}")`,
    );
  }
  return problems;
}

/** Throws {@link EnvironmentValidationError} listing every problem of `env`. */
export function validateEnvironment(env: EnvironmentConfig): EnvironmentConfig {
  const problems = environmentProblems(env);
  if (problems.length > 0) throw new EnvironmentValidationError(env.name, problems);
  return env;
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
