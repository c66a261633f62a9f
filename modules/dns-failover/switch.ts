import { Construct } from 'constructs';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53RecoverycontrolconfigCluster } from '@cdktf/provider-aws/lib/route53recoverycontrolconfig-cluster';
import { Route53RecoverycontrolconfigControlPanel } from '@cdktf/provider-aws/lib/route53recoverycontrolconfig-control-panel';
import { Route53RecoverycontrolconfigRoutingControl } from '@cdktf/provider-aws/lib/route53recoverycontrolconfig-routing-control';
import { Route53RecoverycontrolconfigSafetyRule } from '@cdktf/provider-aws/lib/route53recoverycontrolconfig-safety-rule';
import { requireProp, validatedConstruct } from '../core';
import { HealthCheckRef } from './failover-record';
import { RecoveryControlSwitchIds, validateRecoveryControlSwitchIds } from './live-ids';

/**
 * Tag that marks a health check as an operator switch (`manual` or `arc`). The gate (WS-DNS-004)
 * does not trust the tag alone: it also checks the switch's shape (see {@link ManualSwitch}).
 */
export const DNS_SWITCH_TAG = 'warm-standby/dns-switch';

/**
 * Tag on an endpoint health check whose environment opted out of the operator switch; its value is
 * the reason, which the gate reports as an advisory finding (WS-DNS-005).
 */
export const DNS_SWITCH_OPT_OUT_TAG = 'warm-standby/dns-switch-opt-out';

/** Regions that host the five endpoints of every Route 53 ARC cluster (the data plane). */
export const ARC_CLUSTER_ENDPOINT_REGIONS: readonly string[] = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-northeast-1', 'ap-southeast-2'];

export interface ManualSwitchProps {
  /**
   * The endpoint health check, attached as the switch's only child. While the switch is disabled
   * Route 53 does not aggregate it (the endpoint check keeps running and paging on its own); it is
   * there so the switch is a well-formed CALCULATED check and shows what it stands in for.
   */
  readonly endpointHealthCheck: HealthCheckRef;
  /** `Name` tag of the switch, e.g. `pay.example.com-switch`. */
  readonly name: string;
}

/**
 * An operator switch made of one Route 53 health check, for the PRIMARY failover record.
 *
 * It is a CALCULATED check with `disabled = true`. Route 53 documents a disabled check as always
 * healthy and stops aggregating its children, so a blip (or an outage) of the endpoint never fails
 * traffic over by itself. The operator fails over by inverting it
 * (`aws route53 update-health-check --health-check-id <id> --inverted`): an inverted always-healthy
 * check is unhealthy, Route 53 answers with the SECONDARY record. Failback is the reverse
 * (`--no-inverted`), and only the operator does it: traffic never flows back on its own to a
 * recovered, stale old primary.
 *
 * Terraform ignores `invert_healthcheck` after creation (`lifecycle.ignore_changes`), so no apply of
 * any stack undoes the operator's flip. `disabled` stays managed: an apply puts back manual mode if
 * someone re-enabled the check (which would make it follow the endpoint again).
 *
 * The flip calls the Route 53 control plane, which runs in us-east-1; for a switch whose flip must
 * not depend on one Region use {@link RecoveryControlSwitch}.
 */
@validatedConstruct
export class ManualSwitch extends Construct implements HealthCheckRef {
  private readonly resource: Route53HealthCheck;

  constructor(scope: Construct, id: string, props: ManualSwitchProps) {
    super(scope, id);
    requireProp(props.name.length >= 1 && props.name.length <= 256, 'name', props.name, 'must be 1 to 256 characters (a tag value)');
    this.resource = new Route53HealthCheck(this, 'HealthCheck', {
      type: 'CALCULATED',
      disabled: true,
      invertHealthcheck: false,
      childHealthchecks: [props.endpointHealthCheck.healthCheckId],
      childHealthThreshold: 1,
      tags: { Name: props.name, [DNS_SWITCH_TAG]: 'manual' },
      lifecycle: { ignoreChanges: ['invert_healthcheck'] },
    });
  }

