// Two tiers: unit specs beside the code, end-to-end specs through HTTP on a real database.
// Types are checked once by `npm run typecheck` (part of `npm test`); ts-jest only transpiles.
const os = require('node:os');
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }];
module.exports = {
  // Jest's default (cores - 1) is a single worker on a 2-core machine; the suites mostly wait on
  // databases, servers and Chromium, so two workers share two cores well.
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  // Per-project testTimeout is ignored by Jest: set once here (e2e suites start real servers).
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      setupFiles: ['reflect-metadata'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      setupFiles: ['reflect-metadata'],
    },
  ],
};
