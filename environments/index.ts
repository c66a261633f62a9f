import { example } from './example';
import { prodEu } from './prod-eu';
import { EnvironmentConfig } from './types';
import { validateEnvironment } from './validate';
import { failbackBase, FAILBACK_SUFFIX, withRegionsSwapped } from './failback';

export * from './types';
export * from './validate';
export { defineEnvironment, DEFAULTS } from './defaults';
export { FAILBACK_SUFFIX, withRegionsSwapped } from './failback';
export { FAILBACK_IDS_VARIABLE, FailbackIdsFile, applyFailbackIds, failbackIdsProblems, withLiveDnsIds } from './failback-ids';

/** Every environment the app can synthesize, by name. */
export const ENVIRONMENTS: Readonly<Record<string, EnvironmentConfig>> = {
  [example.name]: example,
  [prodEu.name]: prodEu,
};

export const DEFAULT_ENVIRONMENT = 'example';

/** Thrown for an environment name that is not in {@link ENVIRONMENTS}. */
export class UnknownEnvironmentError extends Error {
  constructor(readonly requested: string) {
    super(
      `unknown environment "${requested}" (WARM_STANDBY_ENV or context "env"); known environments: ${Object.keys(ENVIRONMENTS).join(', ')} (each also as <name>${FAILBACK_SUFFIX}, Regions swapped)`,
    );
    this.name = 'UnknownEnvironmentError';
  }
}

/** Looks up and validates an environment by name. */
export function loadEnvironment(name: string = DEFAULT_ENVIRONMENT): EnvironmentConfig {
  // `<env>-failback`: the environment with its Regions swapped, for failback (environments/failback.ts).
  const base = Object.prototype.hasOwnProperty.call(ENVIRONMENTS, name) ? undefined : failbackBase(name);
  if (base !== undefined && Object.prototype.hasOwnProperty.call(ENVIRONMENTS, base)) return validateEnvironment(withRegionsSwapped(ENVIRONMENTS[base]));
  const env = ENVIRONMENTS[name];
  if (!env) throw new UnknownEnvironmentError(name);
  return validateEnvironment(env);
}
