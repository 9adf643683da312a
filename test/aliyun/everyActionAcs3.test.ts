import openApiClient, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client';
import dyiotapiSdk from '@alicloud/dyiotapi20171111';
import { RuntimeOptions } from '@alicloud/tea-util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dyiotapiContract, linkcardContract } from '#simulator/aliyun/contracts.js';
import { PRODUCTS_BY_VERSION } from '#simulator/aliyun/products.js';
import { ALIYUN, startTestServer, type TestServer } from '#helpers/server.js';
import { cjsDefault } from './helpers/cjs.js';
import { expectContract } from './helpers/contract.js';

/**
 * Every action of both products through @alicloud/openapi-client's default path (ACS3-HMAC-
 * SHA256, parameters in the query), each answer checked against the contract; and through the
 * v2 RPC signature (HMAC-SHA1, form body), which is how the 2020 SDK sends DoIotRecharge (sent
 * both ways below).
 */
const OpenApi = cjsDefault(openApiClient);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const LINKCARD = '2021-05-20';
const DYIOTAPI = '2017-11-11';

async function callApi(action: string, version: string, query: Record<string, string>, algorithm?: 'v2'): Promise<Record<string, any>> {
  const api = new OpenApi(
    new Config({ ...ALIYUN, endpoint: server.hostPort, protocol: 'http', ...(algorithm ? { signatureAlgorithm: algorithm } : {}) }),
  );
  const params = new Params({
    action,
    version,
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const request = algorithm === 'v2' ? { body: query } : { query };
  const result = (await api.callApi(params, new OpenApiRequest(request), new RuntimeOptions({}))) as {
    statusCode: number;
    body: Record<string, any>;
  };
  expect(result.statusCode).toBe(200);
  return expectContract(action, 200, result.body);
}

describe('every action, ACS3', () => {
  it('covers both products entirely: every action in each contract, and every action of the Dyiotapi SDK', () => {
    // The official SDK's client has one `…WithOptions` method per action (doIotRecharge → DoIotRecharge).
    const sdkActions = Object.getOwnPropertyNames(cjsDefault(dyiotapiSdk).prototype)
      .filter((name) => name.endsWith('WithOptions'))
      .map((name) => name[0]!.toUpperCase() + name.slice(1, -'WithOptions'.length));
    expect(sdkActions.length).toBeGreaterThan(0);
    expect(
      dyiotapiContract
        .operationIds()
        .map((id) => id.toLowerCase())
        .sort(),
    ).toEqual(sdkActions.map((a) => a.toLowerCase()).sort());
    expect(linkcardContract.operationIds().sort()).toEqual([...PRODUCTS_BY_VERSION.get(LINKCARD)!.actions.keys()].sort());
    expect(dyiotapiContract.operationIds().sort()).toEqual([...PRODUCTS_BY_VERSION.get(DYIOTAPI)!.actions.keys()].sort());
  });

  it('answers each one from the fleet', async () => {
    const fleet = server.simulator.fleet;
    const acme = [...fleet.allCards()].filter((c) => c.accountId === 'acme');
    const active = acme.filter((c) => c.state === 'active');
    const [a, b, c] = [active[0]!, active[1]!, active[2]!];
    // acme has no same-tier pool plan: put one card on one for ForceActivation and SetCardStopRule.
    fleet.addPlan({
      id: 'ACS3-POOL',
      name: 'pool',
      carrier: 'CMCC',
      kind: 'sharedPool',
      period: 'monthly',
      dataKb: 1048576,
      smsQuota: 0,
      voiceQuotaMin: 0,
      priceCents: 100,
      tariffCode: 'CM-PF-M-1G',
      tariffVersion: 'ali_2',
    });
    const pool = active[4]!;
    fleet.updateCard(pool, (x) => {
      x.planId = 'ACS3-POOL';
    });
    const code = fleet.plan(a.planId).tariffCode;

    const linkcard: Array<[string, Record<string, string>]> = [
      ['ListCardInfo', { PageNo: '1', PageSize: '10' }],
      ['GetCardDetail', { Iccid: a.iccid }],
      ['GetCardLatestFlow', { Iccid: a.iccid }],
      ['GetCardFlowInfo', { Iccid: a.iccid, DateList: '["202611"]' }],
      ['GetCardRealStatus', { Iccid: a.iccid }],
      ['GetRealNameStatus', { Iccid: a.iccid }],
      ['StopSingleCard', { Iccid: b.iccid }],
      ['ResumeSingleCard', { Iccid: b.iccid }],
      ['UpdateAutoRechargeSwitch', { Iccid: a.iccid, Open: 'true' }],
      ['VerifyIotCard', { Iccid: a.iccid }],
      ['AddTagsToCard', { Iccid: a.iccid, TagNameList: '["acs3"]' }],
      ['SendMessage', { Msisdns: JSON.stringify([a.msisdn]), MessageTemplateId: '7' }],
      ['GetCardStatusStatistics', {}],
      ['GetSimCardStateDistribution', { Date: '202611' }],
      ['GetCredentialPoolStatistics', { CredentialNO: code }],
      ['Renew', { Iccid: a.iccid, SerialNo: 'acs3-renew' }],
      ['GetOperateResult', { SerialNo: 'acs3-renew' }],
      ['ListOrder', { PageNo: '1', PageSize: '10' }],
      ['AddDirectionalGroup', { GroupName: 'acs3' }],
    ];
    for (const [action, query] of linkcard) {
      const body = await callApi(action, LINKCARD, query);
      expect(body['Code'], action).toBe('200');
    }
    expect(a.tags).toEqual(['acs3']);
    const group = fleet.directionalGroups.byName('acme', 'acs3')!;
    const groupId = String(group.id);
    const directional: Array<[string, Record<string, string>]> = [
      ['AddDirectionalAddress', { GroupId: groupId, Address: '10.0.0.1' }],
      ['BatchAddDirectionalAddress', { GroupId: groupId, ListAddress: '["10.0.0.2","a.example.com"]' }],
      ['DeleteDirectionalAddress', { GroupId: groupId, Address: '10.0.0.1' }],
      ['ListDirectionalAddress', { GroupId: groupId, PageNo: '1', PageSize: '10' }],
      ['AddCardToDirectionalGroup', { GroupId: groupId, IccidList: JSON.stringify([c.iccid]) }],
      ['AddDirectionalCard', { GroupId: groupId, TagList: '["acs3"]' }],
      ['ListDirectionalDetail', { Iccid: c.iccid, PageNo: '1', PageSize: '10' }],
      ['DeleteDirectionalGroup', { GroupId: groupId }],
    ];
    for (const [action, query] of directional) expect((await callApi(action, LINKCARD, query))['Code'], action).toBe('200');

    fleet.forceState(c, 'stoppedByRebind', server.simulator.clock.now());
    expect((await callApi('RebindResumeSingleCard', LINKCARD, { Iccid: c.iccid }))['Data']).toBe(true);
    fleet.forceState(pool, 'silent', server.simulator.clock.now());
    expect((await callApi('ForceActivation', LINKCARD, { Iccid: pool.iccid, DateType: 'sameflowcard' }))['Data']).toBe(true);
    expect((await callApi('SetCardStopRule', LINKCARD, { Iccid: pool.iccid, FlowLimit: '100000' }))['Data']).toBe(true);
    expect(pool.state).toBe('active');

    const d = active[3]!;
    fleet.updateCard(d, (x) => {
      x.imei = '860000000000111';
    });
    const dyiotapi: Array<[string, Record<string, string>]> = [
      ['QueryCardFlowInfo', { Iccid: a.iccid }],
      ['QueryCardHistoryFlowInfo', { Iccid: a.iccid, StartTime: '20261101', EndTime: '20261110' }],
      ['QueryCardInfo', { Iccid: a.iccid }],
      ['QueryCardsInfo', { Iccid: a.iccid }],
      ['QueryCardStatus', { Iccid: a.iccid }],
      ['QueryIotCardOfferDtl', { Iccid: a.iccid }],
      ['QueryPersonalInfo', { Iccid: a.iccid }],
      ['DoIotUserStopResume', { Iccid: d.iccid, OptionType: 'stop' }],
      ['DoIotUserStopResume', { Iccid: d.iccid, OptionType: 'resume' }],
      ['DoIotPostImei', { Imei: '860000000000222', DeviceType: 'meter' }],
      ['DoIotIsImeiExist', { Imei: '860000000000222' }],
      ['DoIotChgBindOrUnBind', { Iccid: d.iccid, Imei: '860000000000111', NewImei: '860000000000222' }],
      ['DoIotSetRemindConfig', { BizId: a.iccid, BizType: 'iccid', ConfigInfo: '{}', OperationType: 'add' }],
      ['DoIotSetAbsoluteRemindConfig', { BizId: a.iccid, BizType: 'iccid', ConfigInfo: '{}' }],
      ['DoSendIotSms', { PhoneNumbers: a.msisdn, SignName: 's', TemplateCode: 't' }],
    ];
    for (const [action, query] of dyiotapi) expect((await callApi(action, DYIOTAPI, query))['Code'], action).toBe('OK');
    fleet.forceState(d, 'stoppedByRebind', server.simulator.clock.now());
    expect((await callApi('DoIotUnbindResume', DYIOTAPI, { Iccid: d.iccid }))['Data']).toBe(true);
    expect(d.imei).toBe('860000000000222');
    // The 2020 SDK sends DoIotRecharge signed v2 in a form body; a hand-built openapi-client call
    // uses ACS3 with the query. Both must reach the action and be answered alike.
    const orders = new Set<string>();
    for (const algorithm of [undefined, 'v2'] as const) {
      const recharge = await callApi('DoIotRecharge', DYIOTAPI, { Iccid: a.iccid, OfferIds: 'o1', OrderNum: '1' }, algorithm);
      expect(recharge['Code'], String(algorithm)).toBe('OK');
      expect(recharge['IotRecharge']['OrderResult'], String(algorithm)).toBe('PROCESSING');
      orders.add(recharge['IotRecharge']['OrderNo']);
    }
    // No OutId, so no idempotency: each call is an order of its own.
    expect(orders.size).toBe(2);
  });
});
