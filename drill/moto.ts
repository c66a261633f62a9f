/**
 * The emulator: moto's server mode (`moto_server`) from a project-local virtualenv that the drill
 * creates itself from drill/requirements.txt (pinned, hash-checked), never from scripts/setup, so
 * `npm test` never needs Python packages.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..');
export const REQUIREMENTS = path.join(ROOT, 'drill', 'requirements.txt');
/** The virtualenv; the stamp holds the requirements' content so a changed pin rebuilds it. */
export const VENV = path.join(ROOT, '.tools', 'drill-venv');

/** Creates or refreshes the virtualenv; returns the moto_server path. Throws with pip's last lines on failure. */
export function ensureVenv(log: (line: string) => void, python = process.env.DRILL_PYTHON ?? 'python3.11'): string {
  const server = path.join(VENV, 'bin', 'moto_server');
  const stamp = path.join(VENV, '.requirements');
  const wanted = fs.readFileSync(REQUIREMENTS, 'utf8');
  if (fs.existsSync(server) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return server;
  log(`creating ${path.relative(ROOT, VENV)} from ${path.relative(ROOT, REQUIREMENTS)}`);
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
      const tail = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim().split('\n').slice(-5).join('\n');
      throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${tail}`);
    }
  };
  run(python, ['-m', 'venv', '--clear', VENV]);
  run(path.join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '--require-hashes', '-r', REQUIREMENTS]);
  fs.writeFileSync(stamp, wanted);
  return server;
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Emulator {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts moto's server on a free port through drill/moto_server.py (fixed hosted-zone ids from
 * DRILL_HOSTED_ZONES) and waits until it answers (its /moto-api/ endpoint).
 */
export async function startMoto(python: string, logFile: string, timeoutMs = 60_000): Promise<Emulator> {
  const port = await freePort();
  const out = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(python, [path.join(ROOT, 'drill', 'moto_server.py'), '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', out, out],
    // IAM policy attachments name AWS managed policies, which moto loads only on request.
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode} before answering; see ${logFile}`);
    try {
      const res = await fetch(`${url}/moto-api/data.json`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`moto_server did not answer on ${url} within ${timeoutMs / 1000} s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // Lambda without Docker (drill/emulator-gaps.ts, aws_lambda_invocation): before any function exists,
  // since the simple backend keeps its own functions.
  const config = await fetch(`${url}/moto-api/config`, { method: 'POST', body: JSON.stringify({ lambda: { use_docker: false } }) });
  if (!config.ok) throw new Error(`moto rejected the Lambda configuration: HTTP ${config.status}`);
  return {
    url,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
