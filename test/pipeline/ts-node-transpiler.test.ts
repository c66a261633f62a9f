/**
 * scripts/ts-node-esbuild.js, the transpiler tsconfig.json gives ts-node: the workflow, runbook and
 * drill commands (`ts-node --transpile-only scripts/...`) run what esbuild makes of our TypeScript, so
 * it must behave as tsc's own output does. Each case runs the same source compiled both ways and
 * compares what it computes.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as {
  compilerOptions: Record<string, unknown>;
  'ts-node': { transpiler: string; transpileOnly: boolean };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transpilerModule = require(path.resolve(ROOT, tsconfig['ts-node'].transpiler)) as {
  create: (options: { service: { config: { raw: unknown } } }) => {
    transpile: (input: string, options: { fileName: string }) => { outputText: string; sourceMapText?: string };
  };
};
const esbuildTranspiler = transpilerModule.create({ service: { config: { raw: tsconfig } } });

/** Runs CommonJS `code` and returns its `result` export. */
function run(code: string): unknown {
  const module = { exports: {} as Record<string, unknown> };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('exports', 'require', 'module', code)(module.exports, require, module);
  return module.exports.result;
}

function bothWays(source: string): { esbuild: unknown; tsc: unknown } {
  const fileName = path.join(ROOT, 'example.ts');
  const options = ts.convertCompilerOptionsFromJson(tsconfig.compilerOptions, ROOT).options;
  const tscOut = ts.transpileModule(source, { compilerOptions: { ...options, incremental: false, tsBuildInfoFile: undefined }, fileName }).outputText;
  return { esbuild: run(esbuildTranspiler.transpile(source, { fileName }).outputText), tsc: run(tscOut) };
}

test('tsconfig.json points ts-node at the esbuild transpiler, transpile-only', () => {
  expect(tsconfig['ts-node']).toEqual({ transpileOnly: true, transpiler: './scripts/ts-node-esbuild.js' });
});

test.each([
  [
    'standard class decorators wrap the constructor (validatedConstruct)',
    `function wrap<C extends new (...a: any[]) => object>(target: C, _c: ClassDecoratorContext<C>): C {
       return class extends target { constructor(...a: any[]) { try { super(...a); } catch (e) { throw new Error('wrapped: ' + (e as Error).message); } } };
     }
     @wrap class Thing { constructor(ok: boolean) { if (!ok) throw new Error('bad'); } }
     let message = ''; try { new Thing(false); } catch (e) { message = (e as Error).message; }
     export const result = message;`,
    'wrapped: bad',
  ],
  [
    'class fields are defined (ES2022), so a field without initializer shadows the base accessor',
    `class Base { get v(): string { return 'base'; } }
     class Derived extends Base { declare readonly w: string; v!: string; }
     const d = new Derived();
     export const result = [Object.prototype.hasOwnProperty.call(d, 'v'), Object.prototype.hasOwnProperty.call(d, 'w')];`,
    [true, false],
  ],
  [
    'esModuleInterop: a default import of a CommonJS module is its exports, a namespace import has them',
    `import pathDefault from 'node:path'; import * as pathNs from 'node:path';
     export const result = [pathDefault.join('a', 'b'), pathNs.join('a', 'b'), typeof pathNs.default];`,
    ['a/b', 'a/b', 'object'],
  ],
  [
    'enums, parameter properties, type-only imports',
    `import type { Construct } from 'constructs';
     enum Mode { Normal = 'normal', Failover = 'failover' }
     class Holder { constructor(public readonly mode: Mode, private readonly scope?: Construct) {} get s() { return this.scope; } }
     export const result = [new Holder(Mode.Failover).mode, Mode.Normal, new Holder(Mode.Normal).s];`,
    ['failover', 'normal', undefined],
  ],
  [
    // tsc's CommonJS output turns import() into require(); a native import() needs an ESM loader,
    // which neither ts-node (a .ts file) nor jest's sandbox (without --experimental-vm-modules) has.
    'dynamic import() of a module: loaded through require, as tsc compiles it for CommonJS',
    `export const result = import('node:path').then((p) => p.join('a', 'b'));`,
    'a/b',
  ],
])('%s: same result as tsc', async (_name, source, expected) => {
  const { esbuild, tsc } = bothWays(source);
  expect(await tsc).toEqual(expected);
  expect(await esbuild).toEqual(expected);
});

test('a syntax error names the file and line', () => {
  expect(() => esbuildTranspiler.transpile('const x = ;\n', { fileName: '/repo/broken.ts' })).toThrow(/broken\.ts:1:10: ERROR: Unexpected ";"/);
});

test('ts-node runs a script of the repository through it (a TypeScript-only construct in a real command)', () => {
  // k8s-runner.ts imports environments/, the modules and their decorators: the workflow's k8s job runs it.
  const r = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', path.join(ROOT, 'scripts', 'k8s-runner.ts'), 'example'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('payments-deploy\n');
});
