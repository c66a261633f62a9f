/**
 * Issue 17.2: the engine sizes wasm memory from the input before evaluating, so OPA's allocator
 * never grows it a little at a time (what made time per resource rise with size); and it sorts the
 * findings itself, since opa-wasm's sort() is an insertion sort, quadratic in the number of findings
 * (15k findings at 20k resources: 20 s of a 26 s evaluation). Timing is the benchmark's job
 * (npm run bench); this checks the mechanisms and that results do not change.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { ENTRYPOINT, ensureBundle, findOpa, regoSourceArgs } from '../../gate/bundle';
import { PolicyEngine, compareCodePoints, memoryPagesFor, sortFindings } from '../../gate/engine';
import { readInput } from '../../gate/inputs';
import { environmentParams } from '../../gate/params';
import { Finding } from '../../gate/types';
import { AppDocument, countResources, scaleApp } from '../../scripts/lib/scale';
import { synthEnvironment } from '../support/synth';

const ROOT = path.resolve(__dirname, '..', '..');
const paths = ensureBundle();
const example = readInput(synthEnvironment('example').outdir);
const big = scaleApp(example.document as AppDocument, 2000);
const params = environmentParams('example');

describe('wasm memory pre-sizing', () => {
  test('a 10,000-resource input is evaluated in memory sized up front: it never grows during evaluation', async () => {
    // 10k: the first size where the old estimate (64 bytes per input byte) fell short (it needs 68).
    const bigger = scaleApp(example.document as AppDocument, 10000);
    expect(countResources(bigger)).toBe(10000);
    const engine = await PolicyEngine.load(paths.wasm);
    engine.evaluate(bigger, { params });
    const stats = engine.memoryStats;
    const inputBytes = Buffer.byteLength(JSON.stringify(bigger));
    expect(stats).toEqual({ inputBytes, initialPages: expect.any(Number), finalPages: expect.any(Number) });
    expect(stats?.initialPages).toBeGreaterThanOrEqual(memoryPagesFor(inputBytes));
    expect(stats?.finalPages).toBe(stats?.initialPages);
    // A smaller input afterwards reuses the instance (no new, smaller one).
    engine.evaluate(example.document, { params });
    expect(engine.memoryStats?.initialPages).toBe(stats?.finalPages);
  });

  test('opa-wasm with its default memory (5 pages, grown on demand) grows during the same evaluation', async () => {
    const policy = await loadPolicy(fs.readFileSync(paths.wasm));
    const start = policy.mem.buffer.byteLength;
    policy.setData({ ...JSON.parse(fs.readFileSync(paths.data, 'utf8')), params, exceptions: [] });
    const result = policy.evaluate(big, ENTRYPOINT) as { result: { findings: unknown[] } }[];
    expect(policy.mem.buffer.byteLength).toBeGreaterThan(start * 10);
    // ...and reports exactly what the pre-sized engine reports.
    const engine = await PolicyEngine.load(paths.wasm);
    const report = engine.evaluate(big, { params });
    expect(report.findings.length).toBe(result[0].result.findings.length);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  // The rules used to call glob.match once per IAM pattern: the wasm's per-pattern cache (a C++
  // hash map) grew past a few thousand patterns and its rehash never returned. This input hung;
  // it now takes about a second.
  test('a 5,000-resource input, thousands of distinct IAM patterns, finishes and reports what opa eval does', async () => {
    const input = scaleApp(example.document as AppDocument, 5000);
    const engine = await PolicyEngine.load(paths.wasm);
    const report = engine.evaluate(input, { params });
    expect(report.rules.filter((r) => r.status === 'evaluated').length).toBeGreaterThan(50);
    expect(report.findings.filter((f) => f.address === 'evaluation-error')).toEqual([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-5k-'));
    try {
      fs.writeFileSync(path.join(dir, 'input.json'), JSON.stringify(input));
      fs.writeFileSync(path.join(dir, 'data.json'), JSON.stringify({ params, exceptions: [] }));
      const args = ['eval', '--format', 'json', ...regoSourceArgs(ROOT)];
      const run = spawnSync(
        findOpa(ROOT) as string,
        [...args, '-d', path.join(dir, 'data.json'), '-i', path.join(dir, 'input.json'), 'data.warm_standby.main.report'],
        {
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
        },
      );
      expect(run.stderr).toBe('');
      const viaOpa = (JSON.parse(run.stdout) as { result: { expressions: { value: { findings: Finding[] } }[] }[] }).result[0].expressions[0].value.findings;
      expect(report.findings.map(keyOf).sort()).toEqual(viaOpa.map(keyOf).sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test('memoryPagesFor grows linearly with the input and stays within wasm32', () => {
    expect(memoryPagesFor(10_000_000) - memoryPagesFor(0)).toBe(2 * (memoryPagesFor(5_000_000) - memoryPagesFor(0)));
    expect(memoryPagesFor(1e12)).toBe(65536);
  });
});

const keyOf = (f: { rule: string; stack: string; address: string }): string => `${f.rule}|${f.stack}|${f.address}`;

describe('findings sorted by the engine, not by the wasm (data.caller_sorts_findings)', () => {
  // The generated app with every depends_on dropped: each clone's literal ARNs and bootstrap
  // ordering become findings, enough of them for an order to be told from another.
  const noisy = JSON.parse(JSON.stringify(big)) as AppDocument;
  for (const stack of noisy.stacks) {
    for (const byName of Object.values((stack.config.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
      for (const resource of Object.values(byName)) delete resource.depends_on;
    }
  }

  async function wasmFindings(callerSorts: boolean): Promise<Finding[]> {
    const policy = await loadPolicy(fs.readFileSync(paths.wasm), { initial: 2000 });
    policy.setData({ ...JSON.parse(fs.readFileSync(paths.data, 'utf8')), params, exceptions: [], ...(callerSorts ? { caller_sorts_findings: true } : {}) });
    return (policy.evaluate(noisy, ENTRYPOINT) as { result: { findings: Finding[] } }[])[0].result.findings;
  }

  test('with data.caller_sorts_findings the wasm leaves the same findings unsorted; the engine returns them in the Rego order', async () => {
    const sortedByRego = await wasmFindings(false);
    const unsorted = await wasmFindings(true);
    expect(sortedByRego.length).toBeGreaterThan(100);
    // The wasm did not sort: its order is the set's hash order...
    expect(unsorted.map(keyOf)).not.toEqual(sortedByRego.map(keyOf));
    expect([...unsorted.map(keyOf)].sort()).toEqual([...sortedByRego.map(keyOf)].sort());
    // ...and the engine puts them back in exactly the Rego's order.
    const engine = await PolicyEngine.load(paths.wasm);
    const report = engine.evaluate(noisy, { params });
    expect(report.findings.map((f) => [f.rule, f.stack, f.address, f.message])).toEqual(sortedByRego.map((f) => [f.rule, f.stack, f.address, f.message]));
  });

  test('strings compare by code point, as OPA compares UTF-8 bytes (not by UTF-16 code unit)', () => {
    // U+1F600 is a surrogate pair in UTF-16 (0xD83D...), below U+FF5E as a code unit but above it as a code point.
    expect(compareCodePoints('\u{1F600}', '\uFF5E')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uFF5E').toBe(true);
    expect(compareCodePoints('a', 'b')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('same', 'same')).toBe(0);
    expect(Buffer.compare(Buffer.from('\u{1F600}'), Buffer.from('\uFF5E'))).toBeGreaterThan(0);
  });

  test('sortFindings orders by rule, stack, address, message, then the rest', () => {
    const f = (rule: string, stack: string, address: string, message: string, region = 'us-east-1'): Finding =>
      ({ rule, stack, address, message, region }) as unknown as Finding;
    const given = [
      f('WS-B', 'a', 'x', 'm'),
      f('WS-A', 'b', 'x', 'm'),
      f('WS-A', 'a', 'y', 'm'),
      f('WS-A', 'a', 'x', 'n'),
      f('WS-A', 'a', 'x', 'm', 'us-west-2'),
      f('WS-A', 'a', 'x', 'm'),
    ];
    expect(sortFindings(given)).toEqual([given[5], given[4], given[3], given[2], given[1], given[0]]);
  });
});
