import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_CREDENTIALS } from '#src/judge/contractKit/scenario.js';
import { describeRefusal } from '#src/judge/contractKit/rejectionReport.js';
import { startWorld, type ContractWorld } from '#src/judge/contractKit/world.js';

/** The kit's account of a refused Alibaba signature: the server's string-to-sign beside the client's. */
let world: ContractWorld;
beforeAll(async () => {
  world = await startWorld('http', 'https://linkcard.aliyuncs.com');
});
afterAll(() => world.close());

describe('refusal report', () => {
  it('shows the string-to-sign from SignatureDoesNotMatch beside the Signature the client sent', async () => {
    const client = new RPCClient({
      ...CONTRACT_CREDENTIALS.aliyun,
      accessKeySecret: 'wrong',
      endpoint: world.endpoint,
      apiVersion: '2021-05-20',
    });
    await expect(client.request('GetCardDetail', { Iccid: '89860019900000000019' }, { method: 'POST' })).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    const [exchange] = await world.exchanges();
    expect(exchange?.code).toBe('SignatureDoesNotMatch');
    const report = describeRefusal(exchange!);
    expect(report).toMatch(/^SignatureDoesNotMatch: POST \/\n/);
    expect(report).toMatch(/\n  client Signature: [A-Za-z0-9+/=]{28}\n/);
    expect(report).toMatch(/\n  server string-to-sign: POST&%2F&AccessKeyId%3DcontractAccessKeyId%26Action%3DGetCardDetail/);
  });
});
