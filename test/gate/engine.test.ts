import * as path from 'path';
import * as fs from 'fs';
import { PolicyEngine } from '../../gate/engine';
import { InputError, PolicyError } from '../../common/errors';
import { checkPaths } from '../../gate/gate';
import { parseReport } from '../../gate/report';
import { buildRego, buildStandInPolicy, planJson, stackConfig, tempDir, writeApp, writeJson } from './fixtures';

let wasm: string;
let engine: PolicyEngine;

beforeAll(async () => {
  wasm = buildStandInPolicy();
  engine = await PolicyEngine.load(wasm);
});

const primary = stackConfig('example-primary', 'primary', 'us-east-1', [
  { type: 'aws_db_instance', name: 'db_1A2B', fail: 'mandatory' },
  { type: 'aws_s3_bucket', name: 'backups_3C4D', fail: 'advisory' },
]);
const standby = stackConfig('example-standby', 'standby', 'us-west-2');
const app = (...stacks: [string, Record<string, unknown>][]) => ({
  kind: 'cdktf_app',
  stacks: stacks.map(([name, config]) => ({ name, file: `${name}.json`, config })),
});

describe('PolicyEngine', () => {
  test('evaluates the report entrypoint into a typed report', () => {
    const report = engine.evaluate(app(['example-primary', primary], ['example-standby', standby]));
    expect(report.input_kind).toBe('cdktf_app');
    expect(report.stacks).toEqual(expect.arrayContaining([{ name: 'example-standby', role: 'standby', region: 'us-west-2', file: 'example-standby.json' }]));
    expect(report.findings.map((f) => [f.rule, f.address, f.enforcement, f.path])).toEqual(
      expect.arrayContaining([
        ['WS-TST-001', 'aws_db_instance.db_1A2B', 'mandatory', 'example-primary/db_1A2B'],
        ['WS-TST-002', 'aws_s3_bucket.backups_3C4D', 'advisory', 'example-primary/backups_3C4D'],
      ]),
    );
    expect(report.rules.find((r) => r.id === 'WS-TST-003')).toMatchObject({ status: 'evaluated', scope: 'cross_region' });
  });

  test('params reach data.params', () => {
    const report = engine.evaluate(app(['example-primary', primary]), { params: { min_standby_nodes: 3 } });
    expect(report.findings.find((f) => f.rule === 'WS-TST-001')?.message).toContain('min_standby_nodes=3');
    expect(engine.evaluate(app(['example-primary', primary])).findings.find((f) => f.rule === 'WS-TST-001')?.message).toContain('min_standby_nodes=1');
  });

  test('exceptions reach data.exceptions and suppress by rule and address glob', () => {
    const exception = { rule: 'WS-TST-001', address: 'aws_db_instance.*', reason: 'Migration tracked in OPS-1', owner: 'dba', expires: '2999-01-01' };
    const other = { ...exception, rule: 'WS-TST-002', address: 'aws_db_instance.*' };
    const report = engine.evaluate(app(['example-primary', primary]), { exceptions: [exception, other] });
    expect(report.findings.find((f) => f.rule === 'WS-TST-001')).toMatchObject({ suppressed: true, exception });
    expect(report.findings.find((f) => f.rule === 'WS-TST-002')).toMatchObject({ suppressed: false, exception: null });
  });

  test('one stack: the cross-Region rule is not evaluated, with a reason', () => {
    const rule = engine.evaluate(app(['example-primary', primary])).rules.find((r) => r.id === 'WS-TST-003');
    expect(rule).toMatchObject({ status: 'not_evaluated', reason: expect.stringContaining('only one') });
  });

  test('plan and HCP inputs evaluate too', () => {
    const plan = planJson('standby', 'us-west-2', [{ type: 'aws_eks_node_group', name: 'ng', fail: 'mandatory' }]);
    expect(engine.evaluate(plan)).toMatchObject({ input_kind: 'plan', stacks: [{ name: 'example-standby', file: '' }] });
    expect(engine.evaluate({ plan, run: {} }).findings[0]).toMatchObject({ address: 'aws_eks_node_group.ng', stack: 'example-standby', path: null });
  });

  test('a missing wasm or a wasm without the entrypoint is a PolicyError on one line', async () => {
    await expect(PolicyEngine.load(path.join(tempDir(), 'policy.wasm'))).rejects.toThrow(PolicyError);
    await expect(PolicyEngine.load(path.join(tempDir(), 'policy.wasm'))).rejects.toThrow(
      /^policy wasm not found; run `npm run policy:build` \(.*policy\.wasm\)$/,
    );
  });

  test('a wasm built for another entrypoint is rejected at load', async () => {
    const other = buildRego('package other\n\nx := 1\n', 'other/x');
    await expect(PolicyEngine.load(other)).rejects.toThrow(/^policy wasm lacks entrypoint warm_standby\/main\/report \(has other\/x\) \(.*policy\.wasm\)$/);
  });

  test('an undefined report is a PolicyError naming the input', async () => {
    const partial = await PolicyEngine.load(buildRego('package warm_standby.main\n\nreport := {} if input.ok\n', 'warm_standby/main/report'));
    expect(() => partial.evaluate({ ok: false }, { source: 'weird.json' })).toThrow(/^policy report is undefined for this input .* \(weird\.json\)$/);
  });

  // opa-wasm's sprintf (sprintf-js) threw on %v of null ("Cannot read properties of null (reading
  // 'valueOf')"), aborting the evaluation: a null attribute, a stack without a Region or 1e400 (read
  // as Infinity, passed as null) hid every finding. The engine formats null instead.
  test('sprintf of a null value (%v, %s, %d) formats "null" instead of aborting the evaluation', async () => {
    const policy = await PolicyEngine.load(
      buildRego(
        'package warm_standby.main\n\nreport := {"rules": [], "stacks": [], "input_kind": "cdktf_app", "findings": [{"rule": "WS-TST-001", "title": "t", "severity": "LOW", "enforcement": "advisory", "stack": "s", "region": null, "address": "a", "message": sprintf("v=%v s=%s d=%d", [input.x, input.x, input.x]), "recommended_action": "r", "scope": "stack_local", "path": null, "suppressed": false, "exception": null}]}\n',
        'warm_standby/main/report',
      ),
    );
    for (const x of [null, Number.parseFloat('1e400')]) {
      expect(policy.evaluate({ x }).findings.map((f) => f.message)).toEqual(['v=null s=null d=null']);
    }
  });
});

