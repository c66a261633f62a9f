import { Construct } from 'constructs';
import { EnvironmentConfig } from '../environments';
import { RegionStack } from './region-stack';
import { ReplicationStack } from './replication-stack';

export * from './naming';
export * from './warm-standby-stack';
export * from './region-stack';
export * from './replication-stack';

export interface EnvironmentStacks {
  readonly primary: RegionStack;
  readonly standby: RegionStack;
  readonly replication: ReplicationStack;
}

export interface BuildOptions {
  /** Synthesize the desired state after losing the primary Region. @default false */
  readonly failover?: boolean;
}

/** The stacks of one environment: one per Region plus the cross-Region links. */
export function buildEnvironment(scope: Construct, env: EnvironmentConfig, options: BuildOptions = {}): EnvironmentStacks {
  const failover = options.failover ?? false;
  return {
    primary: new RegionStack(scope, { env, role: 'primary', failover }),
    standby: new RegionStack(scope, { env, role: 'standby', failover }),
    replication: new ReplicationStack(scope, { env }),
  };
}
