// typescript-eslint needs TypeScript's JS API (typescript < 6.1); the build uses TypeScript 7
// (native, no JS API). A peer dependency resolves to the workspace's typescript (7), and
// pnpm's packageExtensions cannot remove a peer, so this hook turns the linter's `typescript`
// peer into a real dependency on 6.0.3 (which typechecks this code cleanly). The linter then
// loads TS 6 while `tsc` stays on TS 7; `pnpm lint:check-ts` fails if that ever stops holding.
const LINT_TYPESCRIPT = '6.0.3';

function usesLintTypescript(name) {
  return (
    name === 'typescript-eslint' ||
    name === 'ts-api-utils' ||
    name.startsWith('@typescript-eslint/')
  );
}

module.exports = {
  hooks: {
    readPackage(pkg) {
      if (usesLintTypescript(pkg.name) && pkg.peerDependencies?.typescript) {
        delete pkg.peerDependencies.typescript;
        pkg.dependencies = { ...pkg.dependencies, typescript: LINT_TYPESCRIPT };
      }
      return pkg;
    },
  },
};
