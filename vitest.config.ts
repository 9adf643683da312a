import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The official SDKs talk real HTTP to a simulator on loopback; keep files isolated.
    pool: 'forks',
    testTimeout: 20_000,
    // Huawei's SDK core writes ~/.huaweicloud/application_id; keep it out of the real home.
    setupFiles: ['test/setup/home.ts'],
  },
});
