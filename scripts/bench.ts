/**
 * Policy gate benchmark (not a test: it prints, it asserts nothing).
 *
 *   npm run bench        # BENCH_RUNS=N (default 10) timed wasm runs per case after a warm-up, fewer when
 *                        # a case is slow; BENCH_OPA_RUNS=N (default 3) opa eval runs per case
 *
 * Prints (a) the bundle load time (PolicyEngine.load of policies/bundle/policy.wasm), (b) the
 * evaluation time of the synthesized `example` app (all stacks, one cdktf_app input), (c) the
 * evaluation time of generated apps of about 1,000, 2,500 and 5,000 resources (the example's
 * resources cloned under new names across its stacks, in-stack references rewritten to the clones),
 * with the time per resource and its ratio to the 1,000 case, and (d) `opa eval -b` of the same
 * bundle on the same inputs and data, as wall time and the ratio wasm / opa eval.
 *
 * The OPA CLI here is built without a wasm engine, so `opa eval -b bundle.tar.gz` refuses a bundle
 * whose manifest names policy.wasm; (d) evaluates the same tarball's Rego and data.json with the
 * wasm entry taken out of the manifest (topdown), which is what `opa eval` does with the sources.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from 'cdktf';
import { loadEnvironment } from '../environments';
import { PolicyEngine } from '../gate/engine';
import { ensureBundle, findOpa } from '../gate/bundle';
import { objectivesOf } from '../gate/gate';
import { CdktfStackDocument, GateInput, readInput } from '../gate/inputs';
import { environmentParams } from '../gate/params';
import { buildEnvironment } from '../stacks';
import { countResources, scaleApp } from './lib/scale';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 10));
const OPA_RUNS = Math.max(1, Number(process.env.BENCH_OPA_RUNS ?? 3));
const TARGETS = (process.env.BENCH_SIZES ?? '1000,2500,5000').split(',').map(Number);
const AIM_MS = 50;

interface Case {
  readonly label: string;
  readonly input: GateInput;
  readonly resources: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** The tarball's Rego and data.json, without the wasm module (see the header). */
