/**
 * Real `terraform init` + `terraform validate`, offline, against the pinned providers, for every stack
 * of every environment (normal and failover mode).
 */
import { ENVIRONMENTS } from '../../environments';
import { validateStack } from '../../scripts/lib/terraform';
import { synthEnvironment } from '../support/synth';

const cases = Object.keys(ENVIRONMENTS).flatMap((env) => [false, true].map((failover) => ({ env, failover, label: `${env}${failover ? ' (failover)' : ''}` })));

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
