import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../common/errors';
import { isRecord } from '../common/files';

/**
 * The exact values `WARM_STANDBY_FAILOVER` (and the `failover` context key) accept. Anything else is
 * an error: a typo such as `on` must not quietly synthesize normal mode during an outage.
 */
export const FAILOVER_VALUES: ReadonlyMap<string, boolean> = new Map([
  ['1', true],
  ['true', true],
  ['0', false],
  ['false', false],
]);

/** What main.ts synthesizes. */
export interface SynthSelection {
  readonly envName: string;
  readonly failover: boolean;
  /**
   * Velero backup the failover Restore restores (`WARM_STANDBY_RESTORE_BACKUP`, failover only): the
   * runbook picks the newest one completed longer ago than the replication SLA.
   * @default - the newest backup of the schedule
   */
  readonly restoreBackupName?: string;
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Picks the environment and mode from the process environment and the cdktf app context.
 *
 * cdktf 0.21's `cdktf synth` has no `--context` option (an unknown flag is ignored); app context
 * comes from the `context` key of cdktf.json or from the `CDKTF_CONTEXT_JSON` variable, which the
 * CLI passes on to the app (@cdktf/commons src/config.js, @cdktf/cli-core src/lib/synth-stack.js).
 * The variable and the context must agree when both are given.
 *
 * @param context `app.node.tryGetContext`
 */
export function selectSynth(vars: NodeJS.ProcessEnv, context: (key: string) => unknown, defaultEnvironment: string): SynthSelection {
  const fromVar = vars.WARM_STANDBY_ENV || undefined;
  const fromContext = context('env');
  if (fromContext !== undefined && typeof fromContext !== 'string') {
    throw new UsageError(`context env must be a string (got ${JSON.stringify(fromContext)})`, 'cdktf.json context / CDKTF_CONTEXT_JSON');
  }
  if (fromVar && fromContext && fromVar !== fromContext) {
    throw new UsageError(`WARM_STANDBY_ENV "${fromVar}" and context env "${fromContext}" disagree; set one`, 'environment selection');
  }
  const failoverVar = vars.WARM_STANDBY_FAILOVER;
  const failoverContext = context('failover');
  const varValue = failoverVar === undefined || failoverVar === '' ? undefined : parseFailover(failoverVar, 'WARM_STANDBY_FAILOVER');
  const contextValue = failoverContext === undefined ? undefined : parseFailover(failoverContext, 'context failover');
  if (varValue !== undefined && contextValue !== undefined && varValue !== contextValue) {
    throw new UsageError(
      `WARM_STANDBY_FAILOVER "${failoverVar}" and context failover ${JSON.stringify(failoverContext)} disagree; set one`,
      'failover selection',
    );
  }
  const failover = varValue ?? contextValue ?? false;
  const restoreBackupName = vars.WARM_STANDBY_RESTORE_BACKUP || undefined;
  if (restoreBackupName !== undefined) {
    if (!failover) {
      throw new UsageError(
        `WARM_STANDBY_RESTORE_BACKUP "${restoreBackupName}" applies to a failover synth only (WARM_STANDBY_FAILOVER=1)`,
        'restore selection',
      );
    }
    if (!K8S_NAME.test(restoreBackupName)) {
      throw new UsageError(
        `WARM_STANDBY_RESTORE_BACKUP must be a Velero backup name (a Kubernetes object name) (got "${restoreBackupName}")`,
        'restore selection',
      );
    }
  }
  return { envName: fromVar ?? fromContext ?? defaultEnvironment, failover, ...(restoreBackupName ? { restoreBackupName } : {}) };
}

/** Reads a failover flag: a boolean, or exactly one of {@link FAILOVER_VALUES}. */
export function parseFailover(value: unknown, where: string): boolean {
  if (typeof value === 'boolean') return value;
  const known = typeof value === 'string' ? FAILOVER_VALUES.get(value) : undefined;
  if (known !== undefined) return known;
  throw new UsageError(
    `${where} must be one of ${[...FAILOVER_VALUES.keys()].join(', ')} (got ${JSON.stringify(value)})`,
    '1 or true: failover synth; 0, false or unset: normal synth',
  );
}

/**
 * Deletes the plan JSONs in `plansDir` (cdktf.out/plans) whose `warm_standby_stack` output names
 * another environment than `envName`, so a later `warm-standby check cdktf.out/plans/*.json` never
 * gates a mix of environments. Any other file is left alone. Returns the names removed.
 */
export function removeOtherEnvironmentPlans(plansDir: string, envName: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(plansDir).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const file = path.join(plansDir, name);
    const env = planEnvironment(file);
    if (env === undefined || env === envName) continue;
    fs.rmSync(file, { force: true });
    removed.push(name);
  }
  return removed.sort();
}

function planEnvironment(file: string): string | undefined {
  try {
    const plan: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    const outputs = isRecord(plan) && isRecord(plan.planned_values) ? plan.planned_values.outputs : undefined;
    const output = isRecord(outputs) ? outputs.warm_standby_stack : undefined;
    const value = isRecord(output) ? output.value : undefined;
    return isRecord(value) && typeof value.environment === 'string' ? value.environment : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Deletes `stacks/<name>` folders of `outdir` whose stack the new synthesis no longer has (another
 * environment's), as the cdktf CLI does after its own synth; `npm run synth` runs main.ts directly.
 */
export function removeOrphanedStackDirs(outdir: string, stackNames: readonly string[]): string[] {
  const stacksDir = path.join(outdir, 'stacks');
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(stacksDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const orphans = entries.filter((e) => e.isDirectory() && !stackNames.includes(e.name)).map((e) => e.name);
  for (const name of orphans) fs.rmSync(path.join(stacksDir, name), { recursive: true, force: true });
  return orphans.sort();
}
