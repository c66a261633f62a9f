import * as fs from 'fs';
import { GateError, UsageError, oneLine } from '../common/errors';

/**
 * Break-glass for failover (issue 15.3): with an explicit, named override, a failover synth goes
 * ahead although the gate refuses it (a failed rule, or an exceptions file that no longer
 * validates, e.g. an exception that expired). Never silent: who and why are printed in the log,
 * as a GitHub warning annotation and in the job summary. Only for failover: in normal mode the
 * override is itself an error, so it cannot become a habit on deploys.
 *
 * Environment variables (both required together):
 * - `WARM_STANDBY_BREAK_GLASS_BY`: who overrides (the workflow passes `github.actor`)
 * - `WARM_STANDBY_BREAK_GLASS_REASON`: why (the workflow_dispatch input `break_glass_reason`)
 */
export interface BreakGlass {
  readonly by: string;
  readonly reason: string;
}

/** The override the environment asks for, undefined when none; a half-given one is a UsageError. */
export function breakGlassFrom(vars: NodeJS.ProcessEnv, failover: boolean): BreakGlass | undefined {
  const by = (vars.WARM_STANDBY_BREAK_GLASS_BY ?? '').trim();
  const reason = (vars.WARM_STANDBY_BREAK_GLASS_REASON ?? '').trim();
  if (!by && !reason) return undefined;
  if (!by) throw new UsageError(`WARM_STANDBY_BREAK_GLASS_BY is empty (reason "${oneLine(reason)}")`, 'break-glass: name who overrides the gate');
  if (!reason) throw new UsageError(`WARM_STANDBY_BREAK_GLASS_REASON is empty (by "${oneLine(by)}")`, 'break-glass: say why the gate is overridden');
  if (!failover) {
    throw new UsageError(
      `break-glass given by "${oneLine(by)}" in normal mode`,
      'break-glass overrides the gate only for a failover synth (WARM_STANDBY_FAILOVER=1)',
    );
  }
  return { by: oneLine(by), reason: oneLine(reason) };
}

/**
 * Runs the gate; with a break-glass override, a refusal (exit code 1, or a GateError such as an
 * expired exception) is reported and audited but does not stop the failover (returns 0).
 */
export async function gateWithBreakGlass(
  gate: () => Promise<number>,
  override: BreakGlass | undefined,
  vars: NodeJS.ProcessEnv = process.env,
  log: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  if (!override) return gate();
  let refusal: string | undefined;
  try {
    const code = await gate();
    if (code === 0) return 0;
    if (code !== 1) return code;
    refusal = 'the policy gate failed (the report above)';
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    refusal = `the gate could not run: ${error.message}`;
  }
  const line = `BREAK-GLASS: failover proceeds although ${refusal}; overridden by ${override.by}: ${override.reason}`;
  log(`warm-standby: ${line}\n`);
  if (vars.GITHUB_ACTIONS === 'true') log(`::warning title=warm-standby break-glass::${line}\n`);
  if (vars.GITHUB_STEP_SUMMARY) {
    fs.appendFileSync(
      vars.GITHUB_STEP_SUMMARY,
      `## Break-glass: policy gate overridden for failover\n\n- **By:** ${override.by}\n- **Why:** ${override.reason}\n- **Overridden:** ${refusal}\n\n`,
    );
  }
  return 0;
}
