import { Construct } from 'constructs';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { requireProp, validatedConstruct } from '../core';

/** Which side of a failover pair a record is. */
export type FailoverRole = 'PRIMARY' | 'SECONDARY';

/** Record types a failover record may have. */
export type FailoverRecordType = 'A' | 'AAAA' | 'CNAME';

/** An alias target (load balancer, CloudFront distribution, another record in the zone). */
export interface FailoverAliasTarget {
  /** DNS name of the target, e.g. the load balancer's `dns_name`. */
  readonly name: string;
  /** Hosted zone id of the target (the load balancer's canonical zone id). */
  readonly zoneId: string;
  /** Whether Route 53 also uses the target's own health. */
  readonly evaluateTargetHealth: boolean;
}

/** Anything with a Route 53 health check id: an {@link EndpointHealthCheck} or an id from configuration. */
export interface HealthCheckRef {
  readonly healthCheckId: string;
}

export interface FailoverRecordProps {
  /** Id of the hosted zone (`Z...`) that holds the record. */
  readonly hostedZoneId: string;
  /** Name the clients resolve, e.g. `api.example.com`; the same in both Regions. */
  readonly recordName: string;
  /** `PRIMARY` in the primary Region's stack, `SECONDARY` in the standby's. */
  readonly role: FailoverRole;
  /**
   * Host name the CNAME points to (this Region's endpoint). Give exactly one of `target` and `alias`.
   * @default - none; `alias` must be given
   */
  readonly target?: string;
  /**
   * Alias target in this Region. Give exactly one of `target` and `alias`.
   * @default - none; `target` must be given
   */
  readonly alias?: FailoverAliasTarget;
  /**
   * Record type: CNAME with `target`, A or AAAA with `alias`.
   * @default - 'CNAME' with `target`, 'A' with `alias`
   */
  readonly recordType?: FailoverRecordType;
  /**
   * TTL of the record in seconds; not allowed with `alias` (Route 53 uses the target's TTL).
   * @default 60
   */
  readonly ttlSeconds?: number;
  /**
   * Health check that decides when Route 53 stops answering with this record. Required for PRIMARY.
   * @default - none (allowed only for SECONDARY)
   */
  readonly healthCheck?: HealthCheckRef;
  /**
   * Set identifier, unique among the records of this name and type.
   * @default - `<recordName>-primary` or `<recordName>-secondary`
   */
  readonly setIdentifier?: string;
  /**
   * The record already exists (made by another state, e.g. the live environment a failback takes
   * over): Terraform imports it by `<zone id>_<name>_<type>_<set identifier>` (the provider's import
   * format) instead of failing to create a duplicate.
   * @default false
   */
  readonly importExisting?: boolean;
  /**
   * Records of the same pair this one is written after (`depends_on`): a failback rewrites both
   * records of the live pair, and the PRIMARY must change first so that no moment answers with a
   * Region that does not take traffic.
   * @default - none
   */
  readonly after?: readonly FailoverRecord[];
}

