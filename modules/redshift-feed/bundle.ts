import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { newestNodejsLambdaRuntime } from '../../common/dated-facts';

/** A bundled Lambda handler: a folder holding only `index.js`, ready for an archive asset. */
export interface HandlerBundle {
  /** Absolute path of the folder that holds `index.js`. */
  readonly directory: string;
  /** SHA-256 (hex) of the bundled code; the folder name ends with its first 16 characters. */
  readonly sha256: string;
}

/**
 * Fixed modification time for the bundled file. cdktf zips the folder and the zip records each
 * file's mtime and mode, so both are pinned: the same source then gives a byte-identical archive
 * (and the same `filebase64sha256`) on every machine and every synth.
 */
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

const cache = new Map<string, HandlerBundle>();

/**
 * Node.js runtimes the pinned AWS provider (hashicorp/aws 5.100.0, @cdktf/provider-aws 20.1.0)
 * accepts: its `runtime` validation stops at nodejs22.x, so `terraform validate` refuses nodejs24.x
 * (which needs provider 6.x, not installable offline here).
 */
export const PROVIDER_NODEJS_RUNTIMES: readonly string[] = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x'];

/**
 * Lambda runtime of every bundled handler: the Node.js runtime the provider accepts whose create
 * block is furthest ahead in the dated-facts table (nodejs22.x: creates blocked from 2027-06-01), the
 * same table rule WS-DATE-001/002 warn from.
 */
export const LAMBDA_NODEJS_RUNTIME: string = newestNodejsLambdaRuntime(PROVIDER_NODEJS_RUNTIMES);

/** esbuild target matching {@link LAMBDA_NODEJS_RUNTIME} (`nodejs24.x` -> `node24`). */
const NODE_TARGET = LAMBDA_NODEJS_RUNTIME.replace(/^nodejs(\d+)\.x$/, 'node$1');

/**
 * Bundles a TypeScript Lambda handler with esbuild into a content-addressed folder under the OS
 * temp directory. Once per process and entry point: many stacks share one build.
 *
 * The bundle is CommonJS and includes the AWS SDK v3 clients the handler imports, at the versions
 * package-lock.json pins: the SDK a Lambda runtime ships changes under the function without a deploy.
 */
export function bundleHandler(entryPoint: string): HandlerBundle {
  const entry = path.resolve(entryPoint);
  const cached = cache.get(entry);
  if (cached) return cached;

  const result = buildSync({
    entryPoints: [entry],
    // Paths in the bundle's comments are relative to this folder, not to the caller's cwd.
    absWorkingDir: path.dirname(entry),
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'cjs',
    legalComments: 'none',
    sourcemap: false,
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const sha256 = createHash('sha256').update(code).digest('hex');
  const directory = path.join(os.tmpdir(), 'warm-standby-bundles', `${path.basename(path.dirname(entry))}-${sha256.slice(0, 16)}`);
  writeDeterministically(path.join(directory, 'index.js'), code);

  const bundle = { directory, sha256 };
  cache.set(entry, bundle);
  return bundle;
}

/** Writes `code` with a fixed mode and mtime; atomic (rename), so parallel processes can share the folder. */
function writeDeterministically(file: string, code: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const existing = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  if (!existing || !existing.equals(code)) {
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, code);
    fs.renameSync(temporary, file);
  }
  fs.chmodSync(file, 0o644);
  fs.utimesSync(file, FIXED_MTIME, FIXED_MTIME);
}