function regoOnlyBundle(tarball: string, dir: string): string {
  const out = path.join(dir, 'bundle');
  fs.mkdirSync(out);
  const r = spawnSync('tar', ['-xzf', tarball, '-C', out, '--no-same-owner'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar: ${r.stderr}`);
  fs.rmSync(path.join(out, 'policy.wasm'), { force: true });
  const manifestFile = path.join(out, '.manifest');
  if (fs.existsSync(manifestFile)) {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    delete manifest.wasm;
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  }
  return out;
}

function opaEval(opa: string, bundle: string, inputFile: string, dataFile: string): { ms: number; findings: number | undefined } {
  const t0 = performance.now();
  const r = spawnSync(opa, ['eval', '-b', bundle, '-d', dataFile, '-i', inputFile, '--format', 'json', 'data.warm_standby.main.report'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`opa eval failed: ${(r.stderr || r.stdout).slice(0, 300)}`);
  const value = JSON.parse(r.stdout).result?.[0]?.expressions?.[0]?.value;
  return { ms, findings: Array.isArray(value?.findings) ? value.findings.length : undefined };
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-bench-'));
  try {
    const paths = ensureBundle();
    const opa = findOpa();

    // (a) load
    const loads: number[] = [];
    let engine: PolicyEngine | undefined;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      engine = await PolicyEngine.load(paths.wasm);
      loads.push(performance.now() - t0);
    }

    // Inputs: the synthesized example, then generated apps.
    const outdir = path.join(work, 'cdktf.out');
    const app = new App({ outdir });
    buildEnvironment(app, loadEnvironment('example'), { failover: false });
    app.synth();
    const example = readInput(outdir);
    const doc = example.document as { kind: string; stacks: CdktfStackDocument[] };
    const cases: Case[] = [{ label: 'example', input: example, resources: countResources(doc) }];
    for (const target of TARGETS) {
      const scaled = scaleApp(doc, target);
      cases.push({ label: `generated ~${target}`, input: { ...example, document: scaled }, resources: countResources(scaled) });
    }

    const params = environmentParams('example');
    const bundle = opa ? regoOnlyBundle(paths.tarball, work) : undefined;
    const rows: { c: Case; wasm: number; runs: number; findings: number; opa?: number; opaFindings?: number }[] = [];
    for (const c of cases) {
      const objectives = objectivesOf(c.input);
      const options = { params, exceptions: [], objectives: objectives.report, objectivesUnavailable: objectives.unavailable };
      const w0 = performance.now();
      const first = (engine as PolicyEngine).evaluate(c.input.document, options); // warm-up
      const warm = performance.now() - w0;
      // Slow cases: as many runs as fit in ~5 s; a warm-up over 2 s is itself the one measurement.
      const runs = warm > 2000 ? 0 : Math.min(RUNS, Math.max(1, Math.floor(5000 / warm)));
      const times: number[] = runs === 0 ? [warm] : [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        (engine as PolicyEngine).evaluate(c.input.document, options);
        times.push(performance.now() - t0);
      }
      const row: (typeof rows)[number] = { c, wasm: median(times), runs: times.length, findings: first.findings.length };
      if (opa && bundle) {
        const inputFile = path.join(work, `input-${rows.length}.json`);
        const dataFile = path.join(work, `data-${rows.length}.json`);
        fs.writeFileSync(inputFile, JSON.stringify(c.input.document));
        fs.writeFileSync(
          dataFile,
          JSON.stringify({
            params,
            exceptions: [],
            ...(objectives.report !== undefined ? { objectives: objectives.report } : {}),
            ...(objectives.unavailable !== undefined ? { objectives_unavailable: objectives.unavailable } : {}),
          }),
        );
        const evals = Array.from({ length: OPA_RUNS }, () => opaEval(opa, bundle, inputFile, dataFile));
        row.opa = median(evals.map((e) => e.ms));
        row.opaFindings = evals[0].findings;
      }
      rows.push(row);
    }

    // Report.
    const base = rows.find((r) => r.c.label.startsWith('generated ~1000')) ?? rows[0];
    const perRes = (r: (typeof rows)[number]): number => (r.wasm * 1000) / r.c.resources;
    const out: string[] = [];
    out.push(
      `policy bundle: ${path.relative(process.cwd(), paths.wasm)} (${fs.statSync(paths.wasm).size} bytes); wasm: median of up to ${RUNS} runs after 1 warm-up (fewer when slow; over 2 s the warm-up is the measurement); opa eval: median of ${OPA_RUNS} (wall time, process included)`,
    );
    out.push(`(a) bundle load (PolicyEngine.load): first ${fmt(loads[0])} ms, median of 5 ${fmt(median(loads))} ms`);
    out.push('');
    const header = ['case', 'resources', 'findings', 'wasm ms', 'runs', 'µs/resource', 'per-res vs 1k', 'opa eval ms', 'wasm/opa'];
    const table = rows.map((r) => [
      r.c.label,
      String(r.c.resources),
      String(r.findings) + (r.opaFindings !== undefined && r.opaFindings !== r.findings ? `(opa ${r.opaFindings})` : ''),
      fmt(r.wasm),
      String(r.runs),
      perRes(r).toFixed(1),
      r.c.label === 'example' ? '-' : `${(perRes(r) / perRes(base)).toFixed(2)}x`,
      r.opa !== undefined ? fmt(r.opa) : 'n/a',
      r.opa !== undefined ? (r.wasm / r.opa).toFixed(2) : 'n/a',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
    const line = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
    out.push(line(header), line(widths.map((w) => '-'.repeat(w))), ...table.map(line));
    out.push('');
    const ex = rows[0];
    const big = rows[rows.length - 1];
    const growth = big.wasm / base.wasm;
    const size = big.c.resources / base.c.resources;
    const linear = perRes(big) / perRes(base) <= 1.5;
    out.push(`aim: example < ${AIM_MS} ms after load: ${ex.wasm < AIM_MS ? 'met' : 'NOT met'} (${fmt(ex.wasm)} ms)`);
    out.push(
      `aim: linear growth: ${linear ? 'met' : 'NOT met'} (${base.c.resources} -> ${big.c.resources} resources, ${size.toFixed(1)}x; time ${growth.toFixed(1)}x; per-resource ${(perRes(big) / perRes(base)).toFixed(2)}x, linear if <= 1.5x)`,
    );
    if (!opa) out.push('opa eval: skipped (opa not found)');
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
