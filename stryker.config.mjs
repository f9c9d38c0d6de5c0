// Mutation testing of the pure core: `npm run test:mutation` (docs/testing.md, section 4).
export default {
  mutate: [
    'packages/domain/src/shipment.ts',
    'packages/domain/src/lattice.ts',
    'packages/domain/src/instant.ts',
    'packages/domain/src/text.ts',
    'packages/domain/src/return-facts.ts',
    'packages/domain/src/return-identity.ts',
    'packages/domain/src/return-fold.ts',
    'packages/domain/src/return-components.ts',
    'packages/mapping/src/time.ts',
  ],
  // The sandbox needs only the workspaces' sources and the configs (not the local stack's data).
  ignorePatterns: ['/*', '!/packages', '!/package.json', '!/tsconfig*.json', '!/vitest.mutation.config.ts'],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  coverageAnalysis: 'perTest',
  // Static mutants (module-level tables and patterns) would run every test for each one: half the run
  // for 30 % of the mutants. They are reported as ignored, not counted in the score.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: 80 },
  concurrency: 2,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
