import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleState } from '#src/fleet/lifecycle.js';
import type { Card } from '#src/fleet/model.js';
import { ALIYUN, startTestServer, type TestServer } from '#helpers/server.js';
import { expectContract, plainNumbers } from './helpers/contract.js';
import { accountCards } from './helpers/fleetTruth.js';
import { chinaDay, daysOfMonth, monthLabel, monthOfDay } from '#src/fleet/usage/chinaDays.js';
import { flowText } from '#simulator/aliyun/views/units.js';
import { restFlowPercentage } from '#simulator/aliyun/linkcard/cardFilter.js';
import { isStopped } from '#src/fleet/lifecycle.js';

/** The linkcard actions beyond the listing ones, through pop-core over HTTP (GET and POST). */
interface PopCoreError extends Error {
  code: string;
  data: Record<string, any>;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const client = () => new RPCClient({ ...ALIYUN, endpoint: server.url, apiVersion: '2021-05-20' });

async function call(action: string, params: object = {}, method: 'GET' | 'POST' = 'POST'): Promise<any> {
  const body = await client().request<Record<string, any>>(action, params, method === 'POST' ? { method: 'POST' } : {});
  return expectContract(action, 200, plainNumbers(body))['Data'];
}

async function failure(action: string, params: object): Promise<PopCoreError> {
  const err = (await client()
    .request(action, params, { method: 'POST' })
    .then(
      () => undefined,
      (e: unknown) => e,
    )) as PopCoreError | undefined;
  expect(err, `${action} should have failed`).toBeInstanceOf(Error);
  expectContract(action, 400, plainNumbers(err!.data));
  return err!;
}

/** A fresh card of the acme fleet in one of the given states, not used by an earlier test. */
const taken = new Set<string>();
function cardIn(...states: LifecycleState[]): Card {
  const card = accountCards(server.simulator.fleet, 'acme').find((c) => states.includes(c.state) && !taken.has(c.iccid));
  if (!card) throw new Error(`no acme card in ${states.join('/')}`);
  taken.add(card.iccid);
  return card;
}

/** The default scenario sells no same-tier pool plan to acme: add one and move a card onto it. */
function poolCard(state: LifecycleState, usageKb = 0): Card {
  const fleet = server.simulator.fleet;
  if (!fleet.plans().some((p) => p.id === 'TEST-POOL')) {
    fleet.addPlan({
      id: 'TEST-POOL',
      name: '移动-同档共享流量-年包-1G',
      carrier: 'CMCC',
      kind: 'sharedPool',
      period: 'yearly',
      dataKb: 1048576,
      smsQuota: 0,
      voiceQuotaMin: 0,
      priceCents: 4800,
      tariffCode: 'CM-PF-Y-2-1G',
      tariffVersion: 'ali_2',
    });
  }
  const card = cardIn('active');
  fleet.updateCard(card, (c) => {
    c.planId = 'TEST-POOL';
    c.usage.dataKb = usageKb;
  });
  fleet.forceState(card, state, server.simulator.clock.now());
  return card;
}

const detail = async (iccid: string) => (await call('GetCardDetail', { Iccid: iccid }))['VsimCardInfo'];
const listed = async (iccid: string) => (await call('ListCardInfo', { Iccid: iccid, PageNo: 1, PageSize: 10 }))['List'][0];

describe('linkcard card switches', () => {
  it('stops a card in use, visible at once in GetCardDetail and ListCardInfo, and resumes it', async () => {
    const card = cardIn('active');
    expect(await call('StopSingleCard', { Iccid: card.iccid }, 'GET')).toBe(true);
    expect(await detail(card.iccid)).toMatchObject({ Status: '35', OsStatus: '200' });
    expect(await listed(card.iccid)).toMatchObject({ Status: '35', OsStatus: '200' });
    expect(await call('ResumeSingleCard', { Iccid: card.iccid, OptMsisdns: JSON.stringify([card.msisdn]) })).toBe(true);
    expect(await detail(card.iccid)).toMatchObject({ Status: '30', OsStatus: '100' });
  });

  it('refuses a switch from the wrong state with InvalidCardStatus, and an unknown card with InvalidIccid.NotFound', async () => {
    const card = cardIn('inactive', 'silent');
    const err = await failure('StopSingleCard', { Iccid: card.iccid });
    expect(err.code).toBe('InvalidCardStatus');
    expect(err.data['Success']).toBe(false);
    expect((await failure('ResumeSingleCard', { Iccid: cardIn('active').iccid })).code).toBe('InvalidCardStatus');
    expect((await failure('RebindResumeSingleCard', { Iccid: cardIn('active').iccid })).code).toBe('InvalidCardStatus');
    expect((await failure('StopSingleCard', { Iccid: '89860000000000000000' })).code).toBe('InvalidIccid.NotFound');
    expect(server.simulator.fleet.cardByIccid('acme', card.iccid)!.state).toBe(card.state);
  });

  it('unlocks a rebind-stopped card', async () => {
    const card = cardIn('active');
    server.simulator.fleet.forceState(card, 'stoppedByRebind', server.simulator.clock.now());
    expect(await call('RebindResumeSingleCard', { Iccid: card.iccid })).toBe(true);
    expect(await detail(card.iccid)).toMatchObject({ Status: '30', OsStatus: '100' });
  });

  it('force-activates a pool card only with its plan type', async () => {
    const fleet = server.simulator.fleet;
    const pool = poolCard('silent');
    const single = cardIn('inactive', 'silent', 'testing');
    expect((await failure('ForceActivation', { Iccid: pool.iccid, DateType: 'directional_sameflowcard' })).code).toBe('InvalidCardPlan');
    expect(await call('ForceActivation', { Iccid: pool.iccid, DateType: 'sameflowcard' })).toBe(true);
    expect((await detail(pool.iccid))['Status']).toBe('30');
    expect((await failure('ForceActivation', { Iccid: pool.iccid, DateType: 'sameflowcard' })).code).toBe('InvalidCardStatus');
    expect((await failure('ForceActivation', { Iccid: single.iccid, DateType: 'sameflowcard' })).code).toBe(
      fleet.plan(single.planId).kind === 'sharedPool' ? 'InvalidCardStatus' : 'InvalidCardPlan',
    );
    const bad = await failure('ForceActivation', { Iccid: single.iccid, DateType: 'singlecard' });
    expect(bad.code).toBe('InvalidParameter');
    expect(bad.data['Message']).toContain('DateType');
  });

  it('sets a stop rule on a pool card (stopping it when already past the limit) and refuses single cards', async () => {
    const fleet = server.simulator.fleet;
    const pool = poolCard('active', 2048);
    const ruleFields = ['CardLimitStopThreshold', 'FlowThresholdUnit', 'AutoLimitResume'];
    for (const field of ruleFields) expect(await detail(pool.iccid), `${field} without a rule`).not.toHaveProperty(field);
    expect(await call('SetCardStopRule', { Iccid: pool.iccid, FlowLimit: 100 })).toBe(true);
    expect(fleet.stopRules.get(pool.id)).toMatchObject({ limitKb: 100 * 1024, autoRestore: true });
    expect(await detail(pool.iccid)).toMatchObject({
      OsStatus: '100',
      CardLimitStopThreshold: 100,
      FlowThresholdUnit: 'MB',
      AutoLimitResume: true,
    });
    expect(await call('SetCardStopRule', { Iccid: pool.iccid, FlowLimit: 1, AutoRestore: false })).toBe(true);
    expect(fleet.stopRules.get(pool.id)).toMatchObject({ limitKb: 1024, autoRestore: false });
    expect(await detail(pool.iccid)).toMatchObject({
      OsStatus: '300',
      CardLimitStopThreshold: 1,
      FlowThresholdUnit: 'MB',
      AutoLimitResume: false,
    });
    const single = accountCards(fleet, 'acme').find((c) => fleet.plan(c.planId).kind === 'single')!;
    expect((await failure('SetCardStopRule', { Iccid: single.iccid, FlowLimit: 10 })).code).toBe('InvalidCardPlan');
  });

  it('switches automatic renewal and verifies cards', async () => {
    const card = cardIn('active');
    expect(await call('UpdateAutoRechargeSwitch', { Iccid: card.iccid, Open: !card.autoRecharge })).toBe(true);
    expect((await detail(card.iccid))['IsAutoRecharge']).toBe(card.autoRecharge);
    expect(await call('VerifyIotCard', { Iccid: card.iccid })).toBe(true);
    expect((await failure('VerifyIotCard', { Iccid: '89860000000000000000' })).code).toBe('InvalidIccid.NotFound');
  });
});

describe('linkcard tags', () => {
  it('replaces the set, shows it in ListCardInfo, and removes all with an empty list', async () => {
    const card = cardIn('active');
    const data = await call('AddTagsToCard', {
      Iccid: card.iccid,
      TagNameList: JSON.stringify(['测试标签', 'only-this-card', '测试标签']),
    });
    expect(data.map((t: { TagName: string }) => t.TagName)).toEqual(['测试标签', 'only-this-card']);
    expect(data[0].TagId).toMatch(/^\d+$/);
    const item = await listed(card.iccid);
    expect(item.TagList).toEqual(data.map((t: { TagId: string; TagName: string }) => ({ Id: Number(t.TagId), TagName: t.TagName })));
    const byTag = await call('ListCardInfo', { TagName: 'only-this-card', PageNo: 1, PageSize: 10 });
    expect(byTag.List.map((c: { Iccid: string }) => c.Iccid)).toEqual([card.iccid]);
    // Name.N style too.
    expect(await call('AddTagsToCard', { Iccid: card.iccid, 'TagNameList.1': 'only' })).toEqual([
      { TagId: expect.stringMatching(/^\d+$/), TagName: 'only' },
    ]);
    expect(await call('AddTagsToCard', { Iccid: card.iccid })).toEqual([]);
    expect((await listed(card.iccid)).TagList).toEqual([]);
  });
});

describe('linkcard usage and status', () => {
  it('reports the latest flow and the monthly and daily usage', async () => {
    const card = server.simulator.fleet.cardByIccid('acme', '89860012345678901234')!;
    expect(await call('GetCardLatestFlow', { Iccid: card.iccid }, 'GET')).toBe(flowText(card.usage.dataKb));
    // Months relative to the simulated clock (real time here: the SDK signs with it), China time.
    const thisMonth = monthOfDay(chinaDay(server.simulator.clock.now()));
    const [lastMonthLabel, thisMonthLabel, twoAgoLabel] = [thisMonth - 1, thisMonth, thisMonth - 2].map(monthLabel);
    const two = await call('GetCardFlowInfo', { Iccid: card.iccid });
    expect(two.ListCardMonthFlow.map((m: { Month: string }) => m.Month)).toEqual([lastMonthLabel, thisMonthLabel]);
    const current = two.ListCardMonthFlow[1];
    expect(current.FlowCount).toBe(flowText(card.usage.dataKb));
    expect(current.ListDayFlow.length).toBeGreaterThan(0);
    expect(two.ListVendorDetail[0].Vendor).toBe('CUCC');
    const again = await call('GetCardFlowInfo', { Iccid: card.iccid, 'DateList.1': lastMonthLabel, 'DateList.2': thisMonthLabel });
    expect(again).toEqual(two);
    const dayCount = (await call('GetCardFlowInfo', { Iccid: card.iccid, DateList: JSON.stringify([twoAgoLabel]) })).ListCardMonthFlow[0]
      .ListDayFlow.length;
    const { first, last } = daysOfMonth(thisMonth - 2);
    expect(dayCount).toBe(last - first + 1);
    const seven = JSON.stringify(['202601', '202602', '202603', '202604', '202605', '202606', '202607']);
    expect((await failure('GetCardFlowInfo', { Iccid: card.iccid, DateList: seven })).code).toBe('InvalidParameter');
    expect((await failure('GetCardFlowInfo', { Iccid: card.iccid, DateList: JSON.stringify(['202613']) })).code).toBe('InvalidParameter');
  });

  it('reports the online status and the real-name status', async () => {
    const card = cardIn('active');
    const [status] = await call('GetCardRealStatus', { Iccid: card.iccid });
    expect(status).toMatchObject({ Iccid: card.iccid, Online: true, Gprs: true, Status: 'SUCCESS' });
    const [byMsisdn] = await call('GetCardRealStatus', { Msisdn: card.msisdn, SerialNo: JSON.stringify(['S1']) });
    expect(byMsisdn).toMatchObject({ Iccid: card.iccid, SerialNo: 'S1' });
    expect((await failure('GetCardRealStatus', {})).code).toBe('MissingParameter');
    const words = { notCertified: 'NOT_CERTIFIED', approving: 'APPROVING', certified: 'CERTIFIED' };
    expect((await call('GetRealNameStatus', { Iccid: card.iccid }))['RealNameStatus']).toBe(words[card.realNameStatus]);
  });
});

describe('linkcard statistics', () => {
  it('GetSimCardStateDistribution adds up to the fleet, and follows a stop', async () => {
    const fleet = server.simulator.fleet;
    const acme = accountCards(fleet, 'acme');
    const count = (pred: (c: Card) => boolean) => acme.filter(pred).length;
    const data = await call('GetSimCardStateDistribution', { Date: '202611' });
    expect(data).toEqual({
      CardCount: acme.length,
      TestCount: count((c) => c.state === 'testing'),
      UnusedCount: count((c) => c.state === 'inactive' || c.state === 'silent'),
      UsingCount: count((c) => c.state === 'active'),
      StopCount: count((c) => c.state.startsWith('stopped')),
      ShutDownCount: count((c) => c.state === 'shutDown'),
      DestoryedCount: count((c) => c.state === 'cancelled'),
    });
    await call('StopSingleCard', { Iccid: cardIn('active').iccid });
    const after = await call('GetSimCardStateDistribution', { Date: '202611' });
    expect([after.UsingCount, after.StopCount]).toEqual([data.UsingCount - 1, data.StopCount + 1]);
    const plan = fleet.plan(acme[0]!.planId);
    const narrowed = await call('GetSimCardStateDistribution', { Date: '202611', CredentialNO: plan.tariffCode });
    expect(narrowed.CardCount).toBe(count((c) => fleet.plan(c.planId).tariffCode === plan.tariffCode));
    expect((await failure('GetSimCardStateDistribution', {})).code).toBe('MissingParameter');
  });

  it('GetCardStatusStatistics counts stops by reason and plan group', async () => {
    const fleet = server.simulator.fleet;
    const acme = accountCards(fleet, 'acme');
    const data = await call('GetCardStatusStatistics', {}, 'GET');
    const quota = acme.filter((c) => c.state === 'stoppedAtQuota');
    expect(data.ExhaustStopStatisticsDTO.TotalCount).toBe(quota.length);
    expect(data.ExhaustStopStatisticsDTO.SingleCardCount).toBe(
      quota.filter((c) => ['single', 'directional'].includes(fleet.plan(c.planId).kind)).length,
    );
    expect(data.RiskWaringStatisticsDTO.StopCount).toBe(acme.filter((c) => c.state.startsWith('stopped')).length);
    expect(data.FlowOutStatisticsDTO.TotalCount).toBe(
      acme.filter((c) => c.state === 'active' && c.usage.dataKb > fleet.plan(c.planId).dataKb).length,
    );
    // Every figure, from a pass over the account's cards per figure (what the statistics once ran).
    const now = server.simulator.clock.now();
    const group = (c: Card) =>
      ({ single: 'single', directional: 'single', sharedPool: 'same', directionalSharedPool: 'same', unifiedPayPool: 'pool' })[
        fleet.plan(c.planId).kind
      ];
    const tally = (cards: Card[]) => ({
      SingleCardCount: cards.filter((c) => group(c) === 'single').length,
      SameFlowCardCount: cards.filter((c) => group(c) === 'same').length,
      PoolCount: cards.filter((c) => group(c) === 'pool').length,
      TotalCount: cards.length,
    });
    const inState = (...states: LifecycleState[]) => acme.filter((c) => states.includes(c.state));
    const active = inState('active');
    const rest = (c: Card) => restFlowPercentage(c, fleet);
    const stopped = acme.filter((c) => isStopped(c.state));
    const low = active.filter((c) => rest(c) < 30);
    expect(plainNumbers(data)).toEqual({
      ErrorStopStatisticsDTO: tally(inState('stoppedAbnormal')),
      ExhaustStopStatisticsDTO: tally(quota),
      ExpireStopStatisticsDTO: tally(inState('shutDown')),
      ManageStopStatisticsDTO: tally(inState('stoppedByUser', 'stoppedByCreditControl')),
      UnCertifiedStopStatisticsDTO: tally(inState('stoppedForRealName')),
      UnbindResumeStatisticsDTO: tally(inState('stoppedByRebind', 'stoppedByRebindInTest')),
      FlowOutStatisticsDTO: tally(active.filter((c) => c.usage.dataKb > fleet.plan(c.planId).dataKb)),
      WeekWarnStatisticsDTO: tally(active.filter((c) => c.expiresAt > now && c.expiresAt - now <= 7 * 86_400_000)),
      RiskWaringStatisticsDTO: {
        StopCount: stopped.length,
        WarningCount: low.length,
        LeftFlowPercentageWarnCount: low.length,
        WaringTotalCount: stopped.length + low.length,
      },
      SingCardPeriodLeftFlowWarnDTO: {
        LessFlowPercentage10Count: active.filter((c) => group(c) === 'single' && rest(c) < 10).length,
        LessFlowPercentage30Count: active.filter((c) => group(c) === 'single' && rest(c) < 30).length,
      },
    });
    // Figures that are not all zero, or the comparison above proves little.
    expect(low.length).toBeGreaterThan(0);
    expect(stopped.length).toBeGreaterThan(0);
  });
});

describe('linkcard orders', () => {
  it('Renew places an order polled with GetOperateResult, listed by ListOrder beside the delivery batches', async () => {
    const fleet = server.simulator.fleet;
    const card = cardIn('active');
    const expiry = card.expiresAt;
    const placed = await call('Renew', { Iccid: card.iccid, BuyNum: 2, SerialNo: 'renew-001' });
    expect(placed).toMatchObject({ SerialNo: 'renew-001', OrderNo: expect.stringMatching(/^\d+$/) });
    expect(await call('GetOperateResult', { SerialNo: 'renew-001' })).toEqual({
      OperateType: 'RENEW',
      Status: 'PROCESSING',
      Result: false,
      ExecuteResult: 'PROCESSING',
    });
    const pending = await call('ListOrder', { OrderType: 'RENEW', PageNo: 1, PageSize: 10 });
    expect(pending.List).toEqual([expect.objectContaining({ OrderId: placed.OrderNo, OrderStatus: 'processing', PayDuration: '2' })]);

    server.simulator.clock.advance(server.simulator.settings.aliyunOperationDurationMs);
    expect(await call('GetOperateResult', { SerialNo: 'renew-001' })).toMatchObject({ Status: 'SUCCESS', Result: true });
    expect(card.expiresAt).toBeGreaterThan(expiry);
    // The same SerialNo again is the same order, not a second renewal.
    expect(await call('Renew', { Iccid: card.iccid, BuyNum: 2, SerialNo: 'renew-001' })).toEqual(placed);
    expect((await failure('GetOperateResult', { SerialNo: 'nope' })).code).toBe('InvalidSerialNo.NotFound');

    const batches = fleet.orderCounts('acme');
    const all = await call('ListOrder', { PageNo: 1, PageSize: 40 });
    expect(all.Total).toBe(batches.size + 1);
    const news = await call('ListOrder', { OrderType: 'NEW', PageNo: 1, PageSize: 40 });
    for (const order of news.List) expect(order.BuyNum).toBe(batches.get(order.OrderId));
    expect((await failure('ListOrder', { PageNo: 1, PageSize: 17 })).code).toBe('InvalidParameter');
  });
});

describe('linkcard messages and pools', () => {
  it('SendMessage counts an SMS on each card and refuses unknown numbers', async () => {
    const card = cardIn('active');
    const before = card.usage.sms;
    const task = await call('SendMessage', {
      Msisdns: JSON.stringify([card.msisdn]),
      MessageTemplateId: 1001,
      MessageVariableParam: '{}',
      TaskName: 't',
    });
    expect(typeof task).toBe('number');
    expect(card.usage.sms).toBe(before + 1);
    expect((await listed(card.iccid)).PeriodSmsUse).toBe(String(before + 1));
    expect((await failure('SendMessage', { Msisdns: JSON.stringify(['1440000000000']), MessageTemplateId: 1001 })).code).toBe(
      'InvalidIccid.NotFound',
    );
  });

  it('GetCredentialPoolStatistics adds up the cards sold under one tariff code', async () => {
    const fleet = server.simulator.fleet;
    const acme = accountCards(fleet, 'acme');
    const code = fleet.plan(acme.find((c) => fleet.plan(c.planId).kind === 'sharedPool')?.planId ?? acme[0]!.planId).tariffCode;
    const under = acme.filter((c) => fleet.plan(c.planId).tariffCode === code);
    const data = await call('GetCredentialPoolStatistics', { CredentialNO: code, Date: '202611' });
    expect(data.CardTotalNum).toBe(under.length);
    expect(data.CardActiveNum).toBe(under.filter((c) => c.state === 'active').length);
    expect(data.SmsUsed).toBe(under.reduce((s, c) => s + c.usage.sms, 0));
  });
});

describe('linkcard directional traffic', () => {
  it('creates a group, manages its addresses and cards, and filters ListCardInfo by it', async () => {
    const groupId = await call('AddDirectionalGroup', { GroupName: 'factory-a' });
    expect(typeof groupId).toBe('number');
    expect((await failure('AddDirectionalGroup', { GroupName: 'factory-a' })).code).toBe('GroupName.Duplicate');
    expect(await call('AddDirectionalAddress', { GroupId: String(groupId), Address: '10.1.2.3', MsgNotify: false })).toBe(true);
    expect(
      await call('BatchAddDirectionalAddress', { GroupId: groupId, 'ListAddress.1': 'iot.example.com', 'ListAddress.2': '10.9.0.0/16' }),
    ).toBe(true);
    const addresses = await call('ListDirectionalAddress', { GroupId: String(groupId), PageNo: 1, PageSize: 10 });
    expect(addresses.Total).toBe(3);
    expect(addresses.List.map((a: { Address: string; AddressType: string }) => [a.Address, a.AddressType])).toEqual([
      ['10.1.2.3', 'IP'],
      ['iot.example.com', 'DOMAIN'],
      ['10.9.0.0/16', 'IP'],
    ]);
    expect(await call('DeleteDirectionalAddress', { GroupId: String(groupId), Address: '10.1.2.3' })).toBe(true);
    expect(await call('DeleteDirectionalAddress', { GroupId: String(groupId), Address: '10.1.2.3' })).toBe(false);

    const [a, b] = [cardIn('active'), cardIn('active')];
    expect(await detail(a.iccid)).not.toHaveProperty('DirectionalGroupId');
    expect(
      await call('AddCardToDirectionalGroup', {
        GroupId: String(groupId),
        IccidList: JSON.stringify([a.iccid, b.iccid]),
        SerialNo: 'dg-1',
      }),
    ).toEqual({ Result: true, SerialNo: 'dg-1' });
    const inGroup = await call('ListCardInfo', { DirectionalGroupId: String(groupId), PageNo: 1, PageSize: 10 });
    expect(inGroup.List.map((c: { Iccid: string }) => c.Iccid).sort()).toEqual([a.iccid, b.iccid].sort());
    expect(inGroup.List[0]).toMatchObject({ DirectionalGroupId: groupId, DirectionalGroupName: 'factory-a' });
    // GetCardDetail names the group too, its id a string as the SDK models type it there.
    expect(await detail(a.iccid)).toMatchObject({ DirectionalGroupId: String(groupId), DirectionalGroupName: 'factory-a' });
    const directional = await call('ListDirectionalDetail', { Iccid: a.iccid, PageNo: 1, PageSize: 10 });
    expect(directional).toMatchObject({ DirectionalGroupId: groupId, DirectionalName: 'factory-a', PaginationResult: { Total: 2 } });

    const order = String(cardIn('active').orderId);
    expect(Number(await call('AddDirectionalCard', { GroupId: String(groupId), OrderList: JSON.stringify([order]) }))).toBe(
      server.simulator.fleet.orderCounts('acme').get(order),
    );

    expect(await call('DeleteDirectionalGroup', { GroupId: String(groupId) })).toBe(true);
    const unbound = await detail(a.iccid);
    expect(unbound).not.toHaveProperty('DirectionalGroupId');
    expect(unbound).not.toHaveProperty('DirectionalGroupName');
    expect((await call('ListCardInfo', { DirectionalGroupId: String(groupId), PageNo: 1, PageSize: 10 })).Total).toBe(0);
    expect((await failure('ListDirectionalAddress', { GroupId: String(groupId), PageNo: 1, PageSize: 10 })).code).toBe(
      'InvalidGroupId.NotFound',
    );
  });
});

describe('parameter styles an SDK puts on the wire', () => {
  /** pop-core in verbose mode hands back the URL it sent, so the test can see the wire form. */
  async function sent(action: string, params: object): Promise<{ data: any; url: string }> {
    // (pop-core's typings omit the constructor's verbose flag.)
    const Verbose = RPCClient as unknown as new (config: RPCClient.Config, verbose: boolean) => RPCClient;
    const verbose = new Verbose({ ...ALIYUN, endpoint: server.url, apiVersion: '2021-05-20' }, true);
    const [body, entry] = await verbose.request<[Record<string, any>, { url: string }]>(action, params, {});
    return { data: expectContract(action, 200, plainNumbers(body))['Data'], url: entry.url };
  }

  it('reads arrays pop-core flattens to Name.N (OptMsisdns, TagNameList)', async () => {
    const card = cardIn('active');
    const other = cardIn('active');
    // pop-core turns every array into a repeat list; OptMsisdns (sub-card MSISDNs) is accepted and
    // ignored, as multi-network cards are not modelled: the switch itself must still happen.
    const stop = await sent('StopSingleCard', { Iccid: card.iccid, OptMsisdns: [card.msisdn, other.msisdn] });
    expect(stop.url).toContain(`&OptMsisdns.1=${card.msisdn}&OptMsisdns.2=${other.msisdn}&`);
    expect(stop.data).toBe(true);
    expect(await detail(card.iccid)).toMatchObject({ Status: '35', OsStatus: '200' });
    const resume = await sent('ResumeSingleCard', { Iccid: card.iccid, OptMsisdns: [card.msisdn] });
    expect(resume.url).toContain(`&OptMsisdns.1=${card.msisdn}&`);
    expect(await detail(card.iccid)).toMatchObject({ Status: '30', OsStatus: '100' });
    // Where the list has an effect, every item must arrive, in order.
    const tags = await sent('AddTagsToCard', { Iccid: card.iccid, TagNameList: ['second', 'first'] });
    expect(tags.url).toContain('&TagNameList.1=second&TagNameList.2=first&');
    expect(tags.data.map((t: { TagName: string }) => t.TagName)).toEqual(['second', 'first']);
    expect(server.simulator.fleet.cardByIccid('acme', card.iccid)!.tags).toEqual(['second', 'first']);
  });

  it('reads booleans in any case (TRUE, False) and refuses one that is not a boolean', async () => {
    const card = cardIn('active');
    await sent('UpdateAutoRechargeSwitch', { Iccid: card.iccid, Open: 'TRUE' });
    expect((await detail(card.iccid))['IsAutoRecharge']).toBe(true);
    const off = await sent('UpdateAutoRechargeSwitch', { Iccid: card.iccid, Open: 'False' });
    expect(off.url).toContain('&Open=False&');
    expect((await detail(card.iccid))['IsAutoRecharge']).toBe(false);
    const pool = poolCard('active');
    await sent('SetCardStopRule', { Iccid: pool.iccid, FlowLimit: 50, AutoRestore: 'False' });
    expect(server.simulator.fleet.stopRules.get(pool.id)).toMatchObject({ limitKb: 50 * 1024, autoRestore: false });
    await sent('SetCardStopRule', { Iccid: pool.iccid, FlowLimit: 50, AutoRestore: 'TRUE' });
    expect(server.simulator.fleet.stopRules.get(pool.id)).toMatchObject({ autoRestore: true });
    const bad = await failure('UpdateAutoRechargeSwitch', { Iccid: card.iccid, Open: 'yes' });
    expect(bad.code).toBe('InvalidParameter');
    expect(bad.data['Message']).toBe('Specified parameter Open is not valid.');
    expect((await detail(card.iccid))['IsAutoRecharge']).toBe(false);
  });
});
