/**
 * `warm-standby policy-set`: exports the HCP Terraform OPA policy set and evaluates it with the
 * `opa` CLI the way HCP Terraform does (one `opa eval` per policy query, input `{"plan", "run"}`).
 * The plans are built from the synthesized `example` stacks in the shape of `terraform show -json`
 * (unknown values left out, references in `configuration`), so the test needs no Terraform run.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findOpa, policySourceFiles } from '../../gate/bundle';
import { main } from '../../cli/main';
import { hclString } from '../../cli/commands/policy-set';
import { synthEnvironment } from '../support/synth';
import { REPO_ROOT, tempDir, writeJson } from './fixtures';

const OPA = findOpa(REPO_ROOT) as string;

interface Policy {
  readonly name: string;
  readonly query: string;
  readonly enforcement: string;
  readonly description: string;
}

interface RuleStatus {
  readonly id: string;
  readonly scope: string;
  readonly enforcement: string;
  readonly status: string;
}

// --------------------------------------------------------------------------------------------
// Helpers.

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd: REPO_ROOT,
  });
  return { code, stdout, stderr };
}

function parsePoliciesHcl(text: string): Policy[] {
  const block = /policy\s+"([^"]+)"\s*\{\s*query\s*=\s*"([^"]+)"\s*enforcement_level\s*=\s*"([^"]+)"\s*description\s*=\s*("(?:[^"\\]|\\.)*")\s*\}/g;
  return [...text.matchAll(block)].map((m) => ({ name: m[1], query: m[2], enforcement: m[3], description: JSON.parse(m[4]) as string }));
}

function opa(args: string[]): unknown {
  const r = spawnSync(OPA, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`opa ${args.slice(0, 2).join(' ')} failed: ${r.stderr || r.stdout}`);
  const doc = JSON.parse(r.stdout) as { result?: { expressions: { value: unknown }[] }[] };
  return doc.result?.[0]?.expressions[0]?.value;
}

/** `opa eval -d|-b <dir> -i <input> <query>`: the query's value (undefined counts as a pass in HCP only if empty; we expect arrays). */
function evalPolicy(dir: string, inputFile: string, query: string, mode: '-d' | '-b' = '-d'): unknown {
  return opa(['eval', mode, dir, '-i', inputFile, '--format', 'json', query]);
}

/**
 * Every policy's query evaluated by one `opa eval` (one process per policy made this suite slow): the
 * query is an object of the policies' queries by name, each a `deny` set, which is never undefined.
 */
