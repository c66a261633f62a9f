/**
 * Hostile or broken inputs end in ONE line naming the input and exit 2, never an internal error
 * (16.8): deep nesting, ENOTDIR, a YAML alias bomb, `__proto__` keys, `stacks: null`, malformed
 * or cross-type exception globs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';
import { addressGlobProblem } from '../../gate/exceptions';
import { buildStandInPolicy, planJson, stackConfig, tempDir, writeApp, writeJson } from '../gate/fixtures';

let cwd: string;
const EXCEPTION = { rule: 'WS-TST-001', reason: 'Cutover tracked in OPS-77', owner: 'dba-team', expires: '2999-12-31' };

beforeAll(() => {
  process.env.WARM_STANDBY_POLICY_WASM = buildStandInPolicy();
  cwd = tempDir('ws-input-errors-');
  const file = (name: string, text: string): void => fs.writeFileSync(path.join(cwd, name), text);
  writeApp(path.join(cwd, 'app'), {
    'example-primary': stackConfig('example-primary', 'primary', 'us-east-1', [{ type: 'aws_db_instance', name: 'db', fail: 'mandatory' }]),
    'example-standby': stackConfig('example-standby', 'standby', 'us-west-2'),
  });
  writeJson(path.join(cwd, 'plan.json'), planJson('standby', 'us-west-2'));
  const deep = 100_000;
  file('deep.json', `{"format_version": "1.2", "planned_values": {"x": ${'['.repeat(deep)}1${']'.repeat(deep)}}}`);
  file('deep-broken.json', '['.repeat(deep));
  let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 12; i++)
    bomb += `a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  file('bomb.yaml', `exceptions: []\n${bomb}`);
  file('deep.yaml', `exceptions: []\nx: ${'['.repeat(deep)}\n`);
  file('proto-params.json', '{"__proto__": {"min_standby_nodes": 0}}');
  file('proto-exceptions.json', JSON.stringify({ exceptions: [{ ...EXCEPTION, address: 'aws_db_instance.db' }] }).replace('"rule"', '"__proto__": {}, "rule"'));
  fs.mkdirSync(path.join(cwd, 'null-stacks'));
  writeJson(path.join(cwd, 'null-stacks', 'manifest.json'), { version: '0.21.0', stacks: null });
  file('a-file', 'x');
  for (const [name, address] of [
    ['glob-bracket', 'aws_db_instance.[ab'],
    ['glob-brace', 'aws_db_instance.{a,b'],
    ['glob-cross', 'a**'],
    ['glob-type', 'aws_*.db'],
  ]) {
    writeJson(path.join(cwd, `${name}.json`), { exceptions: [{ ...EXCEPTION, address }] });
  }
});
afterAll(() => delete process.env.WARM_STANDBY_POLICY_WASM);

async function run(...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd });
  // Files named by absolute path (the CLI shows paths relative to the process directory) read as relative here.
  return { code, stderr: stderr.split(`${cwd}/`).join(''), stdout };
}

test.each([
  [['check', 'deep.json'], 'warm-standby: document nests deeper than 256 levels; not a Terraform or cdktf document (deep.json)'],
  [['check', 'deep-broken.json'], /^warm-standby: bad JSON: .* \(deep-broken\.json\)$/],
  [['check', 'plan.json', '-e', 'bomb.yaml'], 'warm-standby: bad YAML: too many alias expansions (an alias bomb?); write the values out (bomb.yaml)'],
  [['check', 'plan.json', '-e', 'deep.yaml'], /^warm-standby: bad YAML at line 2 column \d+: nesting too deep \(deep\.yaml\)$/],
  [['check', 'plan.json', '-p', 'proto-params.json'], /^warm-standby: unknown param "__proto__" .*\(proto-params\.json\)$/],
  [
    ['check', 'plan.json', '-e', 'proto-exceptions.json'],
    /^warm-standby: bad exception: unknown field\(s\) __proto__ .*\(proto-exceptions\.json: exceptions\[0\]/,
  ],
  [['check', 'null-stacks'], 'warm-standby: cdktf manifest has no `stacks` object (null-stacks/manifest.json)'],
  [['check', 'a-file/plan.json'], /^warm-standby: input not found \(a-file\/plan\.json\)$/],
  [['check', 'plan.json', '-e', 'a-file/x.yaml'], 'warm-standby: cannot read exceptions file: ENOTDIR (a-file/x.yaml)'],
  [
    ['check', 'app', '-e', 'glob-bracket.json'],
    /^warm-standby: bad exception: address "aws_db_instance\.\[ab" has a \[ without \] \(glob-bracket\.json: exceptions\[0\]/,
  ],
  [['check', 'app', '-e', 'glob-brace.json'], /^warm-standby: bad exception: address "aws_db_instance\.\{a,b" has a \{ without \} /],
  [['check', 'app', '-e', 'glob-cross.json'], /^warm-standby: bad exception: address "a\*\*" must name the resource type literally/],
  [['check', 'app', '-e', 'glob-type.json'], /^warm-standby: bad exception: address "aws_\*\.db" must name the resource type literally/],
])('%j: exit 2, one line naming the input', async (args, message) => {
  const r = await run(...args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toContain('internal error');
  const lines = r.stderr.split('\n');
  expect(lines).toHaveLength(2);
  if (typeof message === 'string') expect(lines[0]).toBe(message);
  else expect(lines[0]).toMatch(message);
});

test('valid globs stay valid', () => {
  for (const address of ['aws_db_instance.replica_*', 'module.db.**', 'data.aws_iam_policy_document.x*', 'aws_db_instance.{a,b}', 'aws_db_instance.[ab]x']) {
    expect(addressGlobProblem(address)).toBeUndefined();
  }
  expect(addressGlobProblem('data.*.x')).toMatch(/resource type literally/);
});
