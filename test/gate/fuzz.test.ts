/**
 * Seeded random mutation of the synthesized `example` (fast-check is not installed): attribute values
 * of a few resources become null, a value of the wrong type, a huge or non-finite number, or unicode.
 * For every mutant the gate must evaluate (no internal error: PolicyEngine.evaluate throws a
 * PolicyError, which the CLI reports as exit 2), and every finding the unmutated input had on a
 * resource the mutant left untouched must still be reported.
 */
import { PolicyEngine, ensureBundle } from '../../gate';
import { EVALUATION_ERROR_ADDRESS } from '../../gate/engine';
import { Report } from '../../gate/types';
import { synthEnvironment } from '../support/synth';

type Stacks = Record<string, any>;

const SEED = 0x5eed_2026;
const MUTANTS = 30;
const RESOURCES_PER_MUTANT = 3;

/** mulberry32: a small deterministic PRNG, so a failing mutant can be replayed from the seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Replacement values: null, wrong types, huge and non-finite numbers (1e400 parses to Infinity), unicode. */
const REPLACEMENTS: readonly unknown[] = [
  null,
  Number.parseFloat('1e400'),
  -Number.parseFloat('1e400'),
  Number.NaN,
  1e308,
  -1,
  0,
  '',
  '\u202e\u0000\ud835\udd18n\u00efc\u00f8d\u00e9 ${',
  '${var.unknown}',
  true,
  [],
  [null],
  {},
  { nested: { deeper: [1, 'two', null] } },
  '60',
  '0.0.0.0/0',
];

/** Every path to a value inside a resource body (top-level attributes and nested leaves), "//" left out. */
function valuePaths(body: any, prefix: (string | number)[] = []): (string | number)[][] {
  if (body === null || typeof body !== 'object') return prefix.length ? [prefix] : [];
  const keys: (string | number)[] = Array.isArray(body) ? body.map((_, i) => i) : Object.keys(body).filter((k) => k !== '//');
  const nested = keys.flatMap((k) => valuePaths(body[k], [...prefix, k]));
  return prefix.length ? [prefix, ...nested] : nested;
}

function setAt(body: any, path: (string | number)[], value: unknown): void {
  let node = body;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1]] = value;
}

const resourceKeys = (stacks: Stacks): [string, string, string][] =>
  Object.entries(stacks).flatMap(([stack, config]) =>
    Object.entries<Record<string, unknown>>(config.resource ?? {}).flatMap(([type, byName]) =>
      Object.keys(byName).map((name): [string, string, string] => [stack, type, name]),
    ),
  );

/** The input as the gate passes a cdktf.out folder to the engine. */
const documentOf = (stacks: Stacks) => ({
  kind: 'cdktf_app',
  stacks: Object.entries(stacks).map(([name, config]) => ({ name, file: `cdktf.out/stacks/${name}/cdk.tf.json`, config })),
});

const key = (f: { rule: string; stack: string; address: string }): string => `${f.rule} ${f.stack} ${f.address}`;

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await PolicyEngine.load(ensureBundle().wasm);
});

/**
 * A baseline with findings to lose: the example with a few invariants broken on purpose (a source
 * without backups, a public EKS endpoint, a PRIMARY record without a health check).
 */
function brokenExample(): Stacks {
  const stacks = JSON.parse(JSON.stringify(synthEnvironment('example').stacks)) as Stacks;
  for (const [name, config] of Object.entries(stacks)) {
    for (const db of Object.values<any>(config.resource?.aws_db_instance ?? {})) if (!db.replicate_source_db) db.backup_retention_period = 0;
    for (const cluster of Object.values<any>(config.resource?.aws_eks_cluster ?? {})) {
      cluster.vpc_config.endpoint_public_access = true;
      cluster.vpc_config.public_access_cidrs = ['0.0.0.0/0'];
    }
    if (name.endsWith('-standby')) {
      for (const record of Object.values<any>(config.resource?.aws_route53_record ?? {})) delete record.health_check_id;
    }
  }
  return stacks;
}

test('seeded mutations never crash the gate and never hide a finding on an untouched resource', () => {
  const base = brokenExample();
  const baseline: Report = engine.evaluate(documentOf(base));
  expect(baseline.findings.length).toBeGreaterThanOrEqual(3);

  const next = random(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const all = resourceKeys(base);
  for (let m = 0; m < MUTANTS; m++) {
    const stacks = JSON.parse(JSON.stringify(base)) as Stacks;
    const touched = new Set<string>();
    const applied: string[] = [];
    for (let i = 0; i < RESOURCES_PER_MUTANT; i++) {
      const [stack, type, name] = pick(all);
      const body = stacks[stack].resource[type][name];
      const paths = valuePaths(body);
      const value = pick(REPLACEMENTS);
      if (paths.length === 0 || next() < 0.1) stacks[stack].resource[type][name] = value;
      else setAt(body, pick(paths), value);
      touched.add(`${stack} ${type}.${name}`);
      applied.push(`${stack} ${type}.${name} <- ${String(value)}`);
    }
    // Every eighth mutant also loses its stacks' Region (output and provider).
    if (m % 8 === 7) {
      const stack = pick(Object.keys(stacks));
      delete stacks[stack].output?.warm_standby_stack?.value?.region;
      for (const p of stacks[stack].provider?.aws ?? []) delete p.region;
      applied.push(`${stack}: no Region`);
    }

    let report: Report;
    try {
      report = engine.evaluate(documentOf(stacks));
    } catch (err) {
      throw new Error(`mutant ${m} (seed ${SEED}) crashed the gate: ${(err as Error).message}\n  ${applied.join('\n  ')}`, { cause: err });
    }
    const regionLost = m % 8 === 7;
    const kept = new Set(report.findings.map(key));
    const lost = baseline.findings.filter((f) => !touched.has(`${f.stack} ${f.address}`) && !regionLost && !kept.has(key(f)));
    if (lost.length > 0)
      throw new Error(`mutant ${m} (seed ${SEED}) hid findings on untouched resources: ${lost.map(key).join('; ')}\n  ${applied.join('\n  ')}`);
  }
});

test('a rule that fails at runtime (duplicate Helm set names) becomes a finding of that rule; the other rules still report', () => {
  const base = brokenExample();
  const baseline: Report = engine.evaluate(documentOf(base));
  const stacks = JSON.parse(JSON.stringify(base)) as Stacks;
  // The same set name twice with different values: a Rego function over `set` gets two outputs for
  // one input, which OPA reports as a runtime conflict.
  for (const release of Object.values<any>(stacks['example-primary-k8s'].resource.helm_release)) {
    if (release.chart === 'velero') release.set.push({ ...release.set[0], value: 'another-bucket' });
  }
  const report = engine.evaluate(documentOf(stacks));

  const errors = report.findings.filter((f) => f.address === EVALUATION_ERROR_ADDRESS);
  expect(errors.length).toBeGreaterThanOrEqual(1);
  for (const f of errors) {
    expect(f.enforcement).toBe('mandatory');
    expect(f.suppressed).toBe(false);
    expect(f.message).toMatch(new RegExp(`^${f.rule} could not be evaluated on this input \\(.*(conflict|multiple outputs).*\\)`));
  }
  // Every finding of the other rules is still there, and the rule catalogue is whole.
  const crashed = new Set(errors.map((f) => f.rule));
  const kept = new Set(report.findings.map(key));
  expect(baseline.findings.filter((f) => !crashed.has(f.rule) && !kept.has(key(f))).map(key)).toEqual([]);
  expect(report.rules.map((r) => r.id)).toEqual(baseline.rules.map((r) => r.id));
});
