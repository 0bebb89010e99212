import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { hocAppAliases } from './fixtures/hoc-app/aliases.js';

export default defineConfig({
  resolve: {
    alias: {
      ...hocAppAliases,
      // The example backend imports the runtime by package name; test it from source.
      '@plumbline-kit/runtime': fileURLToPath(new URL('./runtime/index.ts', import.meta.url)),
    },
  },
  test: {
    setupFiles: ['test/setup.ts'],
    // Builds dist/ when a source is newer (incrementally), links the tool to itself, seeds the demo database.
    // Every project needs it: besides the CLI tests, the gate tests run the built oxlint plugin and CLI.
    globalSetup: ['test/global-setup.ts'],
    environment: 'node',
    reporters: ['default', './test/plain-summary-reporter.ts'],
    // CLI tests spawn the built CLI; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // `vitest run` runs both; `vitest run --project unit` leaves out the tests that spawn the CLI per case.
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts', 'fixtures/hoc-app/test/**/*.test.ts'], exclude: ['test/cli/**'] },
      },
      { extends: true, test: { name: 'cli', include: ['test/cli/**/*.test.ts'] } },
    ],
  },
});
