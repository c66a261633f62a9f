/**
 * Plain `opa eval` scaling of the Rego sources (no wasm): what HCP Terraform runs for the exported
 * policy set, and what anyone running `opa eval -d policies` gets.
 *
 *   node scripts/with-tools.js npx ts-node --transpile-only scripts/bench-rego.ts [sizes] [timeoutSeconds]
 *   # sizes default "1000,20000"; timeout per evaluation default 600 s; BENCH_REGO_ROOT=<dir> reads
 *   # <dir>/policies instead of this checkout's (to measure an older copy of the Rego); BENCH_REGO_KEEP=<dir>
 *   # keeps the generated inputs there (for opa eval --profile)
 *
 * Two input shapes per size, built from the synthesized `example` app with every resource cloned
 * round-robin until the size is reached (clone k of `type.name` is `name_bench<k>`; in-stack
 * references inside a clone point to the clone k of their target):
 *   - app: the whole cdktf app (kind cdktf_app), query data.warm_standby.main.report;
 *   - hcp: the primary stack as an HCP Terraform policy input {"plan": <plan-shaped JSON>, "run": {...}}
 *     (planned values with "${...}" tokens unknown, configuration expressions with their references),
 *     same query: the report is what every exported per-rule wrapper reads.
 * Prints wall time, CPU time (user + sys of the opa process), CPU µs per resource and its ratio to
 * the smallest size.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from 'cdktf';
import { loadEnvironment } from '../environments';
import { findOpa, policySourceFiles } from '../gate/bundle';
import { CdktfStackDocument, readInput } from '../gate/inputs';
import { environmentParams } from '../gate/params';
import { buildEnvironment } from '../stacks';
import { planOf } from './lib/plan-shape';
import { scaleApp } from './lib/scale';

type Json = Record<string, unknown>;

function opaEval(
  opa: string,
  sources: readonly string[],
  inputFile: string,
  dataFile: string,
  timeoutMs: number,
): { ms: number; cpuMs: number; findings?: number; error?: string } {
  const args = ['eval', ...sources.flatMap((f) => ['-d', f]), '-d', dataFile, '-i', inputFile, '--format', 'json', 'data.warm_standby.main.report'];
  // CPU time (user + sys) through /usr/bin/time: on a shared machine wall time mostly measures the load.
  const cpuFile = `${inputFile}.cpu`;
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, opa, ...args], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, timeout: timeoutMs });
  const ms = performance.now() - t0;
  const cpu = fs.existsSync(cpuFile) ? (fs.readFileSync(cpuFile, 'utf8').trim().split('\n').pop() ?? '') : '';
  const [user, sys] = cpu.split(' ').map(Number);
  const cpuMs = Number.isFinite(user) && Number.isFinite(sys) ? (user + sys) * 1000 : NaN;
  if (r.error) return { ms, cpuMs, error: r.error.message.includes('ETIMEDOUT') ? `timed out after ${timeoutMs / 1000} s` : r.error.message };
  if (r.status !== 0) return { ms, cpuMs, error: (r.stderr || r.stdout).slice(0, 300) };
  const value = (JSON.parse(r.stdout) as { result?: { expressions: { value?: { findings?: unknown[] } }[] }[] }).result?.[0]?.expressions?.[0]?.value;
  if (!Array.isArray(value?.findings)) return { ms, cpuMs, error: 'report undefined' };
  return { ms, cpuMs, findings: value.findings.length };
}

function main(): void {
  const sizes = (process.argv[2] ?? '1000,20000').split(',').map(Number);
  const timeoutMs = Number(process.argv[3] ?? 600) * 1000;
  const opa = findOpa();
  if (!opa) throw new Error('opa not found (run through scripts/with-tools.js)');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-bench-rego-'));
  try {
    const outdir = path.join(work, 'cdktf.out');
    const app = new App({ outdir });
    buildEnvironment(app, loadEnvironment('example'), { failover: false });
    app.synth();
    const doc = readInput(outdir).document as { kind: string; stacks: CdktfStackDocument[] };
    const sources = policySourceFiles(process.env.BENCH_REGO_ROOT ?? undefined).filter((f) => f.endsWith('.rego'));
    const dataFile = path.join(work, 'data.json');
    fs.writeFileSync(dataFile, JSON.stringify({ params: environmentParams('example'), exceptions: [] }));
    const rows: { shape: string; size: number; resources: number; ms: number; cpuMs: number; findings?: number; error?: string }[] = [];
    for (const size of sizes) {
      const scaled = scaleApp(doc, size);
      const primary = scaled.stacks.find((s) => s.name.endsWith('-primary')) as CdktfStackDocument;
      const plan = planOf(scaleApp({ kind: doc.kind, stacks: [doc.stacks.find((s) => s.name.endsWith('-primary')) as CdktfStackDocument] }, size).stacks[0]);
      const shapes: [string, unknown, number][] = [
        ['app', scaled, countOf(scaled.stacks)],
        ['hcp', { plan, run: { workspace: { name: primary.name } } }, ((plan.planned_values as Json).root_module as { resources: unknown[] }).resources.length],
      ];
      for (const [shape, input, resources] of shapes) {
        const inputFile = path.join(process.env.BENCH_REGO_KEEP ?? work, `${shape}-${size}.json`);
        fs.writeFileSync(inputFile, JSON.stringify(input));
        const r = opaEval(opa, sources, inputFile, dataFile, timeoutMs);
        rows.push({ shape, size, resources, ...r });
        process.stderr.write(`${shape} ${resources}: ${r.error ?? `${r.ms.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms cpu`}\n`);
      }
    }
    const perRes = (r: (typeof rows)[number]): number => (r.cpuMs * 1000) / r.resources;
    const lines = ['shape  resources  findings   wall ms  cpu ms (user+sys)  cpu µs/resource  per-res vs smallest'];
    for (const r of rows) {
      const base = rows.find((b) => b.shape === r.shape && !b.error);
      lines.push(
        [
          r.shape.padEnd(5),
          String(r.resources).padStart(10),
          String(r.findings ?? '-').padStart(9),
          (r.error ? `>${(r.ms / 1000).toFixed(0)} s (${r.error})` : r.ms.toFixed(0)).padStart(9),
          (r.error ? '-' : r.cpuMs.toFixed(0)).padStart(18),
          (r.error ? '-' : perRes(r).toFixed(1)).padStart(16),
          (r.error || !base ? '-' : `${(perRes(r) / perRes(base)).toFixed(2)}x`).padStart(20),
        ].join(' '),
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function countOf(stacks: readonly CdktfStackDocument[]): number {
  let n = 0;
  for (const s of stacks) for (const byName of Object.values((s.config.resource ?? {}) as Record<string, object>)) n += Object.keys(byName).length;
  return n;
}

main();
