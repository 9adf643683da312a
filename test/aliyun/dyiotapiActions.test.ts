import * as dy from '@alicloud/dyiotapi20171111';
import { Config } from '@alicloud/openapi-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleState } from '#src/fleet/lifecycle.js';
import type { Card } from '#src/fleet/model.js';
import { ALIYUN, startTestServer, type TestServer } from '#helpers/server.js';
import { cjsDefault } from './helpers/cjs.js';
import { expectContract } from './helpers/contract.js';
import { accountCards } from './helpers/fleetTruth.js';

/** Every Dyiotapi action through the generated client, each raw body checked against the contract. */
const Dyiotapi = cjsDefault(dy.default);
type Dyiotapi = InstanceType<typeof Dyiotapi>;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

function dyiotapi(): { client: Dyiotapi; raw: unknown[] } {
  const client = new Dyiotapi(
    new Config({ ...ALIYUN, endpoint: server.hostPort, protocol: 'http' }) as ConstructorParameters<typeof Dyiotapi>[0],
  );
  const raw: unknown[] = [];
  const doRPCRequest = client.doRPCRequest.bind(client);
  client.doRPCRequest = async (...args: Parameters<typeof doRPCRequest>) => {
    const response = await doRPCRequest(...args);
    raw.push(response['body']);
    return response;
  };
  return { client, raw };
}

/** Calls one action, checks the raw body against the contract, returns the SDK's model. */
async function call<T extends { body: any }>(action: string, run: (client: Dyiotapi) => Promise<T>): Promise<T['body']> {
  const { client, raw } = dyiotapi();
  const response = await run(client);
  expectContract(action, 200, raw[0]);
  return response.body;
}

/** Calls one action that must fail with a business error (its published HTTP status, 400: the client throws); the code. */
async function failure(action: string, run: (client: Dyiotapi) => Promise<unknown>): Promise<string> {
  const err = (await run(dyiotapi().client).then(
    () => undefined,
    (e: unknown) => e,
  )) as { code: string; message: string; data: unknown } | undefined;
  expect(err, `${action} should have failed`).toBeInstanceOf(Error);
  expect(err!.message).toMatch(/^isv\.[A-Z_]+: code: 400, /);
  expectContract(action, 400, err!.data);
  return err!.code;
}

const taken = new Set<string>();
function cardIn(...states: LifecycleState[]): Card {
  const card = accountCards(server.simulator.fleet, 'acme').find((c) => states.includes(c.state) && !taken.has(c.iccid));
  if (!card) throw new Error(`no acme card in ${states.join('/')}`);
  taken.add(card.iccid);
  return card;
}
const PINNED = '89860012345678901234';

