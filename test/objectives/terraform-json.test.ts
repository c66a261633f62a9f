import { at, block, list, num, record, resources, stackMeta, str } from '../../objectives/terraform-json';
import { estimate, fromStacks, readFacts } from '../../objectives/estimate';
import { buildRunbook, renderRunbook } from '../../objectives/runbook';
import { synthEnvironment } from '../support/synth';

describe('terraform-json helpers', () => {
  test('record: a JSON object is itself; null, arrays and scalars have no fields', () => {
    const o = { a: 1 };
    expect(record(o)).toBe(o);
    for (const v of [null, undefined, [1], 'x', 3, true]) expect(record(v)).toEqual({});
  });

  test('at walks object keys and stops at anything else', () => {
    expect(at({ a: { b: { c: 5 } } }, 'a', 'b', 'c')).toBe(5);
    expect(at({ a: [{ b: 1 }] }, 'a', 'b')).toBeUndefined();
    expect(at({ a: 'text' }, 'a', 'length')).toBeUndefined();
    expect(at(null, 'a')).toBeUndefined();
    expect(at({ a: 1 })).toEqual({ a: 1 });
  });

  test('list: arrays only', () => {
    expect(list([1, 2])).toEqual([1, 2]);
    for (const v of [undefined, null, 'ab', { 0: 'a' }]) expect(list(v)).toEqual([]);
  });

  test('block reads a single nested block written as an object or as a one-element list', () => {
    expect(block({ scaling_config: { desired_size: 3 } }, 'scaling_config')).toEqual({ desired_size: 3 });
    expect(block({ scaling_config: [{ desired_size: 4 }, { desired_size: 9 }] }, 'scaling_config')).toEqual({ desired_size: 4 });
    expect(block({ scaling_config: [] }, 'scaling_config')).toEqual({});
    expect(block({}, 'scaling_config')).toEqual({});
    expect(block(undefined, 'scaling_config')).toEqual({});
  });

  test('num accepts numbers and numeric strings only', () => {
    expect(num(60)).toBe(60);
    expect(num(' 15 ')).toBe(15);
    for (const v of ['', ' ', 'x', NaN, Infinity, null, undefined, true, [1], { n: 1 }]) expect(num(v)).toBeUndefined();
  });

  test('str is String() with a fallback for undefined and null only', () => {
    expect(str('a')).toBe('a');
    expect(str(7)).toBe('7');
    expect(str(false, 'x')).toBe('false');
    expect(str('', 'x')).toBe('');
    expect(str(undefined)).toBe('');
    expect(str(null, '<none>')).toBe('<none>');
    expect(str(['a', 'b'])).toBe('a,b');
  });

  test('resources lists the objects of one type in file order; stackMeta reads the warm_standby_stack output', () => {
    const stack = {
      resource: { aws_sqs_queue: { a: { name: 'q1' }, b: null, c: { name: 'q2' } } },
      output: { warm_standby_stack: { value: { role: 'standby' } } },
    };
    expect(resources(stack, 'aws_sqs_queue')).toEqual([{ name: 'q1' }, { name: 'q2' }]);
    expect(resources(stack, 'aws_lambda_function')).toEqual([]);
    expect(resources(undefined, 'aws_sqs_queue')).toEqual([]);
    expect(stackMeta(stack)).toEqual({ role: 'standby' });
    expect(stackMeta({})).toEqual({});
  });
});

/** Every single nested block the estimator reads, rewritten from an object to a one-element list. */
function blocksAsLists(stacks: Readonly<Record<string, any>>): Record<string, any> {
  const copy = JSON.parse(JSON.stringify(stacks)) as Record<string, any>;
  const wrap = (resource: any, key: string) => {
    if (resource[key] !== undefined && !Array.isArray(resource[key])) resource[key] = [resource[key]];
  };
  for (const stack of Object.values(copy)) {
    // PRIMARY only: the SECONDARY lookup reads the object form alone (unchanged by the typed layer).
    for (const r of Object.values<any>(stack.resource?.aws_route53_record ?? {}))
      if (r.failover_routing_policy?.type === 'PRIMARY') wrap(r, 'failover_routing_policy');
    for (const r of Object.values(stack.resource?.aws_eks_node_group ?? {})) wrap(r, 'scaling_config');
    for (const config of Object.values<any>(stack.resource?.aws_s3_bucket_replication_configuration ?? {})) {
      wrap(config, 'rule');
      for (const rule of config.rule ?? []) {
        wrap(rule, 'destination');
        for (const dest of rule.destination ?? []) {
          wrap(dest, 'replication_time');
          for (const rtc of dest.replication_time ?? []) wrap(rtc, 'time');
        }
      }
    }
  }
  return copy;
}

describe('reading the synthesized example (same answers before and after the typed JSON layer)', () => {
  const app = synthEnvironment('example');

  test('facts of example', () => {
    const facts = readFacts(fromStacks(app.stacks));
    expect(facts.dns).toMatchObject({ interval: 10, threshold: 3, ttl: 60, switch: 'arc', endpointCheckMissing: false });
    expect(facts.velero).toMatchObject({ cron: '0 * * * *', intervalSeconds: 3600, rtc: true, replicationSeconds: 900 });
    expect(facts.rds).toMatchObject({ lagAllowance: 60, promoted: false });
    expect(facts.eks).toMatchObject({ primaryDesired: 3, standbyDesired: 3, scaleUpSeconds: 0 });
    expect(facts.feed).toMatchObject({ batchingWindow: 30, lambdaTimeout: 60 });
    expect(facts.targets).toEqual({ rpo: 5400, rto: 3600 });
  });

  test('single blocks written as one-element lists give the same facts, estimate and runbook', () => {
    const listed = blocksAsLists(app.stacks);
    // The rewrite did reach the blocks read (else this test would compare the input with itself).
    expect(Array.isArray(Object.values(listed['example-standby'].resource.aws_eks_node_group as Record<string, any>)[0].scaling_config)).toBe(true);
    expect(readFacts(fromStacks(listed))).toEqual(readFacts(fromStacks(app.stacks)));
    expect(estimate(fromStacks(listed))).toEqual(estimate(fromStacks(app.stacks)));
    expect(renderRunbook(buildRunbook(fromStacks(listed)), 'markdown')).toBe(renderRunbook(buildRunbook(fromStacks(app.stacks)), 'markdown'));
  });

  test('without the replication stack the Velero replication is read as absent (no RTC, assumed)', () => {
    const { ['example-replication']: _dropped, ...rest } = app.stacks;
    const facts = readFacts(fromStacks(rest));
    expect(facts.velero).toMatchObject({ rtc: false, replicaBucket: '' });
    expect(facts.stackNames.replication).toBeUndefined();
  });
});
