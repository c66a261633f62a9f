/**
 * scripts/failback-ids.ts: from the state of the live `<env>-standby` (here: its synth as if applied,
 * with ids in AWS's formats) to the ids file, and from that file to the swapped environment's import
 * blocks: each live object is adopted by the resource that takes its place (routing controls by Region).
 */
import { ENVIRONMENTS, loadEnvironment, withLiveDnsIds } from '../../environments';
import { FailbackIdsError, failbackIdsFromState } from '../../scripts/failback-ids';
import { fakeAppliedState } from '../support/fake-state';
import { synthEnvironment } from '../support/synth';

const importsOf = (stack: any): Record<string, string> => Object.fromEntries((stack.import ?? []).map((i: any) => [i.to as string, i.id as string]));
/** Address -> id of a state. */
const idsOf = (state: any): Record<string, string> =>
  Object.fromEntries(
    state.values.root_module.resources.map((r: any) => [
      r.address,
      (r.values.arn as string)?.startsWith('arn:aws:route53-recovery') ? r.values.arn : r.values.id,
    ]),
  );

describe.each(['example', 'prod-eu'])('%s: live standby state -> ids file -> imports of the swapped environment', (base) => {
  const liveStandby = synthEnvironment(base).stacks[`${base}-standby`];
  const state = fakeAppliedState(liveStandby);
  const file = failbackIdsFromState(state);
  const swapped = synthEnvironment(withLiveDnsIds(loadEnvironment(`${base}-failback`), JSON.parse(JSON.stringify(file)), 'test')).stacks[`${base}-standby`];

  test('the file names the environment and passes the synth checks (withLiveDnsIds did not throw)', () => {
    expect(file.environment).toBe(base);
    expect(Object.keys(file.dns.arc!.routingControls).sort()).toEqual([ENVIRONMENTS[base].primaryRegion, ENVIRONMENTS[base].standbyRegion].sort());
  });

  test('every DNS object the swapped standby declares is imported from the live object at the same place, the routing controls crossed', () => {
    const live = idsOf(state);
    const imports = importsOf(swapped);
    // Same construct paths in both synths (same stack name), except that the roles of the routing
    // controls and their checks swap: the new primary's control is the live standby's.
    const byPath = (stack: any) =>
      Object.fromEntries(
        Object.entries<Record<string, any>>(stack.resource).flatMap(([type, byName]) =>
          Object.entries(byName).map(([name, r]) => [(r['//'].metadata.path as string).replace(/^[^/]+\//, ''), `${type}.${name}`]),
        ),
      );
    const livePaths = byPath(liveStandby);
    const swappedPaths = byPath(swapped);
    const expected: Record<string, string> = {};
    for (const [path, address] of Object.entries(swappedPaths)) {
      if (!/^(HealthCheck|DnsSwitch)\//.test(path)) continue;
      const livePath = path.replace(/^DnsSwitch\/(Primary|Standby)/, (_m, role: string) => `DnsSwitch/${role === 'Primary' ? 'Standby' : 'Primary'}`);
      expected[address] = live[livePaths[livePath]];
    }
    // Records: below; the audit trail (log groups, access-log bucket) is imported by name: failback.test.ts.
    const dnsImports = Object.fromEntries(Object.entries(imports).filter(([to]) => /^aws_route53(_health_check|recoverycontrolconfig_)/.test(to)));
    expect(dnsImports).toEqual(expected);
    expect(Object.keys(expected).length).toBe(8);
  });
});

describe('failback-ids refuses a state it cannot read fully', () => {
  const liveStandby = synthEnvironment('example').stacks['example-standby'];

  test('a state without the switch, a primary stack, two endpoint checks', () => {
    const state = fakeAppliedState(liveStandby);
    const resources = state.values.root_module.resources;
    const withoutArc = {
      values: {
        ...state.values,
        root_module: {
          resources: resources.filter((r: any) => !r.type.startsWith('aws_route53recoverycontrolconfig_') && r.values.type !== 'RECOVERY_CONTROL'),
        },
      },
    };
    expect(() => failbackIdsFromState(withoutArc)).toThrow(/no DNS switch in the state/);
    const primary = synthEnvironment('example').stacks['example-primary'];
    expect(() => failbackIdsFromState(fakeAppliedState(primary))).toThrow(/not the state of a standby stack: .*"role":"primary"/);
    const endpoint = resources.find((r: any) => r.values.type === 'HTTPS');
    const twoEndpoints = {
      values: { ...state.values, root_module: { resources: [...resources, { ...endpoint, address: 'aws_route53_health_check.Extra' }] } },
    };
    expect(() => failbackIdsFromState(twoEndpoints)).toThrow(FailbackIdsError);
    expect(() => failbackIdsFromState(twoEndpoints)).toThrow(/expected exactly one endpoint health check .* found 2/);
  });

  test('a manual switch yields its id (the runbook deletes it; the swapped stack makes a new, healthy one)', () => {
    const env = loadEnvironment('example');
    const manual = synthEnvironment({ ...env, dns: { ...env.dns, switch: { kind: 'manual' } } }).stacks['example-standby'];
    const file = failbackIdsFromState(fakeAppliedState(manual));
    expect(Object.keys(file.dns).sort()).toEqual(['endpointHealthCheckId', 'manualSwitchHealthCheckId']);
    expect(file.dns.manualSwitchHealthCheckId).toMatch(/^[0-9a-f]{8}-/);
  });
});
