import type { Scenario, ScenarioAccount } from '../../fixtures/scenario.js';

/** The environment variables that choose the credentials of the scenario's first account. */
export const CREDENTIAL_ENV = {
  aliyunAccessKeyId: 'IOTCARD_SIM_ALIYUN_ACCESS_KEY_ID',
  aliyunAccessKeySecret: 'IOTCARD_SIM_ALIYUN_ACCESS_KEY_SECRET',
  huaweiAk: 'IOTCARD_SIM_HUAWEI_AK',
  huaweiSk: 'IOTCARD_SIM_HUAWEI_SK',
  huaweiProjectId: 'IOTCARD_SIM_HUAWEI_PROJECT_ID',
} as const;

/**
 * Returns the scenario with the first account's first Alibaba key and first Huawei AK/SK (and
 * project id) replaced by whatever the environment sets, so a test setup can choose its own
 * secrets without writing a scenario file.
 */
export function applyCredentialOverrides(scenario: Scenario, env: Record<string, string | undefined>): Scenario {
  const [first, ...rest] = scenario.accounts;
  if (!first) return scenario;
  const pick = (name: string): string | undefined => (env[name] ? env[name] : undefined);
  const keyId = pick(CREDENTIAL_ENV.aliyunAccessKeyId);
  const keySecret = pick(CREDENTIAL_ENV.aliyunAccessKeySecret);
  const ak = pick(CREDENTIAL_ENV.huaweiAk);
  const sk = pick(CREDENTIAL_ENV.huaweiSk);
  const projectId = pick(CREDENTIAL_ENV.huaweiProjectId);
  if (!keyId && !keySecret && !ak && !sk && !projectId) return scenario;

  const account: ScenarioAccount = { ...first };
  if (keyId || keySecret) {
    const aliyun = first.aliyun ?? { uid: '1000000000000001', accessKeys: [] };
    const [key, ...others] = aliyun.accessKeys;
    const replaced = {
      accessKeyId: keyId ?? key?.accessKeyId ?? 'iotcardSimAccessKeyId',
      accessKeySecret: keySecret ?? key?.accessKeySecret ?? 'iotcardSimAccessKeySecret',
      enabled: true,
    };
    account.aliyun = { ...aliyun, accessKeys: [replaced, ...others] };
  }
  if (ak || sk || projectId) {
    const huawei = first.huawei ?? {
      domainName: first.id,
      domainId: '0'.repeat(32),
      projectId: '0'.repeat(32),
      akSk: [],
    };
    const [pair, ...others] = huawei.akSk;
    const replaced = { ak: ak ?? pair?.ak ?? 'IOTCARDSIMHUAWEIAK00', sk: sk ?? pair?.sk ?? 'iotcardSimHuaweiSecretKey' };
    account.huawei = { ...huawei, projectId: projectId ?? huawei.projectId, akSk: [replaced, ...others] };
  }
  return { ...scenario, accounts: [account, ...rest] };
}
