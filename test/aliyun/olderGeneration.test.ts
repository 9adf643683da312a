import RPCClient from '@alicloud/pop-core';
import * as dy from '@alicloud/dyiotapi20171111';
import { Config } from '@alicloud/openapi-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALIYUN, startTestServer, type TestServer } from '#helpers/server.js';
import { cjsDefault } from './helpers/cjs.js';
import { expectContract, plainNumbers } from './helpers/contract.js';
import { accountCards } from './helpers/fleetTruth.js';

/**
 * The default fleet's older-generation cards (AliFee ali_1): linkcard lists them and refuses to
 * act on them, Dyiotapi serves them, so a client that falls back from one to the other works.
 */
const Dyiotapi = cjsDefault(dy.default);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ settings: { aliyunRequestsPerSecond: 0 } });
});
afterAll(() => server?.close());

const linkcard = () => new RPCClient({ ...ALIYUN, endpoint: server.url, apiVersion: '2021-05-20' });
const older = () =>
  accountCards(server.simulator.fleet, 'acme').filter((c) => server.simulator.fleet.plan(c.planId).tariffVersion === 'ali_1');

describe('older-generation cards (AliFee ali_1)', () => {
  it('are in the default fleet, and linkcard lists them under their AliFee', async () => {
    expect(older().length).toBeGreaterThanOrEqual(10);
    const body = expectContract(
      'ListCardInfo',
      200,
      plainNumbers(
        await linkcard().request<Record<string, any>>('ListCardInfo', { PageNo: 1, PageSize: 40, AliFee: 'ali_1' }, { method: 'POST' }),
      ),
    );
    expect(body['Data'].Total).toBe(older().length);
    expect(body['Data'].List.map((c: { Iccid: string }) => c.Iccid).sort()).toEqual(
      older()
        .map((c) => c.iccid)
        .sort(),
    );
  });

  it('linkcard refuses to act on one (InvalidCardPlan, HTTP 400); Dyiotapi answers for it, as a falling-back client needs', async () => {
    const card = older().find((c) => c.state === 'active')!;
    for (const action of ['GetCardDetail', 'GetCardLatestFlow', 'StopSingleCard']) {
      const err = (await linkcard()
        .request(action, { Iccid: card.iccid }, { method: 'POST' })
        .then(
          () => undefined,
          (e: unknown) => e,
        )) as { code: string; data: Record<string, unknown>; entry: { response: { statusCode: number } } };
      expect(err.code, action).toBe('InvalidCardPlan');
      expect(err.entry.response.statusCode).toBe(400);
      expectContract(action, 400, plainNumbers(err.data));
      expect(err.data).toMatchObject({ Success: false, ErrorMessage: expect.any(String), LocalizedMessage: expect.any(String) });
    }
    expect(card.state).toBe('active');
    const client = new Dyiotapi(
      new Config({ ...ALIYUN, endpoint: server.hostPort, protocol: 'http' }) as ConstructorParameters<typeof Dyiotapi>[0],
    );
    const flow = await client.queryCardFlowInfo(new dy.QueryCardFlowInfoRequest({ iccid: card.iccid }));
    expect(flow.body.code).toBe('OK');
    expect(flow.body.cardFlowInfos?.cardFlowInfo?.[0]?.resName).toBe(server.simulator.fleet.plan(card.planId).name);
    const stop = await client.doIotUserStopResume(new dy.DoIotUserStopResumeRequest({ iccid: card.iccid, optionType: 'stop' }));
    expect(stop.body.result?.controlResult).toBe(true);
    expect(card.state).toBe('stoppedByUser');
  });
});