  /** Id of the switch, for the PRIMARY record's `health_check_id` and the operator's commands. */
  public get healthCheckId(): string {
    return this.resource.id;
  }
}

export interface RecoveryControlSwitchProps {
  /** Prefix of the ARC names (cluster, control panel, routing controls, safety rule); at most 40 characters, no white space. */
  readonly name: string;
  /** Region of the PRIMARY record's endpoint; names the primary's routing control. */
  readonly primaryRegion: string;
  /** Region of the SECONDARY record's endpoint; names the standby's routing control. */
  readonly standbyRegion: string;
  /**
   * How long ARC refuses further changes to the asserted routing controls after one, so two
   * operators cannot undo each other in a burst (the `wait_period_ms` of the safety rule).
   * @default 5000
   */
  readonly waitPeriodMs?: number;
  /**
   * Ids of a live switch of the same name to adopt (`import` blocks) instead of creating one: the
   * failback environment (Regions swapped) takes over the switch the live environment created. Routing
   * controls and their health checks are matched by Region, so each keeps its state (ON/OFF) and keeps
   * gating the same Region's record.
   * @default - none: everything is created
   */
  readonly importIds?: RecoveryControlSwitchIds;
  /**
   * Region whose routing control comes first in the safety rule's `asserted_controls` (a list). The
   * failback environment gives the live environment's primary Region, so it declares the live rule.
   * @default - primaryRegion
   */
  readonly firstAssertedRegion?: string;
}

/**
 * A Route 53 Application Recovery Controller switch: one cluster, one control panel, one routing
 * control per Region, an assertion safety rule (at least one routing control ON, so the operator
 * can never turn both Regions off), and a RECOVERY_CONTROL health check per routing control. The
 * PRIMARY record uses the primary's health check, the SECONDARY record the standby's; each is
 * healthy exactly while its routing control is ON.
 *
 * Routing controls are created OFF, and their state is not Terraform's: the operator sets it on the
 * cluster's data plane (`aws route53-recovery-cluster update-routing-control-states`), which has an
 * endpoint in each of {@link ARC_CLUSTER_ENDPOINT_REGIONS}; no apply ever changes it. The
 * configuration API (and so Terraform for these resources) runs in us-west-2 only.
 *
 * Cost: an ARC cluster is billed per hour for as long as it exists (see
 * https://aws.amazon.com/route53/pricing/), far more than a health check.
 */
@validatedConstruct
export class RecoveryControlSwitch extends Construct {
  private readonly cluster: Route53RecoverycontrolconfigCluster;
  private readonly controls: { readonly primary: Route53RecoverycontrolconfigRoutingControl; readonly standby: Route53RecoverycontrolconfigRoutingControl };
  private readonly checks: { readonly primary: Route53HealthCheck; readonly standby: Route53HealthCheck };

