/**
 * The cdktf app: picks the environment, builds its stacks, synthesizes, then runs the policy gate
 * over everything it synthesized. A mandatory finding exits non-zero, so `cdktf synth|diff|deploy`
 * stop before Terraform runs.
 *
 * Exit status (of `npm run synth`, which runs this file directly; the cdktf CLI turns any non-zero
 * status into its own 1):
 *   0  the gate passed
 *   1  policy failure: an unsuppressed mandatory finding (the report says which)
 *   2  broken input: unknown or invalid environment, bad WARM_STANDBY_FAILOVER or context, bad
 *      policyParams or exceptions, missing policy bundle, a construct validation error, or a bug
 */
import * as path from 'path';
import { App, AppConfig } from 'cdktf';
import {
  DEFAULT_ENVIRONMENT,
  EnvironmentValidationError,
  UnknownEnvironmentError,
  applyFailbackIds,
  environmentWarnings,
  loadEnvironment,
} from './environments';
import { buildEnvironment } from './stacks';
import { gateSynthesizedApp } from './gate/synth-gate';
import { breakGlassFrom, gateWithBreakGlass } from './gate/break-glass';
import { removeOrphanedStackDirs, removeOtherEnvironmentPlans, selectSynth } from './gate/synth-selection';
import { GateError, oneLine } from './common/errors';

export const SYNTH_EXIT = { passed: 0, policyFailure: 1, brokenInput: 2 } as const;

export interface SynthIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const PROCESS_IO: SynthIO = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };

/**
 * Synthesizes and gates; returns the exit status above. The report goes to stdout once; problems
 * go to stderr as `warm-standby: <what> (<where>)`.
 */
export async function synthAndGate(vars: NodeJS.ProcessEnv = process.env, io: SynthIO = PROCESS_IO, appConfig: AppConfig = {}): Promise<number> {
  try {
    const app = new App(appConfig);
    const { envName, failover, restoreBackupName } = selectSynth(vars, (key) => app.node.tryGetContext(key), DEFAULT_ENVIRONMENT);
    // `<env>-failback` with WARM_STANDBY_FAILBACK_IDS: the live DNS switch's ids to import.
    const env = applyFailbackIds(loadEnvironment(envName), vars);
    // Checked before synth: a malformed override fails fast, not after the gate.
    const breakGlass = breakGlassFrom(vars, failover);
    // Limits of normal operation; a failover synth runs once the primary is already lost.
    if (!failover) for (const warning of environmentWarnings(env)) io.stderr(`warm-standby: warning: ${warning}\n`);
    buildEnvironment(app, env, { failover, restoreBackupName });
    app.synth();
    removeOrphanedStackDirs(app.outdir, Object.keys(app.manifest.stacks));
    const plansDir = path.join(app.outdir, 'plans');
    const removed = removeOtherEnvironmentPlans(plansDir, env.name);
    if (removed.length > 0) io.stderr(`warm-standby: removed ${removed.length} plan(s) of other environments from ${plansDir}: ${removed.join(', ')}\n`);
    const code = await gateWithBreakGlass(() => gateSynthesizedApp(app.outdir, env, vars, io.stdout), breakGlass, vars, io.stderr);
    return code === 0 ? SYNTH_EXIT.passed : SYNTH_EXIT.policyFailure;
  } catch (error) {
    if (error instanceof GateError || error instanceof UnknownEnvironmentError) io.stderr(`warm-standby: ${error.message}\n`);
    // Every problem of the environment at once, one per line: the user fixes them in one go.
    else if (error instanceof EnvironmentValidationError) io.stderr(`warm-standby: ${error.message}\n`);
    else {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr(`warm-standby: synthesis failed: ${oneLine(message)}${vars.WARM_STANDBY_DEBUG && error instanceof Error ? `\n${error.stack}` : ''}\n`);
    }
    return SYNTH_EXIT.brokenInput;
  }
}

if (require.main === module) void synthAndGate().then((code) => process.exit(code));
