'use strict';
// Jest's transform for TypeScript (jest.config.js): the esbuild transform ts-node uses
// (scripts/ts-node-esbuild.js), with tsconfig.json's compiler options. ts-jest, before it, loaded
// TypeScript in every worker and transpiled each file with it: from a fresh clone, where jest's cache
// is empty, that was about a third of a suite's CPU. Type-checking is `npm test`'s type-check phase.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { transpileTs, esbuildVersion } = require('./ts-node-esbuild');

const TSCONFIG = path.join(__dirname, '..', 'tsconfig.json');
const compilerOptions = JSON.parse(fs.readFileSync(TSCONFIG, 'utf8')).compilerOptions;
// A cached transform is reused only for the same source, path, jest settings, compiler options,
// esbuild version and transforms (this file and the one it calls).
const transformKey = crypto
  .createHash('sha256')
  .update(JSON.stringify([esbuildVersion, compilerOptions]))
  .update(fs.readFileSync(__filename))
  .update(fs.readFileSync(require.resolve('./ts-node-esbuild')))
  .digest('hex');

module.exports = {
  process(source, fileName) {
    return transpileTs(source, fileName, compilerOptions);
  },
  getCacheKey(source, fileName, { configString }) {
    return crypto.createHash('sha256').update(transformKey).update(fileName).update(configString).update(source).digest('hex');
  },
};
