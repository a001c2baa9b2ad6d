import { defineConfig } from 'vitest/config';
import { apiResolve } from './vitest.shared.js';

/**
 * The fault suite: real Porter processes (API, workers, the migrator) started from source on the
 * run's PostgreSQL, with a mail server and a Twilio stand-in the tests slow down, break or stop;
 * workers killed and terminated mid-batch; the database restarted under load. Each test asserts
 * that nothing is lost and nothing is sent twice beyond the copies it counts. Short backoffs and
 * leases come from configuration, not from a faked clock.
 */
export default defineConfig({
  resolve: apiResolve,
  test: {
    name: 'api-fault',
    environment: 'node',
    setupFiles: ['reflect-metadata'],
    include: ['test/faults/**/*.fault.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // Each file starts several processes; one file at a time keeps the machine's two cores for them.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
