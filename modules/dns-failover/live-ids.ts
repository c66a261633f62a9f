import { requireProp } from '../core/validation';

/**
 * AWS-assigned ids of a live DNS switch, for adopting it with `import` blocks instead of creating a
 * second one (failback: the environment with the Regions swapped takes over the live switch). They
 * cannot be derived offline: Route 53 gives health checks a UUID, ARC gives its cluster, control panel,
 * routing controls and safety rules ids of its own (import formats: health check id; ARC resources by
 * ARN, terraform-provider-aws website/docs/r/route53recoverycontrolconfig_*.html.markdown).
 */
export interface RecoveryControlSwitchIds {
  readonly clusterArn: string;
  readonly controlPanelArn: string;
  readonly safetyRuleArn: string;
  /**
   * Per Region (each routing control is named `<switch name>-<region>`, so it belongs to the Region,
   * not to the role): its routing control's ARN and the RECOVERY_CONTROL health check on it.
   */
  readonly routingControls: Readonly<Record<string, { readonly arn: string; readonly healthCheckId: string }>>;
}

/** Route 53 health check ids are UUIDs. */
export const HEALTH_CHECK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const ARC_ARN = String.raw`arn:aws(?:-[a-z]+)*:route53-recovery-control::\d{12}`;
const CLUSTER_ARN = new RegExp(`^${ARC_ARN}:cluster/[0-9a-f-]{1,64}$`);
const CONTROL_PANEL_ARN = new RegExp(`^${ARC_ARN}:controlpanel/[0-9a-f]{1,64}$`);
const CHILD_ARN = (kind: string) => new RegExp(`^(${ARC_ARN}:controlpanel/[0-9a-f]{1,64})/${kind}/[0-9a-f]{1,64}$`);

export function validateHealthCheckId(prop: string, value: unknown): void {
  requireProp(typeof value === 'string' && HEALTH_CHECK_ID.test(value), prop, value, 'must be a Route 53 health check id (a lower-case UUID)');
}

/** Checks every id of a live ARC switch: shapes, one control panel for all, a routing control per Region. */
export function validateRecoveryControlSwitchIds(prop: string, ids: RecoveryControlSwitchIds, regions: readonly string[]): void {
  requireProp(
    typeof ids.clusterArn === 'string' && CLUSTER_ARN.test(ids.clusterArn),
    `${prop}.clusterArn`,
    ids.clusterArn,
    'must be an ARC cluster ARN (arn:<partition>:route53-recovery-control::<account>:cluster/<id>)',
  );
  requireProp(
    typeof ids.controlPanelArn === 'string' && CONTROL_PANEL_ARN.test(ids.controlPanelArn),
    `${prop}.controlPanelArn`,
    ids.controlPanelArn,
    'must be an ARC control panel ARN (arn:<partition>:route53-recovery-control::<account>:controlpanel/<id>)',
  );
  const inPanel = (field: string, value: unknown, kind: string) => {
    const match = typeof value === 'string' ? CHILD_ARN(kind).exec(value) : null;
    requireProp(
      match !== null && match[1] === ids.controlPanelArn,
      field,
      value,
      `must be the ARN of a ${kind} of control panel ${ids.controlPanelArn} (<control panel ARN>/${kind}/<id>)`,
    );
  };
  inPanel(`${prop}.safetyRuleArn`, ids.safetyRuleArn, 'safetyrule');
  const controls = typeof ids.routingControls === 'object' && ids.routingControls !== null ? ids.routingControls : {};
  requireProp(
    Object.keys(controls).sort().join(',') === [...regions].sort().join(','),
    `${prop}.routingControls`,
    Object.keys(controls),
    `must have exactly one entry per Region of the switch (${[...regions].sort().join(', ')}): routing controls are named after their Region`,
  );
  for (const region of regions) {
    const entry = controls[region];
    inPanel(`${prop}.routingControls.${region}.arn`, entry?.arn, 'routingcontrol');
    validateHealthCheckId(`${prop}.routingControls.${region}.healthCheckId`, entry?.healthCheckId);
  }
}
