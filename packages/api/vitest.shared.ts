import { createRequire } from 'node:module';
import type { ViteUserConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/** Resolution both API projects share. */
export const apiResolve: ViteUserConfig['resolve'] = {
  // One graphql instance: Vite would otherwise load the .mjs build beside Node's .js (docs/STACK.md §3.14).
  alias: { graphql: require.resolve('graphql') },
  // Use packages/shared's TypeScript source directly.
  conditions: ['@porter/source', 'node', 'import', 'default'],
};
