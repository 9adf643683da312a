// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layer rules are the point of this file: the road (adapter -> engine -> gateway -> action ->
 * fleet -> view) only points down, and what runs below the adapters stays isomorphic (Node, MSW in
 * Node, MSW in a browser). See docs/architecture.md.
 */

// What judges clients (src/judge: the contract kit, verify) stands above the simulator: nothing the
// simulator is made of imports it (the road, adapters, control plane, persistence, the package's
// simulator entry points). Only the CLI, above everything, does.
const JUDGE_ROOM = {
  group: ['**/judge/*', '**/src/judge'],
  message: 'What judges clients (src/judge) stands above the simulator; nothing below it imports it (docs/architecture.md).',
};

// Everything that stands above the road or beside it: nothing on the road may import it.
const ABOVE_THE_ROAD = [
  { group: ['**/adapters/*', '**/src/adapters'], message: 'The road never imports an adapter (docs/architecture.md).' },
  { group: ['**/control/*', '**/src/control'], message: 'The road never imports the control plane; it is given hooks at construction.' },
  JUDGE_ROOM,
  { group: ['**/cli/*', '**/src/cli'], message: 'The road never imports the CLI.' },
  { group: ['**/persistence/*'], message: 'The road never imports persistence; durability stands above it.' },
];

// The engine, gateways, actions, fleet and views run in a browser too (MSW). `node:*` is a pattern;
// the bare names (fs, crypto, …) are exact paths, so a folder of ours named `crypto` stays allowed.
const NODE_MESSAGE = 'Below the adapters the code is isomorphic: no node: modules (use src/crypto/digests.ts, Web APIs).';
const NODE_BUILTINS = { group: ['node:*'], message: NODE_MESSAGE };
const NODE_BUILTIN_NAMES = builtinModules.filter((name) => !name.startsWith('_')).map((name) => ({ name, message: NODE_MESSAGE }));

// The test aliases (#src/…, see vitest.config.ts) exist for tests only: tsc does not rewrite them in
// built code, so the package would not load.
const NO_ALIAS = { regex: '^#', message: 'Built code imports relatively; the #… aliases are for tests (vitest.config.ts).' };

const ROAD = ['src/engine/**/*.ts', 'src/fleet/**/*.ts', 'simulator/**/*.ts'];

export default defineConfig(
  {
    ignores: ['dist/**', 'node_modules/**', 'contracts/generated/**', 'coverage/**', '.bench/**', 'test/msw/browser/**/*.js'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  prettier,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Pragmatic: the code relies on these deliberately (non-null after a checked lookup, `as never`
      // at typed boundaries, empty catch meaning "not JSON").
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-control-regex': 'off',
      // Tests match vendor texts with literal runs of spaces, which read as the text does.
      'no-regex-spaces': 'off',
      // Rethrowing as a user-facing message (CLI, state file) deliberately drops the internal cause.
      'preserve-caught-error': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // A loop's first pass always assigns; the initial value is there for the reader.
    files: ['bench/**/*.ts'],
    rules: { 'no-useless-assignment': 'off' },
  },
  {
    // Everything that is built into dist/.
    files: ['src/**/*.ts', 'simulator/**/*.ts', 'contracts/**/*.ts', 'fixtures/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_ALIAS] }] },
  },
  {
    // The simulator off the road (adapters, control plane, persistence, the entry points): below
    // what judges clients. The road's own entry below adds the rest of its rules.
    files: ['src/**/*.ts'],
    ignores: ['src/judge/**', 'src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [JUDGE_ROOM, NO_ALIAS] }] },
  },
  {
    // The road: down only, and isomorphic.
    files: ROAD,
    rules: {
      'no-restricted-imports': ['error', { paths: NODE_BUILTIN_NAMES, patterns: [...ABOVE_THE_ROAD, NODE_BUILTINS, NO_ALIAS] }],
    },
  },
  {
    // Fixtures build fleets in any runtime (the browser test loads them), and never reach above the road.
    files: ['fixtures/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: NODE_BUILTIN_NAMES, patterns: [...ABOVE_THE_ROAD, NODE_BUILTINS, NO_ALIAS] }],
    },
  },
  {
    // The default digests are pure JavaScript; src/crypto/nodeDigests.ts is the Node entry point's
    // faster swap and is allowed node:crypto.
    files: ['src/crypto/**/*.ts'],
    ignores: ['src/crypto/nodeDigests.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: NODE_BUILTIN_NAMES, patterns: [NODE_BUILTINS, JUDGE_ROOM, NO_ALIAS] }],
    },
  },
  {
    // What judges clients stands above the vendor surfaces and reads them through their public
    // entries only (simulator/aliyun/index.ts, simulator/huawei/index.ts): the rest of a surface is
    // its own to change. The CLI runs it; it never imports the CLI.
    files: ['src/judge/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/simulator/*/*', '!**/simulator/*/index.js'],
              message: 'What judges clients reads the vendor surfaces through their public entries only (simulator/<vendor>/index.ts).',
            },
            { group: ['**/cli/*', '**/src/cli'], message: 'The CLI stands above what judges clients; src/judge never imports it.' },
            NO_ALIAS,
          ],
        },
      ],
    },
  },
);
