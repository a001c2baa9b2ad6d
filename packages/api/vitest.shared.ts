import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/** Resolution both API projects share. */
export const apiResolve: ViteUserConfig['resolve'] = {
  // One graphql instance: Vite would otherwise load the .mjs build beside Node's .js (docs/STACK.md §3.14).
  // Use packages/shared's TypeScript source directly, so tests never run against a stale build.
  alias: {
    graphql: require.resolve('graphql'),
    '@porter/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
  },
};
