import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { buildSync, version as esbuildVersion } from 'esbuild';
import { newestNodejsLambdaRuntime } from '../../common/dated-facts';

/** A bundled Lambda handler: a folder holding only `index.js`, ready for an archive asset. */
export interface HandlerBundle {
  /** Absolute path of the folder that holds `index.js`. */
  readonly directory: string;
  /** SHA-256 (hex) of the bundled code; the folder name ends with its first 16 characters. */
  readonly sha256: string;
  /**
   * `<directory>-zip/archive.zip` (the name cdktf gives archives): the folder's `index.js` as a deterministic zip, for a `TerraformAsset` of type
   * FILE. Written here, in process: cdktf's ARCHIVE assets start a node process per archive at synth.
   */
  readonly archive: string;
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
 * accepts and AWS still lets us create: the provider's validation stops at nodejs22.x, so
 * `terraform validate` refuses nodejs24.x (which needs provider 6.x, not installable offline here).
 * The provider's older Node.js 18 and 20 identifiers are left out: Lambda blocks creating them.
 */
export const PROVIDER_NODEJS_RUNTIMES: readonly string[] = ['nodejs22.x'];

/**
 * Lambda runtime of every bundled handler: the Node.js runtime the provider accepts whose create
 * block is furthest ahead in the dated-facts table (nodejs22.x: creates blocked from 2027-06-01), the
 * same table rule WS-DATE-001/002 warn from.
 */
export const LAMBDA_NODEJS_RUNTIME: string = newestNodejsLambdaRuntime(PROVIDER_NODEJS_RUNTIMES);

/** esbuild target matching {@link LAMBDA_NODEJS_RUNTIME} (`nodejs24.x` -> `node24`). */
const NODE_TARGET = LAMBDA_NODEJS_RUNTIME.replace(/^nodejs(\d+)\.x$/, 'node$1');

/**
 * esbuild options of every handler bundle (entry point and working folder aside): part of the
 * build cache's key, so a change here rebuilds.
 */
const BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: NODE_TARGET,
  format: 'cjs',
  legalComments: 'none',
  sourcemap: false,
  charset: 'utf8',
} as const;

/**
 * Bundles a TypeScript Lambda handler with esbuild into a content-addressed folder under the OS
 * temp directory. Once per process and entry point: many stacks share one build; across processes
 * the build cache ({@link BUILD_CACHE_DIR}) skips esbuild and the zip when no input changed.
 *
 * The bundle is CommonJS and includes the AWS SDK v3 clients the handler imports, at the versions
 * package-lock.json pins: the SDK a Lambda runtime ships changes under the function without a deploy.
 */
export function bundleHandler(entryPoint: string): HandlerBundle {
  const entry = path.resolve(entryPoint);
  const cached = cache.get(entry);
  if (cached) return cached;

  // Located once: finding the project and hashing its lock file is per entry, not per read and write.
  const files = cacheFiles(entry);
  const built = readBuildCache(entry, files) ?? build(entry, files);
  const sha256 = sha256Of(built.code);
  const directory = path.join(os.tmpdir(), 'warm-standby-bundles', `${path.basename(path.dirname(entry))}-${sha256.slice(0, 16)}`);
  writeDeterministically(path.join(directory, 'index.js'), built.code);
  const archive = path.join(`${directory}-zip`, 'archive.zip');
  writeDeterministically(archive, built.zip);

  const bundle = { directory, sha256, archive };
  cache.set(entry, bundle);
  return bundle;
}

