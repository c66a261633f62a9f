/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type-checking happens once in `npm run build`; transpiling only keeps each suite fast.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true }, diagnostics: false }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 300000,
  // Both cores: jest's default on a 2-core machine is one worker (cores - 1).
  maxWorkers: 2,
};