describe('Dyiotapi queries', () => {
  it('QueryCardInfo and QueryCardsInfo describe the card', async () => {
    const card = server.simulator.fleet.cardByIccid('acme', PINNED)!;
    const one = await call('QueryCardInfo', (c) => c.queryCardInfo(new dy.QueryCardInfoRequest({ iccid: PINNED })));
    expect(one.code).toBe('OK');
    expect(one.cardInfo).toMatchObject({
      iccid: PINNED,
      imsi: card.imsi,
      msisdn: card.msisdn,
      firstActiveTime: '20171106174912',
      gprsStatus: '开',
    });
    const many = await call('QueryCardsInfo', (c) => c.queryCardsInfo(new dy.QueryCardsInfoRequest({ iccid: PINNED })));
    expect(many.cardsInfo).toHaveLength(1);
    expect(many.cardsInfo![0]).toMatchObject({ iccid: PINNED, openTime: one.cardInfo!.openTime });
  });

  it('QueryCardStatus, QueryIotCardOfferDtl and QueryPersonalInfo answer from the card and its plan', async () => {
    const card = server.simulator.fleet.cardByIccid('acme', PINNED)!;
    const status = await call('QueryCardStatus', (c) => c.queryCardStatus(new dy.QueryCardStatusRequest({ iccid: PINNED })));
    expect(status.cardStatus).toMatchObject({ iccid: PINNED, msisdn: card.msisdn, userStatus: '100' });
    const offers = await call('QueryIotCardOfferDtl', (c) => c.queryIotCardOfferDtl(new dy.QueryIotCardOfferDtlRequest({ iccid: PINNED })));
    expect(offers.cardOfferDetail!.detail![0]).toMatchObject({
      offerName: '物联网-联通-Internet-自定义流量包',
      offerId: server.simulator.fleet.plan(card.planId).tariffCode,
    });
    const personal = await call('QueryPersonalInfo', (c) => c.queryPersonalInfo(new dy.QueryPersonalInfoRequest({ iccid: PINNED })));
    expect(personal.module).toMatch(/实名/);
  });

  it('QueryCardHistoryFlowInfo gives daily KB between two days, the same on every call', async () => {
    const request = new dy.QueryCardHistoryFlowInfoRequest({ iccid: PINNED, startTime: '20261025', endTime: '20261105' });
    const history = await call('QueryCardHistoryFlowInfo', (c) => c.queryCardHistoryFlowInfo(request));
    expect(history.data!.map((m: { month?: number }) => m.month)).toEqual([202610, 202611]);
    expect(history.data![0]!.dayUsageList).toHaveLength(7);
    expect(history.data![1]!.dayUsageList).toHaveLength(5);
    for (const month of history.data!)
      expect(month.curValue).toBe(month.dayUsageList!.reduce((s: number, d: { value?: number }) => s + d.value!, 0));
    expect((await call('QueryCardHistoryFlowInfo', (c) => c.queryCardHistoryFlowInfo(request))).data).toEqual(history.data);
  });

  it('unknown cards answer isv.IOT_RES_NOT_EXIST', async () => {
    expect(
      await failure('QueryCardStatus', (c) => c.queryCardStatus(new dy.QueryCardStatusRequest({ iccid: '89860000000000000000' }))),
    ).toBe('isv.IOT_RES_NOT_EXIST');
  });
});

