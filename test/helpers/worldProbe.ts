import * as dy from '@alicloud/dyiotapi20171111';
import { Config } from '@alicloud/openapi-client';
import RPCClient from '@alicloud/pop-core';
import { expect } from 'vitest';
import { defaultScenario } from '#fixtures/defaultScenario.js';
import { controlContract } from '#src/control/contract.js';
import type { Card } from '#src/fleet/model.js';
import { cjsDefault } from '../aliyun/helpers/cjs.js';
import { plainNumbers } from '../aliyun/helpers/contract.js';
import { bodyOf, GslLikeClient } from './huaweiClient.js';
import { ALIYUN, HUAWEI } from './server.js';

/**
 * Changes a world through the official SDKs and the control plane, then reads every change back
 * the same way: for tests that a world survives an export and load, or a restart with a state
 * file. Works against any URL, in-process server or CLI child.
 */

/** The cards a probe changes, chosen from the default scenario's acme account. */
export interface ProbeCards {
  /** Stopped through pop-core (StopSingleCard). */
  aliyunStopped: Pick<Card, 'iccid'>;
  /** Tagged through pop-core (AddTagsToCard). */
  aliyunTagged: Pick<Card, 'iccid'>;
  /** Stopped through a GSL work order. */
  huaweiStopped: Pick<Card, 'iccid' | 'id'>;
  /** Remark, usage and state changed through the control plane. */
  controlled: Pick<Card, 'iccid' | 'id'>;
  /** Removed through the control plane. */
  removed: Pick<Card, 'iccid'>;
}

/** A Luhn-valid ICCID on China Unicom's range that the default fleet does not use. */
export const ADDED_ICCID = '89860100000000000018';

/** The default scenario's older-generation plans: linkcard refuses their cards, so no probe uses one. */
const OLDER_GENERATION_PLANS = new Set((defaultScenario.plans ?? []).filter((p) => p.tariffVersion === 'ali_1').map((p) => p.id));

export function pickProbeCards(cards: Iterable<Card>): ProbeCards {
  const acme = [...cards].filter((c) => c.accountId === 'acme' && c.state === 'active' && !OLDER_GENERATION_PLANS.has(c.planId));
  const [a, b, c, d, e] = acme.slice(-5);
  if (!e) throw new Error('the default scenario has fewer than five active acme cards');
  return { aliyunStopped: a!, aliyunTagged: b!, huaweiStopped: c!, controlled: d!, removed: e };
}

