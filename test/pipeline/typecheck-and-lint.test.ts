/**
 * scripts/typecheck-and-lint.js (the type-check and lint phase of `npm test`) reports what `tsc
 * --noEmit` and `eslint .` report apart, on a small project of its own: the same errors at the same
 * places, exit 1 when there is one, nothing and exit 0 when there is none.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNNER = path.join(ROOT, 'scripts', 'typecheck-and-lint.js');

// `lib` without the DOM and no @types: each of the five tsc/eslint processes then loads a few small
// .d.ts files instead of lib.dom's, about half their CPU; Promise and the errors below stay.
const TSCONFIG = {
  compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'commonjs', strict: true, noEmit: true, types: [] },
  include: ['src/**/*.ts'],
};
// The shape of the project's own eslint.config.mjs: type-checked rules through the project service.
const ESLINT_CONFIG = `import tseslint from 'typescript-eslint';
export default tseslint.config({ ignores: ['**/*.mjs'] }, ...tseslint.configs.recommendedTypeChecked, {
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
});
`;

const work: string[] = [];
afterAll(() => work.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-typecheck-lint-'));
  work.push(dir);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  fs.writeFileSync(path.join(dir, 'eslint.config.mjs'), ESLINT_CONFIG);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function run(dir: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** `<file>:<line> <TS code or rule>` for each problem in tsc's and eslint's stylish output. */
function problems(out: string, dir: string): string[] {
  const found: string[] = [];
  let file = '';
  for (const line of out.split('\n')) {
    const tsc = /^(\S+\.ts)\((\d+),\d+\): error (TS\d+):/.exec(line);
    if (tsc) found.push(`${tsc[1]}:${tsc[2]} ${tsc[3]}`);
    else if (line.startsWith(dir)) file = path.relative(dir, line.trim());
    else {
      const lint = /^\s+(\d+):\d+\s+error\s+.*?\s{2,}(\S+)$/.exec(line);
      if (lint) found.push(`${file}:${lint[1]} ${lint[2]}`);
    }
  }
  return found.sort();
}

const BROKEN = {
  'src/types.ts': "export const port: number = 'x';\n",
  'src/promise.ts': 'function later(): Promise<number> {\n  return Promise.resolve(1);\n}\nlater();\n',
  'src/fine.ts': 'export const two = 1 + 1;\n',
};

test('a type error and a type-aware lint error: both reported where tsc and eslint report them, exit 1', () => {
  const dir = project(BROKEN);
  const runner = run(dir, [RUNNER]);
  expect(problems(runner.out, dir)).toEqual(['src/promise.ts:4 @typescript-eslint/no-floating-promises', 'src/types.ts:1 TS2322']);
  expect(runner.status).toBe(1);

  const tsc = run(dir, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json']);
  const eslint = run(dir, [path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.']);
  expect(problems(runner.out, dir)).toEqual(problems(tsc.out + eslint.out, dir));
});

test('a clean project: no output, exit 0', () => {
  const dir = project({ 'src/fine.ts': BROKEN['src/fine.ts'] });
  expect(run(dir, [RUNNER])).toEqual({ status: 0, out: '' });
});

test('a TypeScript file outside tsconfig.json is linted and refused, not skipped', () => {
  const dir = project({ 'src/fine.ts': BROKEN['src/fine.ts'], 'tools/stray.ts': 'export const x = 1;\n' });
  const runner = run(dir, [RUNNER]);
  expect(runner.status).toBe(1);
  expect(runner.out).toContain(path.join(dir, 'tools', 'stray.ts'));
  expect(runner.out).toMatch(/was not found in any of the provided program instance|not included in/);
});
