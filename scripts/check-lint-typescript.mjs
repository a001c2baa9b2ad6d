// The linter must run on TypeScript 6 (typescript-eslint needs its JS API; TypeScript 7 has
// none) while the build stays on TypeScript 7. .pnpmfile.cjs arranges it; this check fails
// when a package of the lint chain would load another TypeScript than the parser does.
import { createRequire } from 'node:module';

const fromRoot = createRequire(import.meta.url);

/** A require function that resolves as the package `name` (seen from `require`) does. */
function requireFrom(require, name) {
  return createRequire(require.resolve(name));
}

const chains = [
  ['typescript-eslint', '@typescript-eslint/parser', '@typescript-eslint/typescript-estree'],
  ['typescript-eslint', '@typescript-eslint/eslint-plugin', '@typescript-eslint/type-utils'],
  [
    'typescript-eslint',
    '@typescript-eslint/typescript-estree',
    '@typescript-eslint/project-service',
  ],
  ['typescript-eslint', '@typescript-eslint/typescript-estree', 'ts-api-utils'],
  ['eslint-plugin-import-x', '@typescript-eslint/utils'],
];

const buildTs = fromRoot('typescript/package.json').version;
const seen = new Map();
for (const chain of chains) {
  let at = fromRoot;
  for (const name of chain) at = requireFrom(at, name);
  // One resolved path means one TypeScript instance shared by parser and rules.
  seen.set(chain.join(' > '), `${at('typescript').version} (${at.resolve('typescript')})`);
}
const lintVersions = new Set(seen.values());
const [only = ''] = lintVersions;
if (lintVersions.size !== 1 || !only.startsWith('6.')) {
  for (const [chain, version] of seen) console.error(`${chain} > typescript ${version}`);
  console.error('The lint chain must load exactly one TypeScript 6.x (see .pnpmfile.cjs).');
  process.exit(1);
}
console.log(`lint runs on TypeScript ${only.split(' ')[0]}, the build on ${buildTs}`);
if (!buildTs.startsWith('7.')) {
  console.error('The build is expected to use TypeScript 7.');
  process.exit(1);
}
