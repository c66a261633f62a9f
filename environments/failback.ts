import { BackendConfig, EnvironmentConfig } from './types';

/**
 * `<env>-failback` selects an environment with its Regions swapped: the Region that took over in a
 * failover becomes the primary, the recovered one the standby. The runbook's failback deploys its
 * standby side to re-seed the old primary Region, and runs its failover runbook to switch back.
 */
export const FAILBACK_SUFFIX = '-failback';

/**
 * The environment with primary and standby Regions swapped. Each Region keeps what belongs to the
 * Region rather than to the role: its VPC CIDR and its application endpoint. The name stays, so
 * every Region-derived name (`<app>-<env>-<region code>-...`: databases, buckets, queues, clusters)
 * is the one already deployed there. Node-group sizing stays with the role (the new primary runs at
 * full size). State never lands where the live stacks keep theirs: S3 keys carry the Region
 * (`<env>/<region>/<stack>.tfstate`), and HCP Terraform workspaces, named after the stack only, get
 * their own prefix (`<prefix>-failback-<stack>`). `failback` records what the swapped stacks adopt
 * rather than create: the Global Datastore (its id keeps the live primary Region's prefix) and, once
 * `withLiveDnsIds` adds them, the live DNS switch's ids.
 */
export function withRegionsSwapped(env: EnvironmentConfig): EnvironmentConfig {
  const backend: BackendConfig =
    env.backend.kind === 'cloud' ? { ...env.backend, workspacePrefix: `${env.backend.workspacePrefix}${FAILBACK_SUFFIX}` } : env.backend;
  return {
    ...env,
    primaryRegion: env.standbyRegion,
    standbyRegion: env.primaryRegion,
    network: {
      ...env.network,
      primaryCidr: env.network.standbyCidr,
      standbyCidr: env.network.primaryCidr,
      // A transit gateway is regional: each stays with its Region's VPC.
      primaryTransitGatewayId: env.network.standbyTransitGatewayId,
      standbyTransitGatewayId: env.network.primaryTransitGatewayId,
    },
    dns: { ...env.dns, primaryTarget: env.dns.standbyTarget, standbyTarget: env.dns.primaryTarget },
    backend,
    // The Global Datastore keeps the id it was created with (prefix of the live primary Region).
    failback: { originalPrimaryRegion: env.primaryRegion },
  };
}

/** The base environment's name when `name` asks for a failback environment, else undefined. */
export function failbackBase(name: string): string | undefined {
  return name.endsWith(FAILBACK_SUFFIX) && name.length > FAILBACK_SUFFIX.length ? name.slice(0, -FAILBACK_SUFFIX.length) : undefined;
}
