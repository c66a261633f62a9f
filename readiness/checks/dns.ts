import { GetHealthCheckStatusCommand, HealthCheck, ListHealthChecksCommand, NoSuchHealthCheck, Route53Client } from '@aws-sdk/client-route-53';
import { awsCall, awsCallOrMissing } from '../calls';
import { CHECKS } from '../catalogue';
import { CheckContext, CheckSubject, guarded, judged } from '../check';
import { CheckResult } from '../types';

/**
 * Route 53 counts an endpoint healthy when MORE than 18% of its health checkers report it healthy
 * (Route 53 Developer Guide, "How Amazon Route 53 determines whether a health check is healthy").
 */
export const ROUTE53_HEALTHY_FRACTION = 0.18;

/**
 * RDY-DNS-001: the health check on the primary endpoint (found by its FQDN, type and port, as the
 * primary stack creates it) is healthy by Route 53's own rule. Route 53 is global; the client uses
 * the standby Region only to pick the partition's endpoint.
 */
export async function checkDnsHealthCheck(ctx: CheckContext): Promise<CheckResult[]> {
  const { dns, standbyRegion } = ctx.targets;
  const subject: CheckSubject = {
    region: 'global',
    resource: `health check on ${dns.protocol} ${dns.fqdn}:${dns.port}`,
    threshold: `> ${ROUTE53_HEALTHY_FRACTION * 100}% of Route 53 health checkers report Success`,
  };
  return guarded([[CHECKS.dnsHealthCheck, subject]], async () => {
    const client = ctx.clients.route53(standbyRegion);
    const all = await listHealthChecks(client);
    const fqdn = normalize(dns.fqdn);
    const matches = all.filter((h) => {
      const c = h.HealthCheckConfig;
      return c !== undefined && normalize(c.FullyQualifiedDomainName ?? '') === fqdn && (c.Type ?? '').startsWith(dns.protocol) && c.Port === dns.port;
    });
    if (matches.length === 0) {
      return [
        judged(
          CHECKS.dnsHealthCheck,
          subject,
          false,
          `no health check on ${dns.fqdn} (${all.length} health checks in the account)`,
          `the primary endpoint ${dns.fqdn} has no Route 53 health check, so DNS cannot fail over`,
        ),
      ];
    }
    const observed: string[] = [];
    const unhealthy: string[] = [];
    for (const check of matches) {
      const id = check.Id ?? '?';
      const status = await awsCallOrMissing(
        'Route 53 GetHealthCheckStatus',
        'global',
        (e) => e instanceof NoSuchHealthCheck || (e as Error)?.name === 'NoSuchHealthCheck',
        () => client.send(new GetHealthCheckStatusCommand({ HealthCheckId: id })),
      );
      const reports = status?.HealthCheckObservations ?? [];
      const healthy = reports.filter((o) => (o.StatusReport?.Status ?? '').startsWith('Success')).length;
      observed.push(`${id}: ${healthy}/${reports.length} checkers report Success`);
      if (reports.length === 0 || healthy / reports.length <= ROUTE53_HEALTHY_FRACTION) {
        const failure = reports.find((o) => !(o.StatusReport?.Status ?? '').startsWith('Success'))?.StatusReport?.Status;
        unhealthy.push(`${id} is unhealthy${failure ? ` (${failure})` : ''}`);
      }
    }
    return [
      judged(
        CHECKS.dnsHealthCheck,
        subject,
        unhealthy.length === 0,
        observed.join('; '),
        unhealthy.length ? `primary endpoint ${dns.fqdn}: ${unhealthy.join('; ')}` : `primary endpoint ${dns.fqdn} is healthy`,
      ),
    ];
  });
}

/** Every health check of the account (ListHealthChecks, all pages). */
export async function listHealthChecks(client: Route53Client): Promise<HealthCheck[]> {
  const all: HealthCheck[] = [];
  let marker: string | undefined;
  do {
    const out = await awsCall('Route 53 ListHealthChecks', 'global', () => client.send(new ListHealthChecksCommand({ Marker: marker })));
    all.push(...(out?.HealthChecks ?? []));
    marker = out?.IsTruncated ? out.NextMarker : undefined;
  } while (marker);
  return all;
}

/** A DNS name as Route 53 compares it: lower case, no trailing dot. */
export function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}
