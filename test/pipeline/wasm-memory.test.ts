/**
 * Issue 17.2: the engine sizes wasm memory from the input before evaluating, so OPA's allocator
 * never grows it a little at a time (what made time per resource rise with size). Timing is the
 * benchmark's job (npm run bench); this checks the mechanism and that results do not change.
 */
import * as fs from 'node:fs';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { ENTRYPOINT, ensureBundle } from '../../gate/bundle';
import { PolicyEngine, memoryPagesFor } from '../../gate/engine';
import { readInput } from '../../gate/inputs';
import { environmentParams } from '../../gate/params';
import { AppDocument, countResources, scaleApp } from '../../scripts/lib/scale';
import { synthEnvironment } from '../support/synth';

describe('wasm memory pre-sizing', () => {
  const paths = ensureBundle();
  const example = readInput(synthEnvironment('example').outdir);
  const big = scaleApp(example.document as AppDocument, 2000);
  const params = environmentParams('example');

  test('a 2,000-resource input is evaluated in memory sized up front: it never grows during evaluation', async () => {
    expect(countResources(big)).toBe(2000);
    const engine = await PolicyEngine.load(paths.wasm);
    engine.evaluate(big, { params });
    const stats = engine.memoryStats;
    const inputBytes = Buffer.byteLength(JSON.stringify(big));
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

  test('memoryPagesFor grows linearly with the input and stays within wasm32', () => {
    expect(memoryPagesFor(10_000_000) - memoryPagesFor(0)).toBe(2 * (memoryPagesFor(5_000_000) - memoryPagesFor(0)));
    expect(memoryPagesFor(1e12)).toBe(65536);
  });
});
