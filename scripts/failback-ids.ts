/**
 * Writes the failback ids file (`WARM_STANDBY_FAILBACK_IDS`, environments/failback-ids.ts) from the
 * state of the live `<env>-standby` stack, which holds the DNS switch: the AWS-assigned ids the
 * environment with the Regions swapped imports instead of creating a second switch.
 *
 * Usage: terraform -chdir=cdktf.out/stacks/<env>-standby show -json | ts-node scripts/failback-ids.ts > failback-ids.json
 *
 * Resources are recognised by type and by what they are, not by address: the endpoint check is the
 * one health check of an endpoint type, the manual switch the CALCULATED one, each ARC routing control
 * belongs to the Region its name ends with (`<switch name>-<region>`), and each RECOVERY_CONTROL
 * check to the routing control it watches. The synth checks the ids' formats when it reads the file.
 */
import * as fs from 'fs';
import type { FailbackIdsFile, LiveDnsIds } from '../environments';

interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly mode?: string;
  readonly values: Record<string, unknown>;
}

interface StateJson {
  readonly values?: {
    readonly outputs?: Record<string, { readonly value?: unknown }>;
    readonly root_module?: { readonly resources?: readonly StateResource[] };
  };
}

/** Thrown for a state that does not hold exactly what the ids file needs; the message names what is missing. */
export class FailbackIdsError extends Error {}

const ENDPOINT_CHECK_TYPES = ['HTTP', 'HTTPS', 'TCP', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH'];

function str(r: StateResource, key: string): string {
  const value = r.values[key];
  if (typeof value !== 'string' || value === '')
    throw new FailbackIdsError(`${r.address}: ${key} is not set in the state (got ${JSON.stringify(value ?? null)})`);
  return value;
}

function exactlyOne(resources: readonly StateResource[], what: string): StateResource {
  if (resources.length !== 1)
    throw new FailbackIdsError(
      `expected exactly one ${what} in the state, found ${resources.length}${resources.length ? ` (${resources.map((r) => r.address).join(', ')})` : ''}`,
    );
  return resources[0];
}

/** The ids file for the live standby stack's state (`terraform show -json`). */
export function failbackIdsFromState(state: StateJson): FailbackIdsFile {
  const metadata = state.values?.outputs?.warm_standby_stack?.value as { environment?: unknown; role?: unknown } | undefined;
  if (typeof metadata?.environment !== 'string' || metadata.role !== 'standby')
    throw new FailbackIdsError(
      `not the state of a standby stack: output warm_standby_stack must name the environment and role "standby" (got ${JSON.stringify(metadata ?? null)})`,
    );
  const resources = (state.values?.root_module?.resources ?? []).filter((r) => (r.mode ?? 'managed') === 'managed');
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const checks = ofType('aws_route53_health_check');
  const endpoint = exactlyOne(
    checks.filter((r) => ENDPOINT_CHECK_TYPES.includes(String(r.values.type))),
    'endpoint health check (aws_route53_health_check of type HTTP, HTTPS or TCP)',
  );
  const dns: { -readonly [K in keyof LiveDnsIds]: LiveDnsIds[K] } = { endpointHealthCheckId: str(endpoint, 'id') };

  const clusters = ofType('aws_route53recoverycontrolconfig_cluster');
  const manual = checks.filter((r) => r.values.type === 'CALCULATED');
  if (clusters.length > 0) {
    const cluster = exactlyOne(clusters, 'ARC cluster');
    const prefix = `${str(cluster, 'name')}-`;
    const routingControls: Record<string, { arn: string; healthCheckId: string }> = {};
    for (const control of ofType('aws_route53recoverycontrolconfig_routing_control')) {
      const name = str(control, 'name');
      if (!name.startsWith(prefix))
        throw new FailbackIdsError(`${control.address}: routing control name ${name} does not start with ${prefix} (<switch name>-<region>)`);
      const arn = str(control, 'arn');
      const check = exactlyOne(
        checks.filter((r) => r.values.type === 'RECOVERY_CONTROL' && r.values.routing_control_arn === arn),
        `RECOVERY_CONTROL health check on ${arn}`,
      );
      routingControls[name.slice(prefix.length)] = { arn, healthCheckId: str(check, 'id') };
    }
    dns.arc = {
      clusterArn: str(cluster, 'arn'),
      controlPanelArn: str(exactlyOne(ofType('aws_route53recoverycontrolconfig_control_panel'), 'ARC control panel'), 'arn'),
      safetyRuleArn: str(exactlyOne(ofType('aws_route53recoverycontrolconfig_safety_rule'), 'ARC safety rule'), 'arn'),
      routingControls,
    };
  } else if (manual.length > 0) {
    dns.manualSwitchHealthCheckId = str(exactlyOne(manual, 'manual switch (CALCULATED health check)'), 'id');
  } else {
    throw new FailbackIdsError(
      'no DNS switch in the state (neither an ARC cluster nor a CALCULATED health check): an environment without a switch has nothing to adopt',
    );
  }
  return { environment: metadata.environment, dns };
}

if (require.main === module) {
  try {
    const state = JSON.parse(fs.readFileSync(0, 'utf8')) as StateJson;
    process.stdout.write(`${JSON.stringify(failbackIdsFromState(state), null, 2)}\n`);
  } catch (error) {
    process.stderr.write(`failback-ids: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}
