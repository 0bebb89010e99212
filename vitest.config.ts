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
    include: ['test/**/*.test.ts', 'fixtures/hoc-app/test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/global-setup.ts'],
    environment: 'node',
    reporters: ['default', './test/plain-summary-reporter.ts'],
    // CLI tests spawn the built CLI; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
