import { defineConfig } from 'vitest/config';

// One run for the whole monorepo; each entry is a project with its own config.
export default defineConfig({
  test: {
    projects: [
      'packages/shared/vitest.config.ts',
      'packages/api/vitest.config.ts',
      'packages/api/vitest.int.config.ts',
      'packages/api/vitest.fault.config.ts',
      'packages/web/vite.config.ts',
      'packages/web/vitest.e2e.config.ts',
    ],
  },
});
