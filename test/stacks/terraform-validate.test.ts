/**
 * Real `terraform init` + `terraform validate`, offline, against the pinned providers, for every stack
 * of every environment (normal and failover mode), also with the Regions swapped (failback).
 */
import { ENVIRONMENTS, EnvironmentConfig, FAILBACK_SUFFIX, loadEnvironment, withLiveDnsIds } from '../../environments';
import { failbackIdsFromState } from '../../scripts/failback-ids';
import { validateStack } from '../../scripts/lib/terraform';
import { fakeAppliedState } from '../support/fake-state';
import { synthEnvironment } from '../support/synth';

/** `<env>-failback` with the live switch's ids (import blocks in its primary and standby stacks), read from the live standby as applied. */
function failbackWithIds(base: string): EnvironmentConfig {
  const ids = failbackIdsFromState(fakeAppliedState(synthEnvironment(base).stacks[`${base}-standby`]));
  return withLiveDnsIds(loadEnvironment(`${base}${FAILBACK_SUFFIX}`), ids, 'live standby state');
}

// Every environment, its failback environment (Regions swapped), each in normal and failover mode,
// and the failback environment with the import blocks its deploy adopts the live resources with.
const cases = [
  ...Object.keys(ENVIRONMENTS)
    .flatMap((name) => [name, `${name}${FAILBACK_SUFFIX}`])
    .flatMap((env) => [false, true].map((failover) => ({ env: env, failover, label: `${env}${failover ? ' (failover)' : ''}` }))),
  ...Object.keys(ENVIRONMENTS).map((name) => ({
    env: failbackWithIds(name),
    failover: false,
    label: `${name}${FAILBACK_SUFFIX} with live ids`,
  })),
];

describe.each(cases)('terraform validate: $label', ({ env, failover }) => {
  const app = synthEnvironment(env, { failover });

  test.each(Object.keys(app.stacks))('%s is valid', async (stack) => {
    const result = await validateStack(app.stackDir(stack));
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    // Printing the diagnostics makes a failure readable without re-running Terraform by hand.
    expect(errors.map((d) => `${d.address ?? ''} ${d.summary}: ${d.detail ?? ''}`)).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
