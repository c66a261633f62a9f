import { Construct } from 'constructs';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { requireProp, validatedConstruct } from '../core';
import { validateHealthCheckId } from './live-ids';

/** Protocol a Route 53 health checker uses against the endpoint. */
export type HealthCheckProtocol = 'HTTP' | 'HTTPS' | 'TCP';

/** Regions Route 53 runs health checkers from (the values `regions` accepts). */
export const HEALTH_CHECKER_REGIONS: readonly string[] = [
  'us-east-1',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'sa-east-1',
];

export interface EndpointHealthCheckProps {
  /** Host name of the endpoint checked (the primary Region's endpoint, not the failover name). */
  readonly fqdn: string;
  /**
   * Protocol of the check.
   * @default 'HTTPS'
   */
  readonly protocol?: HealthCheckProtocol;
  /**
   * Port of the endpoint (1..65535).
   * @default - 443 for HTTPS, 80 for HTTP; required for TCP
   */
  readonly port?: number;
  /**
   * Path requested by HTTP and HTTPS checks; not allowed for TCP.
   * @default '/healthz'
   */
  readonly resourcePath?: string;
  /**
   * Seconds between two checks from one checker (10 is a fast check, at extra cost).
   * @default 10
   */
  readonly requestIntervalSeconds?: 10 | 30;
  /**
   * Consecutive failed checks before the endpoint counts as unhealthy (1..10).
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Regions to check from (at least 3 of {@link HEALTH_CHECKER_REGIONS}).
   * @default - Route 53's default checker Regions
   */
  readonly regions?: readonly string[];
  /**
   * Tags of the health check.
   * @default - a `Name` tag of `<fqdn>`
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Id of a live health check to adopt (an `import` block) instead of creating one; Terraform then
   * updates it in place to these settings (a failback points the live check at the new primary).
   * @default - none: the health check is created
   */
  readonly importId?: string;
}

const HOST_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$/;

/**
 * A Route 53 health check on the primary Region's endpoint, for the `PRIMARY` failover record.
 * Route 53 is global: the primary Region's stack owns this check.
 */
@validatedConstruct
export class EndpointHealthCheck extends Construct {
  private readonly resource: Route53HealthCheck;
  private readonly _detectionSeconds: number;

  constructor(scope: Construct, id: string, props: EndpointHealthCheckProps) {
    super(scope, id);

    const protocol = props.protocol ?? 'HTTPS';
    requireProp(['HTTP', 'HTTPS', 'TCP'].includes(protocol), 'protocol', protocol, "must be 'HTTP', 'HTTPS' or 'TCP'");
    requireProp(HOST_NAME.test(props.fqdn), 'fqdn', props.fqdn, 'must be a DNS host name');
    requireProp(protocol !== 'TCP' || props.port !== undefined, 'port', props.port ?? null, 'is required for protocol TCP');
    const port = props.port ?? (protocol === 'HTTP' ? 80 : 443);
    requireProp(Number.isInteger(port) && port >= 1 && port <= 65535, 'port', port, 'must be an integer from 1 to 65535');
    requireProp(protocol !== 'TCP' || props.resourcePath === undefined, 'resourcePath', props.resourcePath ?? null, 'is not allowed for protocol TCP');
    const resourcePath = protocol === 'TCP' ? undefined : (props.resourcePath ?? '/healthz');
    if (resourcePath !== undefined) {
      requireProp(
        resourcePath.startsWith('/') && resourcePath.length <= 255,
        'resourcePath',
        resourcePath,
        "must start with '/' and be at most 255 characters",
      );
    }
    const requestIntervalSeconds = props.requestIntervalSeconds ?? 10;
    requireProp(requestIntervalSeconds === 10 || requestIntervalSeconds === 30, 'requestIntervalSeconds', requestIntervalSeconds, 'must be 10 or 30');
    const failureThreshold = props.failureThreshold ?? 3;
    requireProp(
      Number.isInteger(failureThreshold) && failureThreshold >= 1 && failureThreshold <= 10,
      'failureThreshold',
      failureThreshold,
      'must be an integer from 1 to 10',
    );
    if (props.regions !== undefined) {
      requireProp(props.regions.length >= 3, 'regions', props.regions, 'must list at least 3 checker Regions');
      for (const region of props.regions) {
        requireProp(HEALTH_CHECKER_REGIONS.includes(region), 'regions', region, `must be Route 53 checker Regions (${HEALTH_CHECKER_REGIONS.join(', ')})`);
      }
    }

    this._detectionSeconds = requestIntervalSeconds * failureThreshold;
    this.resource = new Route53HealthCheck(this, 'HealthCheck', {
      type: protocol,
      fqdn: props.fqdn,
      port,
      resourcePath,
      enableSni: protocol === 'HTTPS' ? true : undefined,
      requestInterval: requestIntervalSeconds,
      failureThreshold,
      measureLatency: true,
      regions: props.regions ? [...props.regions] : undefined,
      tags: { Name: props.fqdn, ...props.tags },
    });
    if (props.importId !== undefined) {
      validateHealthCheckId('importId', props.importId);
      this.resource.importFrom(props.importId);
    }
  }

  /** Id of the health check, for a failover record's `health_check_id`. */
  public get healthCheckId(): string {
    return this.resource.id;
  }

  /** Worst-case seconds from the endpoint failing to Route 53 marking it unhealthy (interval x threshold). */
  public get detectionSeconds(): number {
    return this._detectionSeconds;
  }
}
