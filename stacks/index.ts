import { Construct } from 'constructs';
import { EnvironmentConfig } from '../environments';
import { KubernetesStack } from './kubernetes-stack';
import { RegionStack } from './region-stack';
import { ReplicationStack } from './replication-stack';

export * from '../naming';
export * from './warm-standby-stack';
export * from './region-stack';
export * from './kubernetes-stack';
export * from './dependencies';
export * from './replication-stack';

export interface EnvironmentStacks {
  /** Absent in failover mode: the primary Region is lost. */
  readonly primary?: RegionStack;
  /** Absent in failover mode, with the primary Region. */
  readonly primaryKubernetes?: KubernetesStack;
  readonly standby: RegionStack;
  readonly standbyKubernetes: KubernetesStack;
  /** Absent in failover mode: it lives in the primary Region. */
  readonly replication?: ReplicationStack;
}

export interface BuildOptions {
  /** Synthesize the desired state after losing the primary Region. @default false */
  readonly failover?: boolean;
  /**
   * Failover: the Velero backup the Restore restores (one whose files have all replicated).
   * @default - the newest backup of the primary's schedule
   */
  readonly restoreBackupName?: string;
}

/**
 * The stacks of one environment, in deploy order: primary, standby, replication (cross-Region links),
 * then each Region's Kubernetes stack. In failover mode only the standby Region's two stacks, planned and
 * applied on their own while the primary Region is down (AWS first: promotion and scale-up never
 * wait on the cluster API).
 */
export function buildEnvironment(scope: Construct, env: EnvironmentConfig, options: BuildOptions = {}): EnvironmentStacks {
  const failover = options.failover ?? false;
  // Stack dependencies only order `cdktf deploy` (manifest.json); they add no state reads.
  const standby = new RegionStack(scope, { env, role: 'standby', failover });
  const standbyKubernetes = new KubernetesStack(scope, { env, role: 'standby', failover, restoreBackupName: options.restoreBackupName });
  standbyKubernetes.addDependency(standby);
  if (failover) return { standby, standbyKubernetes };

  const primary = new RegionStack(scope, { env, role: 'primary', failover });
  const primaryKubernetes = new KubernetesStack(scope, { env, role: 'primary', failover });
  primaryKubernetes.addDependency(primary);
  standby.addDependency(primary);
  const replication = new ReplicationStack(scope, { env });
  replication.addDependency(standby);
  // The primary's Velero schedule (primary-k8s) starts only once the backup bucket's replication rule
  // (replication stack) exists, so no first backup escapes replication: a one-pass deploy is safe
  // without pausing the schedule.
  primaryKubernetes.addDependency(replication);
  return { primary, primaryKubernetes, standby, standbyKubernetes, replication };
}
