// Mutation testing of the pure core (`npm run test:mutation`, outside `npm test`).
// One test process at a time by default: the machine running it is usually shared.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  // Mutants in module-level definitions (machine configs evaluated at import) would rerun every
  // spec each, over an hour at one process; they are listed as ignored in the report instead.
  ignoreStatic: true,
  mutate: [
    'src/cases/case-machine.ts',
    'src/cycles/tranche-machine.ts',
    'src/workflow/machine-runtime.ts',
    'src/workflow/common-checks.ts',
    'src/cycles/money.ts',
    'src/audit/journal-hash.ts',
    'src/audit/journal-chain-verifier.ts',
    // The Merkle tree and its proofs (the repository beside it reads the database: not pure).
    'src/audit/merkle/merkle-tree.ts',
    'src/common/canonical-json.ts',
    'src/templates/markdown-escape.ts',
    '!src/**/*.spec.ts',
  ],
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 1),
  timeoutMS: 10000,
  thresholds: { high: 90, low: 85, break: 85 },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
