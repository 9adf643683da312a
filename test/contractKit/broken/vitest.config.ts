import { defineConfig } from 'vitest/config';
import root from '../../../vitest.config.js';

/** Runs only the deliberately broken clients (brokenClients.test.ts starts it in a child vitest). */
export default defineConfig({
  ...root,
  root: new URL('../../..', import.meta.url).pathname,
  test: { ...root.test, include: ['test/contractKit/broken/*.contract.ts'] },
});
