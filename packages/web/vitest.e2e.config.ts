import { defineConfig } from 'vitest/config';

/**
 * Browser tests: the compiled API in production mode (embedded PostgreSQL, demo seed, serving the
 * built SPA) driven through Debian's Chromium with playwright-core. `pnpm test` builds first.
 */
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
