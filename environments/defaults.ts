import { DEFAULT_PORTWORX_CHART_VERSION, DEFAULT_VELERO_CHART_VERSION } from '../modules/velero/constants';
import { EnvironmentConfig, EnvironmentInput } from './types';

/**
 * Defaults every environment starts from. Sizes follow the reference architecture: three primary
 * nodes; Portworx is on (the design's default), and its internal KVDB needs three nodes, so the
 * standby keeps three too (an environment without Portworx may go down to one standby node).
 */
export const DEFAULTS: Omit<EnvironmentConfig, 'name' | 'app' | 'accountId' | 'primaryRegion' | 'standbyRegion' | 'dns' | 'backend' | 'eks'> & {
  readonly dns: Omit<EnvironmentConfig['dns'], 'hostedZoneId' | 'recordName' | 'primaryTarget' | 'standbyTarget'>;
  readonly eks: Omit<EnvironmentConfig['eks'], 'endpoint' | 'adminRoles'>;
} = {
  tags: {},
  dns: {
    ttlSeconds: 60,
    healthCheck: { protocol: 'HTTPS', port: 443, path: '/healthz', requestIntervalSeconds: 10, failureThreshold: 3 },
    // Route 53 ARC: the flip is a data-plane call (five Regional cluster endpoints); 'manual' (an inverted
    // CALCULATED health check, flipped through the Route 53 control plane in us-east-1) is an explicit choice.
    switch: { kind: 'arc' },
  },
  network: { primaryCidr: '10.10.0.0/16', standbyCidr: '10.20.0.0/16', azCount: 3 },
  eks: {
    // EKS 1.35: released 2026-01-27, standard support until 2027-03-27, extended until 2028-03-27
    // (EKS Kubernetes release calendar). 1.31 left standard support on 2025-11-26 and 1.34 leaves it
    // on 2026-12-02. The clusters' upgrade policy is STANDARD, so no extended-support charges.
    kubernetesVersion: '1.35',
    instanceTypes: ['m6i.large'],
    primary: { minNodes: 3, desiredNodes: 3, maxNodes: 6 },
    standby: { minNodes: 3, desiredNodes: 3, maxNodes: 6 },
  },
  velero: { chartVersion: DEFAULT_VELERO_CHART_VERSION, backupIntervalMinutes: 60, retentionDays: 14, schedulePaused: false },
  // Chart 9.1.1 = Portworx Enterprise 3.6.1; switch off with portworx.enabled: false.
  portworx: { enabled: true, chartVersion: DEFAULT_PORTWORX_CHART_VERSION },
  opensearch: {
    engineVersion: 'OpenSearch_2.17',
    instanceType: 'r6g.large.search',
    instanceCount: 3,
    volumeSizeGiB: 100,
    replicationLagAllowanceSeconds: 60,
  },
  rds: {
    engineVersion: '16',
    instanceClass: 'db.r6g.large',
    replicaInstanceClass: 'db.r6g.large',
    allocatedStorageGiB: 100,
    backupRetentionDays: 7,
    multiAz: true,
    databaseName: 'app',
    replicaLagAllowanceSeconds: 60,
    masterPasswordRotationDays: 30,
  },
  elasticache: {
    engineVersion: '7.1',
    nodeType: 'cache.r6g.large',
    numCacheClusters: 2,
    globalReplicationGroupIdSuffix: 'cache',
  },
  redshiftFeed: {
    nodeType: 'ra3.xlplus',
    numberOfNodes: 2,
    databaseName: 'analytics',
    masterUsername: 'loader_admin',
    batchSize: 10,
    maxBatchingWindowSeconds: 30,
    maxReceiveCount: 5,
  },
  alerts: { email: [] },
  logging: { retentionDays: 365 },
  objectives: { rpoSeconds: 900, rtoSeconds: 3600 },
  policyParams: {},
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Recursively lays `override` over `base`; arrays and scalars replace, objects merge. */
function merge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = merge(base[key], value);
  return out;
}

/** Fills every value an environment left out from {@link DEFAULTS}. */
export function defineEnvironment(input: EnvironmentInput): EnvironmentConfig {
  const merged = merge(DEFAULTS, input) as EnvironmentConfig;
  // A missing backend is reported by validateEnvironment, not a TypeError here.
  const backend = merged.backend?.kind === 'cloud' ? { ...merged.backend, hostname: merged.backend.hostname ?? 'app.terraform.io' } : merged.backend;
  return { ...merged, backend };
}
