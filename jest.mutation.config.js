// The unit specs of the pure core, for mutation testing (`npm run test:mutation`): one flat
// project, no global set-up (no database server is needed for these).
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: [
    '<rootDir>/src/cases/case-machine.spec.ts',
    '<rootDir>/src/cycles/tranche-machine.spec.ts',
    '<rootDir>/src/cycles/money.spec.ts',
    '<rootDir>/src/workflow/*.spec.ts',
    '<rootDir>/src/audit/journal-*.spec.ts',
    '<rootDir>/src/audit/merkle/*.spec.ts',
    '<rootDir>/src/common/canonical-json.spec.ts',
    '<rootDir>/src/templates/*.spec.ts',
  ],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }] },
  setupFiles: ['reflect-metadata'],
};
