import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '#src/fleet/model.js';
import { ALIYUN, startTestServer, type TestServer } from '#helpers/server.js';
import { expectContract, plainNumbers } from './helpers/contract.js';
import { accountCards } from './helpers/fleetTruth.js';

/**
 * The fields ListCardInfo's page (vendor-docs/001) and the linkcard SDK models promise and the
 * simulator once never sent, through pop-core: each present, of its type, and true to the fleet.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ settings: { aliyunRequestsPerSecond: 0 } });
});
afterAll(() => server?.close());

const client = () => new RPCClient({ ...ALIYUN, endpoint: server.url, apiVersion: '2021-05-20' });

async function body(action: string, params: object): Promise<Record<string, any>> {
  return expectContract(action, 200, plainNumbers(await client().request<Record<string, any>>(action, params, { method: 'POST' })));
}

async function listAll(params: object = {}): Promise<Array<Record<string, any>>> {
  const items: Array<Record<string, any>> = [];
  for (let page = 1; ; page++) {
    const { Data } = await body('ListCardInfo', { PageNo: page, PageSize: 40, ...params });
    items.push(...Data.List);
    if (page >= Data.PageCount) return items;
  }
}

/** The unit a data amount must carry, by magnitude, written apart from the view: KB below 1 MB, MB below 1 GB. */
function expectedUnit(kb: number): string {
  if (Math.round(kb) < 1024) return 'KB';
  return Number((kb / 1024).toFixed(2)) < 1024 ? 'MB' : 'GB';
}

/** acme's cards; GetCardDetail finds cancelled ones only with DestroyCard, so the detail tests leave them out. */
const acme = (withCancelled = false) =>
  accountCards(server.simulator.fleet, 'acme').filter((c) => withCancelled || c.state !== 'cancelled');

describe("linkcard ListCardInfo: the page's fields", () => {
  it('gives every card CredentialType, CredentialInstanceId, NotifyId, and ActiveType once activated', async () => {
    const items = await listAll();
    const cards = new Map(acme(true).map((c) => [c.iccid, c]));
    expect(items.length).toBe(cards.size);
    const instances = new Map<string, string>();
    for (const item of items) {
      const card = cards.get(item['Iccid'])!;
      expect(item['CredentialType'], item['Iccid']).toBe(item['DataType']);
      expect(item['CredentialInstanceId']).toMatch(/^\d{7}$/);
      // One credential instance per plan in the account.
      const planId = card.planId;
      expect(instances.get(planId) ?? item['CredentialInstanceId']).toBe(item['CredentialInstanceId']);
      instances.set(planId, item['CredentialInstanceId']);
      expect(item['NotifyId']).toBe(items[0]!['NotifyId']);
      if (card.activatedAt === undefined) expect(item['ActiveType']).toBeUndefined();
      else
        expect(['first_data_record', 'carrier_status_push', 'silence_expire', 'manage', 'test_flow_depleted']).toContain(
          item['ActiveType'],
        );
    }
    expect(new Set(instances.values()).size).toBe(instances.size);
    expect(new Set(items.map((i) => i['ActiveType'])).size).toBeGreaterThan(2);
    expect(items[0]!['NotifyId']).toMatch(/^\d{5}$/);
  });

  it("filters by NotifyId: the account's rule finds every card, another none", async () => {
    const [first] = (await body('ListCardInfo', { PageNo: 1, PageSize: 10 })).Data.List;
    expect((await body('ListCardInfo', { PageNo: 1, PageSize: 10, NotifyId: first.NotifyId })).Data.Total).toBe(acme(true).length);
    const other = String(((Number(first.NotifyId) - 10_000 + 1) % 90_000) + 10_000);
    expect((await body('ListCardInfo', { PageNo: 1, PageSize: 10, NotifyId: other })).Data.Total).toBe(0);
  });

  it('prints PeriodAddFlow and PeriodRestFlow in KB, MB or GB by magnitude, two decimals for MB and GB, whole KB', async () => {
    const items = await listAll();
    const fleet = server.simulator.fleet;
    const seen = new Set<string>();
    for (const item of items) {
      const card = fleet.cardByIccid('acme', item['Iccid']) as Card;
      const plan = fleet.plan(card.planId);
      const left = Math.max(0, plan.dataKb + (card.usage.topUpKb ?? 0) - card.usage.dataKb);
      for (const [field, kb] of [
        ['PeriodAddFlow', card.usage.dataKb],
        ['PeriodRestFlow', left],
      ] as const) {
        const text: string = item[field];
        const unit = expectedUnit(kb);
        seen.add(unit);
        expect(text, `${field} of ${card.iccid} (${kb} KB)`).toMatch(unit === 'KB' ? /^\d+KB$/ : new RegExp(`^\\d+\\.\\d{2}${unit}$`));
        const factor = ({ KB: 1, MB: 1024, GB: 1024 * 1024 } as Record<string, number>)[unit]!;
        expect(Math.abs(Number.parseFloat(text) * factor - kb)).toBeLessThanOrEqual(unit === 'KB' ? 0.5 : 0.0051 * factor);
      }
      expect(item['DataLevel']).toMatch(/^\d+(\.\d{2})?(KB|MB|GB)$/);
    }
    // The default fleet shows all three.
    expect([...seen].sort()).toEqual(['GB', 'KB', 'MB']);
  });
});

