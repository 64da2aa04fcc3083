/** Unit tests sit next to the code (*.spec.ts); end-to-end tests in test/ use real MariaDB and Redis. */
const transform = {
  '^.+\\.m?[tj]s$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: {
          legacyDecorator: true,
          decoratorMetadata: true,
          useDefineForClassFields: false,
        },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};
// The console (apps/web): TSX with React's automatic runtime, in a browser-like DOM.
const webTransform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', tsx: true },
        transform: { react: { runtime: 'automatic' } },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};
const moduleNameMapper = { '^@app/([a-z-]+)(/.*)?$': '<rootDir>/libs/$1/src$2' };
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  // The pdf.js worker that the PDF tests load (pdfjs-dist, under pdf-parse) ships only ES modules;
  // Jest needs it compiled.
  transformIgnorePatterns: ['/node_modules/(?!(pdfjs-dist)/)'],
  moduleNameMapper,
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  testTimeout: 60_000,
  testSequencer: '<rootDir>/test/support/sequencer.js',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      // test/repo: checks of the repository itself (installed packages, the compose file)
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/repo/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/web/'],
    },
    {
      rootDir: __dirname,
      displayName: 'web',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/apps/web/src/**/*.spec.{ts,tsx}'],
      transform: webTransform,
      setupFiles: ['<rootDir>/apps/web/src/test/setup.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFiles: ['reflect-metadata', '<rootDir>/test/support/env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/after-env.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // Walks in a real browser against the built API (test/browser/README in the file headers).
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      setupFiles: ['reflect-metadata', '<rootDir>/test/support/env.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
