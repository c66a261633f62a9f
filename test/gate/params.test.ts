import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';
import { GateError, InputError } from '../../common/errors';
import { PARAM_SPECS, validateParams } from '../../gate/params';
import { gateSynthesizedApp } from '../../gate/synth-gate';
import { writePolicySet } from '../../cli/commands/policy-set';
import { findOpa } from '../../gate/bundle';
import { REPO_ROOT, buildStandInPolicy, stackConfig, tempDir, writeApp, writeJson } from './fixtures';

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('validateParams (16.1, 15.10)', () => {
  test.each([
    [{ max_dns_detection_seconds: '60' }, 'param max_dns_detection_seconds must be a number, not a string (got "60") (src)'],
    [{ min_standby_nodes: 0 }, 'param min_standby_nodes must be an integer from 1 to 450: a warm standby keeps at least one node (got 0) (src)'],
    [{ min_standby_nodes: 1.5 }, 'param min_standby_nodes must be an integer from 1 to 450: a warm standby keeps at least one node (got 1.5) (src)'],
    [{ min_standby_nodes: Infinity }, 'param min_standby_nodes must be a finite number (got Infinity) (src)'],
    [{ max_dns_detection_seconds: NaN }, 'param max_dns_detection_seconds must be a finite number (got NaN) (src)'],
    [{ max_dns_detection_seconds: null }, 'param max_dns_detection_seconds must be a number, not null (got null) (src)'],
    [
      { max_master_secret_rotation_days: 1001 },
      'param max_master_secret_rotation_days must be an integer from 1 to 1000: longest rotation schedule of a database master secret (WS-RDS-007) (got 1001) (src)',
    ],
    [{ min_standy_nodes: 2 }, 'unknown param "min_standy_nodes" (did you mean min_standby_nodes?) (src)'],
    [{ colour: 2 }, 'unknown param "colour" (known: min_standby_nodes, max_dns_detection_seconds, max_master_secret_rotation_days, today) (src)'],
    [
      JSON.parse('{"__proto__": {"min_standby_nodes": 0}}'),
      'unknown param "__proto__" (known: min_standby_nodes, max_dns_detection_seconds, max_master_secret_rotation_days, today) (src)',
    ],
  ])('%p is refused', (params, message) => {
    const err = errorOf(() => validateParams(params, 'src'));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(message);
  });

  test('in-range numbers pass unchanged', () => {
    expect(validateParams({ min_standby_nodes: 2, max_dns_detection_seconds: 90.5 }, 'src')).toEqual({ min_standby_nodes: 2, max_dns_detection_seconds: 90.5 });
  });

  test('the gate knows exactly the parameters the Rego reads (lib.param_defaults), so no key is refused or let through by mistake', () => {
    const model = fs.readFileSync(path.join(REPO_ROOT, 'policies', 'lib', 'model.rego'), 'utf8');
    const block = /param_defaults := \{([^}]*)\}/.exec(model)?.[1] ?? '';
    const regoKeys = [...block.matchAll(/"([a-z_]+)":/g)].map((m) => m[1]).sort();
    expect(regoKeys.length).toBeGreaterThan(0);
    // `today` has no default in param_defaults: the gate always passes it, and lib/dated.rego reads it.
    const injected = ['today'];
    expect(
      Object.keys(PARAM_SPECS)
        .filter((k) => !injected.includes(k))
        .sort(),
    ).toEqual(regoKeys);
    const dated = fs.readFileSync(path.join(REPO_ROOT, 'policies', 'lib', 'dated.rego'), 'utf8');
    for (const key of injected) expect(dated).toContain(`lib.params.${key}`);
    // The Rego defaults themselves pass the checks.
    const defaults = Object.fromEntries([...block.matchAll(/"([a-z_]+)": ([0-9.]+)/g)].map((m) => [m[1], Number(m[2])]));
    expect(() => validateParams(defaults, 'lib.param_defaults')).not.toThrow();
  });
});

describe('every path that takes params validates them', () => {
  let cwd: string;
  let wasm: string;
  const out: string[] = [];
  const err: string[] = [];
  const io = () => ({ stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), cwd });

  beforeAll(() => {
    wasm = buildStandInPolicy();
    cwd = tempDir('ws-params-');
    writeApp(path.join(cwd, 'app'), {
      'example-primary': stackConfig('example-primary', 'primary', 'us-east-1'),
      'example-standby': stackConfig('example-standby', 'standby', 'us-west-2'),
    });
    writeJson(path.join(cwd, 'string.json'), { max_dns_detection_seconds: '60' });
    fs.writeFileSync(path.join(cwd, 'huge.json'), '{"min_standby_nodes": 1e400}');
    fs.writeFileSync(path.join(cwd, 'inf.yaml'), 'max_dns_detection_seconds: .inf\n');
    fs.writeFileSync(path.join(cwd, 'typo.yaml'), 'max_dns_detection_second: 60\n');
  });
  beforeEach(() => {
    out.length = 0;
    err.length = 0;
    process.env.WARM_STANDBY_POLICY_WASM = wasm;
  });
  afterAll(() => delete process.env.WARM_STANDBY_POLICY_WASM);

  test.each([
    ['string.json', 'warm-standby: param max_dns_detection_seconds must be a number, not a string (got "60")'],
    ['huge.json', 'warm-standby: param min_standby_nodes must be a finite number (got Infinity)'],
    ['inf.yaml', 'warm-standby: param max_dns_detection_seconds must be a finite number (got Infinity)'],
    ['typo.yaml', 'warm-standby: unknown param "max_dns_detection_second" (did you mean max_dns_detection_seconds?)'],
  ])('check --params %s exits 2 naming the key', async (file, message) => {
    expect(await main(['check', 'app', '--params', file], io())).toBe(2);
    expect(out.join('')).toBe('');
    const line = err.join('');
    expect(line.startsWith(`${message} (`)).toBe(true);
    expect(line.endsWith(`${file})\n`)).toBe(true);
    expect(line.split('\n')).toHaveLength(2);
  });

  test("synth: an environment's policyParams are validated before the gate runs", async () => {
    const outdir = path.join(cwd, 'app');
    const run = () => gateSynthesizedApp(outdir, { name: 'example', policyParams: { min_standby_nodes: Infinity } }, {}, () => undefined);
    await expect(run()).rejects.toThrow(
      new GateError('param min_standby_nodes must be a finite number (got Infinity)', 'environments/example.ts policyParams'),
    );
  });

  const opa = findOpa(REPO_ROOT);
  (opa ? test : test.skip)('HCP policy-set export refuses Infinity instead of writing null', () => {
    const dir = path.join(cwd, 'set');
    const e = errorOf(() => writePolicySet(dir, { params: { min_standby_nodes: Infinity } }));
    expect(e.message).toBe('param min_standby_nodes must be a finite number (got Infinity) (policy parameters)');
    expect(fs.existsSync(path.join(dir, 'params', 'data.json'))).toBe(false);
  });
});