const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const RECORD_NAME = /^(?=.{1,253}\.?$)(\*\.)?([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$/;

/**
 * One side of a Route 53 failover pair. Route 53 is global, but each side belongs to its Region's
 * stack: the primary stack owns the health check and the `PRIMARY` record, the standby stack the
 * `SECONDARY` record, so the standby side stays manageable while the primary Region is down.
 */
@validatedConstruct
export class FailoverRecord extends Construct {
  private readonly props: FailoverRecordProps;
  private readonly _setIdentifier: string;
  private readonly _ttlSeconds: number | undefined;
  private readonly _recordType: FailoverRecordType;
  private readonly record: Route53Record;

  constructor(scope: Construct, id: string, props: FailoverRecordProps) {
    super(scope, id);
    this.props = props;

    requireProp(
      HOSTED_ZONE_ID.test(props.hostedZoneId),
      'hostedZoneId',
      props.hostedZoneId,
      'must be a Route 53 hosted zone id (Z followed by upper-case letters and digits)',
    );
    requireProp(RECORD_NAME.test(props.recordName), 'recordName', props.recordName, 'must be a fully qualified DNS name such as api.example.com');
    requireProp(props.role === 'PRIMARY' || props.role === 'SECONDARY', 'role', props.role, "must be 'PRIMARY' or 'SECONDARY'");
    requireProp(
      (props.target === undefined) !== (props.alias === undefined),
      'target/alias',
      { target: props.target, alias: props.alias },
      'must give exactly one of target and alias',
    );
    requireProp(
      props.role !== 'PRIMARY' || props.healthCheck !== undefined,
      'healthCheck',
      null,
      'is required for a PRIMARY failover record (without it Route 53 never fails over)',
    );

    const recordType = props.recordType ?? (props.alias ? 'A' : 'CNAME');
    if (props.alias) {
      requireProp(recordType === 'A' || recordType === 'AAAA', 'recordType', recordType, "must be 'A' or 'AAAA' with alias");
      requireProp(props.ttlSeconds === undefined, 'ttlSeconds', props.ttlSeconds, 'is not allowed with alias (Route 53 uses the alias target TTL)');
      requireProp(
        HOSTED_ZONE_ID.test(props.alias.zoneId),
        'alias.zoneId',
        props.alias.zoneId,
        'must be a Route 53 hosted zone id (Z followed by upper-case letters and digits)',
      );
    } else {
      requireProp(recordType === 'CNAME', 'recordType', recordType, "must be 'CNAME' with target (use alias for A or AAAA)");
      requireProp(RECORD_NAME.test(props.target!), 'target', props.target, 'must be a DNS host name');
    }
    const ttlSeconds = props.alias ? undefined : (props.ttlSeconds ?? 60);
    if (ttlSeconds !== undefined) {
      requireProp(Number.isInteger(ttlSeconds) && ttlSeconds >= 1, 'ttlSeconds', ttlSeconds, 'must be an integer >= 1');
    }
    const setIdentifier = props.setIdentifier ?? `${props.recordName.replace(/\.$/, '')}-${props.role.toLowerCase()}`;
    requireProp(setIdentifier.length >= 1 && setIdentifier.length <= 128, 'setIdentifier', setIdentifier, 'must be 1 to 128 characters');

    this._ttlSeconds = ttlSeconds;
    this._setIdentifier = setIdentifier;
    this._recordType = recordType;
    this.record = new Route53Record(this, 'Record', {
      zoneId: props.hostedZoneId,
      name: props.recordName,
      type: recordType,
      ttl: ttlSeconds,
      records: props.target !== undefined ? [props.target] : undefined,
      alias: props.alias ? { name: props.alias.name, zoneId: props.alias.zoneId, evaluateTargetHealth: props.alias.evaluateTargetHealth } : undefined,
      setIdentifier,
      failoverRoutingPolicy: { type: props.role },
      healthCheckId: props.healthCheck?.healthCheckId,
      dependsOn: props.after?.map((r) => r.record),
    });
    // The provider splits the id on `_`: a name with one would be cut in the wrong place.
    if (props.importExisting) {
      requireProp(!props.recordName.includes('_'), 'recordName', props.recordName, 'must not contain "_" to be imported (the import id is split on "_")');
      this.record.importFrom(this.importId);
    }
  }

  /** Import id of the record: `<zone id>_<name>_<type>_<set identifier>`. */
  public get importId(): string {
    return `${this.props.hostedZoneId}_${this.props.recordName.replace(/\.$/, '')}_${this._recordType}_${this._setIdentifier}`;
  }

  /** Name the clients resolve. */
  public get recordName(): string {
    return this.props.recordName;
  }

  /** PRIMARY or SECONDARY. */
  public get role(): FailoverRole {
    return this.props.role;
  }

  /** Set identifier of this side of the pair. */
  public get setIdentifier(): string {
    return this._setIdentifier;
  }

  /** TTL in seconds, or undefined for an alias record. */
  public get ttlSeconds(): number | undefined {
    return this._ttlSeconds;
  }
}
