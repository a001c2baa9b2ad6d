import { createRequire } from 'node:module';
import react from '@vitejs/plugin-react';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const api = process.env.API_URL ?? 'http://127.0.0.1:4000';
const proxy = { '/graphql': { target: api, changeOrigin: false } };

export default defineConfig(({ mode }) => ({
  plugins: [react()],
  resolve: {
    // `@porter/source` points at packages/shared/src, so the SPA uses shared code without a build step.
    conditions: ['@porter/source', ...defaultClientConditions],
    // Vitest loads Apollo through Node but our code through Vite: one graphql copy avoids
    // "Cannot use … from another module or realm". The browser build needs no alias.
    alias: mode === 'test' ? { graphql: createRequire(import.meta.url).resolve('graphql') } : {},
  },
  server: { proxy },
  preview: { proxy },
  test: {
    name: 'web',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
  },
}));
