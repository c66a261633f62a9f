/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only (esbuild, as ts-node does): `npm test` type-checks in its own phase.
  transform: { '^.+\\.ts$': '<rootDir>/scripts/jest-esbuild-transform.js' },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  // One temp folder per jest run, removed at its end (cdktf's Testing helpers never remove theirs).
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 300000,
  // Both cores: jest's default on a 2-core machine is one worker (cores - 1).
  maxWorkers: 2,
};
