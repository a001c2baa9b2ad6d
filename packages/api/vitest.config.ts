import { defineConfig } from 'vitest/config';
import { apiResolve } from './vitest.shared.js';

/** Unit tests: no database. */
export default defineConfig({
  resolve: apiResolve,
  test: {
    name: 'api-unit',
    environment: 'node',
    setupFiles: ['reflect-metadata'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/*.int.test.ts', '**/*.fault.test.ts', 'node_modules/**', 'dist/**'],
  },
});
