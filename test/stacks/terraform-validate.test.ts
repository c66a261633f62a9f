/**
 * Real `terraform init` + `terraform validate`, offline, against the pinned providers, for every stack
 * of every environment (normal and failover mode), also with the Regions swapped (failback). All stacks
 * are validated in one Terraform run, each as a module of one root (scripts/lib/terraform.ts
 * validateStacks): the AWS provider's schema is then loaded once instead of once per stack, a stack
 * identical to another (30 distinct of 38) is a module once, and each distinct literal provider
 * configuration is one provider process. Each stack still gets its own verdict.
 */
import { ENVIRONMENTS, EnvironmentConfig, FAILBACK_SUFFIX, loadEnvironment, withLiveDnsIds } from '../../environments';
import { failbackIdsFromState } from '../../scripts/failback-ids';
import { ValidateResult, validateStacks } from '../../scripts/lib/terraform';
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
const apps = cases.map((c) => ({ ...c, app: synthEnvironment(c.env, { failover: c.failover }) }));

let results: Map<string, ValidateResult>;
beforeAll(async () => {
  results = await validateStacks(
    apps.flatMap(({ label, app }) => Object.keys(app.stacks).map((stack) => ({ key: `${label}/${stack}`, dir: app.stackDir(stack) }))),
  );
}, 900_000);

describe.each(apps)('terraform validate: $label', ({ label, app }) => {
  test.each(Object.keys(app.stacks))('%s is valid', (stack) => {
    const result = results.get(`${label}/${stack}`);
    expect(result?.stackDir).toBe(app.stackDir(stack));
    const errors = result!.diagnostics.filter((d) => d.severity === 'error');
    // Printing the diagnostics makes a failure readable without re-running Terraform by hand.
    expect(errors.map((d) => `${d.address ?? ''} ${d.summary}: ${d.detail ?? ''}`)).toEqual([]);
    expect(result!.valid).toBe(true);
  });
});
