/**
 * Runs terraform in a synthesized stack's folder and reads its machine-readable (`-json`) output:
 * a progress line per stack and per 10 resources applied, the resources applied, and every error
 * diagnostic with the resource address it names.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import { ApplyFailure } from './emulator-gaps';

export interface ApplyResult {
  readonly exitCode: number;
  /** Addresses whose create/update/delete completed. */
  readonly applied: string[];
  readonly failures: ApplyFailure[];
  readonly plannedChanges: number;
  /** Seconds. */
  readonly seconds: number;
}

/** Incremental parser of `terraform apply|plan -json` lines (one JSON object per line). */
export class ApplyStream {
  readonly applied: string[] = [];
  readonly failures: ApplyFailure[] = [];
  plannedChanges = 0;
  private partial = '';

  constructor(private readonly progress: (line: string) => void = () => undefined) {}

  /** Feeds a chunk of output; returns nothing, reports through `progress`. */
  push(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  end(): void {
    if (this.partial.trim()) this.line(this.partial);
    this.partial = '';
  }

  private line(raw: string): void {
    if (!raw.trim()) return;
    let msg: {
      type?: string;
      '@level'?: string;
      '@message'?: string;
      hook?: { resource?: { addr?: string }; action?: string };
      diagnostic?: { address?: string; summary?: string; detail?: string };
      changes?: { add?: number; change?: number; remove?: number; operation?: string };
    };
    try {
      msg = JSON.parse(raw) as typeof msg;
    } catch {
      // terraform prints plain text only before it starts (e.g. a crash): keep it as a failure.
      this.failures.push({ message: raw.trim() });
      return;
    }
    if (msg.type === 'change_summary' && msg.changes?.operation === 'plan') {
      this.plannedChanges = (msg.changes.add ?? 0) + (msg.changes.change ?? 0) + (msg.changes.remove ?? 0);
    } else if (msg.type === 'apply_complete' && msg.hook?.resource?.addr && msg.hook.action !== 'read') {
      // Data-source reads report apply_complete too; only changes count as applied.
      this.applied.push(msg.hook.resource.addr);
      if (this.applied.length % 10 === 0) this.progress(`${this.applied.length} resources applied`);
    } else if (msg.type === 'diagnostic' && msg['@level'] === 'error') {
      const d = msg.diagnostic ?? {};
      const detail = (d.detail ?? '').replace(/\s+/g, ' ').trim();
      this.failures.push({ address: d.address, message: `${d.summary ?? msg['@message'] ?? 'error'}${detail ? `: ${detail}` : ''}`.slice(0, 600) });
    }
  }
}

/** Runs terraform with `args` in `cwd`, streaming -json output to `logFile` and the parser. */
export function runTerraformJson(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  progress: (line: string) => void,
  timeoutMs = 20 * 60_000,
): Promise<ApplyResult> {
  const started = Date.now();
  const stream = new ApplyStream(progress);
  const log = fs.openSync(logFile, 'a');
  fs.writeSync(log, `$ terraform ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      stream.failures.push({ message: `terraform ${args[0]} did not finish within ${timeoutMs / 60_000} min: stopped` });
      child.kill('SIGINT');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      fs.writeSync(log, c);
      stream.push(c);
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      fs.writeSync(log, c);
      if (c.trim()) stream.failures.push({ message: c.trim().slice(0, 600) });
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      stream.end();
      fs.closeSync(log);
      resolve({
        exitCode: code ?? 1,
        applied: stream.applied,
        failures: stream.failures,
        plannedChanges: stream.plannedChanges,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      });
    });
  });
}

/** Runs a plain (non-json) terraform command; resolves with its exit code and output. */
export function runTerraform(cwd: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.on('error', reject);
    child.on('close', (code) => {
      fs.appendFileSync(logFile, `$ terraform ${args.join(' ')}\n${output}\n`);
      resolve({ exitCode: code ?? 1, output });
    });
  });
}
