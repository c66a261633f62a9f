import { ListRoutingControlsCommand, RoutingControl } from '@aws-sdk/client-route53-recovery-cluster';
import { AwsCallError, awsCall, errorKind } from '../calls';
import { CHECKS } from '../catalogue';
import { CheckContext, CheckSubject, guarded, judged, outcome } from '../check';
import { CheckResult } from '../types';
import { listHealthChecks, normalize } from './dns';

/**
 * RDY-DNS-002: in normal mode the operator switch sends traffic to the primary.
 * - `arc`: routing controls are created OFF (nothing answers until the operator turns one ON); the
 *   primary's must be ON and the standby's OFF. Read on the cluster's data plane
 *   (ListRoutingControls), trying each regional endpoint in turn as ARC recommends.
 * - `manual`: the CALCULATED switch health check must not be inverted (inverted = failed over).
 * - `endpoint`: no operator switch; nothing to check (reported ok, saying so).
 */
export async function checkDnsSwitch(ctx: CheckContext): Promise<CheckResult[]> {
  const { dns } = ctx.targets;
  if (dns.switchKind === 'arc') return checkArc(ctx);
  if (dns.switchKind === 'manual') return checkManual(ctx);
  const subject: CheckSubject = { region: 'global', resource: 'no operator switch (dns.switch.kind endpoint)', threshold: 'not applicable' };
  return [
    outcome(CHECKS.dnsSwitch, subject, 'ok', 'dns.switch.kind endpoint', 'the PRIMARY record follows the endpoint health check; there is no switch to read'),
  ];
}

async function checkArc(ctx: CheckContext): Promise<CheckResult[]> {
  const { primary, standby } = ctx.targets.dns.routingControls;
  const subject: CheckSubject = {
    region: 'ARC data plane',
    resource: `routing controls ${primary}, ${standby}`,
    threshold: `${primary} ON, ${standby} OFF`,
  };
  const endpoints = ctx.arcEndpoints ?? [];
  if (endpoints.length === 0) {
    // The endpoints are AWS-assigned (no deterministic name) and readable only from the control
    // plane in us-west-2 or the standby stack's output, so the caller hands them over.
    return [
      {
        ...outcome(CHECKS.dnsSwitch, subject, 'ok', 'could not be read', 'the ARC cluster endpoints are needed to read the routing control states'),
        status: 'error',
        recommended_action: 'Pass --arc-endpoints FILE with the standby stack output (terraform output -json dns_arc_cluster_endpoints > FILE) and run again.',
      },
    ];
  }
  return guarded([[CHECKS.dnsSwitch, subject]], async () => {
    const controls = await listRoutingControls(ctx, endpoints);
    const state = (name: string) => controls.find((c) => c.RoutingControlName === name)?.RoutingControlState;
    const [p, s] = [state(primary), state(standby)];
    const observed = `${primary} ${p ?? 'missing'}, ${standby} ${s ?? 'missing'}`;
    const pass = p === 'On' && s === 'Off';
    let message = 'traffic goes to the primary; the standby is held back by its switch';
    if (p === undefined || s === undefined) message = 'a routing control is missing from the cluster: re-apply the standby stack';
    else if (p === 'Off' && s === 'On') message = 'the switch sends traffic to the standby: a failover is in effect';
    else if (p === 'Off' && s === 'Off') message = 'both routing controls are OFF (as created): no Region answers until the primary is turned ON';
    else if (p === 'On' && s === 'On') message = 'both routing controls are ON: half-flipped, the standby answers as soon as the primary fails its check';
    return [judged(CHECKS.dnsSwitch, subject, pass, observed, message)];
  });
}

/** ListRoutingControls on the first endpoint that answers; the error of the last one otherwise. */
async function listRoutingControls(ctx: CheckContext, endpoints: readonly { endpoint: string; region: string }[]): Promise<RoutingControl[]> {
  let last: unknown;
  for (const { endpoint, region } of endpoints) {
    try {
      const client = ctx.clients.arcCluster(region, endpoint);
      const all: RoutingControl[] = [];
      let token: string | undefined;
      do {
        const out = await awsCall('Route 53 ARC ListRoutingControls', region, () => client.send(new ListRoutingControlsCommand({ NextToken: token })));
        all.push(...(out?.RoutingControls ?? []));
        token = out?.NextToken;
      } while (token);
      return all;
    } catch (err) {
      last = err;
      // A denied call fails the same on every endpoint; an unreachable one may not.
      if (err instanceof AwsCallError && errorKind(err.cause) === 'permission') throw err;
    }
  }
  throw last;
}

async function checkManual(ctx: CheckContext): Promise<CheckResult[]> {
  const { dns, standbyRegion } = ctx.targets;
  const subject: CheckSubject = {
    region: 'global',
    resource: `manual switch (CALCULATED health check over the check on ${dns.fqdn})`,
    threshold: 'Inverted = false',
  };
  return guarded([[CHECKS.dnsSwitch, subject]], async () => {
    const client = ctx.clients.route53(standbyRegion);
    const all = await listHealthChecks(client);
    const fqdn = normalize(dns.fqdn);
    const endpointIds = new Set(
      all.filter((h) => normalize(h.HealthCheckConfig?.FullyQualifiedDomainName ?? '') === fqdn && h.HealthCheckConfig?.Type !== 'CALCULATED').map((h) => h.Id),
    );
    // ManualSwitch: a disabled CALCULATED check whose only child is the endpoint check.
    const switches = all.filter(
      (h) => h.HealthCheckConfig?.Type === 'CALCULATED' && (h.HealthCheckConfig.ChildHealthChecks ?? []).some((c) => endpointIds.has(c)),
    );
    if (switches.length !== 1) {
      return [
        judged(
          CHECKS.dnsSwitch,
          subject,
          false,
          `${switches.length} CALCULATED checks over the check on ${dns.fqdn}`,
          'the manual switch health check was not found (or is ambiguous): re-apply the standby stack',
        ),
      ];
    }
    const config = switches[0].HealthCheckConfig!;
    const inverted = config.Inverted === true;
    const observed = `${switches[0].Id}: Inverted ${String(inverted)}, Disabled ${String(config.Disabled === true)}`;
    return [
      judged(
        CHECKS.dnsSwitch,
        subject,
        !inverted && config.Disabled === true,
        observed,
        inverted
          ? 'the switch is inverted: DNS answers with the standby (a failover is in effect)'
          : config.Disabled === true
            ? 'the switch is not inverted: traffic goes to the primary'
            : 'the switch is enabled, so it follows the endpoint check instead of the operator (re-apply the standby stack)',
      ),
    ];
  });
}