describe('parseReport', () => {
  const good = { rules: [], findings: [], stacks: [], input_kind: 'plan' };

  test('accepts the contract shape and fills optional fields', () => {
    const report = parseReport(
      {
        ...good,
        stacks: [{ name: 's', role: 'primary', region: 'us-east-1', file: null }],
        findings: [
          {
            rule: 'WS-A-001',
            title: 't',
            severity: 'LOW',
            enforcement: 'advisory',
            stack: 's',
            region: null,
            address: 'a.b',
            message: 'm',
            scope: 'stack_local',
            suppressed: false,
          },
        ],
      },
      'x',
    );
    expect(report.stacks[0].file).toBe('');
    expect(report.findings[0]).toMatchObject({ region: '', path: null, exception: null, recommended_action: '' });
  });

  test.each([
    [null, /policy report is not an object/],
    [{ ...good, rules: {} }, /policy report rules is not a list/],
    [{ ...good, input_kind: 'cdk' }, /input_kind must be one of cdktf_app\|plan\|hcp \(got "cdk"\)/],
    [
      { ...good, rules: [{ id: 'x', title: 't', severity: 'SEVERE', enforcement: 'mandatory', scope: 'stack_local', status: 'evaluated' }] },
      /rules\[0\]\.severity must be one of CRITICAL\|HIGH\|MEDIUM\|LOW \(got "SEVERE"\)/,
    ],
    [{ ...good, findings: [{ rule: 'x' }] }, /findings\[0\]\.suppressed must be a boolean/],
  ])('rejects drift from the contract: %#', (value, message) => {
    expect(() => parseReport(value, 'in.json')).toThrow(message);
  });
});

