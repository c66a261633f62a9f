/**
 * Issue 17.5: the Lambda zips are built in process. cdktf's ARCHIVE assets run `node <archiver>` once
 * per archive during synth (execSync); the handlers' zips are now written by bundleHandler itself.
 */
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
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
