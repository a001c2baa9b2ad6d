import { createRequire } from 'node:module';
import react from '@vitejs/plugin-react';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const api = process.env.API_URL ?? 'http://127.0.0.1:4000';
const proxy = {
  '/graphql': { target: api },
  '/api': { target: api },
  '/webhooks': { target: api },
};

export default defineConfig(({ mode }) => {
  // Vitest runs Apollo through Node but our code through Vite; one graphql copy avoids
  // "Cannot use … from another module or realm". The browser build needs no alias.
  const alias: Record<string, string> =
    mode === 'test' ? { graphql: createRequire(import.meta.url).resolve('graphql') } : {};
  return {
    plugins: [react()],
    resolve: {
      // `@porter/source` points at packages/shared/src: the SPA uses shared code without building it.
      conditions: ['@porter/source', ...defaultClientConditions],
      alias,
    },
    build: {
      rolldownOptions: {
        output: {
          // Libraries change less often than the app: separate chunks stay cached between releases.
          codeSplitting: {
            groups: [
              { name: 'mantine', test: /node_modules[\\/]@mantine/ },
              { name: 'apollo', test: /node_modules[\\/](@apollo|graphql|rxjs|@wry|optimism)/ },
              {
                name: 'react',
                test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/,
              },
              { name: 'icons', test: /node_modules[\\/]@tabler/ },
            ],
          },
        },
      },
    },
    server: { proxy },
    preview: { proxy },
    test: {
      name: 'web',
      environment: 'jsdom',
      include: ['src/**/*.test.{ts,tsx}'],
      setupFiles: ['src/test/setup.ts'],
      css: false,
      // The async queries wait up to 5 s each (src/test/setup.ts); a test may chain a few.
      testTimeout: 20_000,
    },
  };
});