describe('checkPaths with the stand-in policy', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = tempDir();
    writeApp(path.join(cwd, 'cdktf.out'), { 'example-primary': primary, 'example-standby': standby });
    writeJson(path.join(cwd, 'plan.json'), planJson('standby', 'us-west-2'));
  });

  test('evaluates each input separately and merges, locating findings in their stack file', async () => {
    const report = await checkPaths(['cdktf.out', 'plan.json'], { cwd, engine });
    expect(report.inputs.map((i) => [i.path, i.kind])).toEqual([
      ['cdktf.out', 'cdktf_app'],
      ['plan.json', 'plan'],
    ]);
    expect(report.summary).toEqual({ evaluated: 3, mandatory_failed: 1, advisory_failed: 1, suppressed: 0, not_evaluated: 0 });
    const cross = report.rules.find((r) => r.id === 'WS-TST-003')!;
    expect(cross.inputs.map((i) => i.status)).toEqual(['evaluated', 'not_evaluated']);
    const f = report.findings.find((x) => x.rule === 'WS-TST-001')!;
    expect(report.locations.get(`${f.stack}\u0000${f.address}`)).toEqual({
      file: 'cdktf.out/stacks/example-primary/cdk.tf.json',
      uri: 'cdktf.out/stacks/example-primary/cdk.tf.json',
      line: expect.any(Number),
      // The stand-in's construct path leads into no module, so the tracked source is the
      // configuration of the environment the stacks name.
      source: { file: 'environments/example.ts', line: 1 },
      environment: { file: 'environments/example.ts', line: 1 },
    });
  });

  test('an exceptions file suppresses; an exception for an unknown rule is an input error', async () => {
    const ok = writeJson(path.join(cwd, 'ex.json'), {
      exceptions: [{ rule: 'WS-TST-001', address: 'aws_db_instance.db_*', reason: 'Tracked in OPS-42 until cutover', owner: 'dba', expires: '2999-01-01' }],
    });
    const report = await checkPaths(['cdktf.out'], { cwd, engine, exceptionsFile: ok });
    expect(report.summary).toMatchObject({ mandatory_failed: 0, suppressed: 1 });
    expect(report.unusedExceptions).toEqual([]);

    const typo = writeJson(path.join(cwd, 'typo.json'), {
      exceptions: [{ rule: 'WS-TST-009', address: 'aws_db_instance.db_*', reason: 'Tracked in OPS-42 until cutover', owner: 'dba', expires: '2999-01-01' }],
    });
    await expect(checkPaths(['cdktf.out'], { cwd, engine, exceptionsFile: typo })).rejects.toThrow(InputError);
    await expect(checkPaths(['cdktf.out'], { cwd, engine, exceptionsFile: typo })).rejects.toThrow(
      /^bad exception: unknown rule WS-TST-009 \(.*typo\.json: exceptions\[0\] WS-TST-009 aws_db_instance\.db_\*\)$/,
    );
  });

  test('params: file over programmatic over environment defaults', async () => {
    const file = path.join(cwd, 'params.yaml');
    fs.writeFileSync(file, 'min_standby_nodes: 4\n');
    const message = async (options: object) =>
      (await checkPaths(['cdktf.out'], { cwd, engine, ...options })).findings.find((f) => f.rule === 'WS-TST-001')!.message;
    expect(await message({ params: { min_standby_nodes: 2 } })).toContain('min_standby_nodes=2');
    expect(await message({ params: { min_standby_nodes: 2 }, paramsFile: file })).toContain('min_standby_nodes=4');
  });

  test('a bad input fails before anything is evaluated', async () => {
    await expect(checkPaths(['cdktf.out', 'missing.json'], { cwd, engine })).rejects.toThrow('input not found (missing.json)');
  });
});

describe('YAML built-ins', () => {
  // opa-wasm implements yaml.is_valid / yaml.unmarshal in JavaScript with yaml 1.x; the example app's
  // rules called them 38 times for 4 distinct Helm values texts.
  const opaWasmDir = path.dirname(require.resolve('@open-policy-agent/opa-wasm'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- opa-wasm's own copy of yaml (1.x), not the project's
  const yamlV1 = require(require.resolve('yaml', { paths: [path.join(opaWasmDir, 'builtins')] })) as { parse: (s: string) => unknown };

  test('each distinct text is parsed once per evaluation, with the same results', async () => {
    const policy = await PolicyEngine.load(
      buildRego(
        'package warm_standby.main\n\ndocs := [doc | some t in input.texts; yaml.is_valid(t); doc := yaml.unmarshal(t)]\n\nreport := {"rules": [], "stacks": [], "input_kind": "cdktf_app", "findings": [{"rule": "WS-TST-001", "title": "t", "severity": "LOW", "enforcement": "advisory", "stack": "s", "region": "r", "address": "a", "message": json.marshal(docs), "recommended_action": "r", "scope": "stack_local", "path": null, "suppressed": false, "exception": null}]}\n',
        'warm_standby/main/report',
      ),
    );
    const parse = jest.spyOn(yamlV1, 'parse');
    try {
      const input = { texts: ['a: 1', 'a: 1', 'b: [2]', 'a: 1', 'a: [1', 'a: [1', 'b: [2]'] };
      expect(policy.evaluate(input).findings.map((f) => JSON.parse(f.message))).toEqual([[{ a: 1 }, { a: 1 }, { b: [2] }, { a: 1 }, { b: [2] }]]);
      // Three distinct texts: is_valid parses each once, unmarshal the two valid ones once.
      expect(parse).toHaveBeenCalledTimes(5);
      // A new evaluation parses again: nothing is kept from one input to the next.
      policy.evaluate({ texts: ['a: 1'] });
      expect(parse).toHaveBeenCalledTimes(7);
    } finally {
      parse.mockRestore();
    }
  });
});
