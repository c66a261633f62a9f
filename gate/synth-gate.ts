import type { EnvironmentConfig } from '../environments';
import { environmentExceptionsFile, exceptionsFileFor } from './exceptions';
import { runGate } from './gate';
import { FORMATS, isFormat } from './reporters';
import { validateParams } from './params';
import { UsageError } from '../common/errors';

export { environmentExceptionsFile };

/**
 * The gate as main.ts runs it after `app.synth()`: checks the whole synthesized app with the
 * environment's `policyParams`, prints the report and returns the exit code (0 pass, 1 an
 * unsuppressed mandatory finding). Bad inputs or exceptions throw a one-line GateError.
 *
 * Environment variables:
 * - `WARM_STANDBY_EXCEPTIONS`: exceptions file (JSON or YAML).
 *   @default - `environments/<env>.exceptions.yaml` when it exists, else no exceptions
 * - `WARM_STANDBY_GATE_FORMAT`: report format. @default text
 */
export async function gateSynthesizedApp(
  outdir: string,
  env: Pick<EnvironmentConfig, 'name' | 'policyParams'>,
  vars: NodeJS.ProcessEnv = process.env,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  const format = vars.WARM_STANDBY_GATE_FORMAT || 'text';
  if (!isFormat(format)) throw new UsageError(`unknown format "${format}"`, `WARM_STANDBY_GATE_FORMAT: one of ${FORMATS.join(', ')}`);
  const exceptionsFile = exceptionsFileFor(env.name, vars);
  const params = validateParams(env.policyParams ?? {}, `environments/${env.name}.ts policyParams`);
  const result = await runGate(outdir, { params, exceptionsFile, format });
  write(result.output);
  return result.exitCode;
}
