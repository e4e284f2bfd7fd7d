// Two projects: fast unit specs beside the code (pure logic only), and e2e suites under test/ that talk to
// real PostgreSQL and Redis and spawn the built worker. `npm test` runs both on three Jest workers: every e2e
// suite has a database and a queue prefix of its own, so suites can run side by side. On two cores, three
// workers finished in 250 s where two took 300 s and four 250 s again: much of a suite is waiting.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@hub/(.*)$': '<rootDir>/libs/$1/src',
};
const common = { transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node', rootDir: __dirname };

module.exports = {
  // Applies to every project (Jest ignores it inside a project).
  testTimeout: 60000,
  // The long suites first, so the run does not end with one of them alone (jest.sequencer.js).
  testSequencer: '<rootDir>/jest.sequencer.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      // Ends whatever a suite started when the suite ends, however it ends; the global teardown is the
      // safety net that turns a leaked handle into a failure instead of a hang (test/support/cleanup.ts).
      testEnvironment: '<rootDir>/test/support/environment.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFiles: ['<rootDir>/test/support/env.ts'],
      // Every FHIR body a test receives is validated; see test/support/validate-responses.ts.
      setupFilesAfterEnv: ['<rootDir>/test/support/validate-responses.ts'],
    },
  ],
};
