import { defineConfig } from 'vitest/config';
import { apiResolve } from './vitest.shared.js';

/**
 * Integration tests against a real PostgreSQL: one embedded server per run, migrated once into a
 * template database; each test file clones its own database from it.
 */
export default defineConfig({
  resolve: apiResolve,
  test: {
    name: 'api-int',
    environment: 'node',
    setupFiles: ['reflect-metadata'],
    include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
