'use strict';
// The transpiler ts-node uses for this project (tsconfig.json "ts-node".transpiler): esbuild, already
// a dependency (scripts/build.js bundles the CLI with it), instead of TypeScript's own transpileModule.
// The commands the workflow, the runbook and the drill run with `ts-node --transpile-only` (plan.ts,
// k8s-runner.ts, failover-targets.ts, failback-ids.ts, drill/main.ts) import environments/ and with it
// the modules and gate: about a hundred files, which TypeScript transpiled in 1.5 to 3 s of CPU per
// launch; esbuild takes a tenth of that. Type-checking was never part of these runs (--transpile-only);
// `npm test` type-checks with tsc, and jest compiles with ts-jest as before.
//
// What esbuild must agree with tsc on (tsconfig.json): CommonJS output with esModuleInterop's import
// semantics (esbuild's default for format cjs), standard (not experimental) decorators, and class fields
// defined as ES2022 defines them (useDefineForClassFields follows the ES2022 target in both).
const path = require('node:path');

/** @param {{ service: { config: { raw?: { compilerOptions?: Record<string, unknown> } } } }} options */
function create({ service }) {
  const esbuild = require(require.resolve('esbuild', { paths: [path.resolve(__dirname, '..')] }));
  const compilerOptions = (service.config.raw && service.config.raw.compilerOptions) || {};
  // Only the settings esbuild reads from a tsconfig (the others are tsc's business).
  const tsconfigRaw = {
    compilerOptions: {
      target: compilerOptions.target,
      useDefineForClassFields: compilerOptions.useDefineForClassFields,
      experimentalDecorators: compilerOptions.experimentalDecorators,
      verbatimModuleSyntax: compilerOptions.verbatimModuleSyntax,
    },
  };
  const target = `node${process.versions.node.split('.')[0]}`;
  return {
    transpile(input, { fileName }) {
      const result = esbuild.transformSync(input, {
        loader: fileName.endsWith('.tsx') ? 'tsx' : 'ts',
        format: 'cjs',
        target,
        sourcefile: fileName,
        sourcemap: 'external',
        tsconfigRaw,
        logLevel: 'silent',
      });
      return { outputText: result.code, sourceMapText: result.map };
    },
  };
}

module.exports = { create };
