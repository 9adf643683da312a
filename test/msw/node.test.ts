import RPCClient from '@alicloud/pop-core';
import dyiotapiClient, { QueryCardFlowInfoRequest } from '@alicloud/dyiotapi20171111';
import { Config } from '@alicloud/openapi-client';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { Region } from '@huaweicloud/huaweicloud-sdk-core/region/region.js';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, startServer, type RunningServer, type Simulator } from '#src/index.js';
import { createHandlers } from '#src/msw.js';
import { GslLikeClient, sdkError, type ListSimCardsBody } from '#helpers/huaweiClient.js';
import { cjsDefault } from '../aliyun/helpers/cjs.js';
import { ALIYUN, HUAWEI } from '#helpers/server.js';

const Dyiotapi = cjsDefault(dyiotapiClient);

/**
 * The official SDKs, configured for production (real hostnames, HTTPS), answered in-process by
 * MSW handlers over the same engine the HTTP server runs.
 */
let simulator: Simulator;
let mocks: ReturnType<typeof setupServer>;
let served: RunningServer;

beforeAll(async () => {
  simulator = createSimulator({ clock: { frozen: true }, settings: { aliyunRequestsPerSecond: 0 } });
  mocks = setupServer(...createHandlers(simulator));
  // Loopback traffic (the shared server below) passes through; anything else unhandled is a bug.
  mocks.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  });
  // The same Simulator behind a real server: one fleet, two transports.
  served = await startServer(simulator, { port: 0 });
});
afterAll(async () => {
  mocks.close();
  await served.close();
});
afterEach(() => {
  mocks.resetHandlers();
});

const popcore = (secret: string = ALIYUN.accessKeySecret) =>
  new RPCClient({
    accessKeyId: ALIYUN.accessKeyId,
    accessKeySecret: secret,
    endpoint: 'https://linkcard.aliyuncs.com',
    apiVersion: '2021-05-20',
  });

describe('MSW in Node, official SDKs on the production hostnames', () => {
  it('linkcard through pop-core lists and reads cards at https://linkcard.aliyuncs.com', async () => {
    const page = (await popcore().request('ListCardInfo', { PageNo: 1, PageSize: 10 }, { method: 'POST' })) as {
      Data: { List: Array<{ Iccid: string }>; Total: number };
    };
    expect(page.Data.List).toHaveLength(10);
    const iccid = page.Data.List[0]!.Iccid;
    const detail = (await popcore().request('GetCardDetail', { Iccid: iccid }, { method: 'POST' })) as {
      Data: { VsimCardInfo: { Iccid: string } };
    };
    expect(detail.Data.VsimCardInfo.Iccid).toBe(iccid);
  });

  it('a wrong secret gets SignatureDoesNotMatch with the string-to-sign, as over HTTP', async () => {
    const err = (await popcore('wrong')
      .request('ListCardInfo', { PageNo: 1, PageSize: 10 }, { method: 'POST' })
      .catch((e: unknown) => e)) as {
      code: string;
      data: { Message: string };
    };
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(err.data.Message).toContain('POST&%2F&');
  });

  it('Dyiotapi through its Tea client at dyiotapi.aliyuncs.com (HTTPS)', async () => {
    const client = new Dyiotapi(new Config({ ...ALIYUN, endpoint: 'dyiotapi.aliyuncs.com' }) as ConstructorParameters<typeof Dyiotapi>[0]);
    const { body } = await client.queryCardFlowInfo(new QueryCardFlowInfoRequest({ iccid: '89860012345678901234' }));
    expect(body?.cardFlowInfos?.cardFlowInfo?.[0]?.flowResource).toBe(1048576);
  });

  it('GSL through the Huawei core at https://gsl.cn-north-4.myhuaweicloud.com', async () => {
    const gsl = GslLikeClient.withKeys('https://gsl.cn-north-4.myhuaweicloud.com', HUAWEI);
    const page = await gsl.listSimCards<ListSimCardsBody>({ limit: 10, offset: 1 });
    expect(page.sim_cards).toHaveLength(10);
    const wrong = await sdkError(
      GslLikeClient.withKeys('https://gsl.cn-north-4.myhuaweicloud.com', { ...HUAWEI, sk: 'wrong' }).listSimCards(),
    );
    expect([wrong.httpStatusCode, wrong.errorCode]).toEqual([401, 'APIGW.0301']);
  });

  it('without a project id the core asks the default IAM host (iam.myhuaweicloud.com) for it', async () => {
    const credential = new BasicCredentials().withAk(HUAWEI.ak).withSk(HUAWEI.sk);
    const hc = new ClientBuilder((c: HcClient) => new GslLikeClient(c))
      .withCredential(credential)
      .withRegion(new Region('cn-north-4', 'https://gsl.cn-north-4.myhuaweicloud.com'))
      .build();
    const hosts: string[] = [];
    const original = simulator.handle;
    simulator.handle = (req) => (hosts.push(`${req.headers['host']} ${req.path}`), original(req));
    try {
      const page = await hc.listSimCards<ListSimCardsBody>({ limit: 10, offset: 1 });
      expect(page.count).toBeGreaterThan(10);
    } finally {
      simulator.handle = original;
    }
    expect(hosts).toEqual(['iam.myhuaweicloud.com /v3/projects', 'gsl.cn-north-4.myhuaweicloud.com /v1/sim-cards']);
  });

  it('shares one fleet with a running server: a stop through MSW is seen over HTTP', async () => {
    const gsl = GslLikeClient.withKeys('https://gsl.cn-north-4.myhuaweicloud.com', HUAWEI);
    const page = await gsl.listSimCards<ListSimCardsBody>({ limit: 10, offset: 1, sim_status: 20 });
    const card = page.sim_cards[0]!;
    await gsl.send('POST', '/v1/sim-cards/{sim_card_id}/stop', { pathParams: { sim_card_id: card.sim_card_id }, data: {} });
    simulator.clock.advance(simulator.settings.huaweiWorkOrderDurationMs);
    const overHttp = GslLikeClient.withKeys(served.url, HUAWEI);
    const after = await overHttp.showSimCard<{ sim_status: number }>(card.sim_card_id);
    expect(after.sim_status).toBe(14);
  });

  it('other base URLs are configurable', async () => {
    mocks.use(...createHandlers(simulator, { baseUrls: ['http://iot.internal.example:8080'] }));
    const gsl = GslLikeClient.withKeys('http://iot.internal.example:8080', HUAWEI);
    const page = await gsl.listSimCards<ListSimCardsBody>({ limit: 10, offset: 1 });
    expect(page.sim_cards).toHaveLength(10);
  });

  it('honours a response delay and a dropped connection', async () => {
    const original = simulator.handle;
    let mode: 'drop' | 'delay' = 'drop';
    simulator.handle = (req) => ({ ...original(req), ...(mode === 'drop' ? { drop: true } : { delayMs: 20 }) });
    try {
      const dropped = await sdkError(
        GslLikeClient.withKeys('https://gsl.cn-north-4.myhuaweicloud.com', HUAWEI).listSimCards({ limit: 10, offset: 1 }),
      );
      expect(dropped.errorCode).toBeUndefined();
      expect(String((dropped as unknown as Error).message ?? dropped)).not.toBe('');
      mode = 'delay';
      const delayed = await GslLikeClient.withKeys('https://gsl.cn-north-4.myhuaweicloud.com', HUAWEI).listSimCards<ListSimCardsBody>({
        limit: 10,
        offset: 1,
      });
      expect(delayed.sim_cards).toHaveLength(10);
    } finally {
      simulator.handle = original;
    }
  });
});
