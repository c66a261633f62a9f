import * as fs from 'fs';
import { RecoveryControlSwitchIds, validateHealthCheckId, validateRecoveryControlSwitchIds } from '../modules/dns-failover/live-ids';
import { FAILBACK_SUFFIX } from './failback';
import { EnvironmentConfig, LiveDnsIds } from './types';
import { EnvironmentValidationError } from './validate';

/**
 * Names the file with the live DNS switch's ids that `<env>-failback` imports (scripts/failback-ids.ts
 * writes it from `terraform show -json` of the live `<env>-standby`; README "### Failback").
 */
export const FAILBACK_IDS_VARIABLE = 'WARM_STANDBY_FAILBACK_IDS';

/** Content of the failback ids file. */
export interface FailbackIdsFile {
  /** The environment whose live stack the ids were read from (the base name, without `-failback`). */
  readonly environment: string;
  readonly dns: LiveDnsIds;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problems of a parsed ids file for `env` (a failback environment), each naming the field, the value and the rule. */
export function failbackIdsProblems(file: unknown, env: EnvironmentConfig): string[] {
  if (!isObject(file)) return [`the file must hold a JSON object {"environment", "dns"} (got ${JSON.stringify(file)})`];
  const problems: string[] = [];
  const known = ['environment', 'dns'];
  for (const key of Object.keys(file)) if (!known.includes(key)) problems.push(`${key} is not a known field (known: ${known.join(', ')})`);
  if (file.environment !== env.name)
    problems.push(`environment must be "${env.name}", the environment whose live stacks the ids come from (got ${JSON.stringify(file.environment ?? null)})`);
  const dns = file.dns;
  if (!isObject(dns)) return [...problems, `dns must be an object (got ${JSON.stringify(dns ?? null)})`];
  const check = (f: () => void) => {
    try {
      f();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  };
  check(() => validateHealthCheckId('dns.endpointHealthCheckId', dns.endpointHealthCheckId));
  const kind = env.dns.switch.kind;
  if (kind === 'endpoint') problems.push(`dns must not be given: dns.switch.kind of "${env.name}" is "endpoint" (no switch to adopt)`);
  if (kind === 'arc') {
    if (!isObject(dns.arc)) problems.push(`dns.arc must be an object (dns.switch.kind is "arc") (got ${JSON.stringify(dns.arc ?? null)})`);
    else check(() => validateRecoveryControlSwitchIds('dns.arc', dns.arc as RecoveryControlSwitchIds, [env.primaryRegion, env.standbyRegion]));
    if (dns.manualSwitchHealthCheckId !== undefined) problems.push('dns.manualSwitchHealthCheckId must not be given: dns.switch.kind is "arc"');
  }
  if (kind === 'manual') {
    check(() => validateHealthCheckId('dns.manualSwitchHealthCheckId', dns.manualSwitchHealthCheckId));
    if (dns.arc !== undefined) problems.push('dns.arc must not be given: dns.switch.kind is "manual"');
  }
  for (const key of Object.keys(dns))
    if (!['endpointHealthCheckId', 'arc', 'manualSwitchHealthCheckId'].includes(key))
      problems.push(`dns.${key} is not a known field (known: endpointHealthCheckId, arc, manualSwitchHealthCheckId)`);
  return problems;
}

/** `env` with the live DNS ids it adopts; throws {@link EnvironmentValidationError} naming every problem of the file. */
export function withLiveDnsIds(env: EnvironmentConfig, file: unknown, source: string): EnvironmentConfig {
  if (env.failback === undefined)
    throw new EnvironmentValidationError(env.name, [
      `${source} is only for an environment with the Regions swapped (<env>-failback); "${env.name}" is not one`,
    ]);
  const problems = failbackIdsProblems(file, env);
  if (problems.length > 0)
    throw new EnvironmentValidationError(
      `${env.name}-failback`,
      problems.map((p) => `${source}: ${p}`),
    );
  return { ...env, failback: { ...env.failback, liveDns: (file as FailbackIdsFile).dns } };
}

/**
 * Applies `WARM_STANDBY_FAILBACK_IDS` when it is set: reads and checks the file, returns the
 * environment with its ids. Unset: `env` unchanged (a failback synth then adopts no DNS resource, and
 * its deploy stops at the existing records instead of duplicating them).
 */
export function applyFailbackIds(env: EnvironmentConfig, vars: NodeJS.ProcessEnv): EnvironmentConfig {
  const file = vars[FAILBACK_IDS_VARIABLE];
  if (file === undefined || file === '') return env;
  const source = `${FAILBACK_IDS_VARIABLE}=${file}`;
  const selector = env.failback ? `${env.name}${FAILBACK_SUFFIX}` : env.name;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new EnvironmentValidationError(selector, [`${source}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EnvironmentValidationError(selector, [`${source}: not JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  return withLiveDnsIds(env, parsed, source);
}
