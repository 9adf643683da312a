/**
 * The default scenario's credentials (the same ones the SDK captures were signed with), for tests,
 * scripts and the bench alike: a module with no imports, so a script can take it without a test
 * runner or a server.
 */
export const ALIYUN = { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' } as const;
export const HUAWEI = {
  ak: 'TESTAKHUAWEI0000000',
  sk: 'testSecretKeyHuawei0000000000000000000000',
  projectId: '0123456789abcdef0123456789abcdef',
} as const;