function evalPolicies(dir: string, inputFile: string, queries: readonly Policy[]): Record<string, unknown> {
  const query = `{${queries.map((p) => `${JSON.stringify(p.name)}: ${p.query}`).join(', ')}}`;
  const value = evalPolicy(dir, inputFile, query);
  if (!value || typeof value !== 'object') throw new Error(`opa eval of ${queries.length} policies gave no object: ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

/** `terraform show -json`-shaped plan of one synthesized stack. */
function planFromStack(stack: any): Record<string, unknown> {
  const resources: unknown[] = [];
  const config: unknown[] = [];
  for (const [block, mode] of [
    ['resource', 'managed'],
    ['data', 'data'],
  ] as const) {
    for (const [type, byName] of Object.entries<Record<string, any>>(stack[block] ?? {})) {
      for (const [name, body] of Object.entries<any>(byName)) {
        const { '//': _meta, provider, depends_on: dependsOn, lifecycle: _l, ...attrs } = body;
        const address = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
        const expressions: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(attrs)) {
          const refs = tokenRefs(value);
          expressions[key] = refs.length > 0 ? { references: refs } : { constant_value: value };
        }
        config.push({
          address,
          mode,
          type,
          name,
          provider_config_key: typeof provider === 'string' ? provider : type.split('_')[0],
          expressions,
          // As terraform show -json records it: plain addresses.
          ...(Array.isArray(dependsOn) ? { depends_on: dependsOn.map((d: string) => d.replace(/^\$\{(.*)\}$/, '$1')) } : {}),
        });
        if (mode === 'managed') {
          resources.push({
            address,
            mode,
            type,
            name,
            provider_name: `registry.terraform.io/hashicorp/${type.split('_')[0]}`,
            schema_version: 0,
            values: knownValues(attrs),
          });
        }
      }
    }
  }
  const providerConfig: Record<string, unknown> = {};
  for (const [ptype, configs] of Object.entries<any>(stack.provider ?? {})) {
    for (const c of [configs].flat()) {
      const key = c.alias ? `${ptype}.${c.alias}` : ptype;
      providerConfig[key] = {
        name: ptype,
        ...(c.alias ? { alias: c.alias } : {}),
        expressions: typeof c.region === 'string' ? { region: { constant_value: c.region } } : {},
      };
    }
  }
  const meta = stack.output.warm_standby_stack.value;
  // Every output, as Terraform records it: references for computed values, constants otherwise.
  const outputs: Record<string, unknown> = {};
  for (const [name, body] of Object.entries<any>(stack.output ?? {})) {
    const refs = tokenRefs(body.value);
    outputs[name] = { expression: refs.length > 0 ? { references: refs } : { constant_value: body.value } };
  }
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { outputs: { warm_standby_stack: { sensitive: false, value: meta } }, root_module: { resources } },
    resource_changes: [],
    configuration: {
      provider_config: providerConfig,
      root_module: { outputs, resources: config },
    },
  };
}

/** Terraform-style references ("aws_kms_key.k.arn", "aws_kms_key.k") of the "${...}" tokens in a value. */
function tokenRefs(value: unknown): string[] {
  const refs = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const token of v.matchAll(/\$\{([^}]*)\}/g)) {
        for (const m of token[1].matchAll(/((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]*\.[A-Za-z_][\w-]*)(\.[A-Za-z_]\w*)?/g)) {
          if (m[2]) refs.add(`${m[1]}${m[2]}`);
          refs.add(m[1]);
        }
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return [...refs];
}

/** Values known at plan time: "${...}" tokens are unknown, so Terraform leaves them out. */
function knownValues(value: any): any {
  if (typeof value === 'string') return value.includes('${') ? undefined : value;
  if (Array.isArray(value)) return value.map(knownValues).filter((v) => v !== undefined);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, knownValues(v)])
        .filter(([, v]) => v !== undefined),
    );
  }
  return value;
}

function hcpInput(file: string, stackName: string, stack: any): string {
  return writeJson(file, {
    plan: planFromStack(stack),
    run: { id: 'run-test', is_destroy: false, workspace: { name: stackName }, organization: { name: 'acme' } },
  });
}

function roleStack(role: string): [string, any] {
  const entry = Object.entries(app.stacks).find(([, s]) => s.output?.warm_standby_stack?.value?.role === role);
  if (!entry) throw new Error(`example has no ${role} stack`);
  return [entry[0], JSON.parse(JSON.stringify(entry[1]))];
}

function policyFor(id: string): Policy {
  const p = policies.find((x) => x.name.startsWith(`${id.toLowerCase()}-`));
  if (!p) throw new Error(`no policy for ${id}`);
  return p;
}

// --------------------------------------------------------------------------------------------

let app: ReturnType<typeof synthEnvironment>;
let work: string;
let setDir: string;
let policies: Policy[];
let rules: RuleStatus[];

beforeAll(async () => {
  app = synthEnvironment('example');
  work = tempDir('ws-policy-set-');
  setDir = path.join(work, 'set');
  const r = await cli('policy-set', setDir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^warm-standby: wrote HCP Terraform policy set to .*: \d+ policies/);
  policies = parsePoliciesHcl(fs.readFileSync(path.join(setDir, 'policies.hcl'), 'utf8'));

  // Independent of the exporter: the report's own view of which rules run on an HCP policy input.
  const [name, standby] = roleStack('standby');
  const input = hcpInput(path.join(work, 'status-input.json'), name, standby);
  const sources = policySourceFiles(REPO_ROOT).filter((f) => f.endsWith('.rego'));
  const report = opa(['eval', ...sources.flatMap((f) => ['-d', f]), '-i', input, '--format', 'json', 'data.warm_standby.main.report']) as {
    rules: RuleStatus[];
  };
  rules = report.rules;
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('policies.hcl', () => {
  test('has one policy per stack-local rule that runs on a plan, with its enforcement level', () => {
    const expected = rules.filter((r) => r.scope === 'stack_local' && r.status !== 'not_evaluated');
    expect(expected.length).toBeGreaterThan(0);
    expect(policies).toHaveLength(expected.length);
    for (const r of expected) {
      const p = policyFor(r.id);
      expect(p.enforcement).toBe(r.enforcement);
      // HCP Terraform's documented query shape: data.terraform.<package>.deny
      expect(p.query).toMatch(/^data\.terraform\.policies\.warm_standby\.[a-z_]+\.[a-z_]+\.deny$/);
    }
    expect(new Set(policies.map((p) => p.name)).size).toBe(policies.length);
  });

  test('each policy has a description with its rule id, severity, title and fix', () => {
    const text = fs.readFileSync(path.join(setDir, 'policies.hcl'), 'utf8');
    expect(text.match(/^policy /gm)).toHaveLength(policies.length);
    const report = opa(['eval', '-b', setDir, '--format', 'json', '-i', path.join(work, 'status-input.json'), 'data.warm_standby.main.report']) as {
      rules: { id: string; title: string; severity: string }[];
    };
    for (const p of policies) {
      const rule = report.rules.find((r) => p.name.startsWith(`${r.id.toLowerCase()}-`))!;
      expect(p.description).toMatch(new RegExp(`^${rule.id} \\(${rule.severity}\\): `));
      expect(p.description).toContain(rule.title);
      expect(p.description).toContain('Fix: ');
    }
  });

  test('hclString escapes what HCL would interpolate', () => {
    expect(hclString('a "b" ${c} %{d} \\ e')).toBe('"a \\"b\\" $${c} %%{d} \\\\ e"');
  });

  test('README lists every rule left out (cross-Region or cdktf_app only) with the reason', () => {
    const readme = fs.readFileSync(path.join(setDir, 'README.md'), 'utf8');
    const left = rules.filter((r) => !policies.some((p) => p.name.startsWith(`${r.id.toLowerCase()}-`)));
    expect(left.some((r) => r.scope === 'cross_region')).toBe(true);
    for (const r of left) {
      const row = readme.split('\n').find((line) => line.startsWith(`| ${r.id} |`));
      expect(row).toBeDefined();
      expect(row).toMatch(r.scope === 'cross_region' ? /cross-Region rule/ : /cdktf_app-only|runs only on|needs data\.objectives/);
    }
  });

  test('the set holds the Rego it needs (no tests) and the parameters as data.params', () => {
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const all = files(setDir).map((f) => path.relative(setDir, f).split(path.sep).join('/'));
    expect(all.filter((f) => f.endsWith('_test.rego'))).toEqual([]);
    expect(all).toContain('lib/adapters.rego');
    expect(all.filter((f) => f.startsWith('hcp/'))).toHaveLength(policies.length);
    expect(JSON.parse(fs.readFileSync(path.join(setDir, 'params', 'data.json'), 'utf8'))).toMatchObject({ min_standby_nodes: 1 });
    expect(opa(['eval', '-b', setDir, '--format', 'json', 'data.params.min_standby_nodes'])).toBe(1);
  });
});

describe('evaluated with opa eval as HCP Terraform does', () => {
  test.each(['primary', 'standby', 'replication'])('the compliant example %s plan passes every mandatory policy', (role) => {
    const [name, stack] = roleStack(role);
    const input = hcpInput(path.join(work, `${role}.json`), name, stack);
    const mandatory = policies.filter((x) => x.enforcement === 'mandatory');
    expect(mandatory.length).toBeGreaterThan(0);
    const results = evalPolicies(setDir, input, mandatory);
    expect(Object.keys(results).sort()).toEqual(mandatory.map((p) => p.name).sort());
    for (const p of mandatory) expect({ policy: p.name, result: results[p.name] }).toEqual({ policy: p.name, result: [] });
  });

  test('a standby node group with min_size 0 fails WS-EKS-002 (and the bundle-mode evaluation agrees)', () => {
    const [name, stack] = roleStack('standby');
    const [ngName, ng] = Object.entries<any>(stack.resource.aws_eks_node_group)[0];
    ng.scaling_config.min_size = 0;
    const input = hcpInput(path.join(work, 'standby-broken.json'), name, stack);
    const { query } = policyFor('WS-EKS-002');
    for (const mode of ['-d', '-b'] as const) {
      const result = evalPolicy(setDir, input, query, mode) as string[];
      expect(result).toHaveLength(1);
      expect(result[0]).toContain(`aws_eks_node_group.${ngName}`);
      expect(result[0]).toMatch(/^WS-EKS-002 /);
    }
    expect(evalPolicy(setDir, input, policyFor('WS-RDS-002').query)).toEqual([]);
  });

  test('a source DB with backup_retention_period 0 fails WS-RDS-002', () => {
    const [name, stack] = roleStack('primary');
    const dbs = Object.entries<any>(stack.resource.aws_db_instance).filter(([, db]) => !db.replicate_source_db);
    expect(dbs.length).toBeGreaterThan(0);
    dbs[0][1].backup_retention_period = 0;
    const input = hcpInput(path.join(work, 'primary-broken.json'), name, stack);
    const result = evalPolicy(setDir, input, policyFor('WS-RDS-002').query, '-b') as string[];
    expect(result).toEqual([expect.stringContaining(`aws_db_instance.${dbs[0][0]}: backup_retention_period is 0`)]);
  });

  test('the set carries the dated-facts table: a backup bucket archived to GLACIER fails WS-BAK-010', () => {
    expect(opa(['eval', '-b', setDir, '--format', 'json', 'data.dated_facts.s3_archive_restore.hours.GLACIER'])).toBe(5);
    const [name, stack] = roleStack('primary');
    const lifecycles = Object.entries<any>(stack.resource.aws_s3_bucket_lifecycle_configuration).filter(([, l]) => String(l.bucket).includes('BackupBucket'));
    expect(lifecycles).toHaveLength(1);
    lifecycles[0][1].rule[0].transition = [{ days: 30, storage_class: 'GLACIER' }];
    const input = hcpInput(path.join(work, 'primary-archived.json'), name, stack);
    for (const mode of ['-d', '-b'] as const) {
      expect(evalPolicy(setDir, input, policyFor('WS-BAK-010').query, mode)).toEqual([
        expect.stringContaining(`aws_s3_bucket_lifecycle_configuration.${lifecycles[0][0]}: lifecycle rule`),
      ]);
    }
  });

  test('an input that is not a plan fails instead of passing silently', () => {
    const input = writeJson(path.join(work, 'not-a-plan.json'), { run: { id: 'run-x' } });
    expect(evalPolicy(setDir, input, policyFor('WS-RDS-002').query)).toEqual([expect.stringMatching(/WS-RDS-002 not evaluated/)]);
  });
});

describe('parameters', () => {
  test('--params is baked into params/data.json and read by the policies', async () => {
    const params = writeJson(path.join(work, 'params.json'), { min_standby_nodes: 50 });
    const dir = path.join(work, 'set-params');
    expect((await cli('policy-set', dir, '--params', params, '--env', 'prod-eu')).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'params', 'data.json'), 'utf8'))).toMatchObject({ min_standby_nodes: 50, max_dns_detection_seconds: 180 });
    const [name, stack] = roleStack('standby');
    const input = hcpInput(path.join(work, 'standby-params.json'), name, stack);
    const result = evalPolicy(dir, input, policyFor('WS-EKS-002').query, '-b') as string[];
    expect(result.length).toBeGreaterThan(0);
    expect(result[0]).toContain('minimum of 50 standby nodes');
  });

  test('--env bakes the environment policyParams', async () => {
    const dir = path.join(work, 'set-env');
    expect((await cli('policy-set', dir, '--env', 'prod-eu')).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'params', 'data.json'), 'utf8'))).toMatchObject({ min_standby_nodes: 2 });
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('environment `prod-eu`');
  });
});

describe('exceptions are carried as data.exceptions', () => {
  const brokenStandby = (file: string): { input: string; ngName: string } => {
    const [name, stack] = roleStack('standby');
    const [ngName, ng] = Object.entries<any>(stack.resource.aws_eks_node_group)[0];
    ng.scaling_config.min_size = 0;
    return { input: hcpInput(path.join(work, file), name, stack), ngName };
  };
  const exception = {
    rule: 'WS-EKS-002',
    address: 'aws_eks_node_group.*',
    reason: 'Standby paused for the DR drill CHG-9',
    owner: 'sre',
    expires: '2999-12-31',
  };

  test('--exceptions suppresses the finding in HCP Terraform as it does in check; README lists it', async () => {
    const file = writeJson(path.join(work, 'exceptions.json'), { exceptions: [exception] });
    const dir = path.join(work, 'set-exceptions');
    const r = await cli('policy-set', dir, '--exceptions', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 exception(s) carried from ');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'exceptions', 'data.json'), 'utf8'))).toEqual([exception]);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain(
      '| WS-EKS-002 | `aws_eks_node_group.*` | any | sre | 2999-12-31 | Standby paused for the DR drill CHG-9 |',
    );
    const { input } = brokenStandby('standby-excepted.json');
    expect(evalPolicy(setDir, input, policyFor('WS-EKS-002').query, '-b')).toHaveLength(1);
    for (const mode of ['-d', '-b'] as const) expect(evalPolicy(dir, input, policyFor('WS-EKS-002').query, mode)).toEqual([]);
  });

  test('an exception that expired after export fails the policy again, naming the owner and date', async () => {
    const dir = path.join(work, 'set-expired');
    expect((await cli('policy-set', dir)).code).toBe(0);
    writeJson(path.join(dir, 'exceptions', 'data.json'), [{ ...exception, expires: '2020-01-31' }]);
    const { input, ngName } = brokenStandby('standby-expired.json');
    const result = evalPolicy(dir, input, policyFor('WS-EKS-002').query, '-b') as string[];
    expect(result).toEqual([expect.stringContaining(`aws_eks_node_group.${ngName}`)]);
    expect(result[0]).toContain('its exception (owner sre) expired on 2020-01-31');
  });

  test('without --exceptions it reads $WARM_STANDBY_EXCEPTIONS, like synth and check', async () => {
    const file = writeJson(path.join(work, 'from-env.json'), { exceptions: [exception] });
    const dir = path.join(work, 'set-from-env');
    process.env.WARM_STANDBY_EXCEPTIONS = file;
    try {
      expect((await cli('policy-set', dir)).code).toBe(0);
    } finally {
      delete process.env.WARM_STANDBY_EXCEPTIONS;
    }
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'exceptions', 'data.json'), 'utf8'))).toEqual([exception]);
  });

  test('an exception naming no rule of the policy is an input error', async () => {
    const file = writeJson(path.join(work, 'typo.json'), { exceptions: [{ ...exception, rule: 'WS-EKS-099' }] });
    const r = await cli('policy-set', path.join(work, 'set-typo'), '--exceptions', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^warm-standby: bad exception: unknown rule WS-EKS-099 \(.*typo\.json: exceptions\[0\] WS-EKS-099 aws_eks_node_group\.\*\)\n$/);
  });
});

describe('errors: one line, exit 2', () => {
  const expectError = (r: { code: number; stdout: string; stderr: string }, pattern: RegExp): void => {
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(pattern);
  };

  test('missing directory argument', async () => expectError(await cli('policy-set'), /^warm-standby: policy-set needs a target directory/));
  test('unknown environment', async () => expectError(await cli('policy-set', path.join(work, 'x'), '--env', 'nope'), /unknown environment "nope"/));
  test('bad params', async () => {
    const params = writeJson(path.join(work, 'bad-params.json'), { min_standby_nodes: 0 });
    expectError(await cli('policy-set', path.join(work, 'y'), '--params', params), /param min_standby_nodes must be an integer from 1 to 450/);
  });
  test('a non-empty directory that is not a policy set', async () => {
    const dir = path.join(work, 'foreign');
    writeJson(path.join(dir, 'keep.json'), {});
    expectError(await cli('policy-set', dir), /refusing to write into it/);
    expect(fs.readdirSync(dir)).toEqual(['keep.json']);
  });
  test('unknown option', async () => expectError(await cli('policy-set', 'x', '--nope'), /unknown option --nope/));
});
