import { Construct } from 'constructs';
import { EnvironmentConfig } from '../environments';
import { RegionStack } from './region-stack';
import { ReplicationStack } from './replication-stack';

export * from './naming';
export * from './warm-standby-stack';
export * from './region-stack';
export * from './replication-stack';

export interface EnvironmentStacks {
  /** Absent in failover mode: the primary Region is lost. */
  readonly primary?: RegionStack;
  readonly standby: RegionStack;
  /** Absent in failover mode: it lives in the primary Region. */
  readonly replication?: ReplicationStack;
}

export interface BuildOptions {
  /** Synthesize the desired state after losing the primary Region. @default false */
  readonly failover?: boolean;
}

/**
 * The stacks of one environment: one per Region plus the cross-Region links. In failover mode only
 * the standby stack, planned and applied on its own while the primary Region is down.
 */
export function buildEnvironment(scope: Construct, env: EnvironmentConfig, options: BuildOptions = {}): EnvironmentStacks {
  if (options.failover) return { standby: new RegionStack(scope, { env, role: 'standby', failover: true }) };
  return {
    primary: new RegionStack(scope, { env, role: 'primary', failover: false }),
    standby: new RegionStack(scope, { env, role: 'standby', failover: false }),
    replication: new ReplicationStack(scope, { env }),
  };
}
