/**
 * Failback's "environment with Regions swapped": `<env>-failback` loads, is validated, synthesizes
 * and passes the gate as main.ts runs it, and never puts state where the live stacks keep theirs.
 */
import { ENVIRONMENTS, FAILBACK_SUFFIX, loadEnvironment, withRegionsSwapped } from '../../environments';
import { gateSynthesizedApp } from '../../gate/synth-gate';
import { synthEnvironment } from '../support/synth';

const stateOf = (stack: any): string => {
  const s3 = stack.terraform?.backend?.s3;
  return s3 ? `s3://${s3.bucket}/${s3.key}` : `tfc:${stack.terraform?.cloud?.organization}/${stack.terraform?.cloud?.workspaces?.name}`;
};
const regionOf = (stack: any): string => stack.output.warm_standby_stack.value.region;

describe('withRegionsSwapped', () => {
  const example = ENVIRONMENTS.example;
  const swapped = withRegionsSwapped(example);

  test('swaps the Regions and what belongs to each Region (VPC CIDR, application endpoint); keeps the name and role sizing', () => {
    expect([swapped.name, swapped.primaryRegion, swapped.standbyRegion]).toEqual(['example', 'us-west-2', 'us-east-1']);
    expect([swapped.network.primaryCidr, swapped.network.standbyCidr]).toEqual([example.network.standbyCidr, example.network.primaryCidr]);
    expect([swapped.dns.primaryTarget, swapped.dns.standbyTarget]).toEqual(['pay-usw2.example.com', 'pay-use1.example.com']);
    expect(swapped.eks.primary).toEqual(example.eks.primary);
    expect(swapped.eks.standby).toEqual(example.eks.standby);
    expect(swapped.backend).toEqual(example.backend);
  });

  test('HCP Terraform workspaces get their own prefix (they are named after the stack only)', () => {
    const prod = withRegionsSwapped(ENVIRONMENTS['prod-eu']);
    expect(prod.backend).toMatchObject({ kind: 'cloud', workspacePrefix: 'warm-standby-failback' });
  });

  test('loadEnvironment("<env>-failback") returns the validated swapped environment; an unknown base is still an error', () => {
    expect(FAILBACK_SUFFIX).toBe('-failback');
    const loaded = loadEnvironment('example-failback');
    expect([loaded.primaryRegion, loaded.standbyRegion]).toEqual(['us-west-2', 'us-east-1']);
    expect(() => loadEnvironment('staging-failback')).toThrow(/unknown environment "staging-failback".*known environments: example, prod-eu/);
  });
});

describe.each(['example', 'prod-eu'])('%s-failback synthesized and gated like any environment', (base) => {
  const name = `${base}${FAILBACK_SUFFIX}`;
  const env = loadEnvironment(name);
  const app = synthEnvironment(name);
  const live = synthEnvironment(base);

  test('five stacks, the primary ones in the old standby Region', () => {
    expect(Object.keys(app.stacks).sort()).toEqual([`${base}-primary`, `${base}-primary-k8s`, `${base}-replication`, `${base}-standby`, `${base}-standby-k8s`]);
    expect(regionOf(app.stacks[`${base}-primary`])).toBe(ENVIRONMENTS[base].standbyRegion);
    expect(regionOf(app.stacks[`${base}-standby`])).toBe(ENVIRONMENTS[base].primaryRegion);
  });

  test('no stack keeps its state where a live stack does', () => {
    const liveStates = new Set(Object.values(live.stacks).map(stateOf));
    const states = Object.values(app.stacks).map(stateOf);
    expect(states.filter((s) => liveStates.has(s))).toEqual([]);
  });

  test('the replica in the old primary Region replicates from the instance in the old standby Region', () => {
    const replica = Object.values<any>(app.stacks[`${base}-standby`].resource.aws_db_instance)[0];
    const promoted = Object.values<any>(live.stacks[`${base}-standby`].resource.aws_db_instance)[0];
    expect(replica.replicate_source_db).toBe(`arn:aws:rds:${ENVIRONMENTS[base].standbyRegion}:${env.accountId}:db:${promoted.identifier}`);
  });

  test('the gate as main.ts runs it passes (exit 0)', async () => {
    const out: string[] = [];
    const code = await gateSynthesizedApp(app.outdir, env, {}, (t) => out.push(t));
    expect(out.join('')).toMatch(/PASS/);
    expect(code).toBe(0);
  });
});