/** Builds: esbuild, then the zip; the result is kept in the build cache with the inputs esbuild read. */
function build(entry: string, files: CacheFiles): BuiltHandler {
  const result = buildSync({
    ...BUILD_OPTIONS,
    entryPoints: [entry],
    // Paths in the bundle's comments are relative to this folder, not to the caller's cwd.
    absWorkingDir: path.dirname(entry),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  bundleStats.builds++;
  const code = Buffer.from(result.outputFiles[0].contents);
  const built = { code, zip: zipSingleFile('index.js', code) };
  // Relative to the entry's folder (as esbuild gives them): a copy of the checkout verifies its own files.
  writeBuildCache(entry, files, Object.keys(result.metafile.inputs), built);
  return built;
}

interface BuiltHandler {
  readonly code: Buffer;
  readonly zip: Buffer;
}

/** Builds and build-cache hits in this process (for tests). */
export const bundleStats = { builds: 0, cacheHits: 0 };

/**
 * Handler builds kept between processes (every synth, test and workflow job of one checkout bundles
 * the same four handlers: esbuild and the zip were half of a synth's CPU). Under node_modules, so the
 * cache belongs to the checkout, is never committed and goes with `npm ci`; not in the shared temp
 * directory, where another user could plant code. An entry is used only when every file esbuild read
 * for it (handler sources, AWS SDK files) still has the content it had, and its code still has the
 * hash it was stored with.
 */
export const BUILD_CACHE_DIR = path.join(path.dirname(path.dirname(require.resolve('esbuild/package.json'))), '.cache', 'warm-standby-bundles');

interface BuildCacheEntry {
  /** Path relative to the entry's folder -> SHA-256 of every input esbuild read. */
  readonly inputs: Record<string, string>;
  readonly codeSha256: string;
  readonly zipSha256: string;
}

const sha256Of = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

interface CacheFiles {
  readonly meta: string;
  readonly code: string;
  readonly zip: string;
}

/**
 * Files of the cache entry of an entry point under today's esbuild and options. Keyed by the entry's
 * path inside its project (the nearest folder with a package.json), so the clean copies the workflow
 * tests run in share the checkout's entries; each still verifies its own inputs.
 */
function cacheFiles(entry: string): CacheFiles {
  let project = path.dirname(entry);
  while (!fs.existsSync(path.join(project, 'package.json')) && path.dirname(project) !== project) project = path.dirname(project);
  const where = path.relative(project, entry);
  // What esbuild consults without listing it as an input: the installed packages' resolution (the
  // lock file) and the TypeScript settings.
  const consulted = ['package-lock.json', 'tsconfig.json'].map((f) =>
    fs.existsSync(path.join(project, f)) ? sha256Of(fs.readFileSync(path.join(project, f))) : '',
  );
  const key = sha256Of(Buffer.from(JSON.stringify({ entry: where, options: BUILD_OPTIONS, esbuild: esbuildVersion, zip: 1, consulted }))).slice(0, 32);
  const base = path.join(BUILD_CACHE_DIR, `${path.basename(path.dirname(entry))}-${key}`);
  return { meta: `${base}.json`, code: `${base}.js`, zip: `${base}.zip` };
}

function readBuildCache(entry: string, files: CacheFiles): BuiltHandler | undefined {
  try {
    const meta = JSON.parse(fs.readFileSync(files.meta, 'utf8')) as BuildCacheEntry;
    for (const [input, hash] of Object.entries(meta.inputs)) if (sha256Of(fs.readFileSync(path.resolve(path.dirname(entry), input))) !== hash) return undefined;
    const code = fs.readFileSync(files.code);
    const zip = fs.readFileSync(files.zip);
    if (sha256Of(code) !== meta.codeSha256 || sha256Of(zip) !== meta.zipSha256) return undefined;
    bundleStats.cacheHits++;
    return { code, zip };
  } catch {
    // No entry, an input gone, or a torn entry: build.
    return undefined;
  }
}

function writeBuildCache(entry: string, files: CacheFiles, inputs: readonly string[], built: BuiltHandler): void {
  try {
    const meta: BuildCacheEntry = {
      inputs: Object.fromEntries(inputs.map((input) => [input, sha256Of(fs.readFileSync(path.resolve(path.dirname(entry), input)))])),
      codeSha256: sha256Of(built.code),
      zipSha256: sha256Of(built.zip),
    };
    fs.mkdirSync(BUILD_CACHE_DIR, { recursive: true });
    // The metadata last, each file by rename: a reader sees a whole entry or none.
    for (const [file, data] of [
      [files.code, built.code],
      [files.zip, built.zip],
      [files.meta, Buffer.from(JSON.stringify(meta))],
    ] as const) {
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, data);
      fs.renameSync(temporary, file);
    }
  } catch {
    // A read-only checkout still synthesizes; it only builds every time.
  }
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

/** 2000-01-01 00:00:00 in MS-DOS date/time fields, as {@link FIXED_MTIME}. */
const DOS_TIME = 0;
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;

/**
 * A zip archive (PKWARE APPNOTE 6.3: local header, data, central directory, end record) holding one
 * deflated file with a fixed time and mode 0644, so the same code always gives the same bytes.
 */
export function zipSingleFile(name: string, data: Uint8Array): Buffer {
  const fileName = Buffer.from(name, 'utf8');
  const deflated = zlib.deflateRawSync(data, { level: 9 });
  const crc = zlib.crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); // local file header signature
  local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  local.writeUInt16LE(0x0800, 6); // flags: UTF-8 name
  local.writeUInt16LE(8, 8); // method: deflate
  local.writeUInt16LE(DOS_TIME, 10);
  local.writeUInt16LE(DOS_DATE, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  local.writeUInt16LE(0, 28); // extra field length
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); // central directory header signature
  central.writeUInt16LE((3 << 8) | 20, 4); // made by: UNIX, 2.0 (so the external attributes carry the mode)
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(DOS_TIME, 12);
  central.writeUInt16LE(DOS_DATE, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  // extra, comment, disk number, internal attributes: 0
  central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: regular file, 0644
  central.writeUInt32LE(0, 42); // offset of the local header
  const centralSize = central.length + fileName.length;
  const centralOffset = local.length + fileName.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory signature
  end.writeUInt16LE(1, 8); // entries on this disk
  end.writeUInt16LE(1, 10); // entries in total
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, deflated, central, fileName, end]);
}
