/**
 * Real `terraform init` + `terraform validate`, offline, against the pinned providers, for every stack
 * of every environment (normal and failover mode). All stacks are validated in one Terraform run, each
 * as a module of one root (scripts/lib/terraform.ts validateStacks): the AWS provider's schema is then
 * loaded once instead of once per stack. Each stack still gets its own verdict.
 */
import { ENVIRONMENTS } from '../../environments';
import { ValidateResult, validateStacks } from '../../scripts/lib/terraform';
import { synthEnvironment } from '../support/synth';

const cases = Object.keys(ENVIRONMENTS).flatMap((env) => [false, true].map((failover) => ({ env, failover, label: `${env}${failover ? ' (failover)' : ''}` })));
const apps = cases.map((c) => ({ ...c, app: synthEnvironment(c.env, { failover: c.failover }) }));

let results: Map<string, ValidateResult>;
beforeAll(async () => {
  results = await validateStacks(
    apps.flatMap(({ label, app }) => Object.keys(app.stacks).map((stack) => ({ key: `${label}/${stack}`, dir: app.stackDir(stack) }))),
  );
}, 600_000);

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
