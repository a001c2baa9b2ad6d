// ESLint for the whole monorepo. Formatting is Prettier's job (`prettier --check` in `pnpm lint`);
// eslint-config-prettier switches off every stylistic rule that could disagree with it.
//
// Type-aware rules run on TypeScript 6 (typescript-eslint needs its JS API), while the build
// uses TypeScript 7: see .pnpmfile.cjs and scripts/check-lint-typescript.mjs.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const JS = ['**/*.js', '**/*.mjs', '**/*.cjs'];

/**
 * Layer boundaries (issue 11, item 7), in their own blocks: process.env outside config/; import
 * cycles; deep imports between modules (each enters another only through its index.ts); app/ from
 * a module; a module or app/ from common/, infra/ or config/. The switch stays as the one place to
 * turn the module rules off while a large move is under way.
 */
const ENFORCE_MODULE_BOUNDARIES = true;

const API = 'packages/api/src';
const MODULES = readdirSync(new URL(`./${API}/modules`, import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const moduleBoundaries = [
  {
    name: 'porter/boundaries/imports',
    files: [`${API}/**/*.ts`],
    rules: {
      // A cycle between files is a cycle between layers or modules; there are none to keep.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    name: 'porter/boundaries/faces',
    files: [`${API}/**/*.ts`],
    // Tests are exempt from the faces and from the app/ rule: nothing imports a test, so it cannot
    // open a circle, and an integration test checks other modules' rows (audit events, role
    // assignments, entities it seeds) and the wiring itself. Widening the faces for them would
    // name internals that no production module may use.
    ignores: [`${API}/**/*.test.ts`],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            // A module's face is its index.ts; every other file in it is private to it.
            ...MODULES.map((module) => ({
              target: MODULES.filter((other) => other !== module).map(
                (other) => `./${API}/modules/${other}`,
              ),
              from: `./${API}/modules/${module}`,
              except: ['./index.ts'],
              message: `Import ${module} only through modules/${module}/index.ts.`,
            })),
            {
              target: [`./${API}/common`, `./${API}/infra`, `./${API}/config`],
              from: [`./${API}/modules`, `./${API}/app`],
              message:
                'common/, infra/ and config/ sit below every module: they import no module and ' +
                'not app/ (a module adds a slot to Deps by declaration merging, as invitation does).',
            },
            {
              target: `./${API}/modules`,
              from: `./${API}/app`,
              message:
                'Modules never import app/ (the composition root); take what you need as a ' +
                'parameter, or move it to common/.',
            },
          ],
        },
      ],
    },
  },
];

const envBoundary = [
  {
    name: 'porter/boundaries/config',
    files: ['packages/api/**/*.ts'],
    ignores: [
      `${API}/config/**`,
      // Tests, benches and scripts start processes and set up their own environment for them
      // (ports, database URLs, NODE_ENV for a child), which is the point of those files.
      'packages/api/test/**',
      'packages/api/bench/**',
      'packages/api/scripts/**',
      'packages/api/vitest*.ts',
      `${API}/**/*.test.ts`,
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read the environment only in src/config/ (it validates it once at start-up).',
        },
      ],
    },
  },
];

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/coverage/',
    '.porter/',
    'packages/web/src/gql/',
    'packages/web/test-results/',
  ]),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    name: 'porter/javascript',
    files: JS,
    languageOptions: { globals: globals.node },
  },
  {
    name: 'porter/typescript',
    files: TS,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Each file is checked with the tsconfig.json nearest to it (api, web, shared; tests and
        // benches are in those). Config files outside every tsconfig use the default project.
        projectService: {
          allowDefaultProject: ['vitest.config.ts', 'packages/shared/vitest.config.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      // What import-x needs to follow TypeScript imports (as its flat `typescript` config sets).
      'import-x/extensions': ['.ts', '.tsx', '.cts', '.mts', '.js', '.jsx', '.cjs', '.mjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.cts', '.mts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['packages/*/tsconfig.json'],
          noWarnOnMultipleProjects: true,
          conditionNames: ['@porter/source', 'types', 'import', 'node', 'default'],
        }),
      ],
    },
    rules: {
      // The three rules the issue asks for by name.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      // verbatimModuleSyntax: a type-only import must say so, and stays a separate statement.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // `async` without `await` is how this code implements Promise-returning interfaces (a throw
      // becomes a rejection); the real risks are covered by no-floating-promises/no-misused-promises.
      '@typescript-eslint/require-await': 'off',
      // tsc's noUnusedLocals/noUnusedParameters already fail the build; `_`-prefixed is the opt-out.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    name: 'porter/tests-and-benches',
    files: [
      '**/*.test.{ts,tsx}',
      'packages/api/test/**',
      'packages/api/bench/**',
      'packages/web/e2e/**',
      'packages/web/src/test/**',
    ],
    rules: {
      // Tests and benches read GraphQL and SQL results as untyped JSON by path on purpose; the
      // assertions are what check their shape. Production code keeps these rules.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    name: 'porter/migrations',
    files: ['packages/api/src/migrations/**'],
    // Migrations are never edited after they land; their SQL strings stay as generated.
    rules: { 'no-useless-escape': 'off' },
  },
  {
    name: 'porter/javascript-untyped',
    files: JS,
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    name: 'porter/web',
    files: ['packages/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    // The classic hooks rules. The plugin's React Compiler rules (purity, refs, set-state-in-effect,
    // …) are left out: the SPA is not compiled by it, and they flag deliberate patterns here
    // (Date.now() to show "expired", a dialog resetting its fields when it opens).
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  ...envBoundary,
  ...(ENFORCE_MODULE_BOUNDARIES ? moduleBoundaries : []),
  prettier,
);
