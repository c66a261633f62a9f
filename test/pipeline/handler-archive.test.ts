/**
 * Issue 17.5: the Lambda zips are built in process. cdktf's ARCHIVE assets run `node <archiver>` once
 * per archive during synth (execSync); the handlers' zips are now written by bundleHandler itself.
 */
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleHandler, zipSingleFile } from '../../modules/redshift-feed/bundle';
import { synthEnvironment } from '../support/synth';

describe('Lambda handler archives', () => {
  test('synthesizing the example app starts no child process (no per-archive node process)', () => {
    // The module object cdktf calls through (an ES namespace import cannot be spied on).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cjs = require('child_process') as typeof childProcess;
    const execSync = jest.spyOn(cjs, 'execSync');
    const spawnSync = jest.spyOn(cjs, 'spawnSync');
    try {
      const app = synthEnvironment('example');
      expect(execSync).not.toHaveBeenCalled();
      expect(spawnSync).not.toHaveBeenCalled();
      // Every Lambda function's code is a zip in the synthesized output holding the bundled index.js.
      const functions = Object.entries(app.stacks).flatMap(([stack, config]) =>
        Object.values((config.resource?.aws_lambda_function ?? {}) as Record<string, { filename: string }>).map((fn) => ({ stack, fn })),
      );
      expect(functions.length).toBeGreaterThanOrEqual(2);
      for (const { stack, fn } of functions) {
        const zip = path.join(app.stackDir(stack), fn.filename);
        const listing = childProcess.execFileSync('zipinfo', [zip], { encoding: 'utf8' });
        expect(listing).toMatch(/-rw-r--r--.* index\.js\n/);
        expect(childProcess.execFileSync('unzip', ['-p', zip, 'index.js'], { maxBuffer: 64 * 1024 * 1024 }).length).toBeGreaterThan(1000);
      }
    } finally {
      execSync.mockRestore();
      spawnSync.mockRestore();
    }
  });

  test('the archive unzips (unzip -t) to exactly the bundled code, and is byte-identical for the same code', () => {
    const bundle = bundleHandler(path.join(__dirname, '../../modules/redshift-feed/handler/index.ts'));
    const code = fs.readFileSync(path.join(bundle.directory, 'index.js'));
    expect(childProcess.execFileSync('unzip', ['-t', bundle.archive], { encoding: 'utf8' })).toMatch(/No errors detected/);
    expect(childProcess.execFileSync('unzip', ['-p', bundle.archive, 'index.js'], { maxBuffer: 64 * 1024 * 1024 }).equals(code)).toBe(true);
    expect(zipSingleFile('index.js', code).equals(fs.readFileSync(bundle.archive))).toBe(true);
    expect(zipSingleFile('index.js', Buffer.from('other')).equals(fs.readFileSync(bundle.archive))).toBe(false);
  });
});

describe('handler build cache (node_modules/.cache/warm-standby-bundles)', () => {
  /** bundleHandler from a fresh copy of the module: an empty in-process cache, as a new synth process has. */
  function freshBundler(): typeof import('../../modules/redshift-feed/bundle') {
    let mod: typeof import('../../modules/redshift-feed/bundle') | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require('../../modules/redshift-feed/bundle') as typeof import('../../modules/redshift-feed/bundle');
    });
    return mod!;
  }

  test('a later process reuses the build; a changed input, a changed cached file or a new entry rebuilds', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-handler-'));
    try {
      // Its own folder name: cache entries are named after it, so this test touches only its own.
      const entry = path.join(dir, 'cache-test-handler', 'index.ts');
      fs.mkdirSync(path.dirname(entry));
      fs.writeFileSync(entry, "import { greeting } from './greeting';\nexport const handler = async (): Promise<string> => greeting;\n");
      fs.writeFileSync(path.join(dir, 'cache-test-handler', 'greeting.ts'), "export const greeting = 'hello';\n");
      fs.writeFileSync(path.join(dir, 'package.json'), '{}');

      const first = freshBundler();
      const built = first.bundleHandler(entry);
      expect(first.bundleStats).toEqual({ builds: 1, cacheHits: 0 });

      // A new process: no esbuild run, the same bytes.
      const second = freshBundler();
      const reused = second.bundleHandler(entry);
      expect(second.bundleStats).toEqual({ builds: 0, cacheHits: 1 });
      expect(reused.sha256).toBe(built.sha256);
      expect(fs.readFileSync(reused.archive).equals(fs.readFileSync(built.archive))).toBe(true);

      // A copy of the project elsewhere (the workflow tests' clean copies) verifies its own files and reuses it.
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-handler-copy-'));
      try {
        fs.cpSync(dir, copy, { recursive: true });
        const inCopy = freshBundler();
        expect(inCopy.bundleHandler(path.join(copy, 'cache-test-handler', 'index.ts')).sha256).toBe(built.sha256);
        expect(inCopy.bundleStats).toEqual({ builds: 0, cacheHits: 1 });
      } finally {
        fs.rmSync(copy, { recursive: true, force: true });
      }

      // An imported file changes: built again, with the new code.
      fs.writeFileSync(path.join(dir, 'cache-test-handler', 'greeting.ts'), "export const greeting = 'changed';\n");
      const third = freshBundler();
      const rebuilt = third.bundleHandler(entry);
      expect(third.bundleStats).toEqual({ builds: 1, cacheHits: 0 });
      expect(rebuilt.sha256).not.toBe(built.sha256);
      expect(fs.readFileSync(path.join(rebuilt.directory, 'index.js'), 'utf8')).toContain('changed');

      // The cached code is altered (or torn): not used.
      const cached = fs.readdirSync(third.BUILD_CACHE_DIR).filter((f) => f.startsWith('cache-test-handler-') && f.endsWith('.js'));
      expect(cached.length).toBeGreaterThan(0);
      for (const f of cached) fs.appendFileSync(path.join(third.BUILD_CACHE_DIR, f), '\n// planted');
      const fourth = freshBundler();
      const again = fourth.bundleHandler(entry);
      expect(fourth.bundleStats).toEqual({ builds: 1, cacheHits: 0 });
      expect(fs.readFileSync(path.join(again.directory, 'index.js'), 'utf8')).not.toContain('planted');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      const cacheDir = freshBundler().BUILD_CACHE_DIR;
      for (const f of fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : [])
        if (f.startsWith('cache-test-handler-')) fs.rmSync(path.join(cacheDir, f), { force: true });
    }
  });
});
