import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));
const root = (folder: string) => fileURLToPath(new URL(`./${folder}/`, import.meta.url));

/**
 * Tests import the code by folder (`#src/engine/clock.js`) rather than by `../../../src/…`; the
 * same names are tsconfig.json `paths`. Tests only: built code keeps relative imports, which tsc
 * does not rewrite. scripts/alias-imports.mjs rewrites a test file's relative imports to these.
 */
const TEST_ALIASES = {
  '#src/': 'src',
  '#simulator/': 'simulator',
  '#contracts/': 'contracts',
  '#fixtures/': 'fixtures',
  '#helpers/': 'test/helpers',
};

export default defineConfig({
  // The examples import the package by name, as a team would; here that is the source itself.
  resolve: {
    alias: [
      { find: /^iotcard-sim\/contracts$/, replacement: src('judge/contractKit/index.ts') },
      { find: /^iotcard-sim\/msw$/, replacement: src('msw.ts') },
      ...Object.entries(TEST_ALIASES).map(([prefix, folder]) => ({ find: prefix, replacement: root(folder) })),
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/contracts/*.contract.test.ts'],
    // The official SDKs talk real HTTP to a simulator on loopback; keep files isolated.
    pool: 'forks',
    testTimeout: 20_000,
    // Huawei's SDK core writes ~/.huaweicloud/application_id; keep it out of the real home.
    setupFiles: ['test/setup/home.ts'],
  },
});
