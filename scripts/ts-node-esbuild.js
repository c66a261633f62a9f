'use strict';
// The transpiler ts-node uses for this project (tsconfig.json "ts-node".transpiler): esbuild, already
// a dependency (scripts/build.js bundles the CLI with it), instead of TypeScript's own transpileModule.
// The commands the workflow, the runbook and the drill run with `ts-node --transpile-only` (plan.ts,
// k8s-runner.ts, failover-targets.ts, failback-ids.ts, drill/main.ts) import environments/ and with it
// the modules and gate: about a hundred files, which TypeScript transpiled in 1.5 to 3 s of CPU per
// launch; esbuild takes a tenth of that. Type-checking was never part of these runs (--transpile-only);
// `npm test` type-checks with tsc. Jest compiles the suites with the same transform.
//
// What esbuild must agree with tsc on (tsconfig.json): CommonJS output with esModuleInterop's import
// semantics (esbuild's default for format cjs), standard (not experimental) decorators, and class fields
// defined as ES2022 defines them (useDefineForClassFields follows the ES2022 target in both), and
// import() loaded through require().
const path = require('node:path');

const esbuild = require(require.resolve('esbuild', { paths: [path.resolve(__dirname, '..')] }));

/**
 * esbuild's transform of one TypeScript file as tsc would emit it for `compilerOptions` (CommonJS, the
 * running Node's syntax level), with the source map apart; shared by ts-node and jest
 * (scripts/jest-esbuild-transform.js).
 * @param {string} source
 * @param {string} fileName
 * @param {Record<string, unknown>} compilerOptions
 */
function transpileTs(source, fileName, compilerOptions) {
  // Only the settings esbuild reads from a tsconfig (the others are tsc's business).
  const tsconfigRaw = {
    compilerOptions: {
      target: compilerOptions.target,
      useDefineForClassFields: compilerOptions.useDefineForClassFields,
      experimentalDecorators: compilerOptions.experimentalDecorators,
      verbatimModuleSyntax: compilerOptions.verbatimModuleSyntax,
    },
  };
  const result = esbuild.transformSync(source, {
    loader: fileName.endsWith('.tsx') ? 'tsx' : 'ts',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    sourcefile: fileName,
    sourcemap: 'external',
    // import() becomes require(), as in tsc's CommonJS output: a native import() needs an ESM loader,
    // which ts-node (for a .ts file) and jest's sandbox do not give.
    supported: { 'dynamic-import': false },
    tsconfigRaw,
    logLevel: 'silent',
  });
  return { code: result.code, map: result.map };
}

/** @param {{ service: { config: { raw?: { compilerOptions?: Record<string, unknown> } } } }} options */
function create({ service }) {
  const compilerOptions = (service.config.raw && service.config.raw.compilerOptions) || {};
  return {
    transpile(input, { fileName }) {
      const { code, map } = transpileTs(input, fileName, compilerOptions);
      return { outputText: code, sourceMapText: map };
    },
  };
}

module.exports = { create, transpileTs, esbuildVersion: esbuild.version };