  constructor(scope: Construct, id: string, props: RecoveryControlSwitchProps) {
    super(scope, id);
    requireProp(/^\S{1,40}$/.test(props.name), 'name', props.name, 'must be 1 to 40 characters without white space (ARC names are at most 64)');
    requireProp(props.primaryRegion !== props.standbyRegion, 'standbyRegion', props.standbyRegion, 'must differ from primaryRegion');
    const waitPeriodMs = props.waitPeriodMs ?? 5000;
    requireProp(Number.isInteger(waitPeriodMs) && waitPeriodMs >= 0, 'waitPeriodMs', waitPeriodMs, 'must be an integer >= 0');
    const ids = props.importIds;
    if (ids) validateRecoveryControlSwitchIds('importIds', ids, [props.primaryRegion, props.standbyRegion]);

    this.cluster = new Route53RecoverycontrolconfigCluster(this, 'Cluster', { name: props.name });
    const panel = new Route53RecoverycontrolconfigControlPanel(this, 'ControlPanel', {
      name: `${props.name}-panel`,
      clusterArn: this.cluster.arn,
    });
    const control = (cid: string, region: string, after?: Route53RecoverycontrolconfigRoutingControl) =>
      new Route53RecoverycontrolconfigRoutingControl(this, cid, {
        name: `${props.name}-${region}`,
        clusterArn: this.cluster.arn,
        controlPanelArn: panel.arn,
        dependsOn: after ? [after] : undefined,
      });
    // One change per control panel at a time: concurrent creates get 409 ConflictException, on which
    // provider 5.x dereferences a nil output and panics (hashicorp/terraform-provider-aws#47034), so the
    // second routing control waits for the first (WS-DNS-006). The safety rule references both.
    const primaryControl = control('PrimaryRoutingControl', props.primaryRegion);
    this.controls = { primary: primaryControl, standby: control('StandbyRoutingControl', props.standbyRegion, primaryControl) };
    // `asserted_controls` is a list: the environment with the Regions swapped (failback) keeps the live
    // rule's order, or its import would be followed by a replacement.
    const firstAsserted = props.firstAssertedRegion ?? props.primaryRegion;
    requireProp(
      firstAsserted === props.primaryRegion || firstAsserted === props.standbyRegion,
      'firstAssertedRegion',
      firstAsserted,
      `must be primaryRegion ${props.primaryRegion} or standbyRegion ${props.standbyRegion}`,
    );
    const asserted = firstAsserted === props.primaryRegion ? [this.controls.primary, this.controls.standby] : [this.controls.standby, this.controls.primary];
    const safetyRule = new Route53RecoverycontrolconfigSafetyRule(this, 'AtLeastOneOn', {
      name: `${props.name}-at-least-one-on`,
      controlPanelArn: panel.arn,
      assertedControls: asserted.map((rc) => rc.arn),
      ruleConfig: { type: 'ATLEAST', threshold: 1, inverted: false },
      waitPeriodMs,
    });
    const check = (cid: string, rc: Route53RecoverycontrolconfigRoutingControl, region: string) =>
      new Route53HealthCheck(this, cid, {
        type: 'RECOVERY_CONTROL',
        routingControlArn: rc.arn,
        tags: { Name: `${props.name}-${region}`, [DNS_SWITCH_TAG]: 'arc' },
      });
    this.checks = {
      primary: check('PrimaryHealthCheck', this.controls.primary, props.primaryRegion),
      standby: check('StandbyHealthCheck', this.controls.standby, props.standbyRegion),
    };
    if (ids) {
      this.cluster.importFrom(ids.clusterArn);
      panel.importFrom(ids.controlPanelArn);
      safetyRule.importFrom(ids.safetyRuleArn);
      for (const [role, region] of [
        ['primary', props.primaryRegion],
        ['standby', props.standbyRegion],
      ] as const) {
        this.controls[role].importFrom(ids.routingControls[region].arn);
        this.checks[role].importFrom(ids.routingControls[region].healthCheckId);
      }
    }
  }

  /** RECOVERY_CONTROL health check of the primary's routing control, for the PRIMARY record. */
  public get primaryHealthCheck(): HealthCheckRef {
    return { healthCheckId: this.checks.primary.id };
  }

  /** RECOVERY_CONTROL health check of the standby's routing control, for the SECONDARY record. */
  public get standbyHealthCheck(): HealthCheckRef {
    return { healthCheckId: this.checks.standby.id };
  }

  public get primaryRoutingControlArn(): string {
    return this.controls.primary.arn;
  }

  public get standbyRoutingControlArn(): string {
    return this.controls.standby.arn;
  }

  public get clusterArn(): string {
    return this.cluster.arn;
  }

  /** The five data-plane endpoints (`[{ endpoint, region }]`) the operator sends routing control changes to. */
  public get clusterEndpoints(): unknown {
    return this.cluster.clusterEndpoints;
  }
}
