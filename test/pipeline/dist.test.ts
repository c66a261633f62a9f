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
