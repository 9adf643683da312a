import type { Scenario } from '../../../fixtures/scenario.js';
import { CONTRACT_CARDS, contractScenario } from '../contractKit/scenario.js';

/**
 * What the command under test finds in its environment: where the simulator is and whom to sign
 * as. The vendors' own variable names where their SDKs and tools read them, plus the simulator's.
 */
export const VERIFY_ENV = {
  url: 'IOTCARD_SIM_URL',
  controlUrl: 'IOTCARD_SIM_CONTROL_URL',
  linkcardEndpoint: 'IOTCARD_SIM_LINKCARD_ENDPOINT',
  dyiotapiEndpoint: 'IOTCARD_SIM_DYIOTAPI_ENDPOINT',
  gslEndpoint: 'IOTCARD_SIM_GSL_ENDPOINT',
  /** `host:port`, the form Alibaba's Tea clients (openapi-client, dyiotapi) take as `endpoint`. */
  host: 'IOTCARD_SIM_HOST',
  aliyunAccessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  aliyunAccessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  huaweiAk: 'HUAWEICLOUD_SDK_AK',
  huaweiSk: 'HUAWEICLOUD_SDK_SK',
  huaweiProjectId: 'HUAWEICLOUD_SDK_PROJECT_ID',
} as const;

/** The contract scenario's pinned cards, for commands that need a card in a known state. */
export const CARD_ENV = {
  inUse: 'IOTCARD_SIM_CARD_IN_USE',
  inUseSpare: 'IOTCARD_SIM_CARD_IN_USE_SPARE',
  stopped: 'IOTCARD_SIM_CARD_STOPPED',
  unknown: 'IOTCARD_SIM_CARD_UNKNOWN',
} as const;

/** The variables for a simulator at `url` serving `scenario` (credentials of its first account that has them). */
export function verifyEnvironment(url: string, scenario: Scenario): Record<string, string> {
  const { host } = new URL(url);
  const env: Record<string, string> = {
    [VERIFY_ENV.url]: url,
    [VERIFY_ENV.controlUrl]: `${url}/_sim`,
    [VERIFY_ENV.linkcardEndpoint]: url,
    [VERIFY_ENV.dyiotapiEndpoint]: url,
    [VERIFY_ENV.gslEndpoint]: url,
    [VERIFY_ENV.host]: host,
  };
  const aliyunKey = scenario.accounts.flatMap((a) => a.aliyun?.accessKeys ?? [])[0];
  if (aliyunKey) {
    env[VERIFY_ENV.aliyunAccessKeyId] = aliyunKey.accessKeyId;
    env[VERIFY_ENV.aliyunAccessKeySecret] = aliyunKey.accessKeySecret;
  }
  const huawei = scenario.accounts.find((a) => a.huawei?.akSk?.length);
  if (huawei?.huawei) {
    env[VERIFY_ENV.huaweiAk] = huawei.huawei.akSk![0]!.ak;
    env[VERIFY_ENV.huaweiSk] = huawei.huawei.akSk![0]!.sk;
    if (huawei.huawei.projectId) env[VERIFY_ENV.huaweiProjectId] = huawei.huawei.projectId;
  }
  if (scenario === contractScenario) {
    for (const [name, variable] of Object.entries(CARD_ENV)) env[variable] = CONTRACT_CARDS[name as keyof typeof CARD_ENV];
  }
  return env;
}
