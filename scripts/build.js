#!/usr/bin/env node
'use strict';
// Compiles the TypeScript the CLI (bin/warm-standby.js) and the cdktf app (bin/app.js) run into the
// git-ignored dist/ (tsconfig.build.json), so neither transpiles at start-up, then bundles the CLI
// into one file, dist/cli.bundle.js (esbuild), which the launcher runs through V8's code cache
// (scripts/code-cache.js): resolving and compiling ~560 modules was most of a `check`'s CPU time.
//
//   node scripts/build.js           compile when stale (setup, `npm test` and both launchers call this)
//   node scripts/build.js --check   exit 1 when dist/ is stale, naming the first changed source
//
// Staleness is a content hash (not mtimes, which git checkouts reset) of every compiled source and
// the compiler settings, recorded in dist/.sources.sha256 after a successful compile. Hashing every
// source on each launch costs more than the rest of a small check, so dist/.sources.stat keeps each
// file's size and mtime as of its last hash: a launch hashes only files whose size or mtime moved.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.sources.sha256');
const STAT_STAMP = '.sources.stat';
const CLI_BUNDLE = 'cli.bundle.js';
/**
 * Left out of the CLI bundle, loaded from node_modules when used: opa-wasm (the engine patches its
 * built-in table by file path, which must be the copy opa-wasm itself uses) and the AWS SDK (3 MB,
 * only `readiness` needs it). package.json is read at run time, not inlined.
 */
const BUNDLE_EXTERNAL = ['@open-policy-agent/opa-wasm', '@aws-sdk/*', '@smithy/*'];
const SOURCE_DIRS = ['modules', 'stacks', 'environments', 'gate', 'readiness', 'objectives', 'cli', 'common', 'naming'];
const SETTINGS = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

/** Every file the compile reads from the repository, relative and sorted. */
function sourceFiles(root = ROOT) {
  const out = ['main.ts', ...SETTINGS];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'handler' && entry.name !== 'node_modules') walk(rel);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(root, dir))) walk(dir);
  return out.filter((f) => fs.existsSync(path.join(root, f))).sort();
}

/** One line per source: `<sha256>  <path>`. */
function manifest(root = ROOT) {
  return sourceFiles(root)
    .map(
      (f) =>
        `${crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(root, f)))
          .digest('hex')}  ${f.split(path.sep).join('/')}`,
    )
    .join('\n');
}

/** `<size> <mtimeMs>` of a file: what a launch compares before hashing. */
function statKey(file) {
  const st = fs.statSync(file);
  return `${st.size} ${st.mtimeMs}`;
}

/** One line per source: `<size> <mtimeMs>\t<path>`. */
function statManifest(root, files) {
  return files.map((f) => `${statKey(path.join(root, f))}\t${f.split(path.sep).join('/')}`).join('\n');
}

/** Why dist/ does not match the sources, or undefined when it does. */
function staleReason(root = ROOT) {
  const stamp = path.join(root, 'dist', '.sources.sha256');
  if (!fs.existsSync(stamp)) return 'dist/ has not been built';
  if (!fs.existsSync(path.join(root, 'dist', CLI_BUNDLE))) return `dist/${CLI_BUNDLE} has not been built`;
  const files = sourceFiles(root);
  const statFile = path.join(root, 'dist', STAT_STAMP);
  // Fast path: every source has the size and mtime it had when it was last hashed equal to the stamp.
  const stats = statManifest(root, files);
  if (fs.existsSync(statFile) && fs.readFileSync(statFile, 'utf8') === `${stats}\n`) return undefined;
  const built = new Map(
    fs
      .readFileSync(stamp, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(66), l.slice(0, 64)]),
  );
  const now = manifest(root).split('\n');
  for (const line of now) {
    const file = line.slice(66);
    if (!built.has(file)) return `${file} is new since the last compile`;
    if (built.get(file) !== line.slice(0, 64)) return `${file} changed since the last compile`;
  }
  if (built.size !== now.length) return 'a source was removed since the last compile';
  // Same contents, new mtimes (a checkout, a touch): hash-checked now, so the next launch need not.
  writeStatStamp(root, stats);
  return undefined;
}

function writeStatStamp(root, stats) {
  try {
    const temporary = path.join(root, 'dist', `${STAT_STAMP}.${process.pid}.tmp`);
    fs.writeFileSync(temporary, `${stats}\n`);
    fs.renameSync(temporary, path.join(root, 'dist', STAT_STAMP));
  } catch {
    // A read-only dist/ only costs the hashing on every launch.
  }
}

/** Bundles the compiled CLI (dist/cli/main.js) into dist/cli.bundle.js; returns an error text or undefined. */
function bundleCli(root = ROOT) {
  const outfile = path.join(root, 'dist', CLI_BUNDLE);
  const temporary = `${outfile}.${process.pid}.tmp`;
  try {
    const esbuild = require(require.resolve('esbuild', { paths: [root] }));
    esbuild.buildSync({
      entryPoints: [path.join(root, 'dist', 'cli', 'main.js')],
      outfile: temporary,
      bundle: true,
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      format: 'cjs',
      external: BUNDLE_EXTERNAL,
      logLevel: 'error',
    });
    fs.renameSync(temporary, outfile);
    return undefined;
  } catch (err) {
    fs.rmSync(temporary, { force: true });
    return err && err.message ? err.message : String(err);
  }
}

/** Compiles when stale; returns the exit code. `log` receives one line when it compiles. */
function ensureBuilt(log = (line) => process.stderr.write(`${line}\n`), root = ROOT) {
  const reason = staleReason(root);
  if (!reason) return 0;
  log(`compiling TypeScript to dist/ (${reason})`);
  const before = manifest(root);
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    log('compile failed: see the TypeScript errors above');
    return r.status ?? 1;
  }
  const bundleError = bundleCli(root);
  if (bundleError) {
    log(`bundling the CLI failed: ${bundleError.split('\n')[0]}`);
    return 1;
  }
  // The stamp records what was compiled, so a source edited during the compile is picked up next time.
  fs.writeFileSync(path.join(root, 'dist', '.sources.sha256'), `${before}\n`);
  fs.rmSync(path.join(root, 'dist', STAT_STAMP), { force: true });
  return 0;
}

module.exports = { DIST, STAMP, CLI_BUNDLE, BUNDLE_EXTERNAL, sourceFiles, manifest, staleReason, ensureBuilt, bundleCli };

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const reason = staleReason();
    if (reason) {
      process.stderr.write(`build: dist/ is stale: ${reason}; run "node scripts/build.js"\n`);
      process.exit(1);
    }
    process.stdout.write('build: dist/ is up to date\n');
  } else {
    const code = ensureBuilt((line) => process.stdout.write(`build: ${line}\n`));
    if (code === 0) process.stdout.write('build: dist/ is up to date\n');
    process.exit(code);
  }
}
