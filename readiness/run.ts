import { EnvironmentConfig } from '../environments';
import { CHECKS } from './catalogue';
import { ArcEndpoint, CheckContext, DEFAULT_MAX_FEED_BACKLOG, ReadinessThresholds } from './check';
import { checkBackupReplicationHealth, checkBackupReplicationRule, checkVeleroBackups } from './checks/backups';
import { checkCacheGlobalDatastore } from './checks/cache';
import { checkDnsHealthCheck } from './checks/dns';
import { checkEksNodeGroup } from './checks/eks';
import { checkFeedQueues } from './checks/feed';
import { checkRdsLag, checkRdsReplica } from './checks/rds';
import { checkCacheAuthSecret, checkRdsSecret } from './checks/secret';
import { checkDnsSwitch } from './checks/switch';
import { checkSearchConnection, checkSearchLag } from './checks/search';
import { ReadinessClients, defaultClients } from './clients';
import { readinessTargets } from './names';
import { CheckResult, ReadinessReport, summarizeChecks, verdictOf } from './types';

export interface ReadinessOptions {
  /** The deployed environment's configuration (names and thresholds come from it). */
  readonly env: EnvironmentConfig;
  /**
   * SDK clients per service and Region.
   * @default - {@link defaultClients}: the default credential chain
   */
  readonly clients?: ReadinessClients;
  /**
   * The clock; ages and metric windows are measured from its value at the start.
   * @default - the system clock
   */
  readonly now?: () => Date;
  /** @default - {@link DEFAULT_MAX_FEED_BACKLOG} */
  readonly thresholds?: ReadinessThresholds;
  /**
   * Data-plane endpoints of the environment's Route 53 ARC cluster (`dns.switch.kind` arc), as the
   * standby stack's output `dns_arc_cluster_endpoints` lists them.
   * @default - none: the ARC switch check reports `error`
   */
  readonly arcEndpoints?: readonly ArcEndpoint[];
  /**
   * Called with one line per finished group of checks (the CLI writes them to stderr).
   * @default - silent
   */
  readonly progress?: (line: string) => void;
}

/** The checks, in report order; each function may report several checks that share calls. */
const GROUPS = [
  { label: 'RDS replica', run: checkRdsReplica },
  { label: 'RDS replica lag', run: checkRdsLag },
  { label: 'RDS master secret replica', run: checkRdsSecret },
  { label: 'ElastiCache Global Datastore', run: checkCacheGlobalDatastore },
  { label: 'Redis AUTH token secret replica', run: checkCacheAuthSecret },
  { label: 'OpenSearch connection', run: checkSearchConnection },
  { label: 'OpenSearch replication lag', run: checkSearchLag },
  { label: 'S3 backup replication rule', run: checkBackupReplicationRule },
  { label: 'S3 backup replication metrics', run: checkBackupReplicationHealth },
  { label: 'Route 53 health check', run: checkDnsHealthCheck },
  { label: 'DNS switch', run: checkDnsSwitch },
  { label: 'EKS standby node group', run: checkEksNodeGroup },
  { label: 'Velero replicated backups', run: checkVeleroBackups },
  { label: 'feed queues', run: checkFeedQueues },
] as const;

const ORDER = new Map<string, number>(Object.values(CHECKS).map((c, i) => [c.id, i]));

/**
 * Checks a deployed environment, read-only: every group runs concurrently, each call's failure
 * is confined to the checks that needed it. Never throws for AWS errors (they become `error`
 * results); the report's verdict gives the exit code.
 */
export async function runReadiness(options: ReadinessOptions): Promise<ReadinessReport> {
  const now = (options.now ?? (() => new Date()))();
  const ctx: CheckContext = {
    targets: readinessTargets(options.env),
    clients: options.clients ?? defaultClients(),
    now,
    thresholds: { maxFeedBacklog: options.thresholds?.maxFeedBacklog ?? DEFAULT_MAX_FEED_BACKLOG },
    arcEndpoints: options.arcEndpoints,
  };
  const progress = options.progress ?? (() => undefined);
  progress(
    `checking ${options.env.name}: primary ${options.env.primaryRegion}, standby ${options.env.standbyRegion} (${GROUPS.length} groups, ${ORDER.size} checks)`,
  );
  let done = 0;
  const groups = await Promise.all(
    GROUPS.map(async (group) => {
      const results = await group.run(ctx);
      done++;
      progress(`[${done}/${GROUPS.length}] ${group.label}: ${results.map((r) => `${r.id} ${r.status}`).join(', ')}`);
      return results;
    }),
  );
  const checks: CheckResult[] = groups.flat().sort((a, b) => (ORDER.get(a.id) ?? 99) - (ORDER.get(b.id) ?? 99));
  const summary = summarizeChecks(checks);
  return {
    environment: options.env.name,
    primaryRegion: options.env.primaryRegion,
    standbyRegion: options.env.standbyRegion,
    checkedAt: now.toISOString(),
    verdict: verdictOf(summary),
    summary,
    checks,
  };
}
