/**
 * Issue 17.1: the CLI and the cdktf app run compiled JavaScript (dist/), kept in sync with the
 * sources: scripts/build.js knows when dist/ is stale (content hashes), the launchers and the test
 * command recompile then, and the compiled CLI answers exactly what the TypeScript sources answer.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthEnvironment } from '../support/synth';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require('../../scripts/build.js') as {
  manifest(root: string): string;
  staleReason(root: string): string | undefined;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const codeCache = require('../../scripts/code-cache.js') as {
  loadBundle(file: string, variant?: string): { exports: Record<string, unknown>; cache: 'hit' | 'miss' | 'rejected'; saveCache(): void };
};
const ROOT = path.resolve(__dirname, '..', '..');

describe('compiled dist/', () => {
  test('staleness: a changed, added or removed source makes dist/ stale; an unchanged tree does not', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-stale-'));
    try {
      for (const f of ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'main.ts', 'gate/a.ts', 'cli/b.ts', 'modules/x/handler/index.ts']) {
        fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
        fs.writeFileSync(path.join(root, f), `// ${f}\n`);
      }
      expect(build.staleReason(root)).toBe('dist/ has not been built');
      fs.mkdirSync(path.join(root, 'dist'));
      fs.writeFileSync(path.join(root, 'dist', '.sources.sha256'), `${build.manifest(root)}\n`);
      expect(build.staleReason(root)).toBe('dist/cli.bundle.js has not been built');
      fs.writeFileSync(path.join(root, 'dist', 'cli.bundle.js'), '');
      expect(build.staleReason(root)).toBeUndefined();
      // Hashed once, then recorded by size and mtime: a touched but unchanged file is hashed again
      // (and still fresh); an edit of the same size is caught by its new mtime and hash.
      expect(fs.readFileSync(path.join(root, 'dist', '.sources.stat'), 'utf8')).toContain('\tgate/a.ts\n');
      const later = new Date(Date.now() + 5000);
      fs.utimesSync(path.join(root, 'gate/a.ts'), later, later);
      expect(build.staleReason(root)).toBeUndefined();
      fs.writeFileSync(path.join(root, 'gate/a.ts'), '// gate/a.tX\n');
      expect(build.staleReason(root)).toBe('gate/a.ts changed since the last compile');
      fs.writeFileSync(path.join(root, 'gate/a.ts'), '// gate/a.ts\n');
      expect(build.staleReason(root)).toBeUndefined();
      // Handlers are bundled from source by esbuild at synth, not compiled: no effect.
      fs.writeFileSync(path.join(root, 'modules/x/handler/index.ts'), '// edited\n');
      expect(build.staleReason(root)).toBeUndefined();
      fs.writeFileSync(path.join(root, 'gate/a.ts'), '// edited\n');
      expect(build.staleReason(root)).toBe('gate/a.ts changed since the last compile');
      fs.writeFileSync(path.join(root, 'gate/a.ts'), '// gate/a.ts\n');
      fs.writeFileSync(path.join(root, 'cli/c.ts'), '// new\n');
      expect(build.staleReason(root)).toBe('cli/c.ts is new since the last compile');
      fs.rmSync(path.join(root, 'cli/c.ts'));
      fs.rmSync(path.join(root, 'cli/b.ts'));
      expect(build.staleReason(root)).toBe('a source was removed since the last compile');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('this checkout: dist/ matches the sources (npm test compiles before jest), and the launchers run it', () => {
    expect(build.staleReason(ROOT)).toBeUndefined();
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')).app).toBe('node bin/app.js');
    for (const launcher of ['bin/warm-standby.js', 'bin/app.js']) {
      const text = fs.readFileSync(path.join(ROOT, launcher), 'utf8');
      expect(text).toContain('ensureBuilt');
      expect(text).toMatch(/'dist'/);
      expect(text).not.toContain('ts-node');
    }
  });

  test('the code cache: written after the first run, used by the next, replaced when the bundle changes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
    try {
      const file = path.join(dir, 'b.js');
      fs.writeFileSync(file, 'exports.twice = (x) => 2 * x; exports.dir = __dirname; exports.req = typeof require("node:path").join;\n');
      const first = codeCache.loadBundle(file, 'check');
      expect(first.cache).toBe('miss');
      expect([(first.exports.twice as (x: number) => number)(21), first.exports.dir, first.exports.req]).toEqual([42, dir, 'function']);
      first.saveCache();
      const cacheDir = path.join(dir, '.v8-cache');
      expect(fs.readdirSync(cacheDir)).toEqual([expect.stringMatching(/^b\.js\.v\d+\.\d+\.\d+-\w+-\d+-\d+-\d+\.check\.bin$/)]);
      const second = codeCache.loadBundle(file, 'check');
      expect(second.cache).toBe('hit');
      expect((second.exports.twice as (x: number) => number)(4)).toBe(8);
      // Each variant (command) has its own cache.
      expect(codeCache.loadBundle(file, 'rules').cache).toBe('miss');
      // A rebuilt bundle (new inode, mtime, size) gets a new cache; the old one goes when it is written.
      fs.writeFileSync(`${file}.new`, 'exports.twice = (x) => 3 * x;\n');
      fs.renameSync(`${file}.new`, file);
      const rebuilt = codeCache.loadBundle(file, 'check');
      expect(rebuilt.cache).toBe('miss');
      expect((rebuilt.exports.twice as (x: number) => number)(2)).toBe(6);
      rebuilt.saveCache();
      expect(fs.readdirSync(cacheDir)).toHaveLength(1);
      expect(codeCache.loadBundle(file, 'check').cache).toBe('hit');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the launcher reads package.json from the repository root: --version and the SARIF tool version', () => {
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'warm-standby.js'), '--version'], { cwd: os.tmpdir(), encoding: 'utf8' });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, `warm-standby ${version}\n`, '']);
    const sarif = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'warm-standby.js'), 'check', synthEnvironment('example').outdir, '-f', 'sarif'], {
      cwd: os.tmpdir(),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(sarif.stderr).toBe('');
    expect((JSON.parse(sarif.stdout) as { runs: { tool: { driver: { version: string } } }[] }).runs[0].tool.driver.version).toBe(version);
  });

  test('the compiled CLI and the TypeScript sources give the same report for the same synth', () => {
    const out = synthEnvironment('example').outdir;
    const compiled = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'warm-standby.js'), 'check', out, '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const fromSource = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-e',
        `require('./cli/main.ts').main(['check', ${JSON.stringify(out)}, '--format', 'json']).then((c) => { process.exitCode = c; })`,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          TS_NODE_SKIP_PROJECT: 'true',
          TS_NODE_COMPILER_OPTIONS: '{"module":"commonjs","target":"ES2022","esModuleInterop":true,"resolveJsonModule":true}',
        },
      },
    );
    expect(fromSource.stderr).toBe('');
    expect(compiled.status).toBe(fromSource.status);
    expect(compiled.stdout).toBe(fromSource.stdout);
    expect(JSON.parse(compiled.stdout)).toHaveProperty('summary');
  });
});
