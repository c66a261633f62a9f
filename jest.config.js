/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only (esbuild, as ts-node does): `npm test` type-checks in its own phase.
  transform: { '^.+\\.ts$': '<rootDir>/scripts/jest-esbuild-transform.js' },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 300000,
  // Both cores: jest's default on a 2-core machine is one worker (cores - 1).
  maxWorkers: 2,
};