describe('Dyiotapi operations', () => {
  it('DoIotUserStopResume stops and resumes; the wrong state is isv.IOT_CARD_STATUS_ERROR', async () => {
    const card = cardIn('active');
    const stop = await call('DoIotUserStopResume', (c) =>
      c.doIotUserStopResume(new dy.DoIotUserStopResumeRequest({ iccid: card.iccid, optionType: 'stop' })),
    );
    expect(stop.result!.controlResult).toBe(true);
    expect(card.state).toBe('stoppedByUser');
    expect(
      await failure('DoIotUserStopResume', (c) =>
        c.doIotUserStopResume(new dy.DoIotUserStopResumeRequest({ iccid: card.iccid, optionType: 'stop' })),
      ),
    ).toBe('isv.IOT_CARD_STATUS_ERROR');
    await call('DoIotUserStopResume', (c) =>
      c.doIotUserStopResume(new dy.DoIotUserStopResumeRequest({ iccid: card.iccid, optionType: 'resume' })),
    );
    expect(card.state).toBe('active');
  });

  it('DoIotUnbindResume unlocks a rebind-stopped card', async () => {
    const card = cardIn('active');
    server.simulator.fleet.forceState(card, 'stoppedByRebind', server.simulator.clock.now());
    const body = await call('DoIotUnbindResume', (c) => c.doIotUnbindResume(new dy.DoIotUnbindResumeRequest({ iccid: card.iccid })));
    expect(body.data).toBe(true);
    expect(card.state).toBe('active');
  });

  it('registers an IMEI, finds it, and moves a card binding', async () => {
    const card = cardIn('active');
    const imei = '861234567890123';
    expect(
      (await call('DoIotIsImeiExist', (c) => c.doIotIsImeiExist(new dy.DoIotIsImeiExistRequest({ imei })))).iotImeiExist!.isImeiExist,
    ).toBe(false);
    expect(
      (await call('DoIotPostImei', (c) => c.doIotPostImei(new dy.DoIotPostImeiRequest({ imei, deviceType: 'DTU', comments: 'line 4' }))))
        .iotPostImei!.isPostSuccess,
    ).toBe(true);
    expect(
      (await call('DoIotIsImeiExist', (c) => c.doIotIsImeiExist(new dy.DoIotIsImeiExistRequest({ imei })))).iotImeiExist!.isImeiExist,
    ).toBe(true);
    server.simulator.fleet.updateCard(card, (c) => {
      c.imei = '860000000000001';
    });
    const wrong = await call('DoIotChgBindOrUnBind', (c) =>
      c.doIotChgBindOrUnBind(new dy.DoIotChgBindOrUnBindRequest({ iccid: card.iccid, imei: '860000000000009', newImei: imei })),
    );
    expect(wrong.iotModBind!.isModSuccess).toBe(false);
    const moved = await call('DoIotChgBindOrUnBind', (c) =>
      c.doIotChgBindOrUnBind(new dy.DoIotChgBindOrUnBindRequest({ iccid: card.iccid, imei: '860000000000001', newImei: imei })),
    );
    expect(moved.iotModBind!.isModSuccess).toBe(true);
    expect(card.imei).toBe(imei);
    await call('DoIotChgBindOrUnBind', (c) => c.doIotChgBindOrUnBind(new dy.DoIotChgBindOrUnBindRequest({ iccid: card.iccid, imei })));
    expect(card.imei).toBeUndefined();
  });

  it('stores reminders and sends SMS, counting them on the card', async () => {
    const card = cardIn('active');
    const before = card.usage.sms;
    const set = await call('DoIotSetRemindConfig', (c) =>
      c.doIotSetRemindConfig(
        new dy.DoIotSetRemindConfigRequest({ bizId: card.iccid, bizType: 'iccid', configInfo: '{"threshold":80}', operationType: 'add' }),
      ),
    );
    expect(set.code).toBe('OK');
    expect(server.simulator.fleet.reminders.get('acme', 'iccid', card.iccid, 'relative')?.config).toBe('{"threshold":80}');
    await call('DoIotSetAbsoluteRemindConfig', (c) =>
      c.doIotSetAbsoluteRemindConfig(
        new dy.DoIotSetAbsoluteRemindConfigRequest({ bizId: card.iccid, bizType: 'iccid', configInfo: '{"mb":500}' }),
      ),
    );
    expect(server.simulator.fleet.reminders.get('acme', 'iccid', card.iccid, 'absolute')?.config).toBe('{"mb":500}');
    const sms = await call('DoSendIotSms', (c) =>
      c.doSendIotSms(new dy.DoSendIotSmsRequest({ phoneNumbers: card.msisdn, signName: 'acme', templateCode: 'SMS_1' })),
    );
    expect(sms.module).toMatch(/\d/);
    expect(card.usage.sms).toBe(before + 1);
    const unknown = await failure('DoSendIotSms', (c) =>
      c.doSendIotSms(new dy.DoSendIotSmsRequest({ phoneNumbers: '1440000000000', signName: 'acme', templateCode: 'SMS_1' })),
    );
    expect(unknown).toBe('isv.IOT_RES_NOT_EXIST');
  });

  it('DoIotRecharge places an order that extends the expiry once the carrier completes it', async () => {
    const card = cardIn('active');
    const expiry = card.expiresAt;
    const body = await call('DoIotRecharge', (c) =>
      c.doIotRecharge(new dy.DoIotRechargeRequest({ iccid: card.iccid, offerIds: 'X', outId: 'out-1', orderNum: 1 })),
    );
    expect(body.iotRecharge).toMatchObject({ orderResult: 'PROCESSING' });
    expect(card.expiresAt).toBe(expiry);
    server.simulator.clock.advance(server.simulator.settings.aliyunOperationDurationMs);
    const same = await call('DoIotRecharge', (c) =>
      c.doIotRecharge(new dy.DoIotRechargeRequest({ iccid: card.iccid, offerIds: 'X', outId: 'out-1', orderNum: 1 })),
    );
    expect(same.iotRecharge).toMatchObject({ orderNo: body.iotRecharge!.orderNo, orderResult: 'COMPLETED' });
    expect(card.expiresAt).toBeGreaterThan(expiry);
  });
});