export async function control(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/_sim${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

const Dyiotapi = cjsDefault(dy.default);
const dyiotapi = (url: string) =>
  new Dyiotapi(new Config({ ...ALIYUN, endpoint: new URL(url).host, protocol: 'http' }) as ConstructorParameters<typeof Dyiotapi>[0]);
const linkcard = (url: string) => new RPCClient({ ...ALIYUN, endpoint: url, apiVersion: '2021-05-20' });
const linkcardData = async (url: string, action: string, params: object): Promise<any> =>
  plainNumbers(await linkcard(url).request<Record<string, any>>(action, params, { method: 'POST' }));

/** Makes one change of every kind; the simulated clock ends frozen, 10 minutes on. */
export async function changeWorld(url: string, cards: ProbeCards): Promise<void> {
  expect((await linkcardData(url, 'StopSingleCard', { Iccid: cards.aliyunStopped.iccid }))['Data']).toBe(true);
  await linkcardData(url, 'AddTagsToCard', {
    Iccid: cards.aliyunTagged.iccid,
    TagNameList: JSON.stringify(['kept-across-restarts', '保留']),
  });
  const gsl = GslLikeClient.withKeys(url, HUAWEI);
  const order = await gsl.send<{ work_order_id: number }>('POST', '/v1/sim-cards/{sim_card_id}/stop', {
    pathParams: { sim_card_id: cards.huaweiStopped.id },
    data: {},
  });
  expect(order.work_order_id).toBeGreaterThan(0);
  await gsl.send('POST', '/v1/tags', { data: { tag_name: 'declared-only' } });
  const ok = (r: { status: number }) => expect(r.status).toBeLessThan(300);
  ok(await control(url, 'PATCH', `/cards/${cards.controlled.iccid}`, { remark: 'changed by the operator', tags: ['ops'] }));
  ok(await control(url, 'PUT', `/cards/${cards.controlled.iccid}/usage`, { dataKb: 4242, sms: 7 }));
  ok(await control(url, 'DELETE', `/cards/${cards.removed.iccid}`));
  ok(
    await control(url, 'POST', '/cards', {
      account: 'acme',
      iccid: ADDED_ICCID,
      plan: 'CU-SF-M-2-CUSTOM-1G',
      state: 'active',
      tags: ['added'],
    }),
  );
  // Within the SDKs' 15-minute signature window (they sign with real time), past the 5-minute work order.
  ok(await control(url, 'POST', '/clock/advance', { by: '+10m' }));
  ok(await control(url, 'PUT', '/clock', { mode: 'frozen' }));
}

/** Reads every change back through the SDKs and the control plane, request ids left out. */
export async function readWorld(url: string, cards: ProbeCards): Promise<Record<string, unknown>> {
  const gsl = GslLikeClient.withKeys(url, HUAWEI);
  const detail = async (iccid: string) => {
    const { RequestId: _, ...body } = await linkcardData(url, 'GetCardDetail', { Iccid: iccid });
    return body;
  };
  const clock = await control(url, 'GET', '/clock');
  expect(controlContract.responseErrors('GetClock', 200, clock.body)).toEqual([]);
  const controlled = await control(url, 'GET', `/cards/${cards.controlled.iccid}`);
  expect(controlContract.responseErrors('GetCard', 200, controlled.body)).toEqual([]);
  return {
    clock: { mode: clock.body.mode, nowMs: clock.body.nowMs, rate: clock.body.rate },
    aliyunStopped: await detail(cards.aliyunStopped.iccid),
    dyiotapiStatus: (await dyiotapi(url).queryCardStatus(new dy.QueryCardStatusRequest({ iccid: cards.aliyunStopped.iccid }))).body
      .cardStatus,
    aliyunTagged: await detail(cards.aliyunTagged.iccid),
    huaweiStopped: bodyOf(await gsl.showSimCard(cards.huaweiStopped.id)),
    workOrders: bodyOf(await gsl.send('GET', '/v1/work-orders', { queryParams: { limit: 50 } })),
    tags: bodyOf(await gsl.send('GET', '/v1/tags', { queryParams: { limit: 500 } })),
    controlled: controlled.body,
    removed: (await control(url, 'GET', `/cards/${cards.removed.iccid}`)).status,
    added: (await control(url, 'GET', `/cards/${ADDED_ICCID}`)).body,
  };
}

/** What readWorld must show after changeWorld, wherever the world went in between. */
export function expectChangesKept(reading: Record<string, any>): void {
  expect(reading['clock']).toMatchObject({ mode: 'frozen' });
  expect(reading['aliyunStopped']['Data']['VsimCardInfo']).toMatchObject({ Status: '35' });
  // Dyiotapi reads the same card as stopped by its user too.
  expect(reading['dyiotapiStatus']).toMatchObject({ userStatus: '200' });
  expect(reading['aliyunTagged']['Data']['VsimCardInfo']['TagList'].map((t: { TagName: string }) => t.TagName).sort()).toEqual(
    ['kept-across-restarts', '保留'].sort(),
  );
  // 10 minutes on, the GSL stop work order has completed: sim_status 14 (stopped).
  expect(reading['huaweiStopped']).toMatchObject({ sim_status: 14 });
  expect(reading['workOrders']['work_orders']).toContainEqual(expect.objectContaining({ status: 4, work_order_type: 5, success_count: 1 }));
  expect(reading['tags']['tags']).toContainEqual(expect.objectContaining({ tag_name: 'declared-only' }));
  expect(reading['controlled']).toMatchObject({ remark: 'changed by the operator', tags: ['ops'], usage: { dataKb: 4242, sms: 7 } });
  expect(reading['removed']).toBe(404);
  expect(reading['added']).toMatchObject({ iccid: ADDED_ICCID, accountId: 'acme', state: 'active', tags: ['added'] });
}
