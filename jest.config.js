// Two projects: "unit" runs src/ (and the docs checks), "e2e" runs the built dist/ in child processes. The e2e
// project's globalSetup refuses a dist/ older than src/; jest runs it only when the run includes e2e tests, so
// `npm run test:unit` needs no build. Every run works in one temp folder that it removes (test-support/temp-run.mjs).
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.jest.json' }]
  },
  // Not in the temp dir: the run points TMPDIR at a folder it removes, and the cache should outlive the run.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest'
};
const e2e = ['__tests__/e2e/**/*.test.ts', '__tests__/install/**/*.test.ts'];

/** @type {import('jest').Config} */
export default {
  globalSetup: '<rootDir>/test-support/temp-run.mjs',
  globalTeardown: '<rootDir>/test-support/temp-run-teardown.mjs',
  testTimeout: 60000,
  // End-to-end suites start child processes and servers; two workers fit the 2-core machines.
  maxWorkers: 2,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      // A negated glob keeps no <rootDir> (jest replaces it only at the start), hence the paths from **.
      testMatch: ['<rootDir>/__tests__/**/*.test.ts', ...e2e.map((glob) => `!**/${glob}`)]
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: e2e.map((glob) => `<rootDir>/${glob}`),
      globalSetup: '<rootDir>/test-support/fresh-dist.mjs'
    }
  ]
};