describe('linkcard GetCardDetail: what the SDK model promises', () => {
  it("fills VsimCardInfo's ten fields with values of the model's types", async () => {
    const fleet = server.simulator.fleet;
    for (const card of acme().slice(0, 20)) {
      const info = (await body('GetCardDetail', { Iccid: card.iccid })).Data.VsimCardInfo;
      expect(info.CertifyStatus).toBe({ notCertified: '0', approving: '1', certified: '2' }[card.realNameStatus]);
      expect(info.CredentialType).toBe(info.DataType);
      expect(info.CredentialInstanceId).toMatch(/^\d{7}$/);
      expect(info.NotifyId).toMatch(/^\d{5}$/);
      if (card.activatedAt !== undefined) expect(typeof info.ActiveType).toBe('string');
      expect(info.Ip).toHaveLength(1);
      expect(info.Ip[0]).toMatch(/^10\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
      expect(info.AutoRebindReuse).toBe(false);
      for (const field of ['CardLimitSpeedThreshold', 'CredentialLimitSpeedThreshold', 'CredentialLimitStopThreshold']) {
        expect(Number.isInteger(info[field]), field).toBe(true);
      }
      expect(fleet.cardByIccid('acme', card.iccid)).toBeDefined();
    }
  });

  it("puts a directional card's Ip inside its private network segment", async () => {
    const card = acme().find((c) => c.privateNetwork !== undefined && /^10\.(\d+)\.0\.0\/16$/.test(c.privateNetwork));
    expect(card, 'a directional card on a /16').toBeDefined();
    const info = (await body('GetCardDetail', { Iccid: card!.iccid })).Data.VsimCardInfo;
    const second = /^10\.(\d+)\./.exec(card!.privateNetwork!)![1];
    expect(info.Ip[0]).toMatch(new RegExp(`^10\\.${second}\\.\\d+\\.\\d+$`));
  });

  it("lists a physical card's SIM with ShowPsim=true, all 13 fields, and none without it or for an eSIM", async () => {
    const physical = acme().find((c) => c.simKind === 'physical' && c.state === 'active')!;
    const detail = (await body('GetCardDetail', { Iccid: physical.iccid, ShowPsim: true })).Data;
    expect(detail.ListPsimCards).toHaveLength(1);
    const psim = detail.ListPsimCards[0];
    expect(Object.keys(psim).sort()).toEqual([
      'ApnName',
      'CertifyStatus',
      'Iccid',
      'Imsi',
      'Ip',
      'Msisdn',
      'OpenSms',
      'OsStatus',
      'PeriodAddFlow',
      'PeriodSmsUse',
      'PrivateNetworkSegment',
      'Status',
      'Vendor',
    ]);
    const info = detail.VsimCardInfo;
    expect(psim).toMatchObject({
      Iccid: physical.iccid,
      Imsi: [physical.imsi],
      Msisdn: [physical.msisdn],
      Vendor: info.Vendor,
      Status: info.Status,
      OsStatus: info.OsStatus,
      PeriodAddFlow: info.PeriodAddFlow,
      PeriodSmsUse: info.PeriodSmsUse,
      CertifyStatus: info.CertifyStatus,
      Ip: info.Ip,
      OpenSms: info.OpenSms,
      ApnName: info.ApnName,
    });
    expect((await body('GetCardDetail', { Iccid: physical.iccid })).Data.ListPsimCards).toEqual([]);
    const esim = acme().find((c) => c.simKind !== 'physical');
    if (esim) expect((await body('GetCardDetail', { Iccid: esim.iccid, ShowPsim: true })).Data.ListPsimCards).toEqual([]);
  });
});

describe('linkcard ListOrder, GetCardFlowInfo, SendMessage: what the SDK models promise', () => {
  it("fills every order's delivery, pool, credential and fee fields", async () => {
    const { Data } = await body('ListOrder', { PageNo: 1, PageSize: 40, OrderType: 'NEW' });
    expect(Data.List.length).toBeGreaterThan(0);
    for (const order of Data.List) {
      expect(Object.keys(order.DeliveryInfo).sort()).toEqual(['Address', 'BuyerMessage', 'Mail', 'Receiver', 'ZipCode']);
      expect(order.DeliveryInfo.Receiver).toMatch(/\S/);
      expect(order.DeliveryInfo.ZipCode).toMatch(/^\d{6}$/);
      expect(order.ExpressNoList).toHaveLength(1);
      expect(order.OrderDetailUrl).toContain(`orderId=${order.OrderId}`);
      expect(order.OrderInfo).toMatch(/\S/);
      expect(order.CredentialPackage).toMatch(/\S/);
      expect(order.FlowType).toMatch(/^(singlecard|directionalcard|sameflowcard|directional_sameflowcard|unityPayPool)$/);
      expect(order.ApnRegion).toMatch(/\S/);
      expect(order.FunctionFee).toBe(0);
      expect(order.CardPayCount).toBe(order.BuyNum);
      for (const field of ['PoolNo', 'PoolCapacity', 'PoolCapacityUnit']) expect(typeof order[field], field).toBe('string');
      // Pool plans name their pool and the data the order adds; single-card plans have none.
      const pool = ['sameflowcard', 'directional_sameflowcard', 'unityPayPool'].includes(order.FlowType);
      if (pool) {
        expect(order.PoolNo).toMatch(/^\d{7}$/);
        expect(`${order.PoolCapacity}${order.PoolCapacityUnit}`).toMatch(/^\d+(\.\d{2})?(KB|MB|GB)$/);
      } else expect([order.PoolNo, order.PoolCapacity, order.PoolCapacityUnit]).toEqual(['', '', '']);
    }
  });

  it('gives each package of GetCardFlowInfo a Remark', async () => {
    const card = acme().find((c) => c.state === 'active')!;
    const { Data } = await body('GetCardFlowInfo', { Iccid: card.iccid });
    expect(Data.ListPackageDTO.length).toBeGreaterThan(0);
    for (const pkg of Data.ListPackageDTO) expect(pkg.Remark).toBe(`套餐凭证 ${server.simulator.fleet.plan(card.planId).tariffCode}`);
  });

  it('answers SendMessage with DynamicCode and DynamicMessage beside Data', async () => {
    const card = acme().find((c) => c.state === 'active')!;
    const sent = await body('SendMessage', {
      Msisdns: JSON.stringify([card.msisdn]),
      MessageTemplateId: 1001,
      MessageVariableParam: '{}',
      TaskName: 't',
    });
    expect(sent).toMatchObject({ Code: '200', Success: true, DynamicCode: '', DynamicMessage: '' });
    expect(typeof sent['Data']).toBe('number');
  });
});
