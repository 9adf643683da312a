import type { Scenario } from '../../../fixtures/scenario.js';

/** The contract scenario's credentials: one tenant, both vendors. */
export const CONTRACT_CREDENTIALS = {
  aliyun: { accessKeyId: 'contractAccessKeyId', accessKeySecret: 'contractAccessKeySecret' },
  huawei: { ak: 'CONTRACTAKHUAWEI000', sk: 'contractSecretKeyHuawei00000000000000000', projectId: '0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c' },
} as const;

/** Pinned cards the clauses act on; their states are what each clause needs. */
export const CONTRACT_CARDS = {
  /** In use, 130 MB of 1 GB used (so some is left to report): read, and stopped then resumed. */
  inUse: '89860019900000000019',
  /** In use: stopped twice (repeat clause), reset while its stop is unfinished (wrong state). */
  inUseSpare: '89860019900000000027',
  /** Stopped by its user: stopping it again is the wrong state. */
  stopped: '89860019900000000035',
  /** A well-formed ICCID that is in no fleet. */
  unknown: '89860019900000099995',
} as const;

/**
 * The fleet every clause runs on: more cards than the largest page any of the APIs serves
 * (GSL: 500), so listing it needs several pages whatever size the client asks for.
 */
export const contractScenario: Scenario = {
  name: 'contract',
  description: 'iotcard-sim contract kit: one tenant with more cards than fit in one page.',
  seed: 20260520,
  accounts: [
    {
      id: 'contract',
      name: 'Contract Tenant',
      aliyun: { uid: '1999000011112222', accessKeys: [{ ...CONTRACT_CREDENTIALS.aliyun }] },
      huawei: {
        domainName: 'contract',
        domainId: 'c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0',
        projectId: CONTRACT_CREDENTIALS.huawei.projectId,
        akSk: [{ ak: CONTRACT_CREDENTIALS.huawei.ak, sk: CONTRACT_CREDENTIALS.huawei.sk }],
      },
    },
  ],
  cards: [
    // A plan larger than its usage: on a drawn 10 MB plan it was in use past its quota, with nothing left.
    {
      account: 'contract',
      iccid: CONTRACT_CARDS.inUse,
      carrier: 'CMCC',
      plan: 'CM-SF-M-2-1G',
      state: 'active',
      usage: { dataKb: 130 * 1024 },
    },
    { account: 'contract', iccid: CONTRACT_CARDS.inUseSpare, carrier: 'CUCC', state: 'active' },
    { account: 'contract', iccid: CONTRACT_CARDS.stopped, carrier: 'CMCC', state: 'stoppedByUser' },
  ],
  generate: [{ account: 'contract', count: 620 }],
};
