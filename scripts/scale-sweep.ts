/**
 * Every read operation of the three vendor surfaces and the console's overview, timed once the
 * fleet is built: in-process, signed, the median of five calls each, slowest first. A listing or
 * a statistics call that reads every card (or makes every card into an object) shows up here at
 * a million cards long before a bench row would meet it: this sweep found linkcard's
 * GetCardStatusStatistics at 525 ms, ListOrder at 91 ms and GSL's ListSimPools at 62 ms
 * (docs/performance.md, "Calls that read every card"). `test/hardening/scaleSweep.test.ts` runs
 * it on a small fleet: every call answers 200, and every read operation of the contracts is in it.
 *
 *   npx tsx scripts/scale-sweep.ts [--cards 1000000]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSimulator } from '../src/nodeSimulator.js';
import { responseText } from '../src/engine/simResponse.js';
import type { SimRequest } from '../src/engine/simRequest.js';
import { signedV1 } from '../test/aliyun/helpers/sign.js';
import { signHuaweiRequest } from '../test/helpers/huaweiSign.js';
import { HUAWEI } from '../test/helpers/defaultKeys.js';

export interface SweepResult {
  /** The operation: a GSL operationId, an Alibaba action, or `control <what>`. */
  name: string;
  status: number;
  /** The median of five calls, in ms. */
  ms: number;
  /** The start of the last answer. */
  answer: string;
}

/** Builds a fleet of `cards` and calls every read operation five times, in-process; slowest first. */
export function sweep(cards: number): { buildMs: number; results: SweepResult[] } {
  const started = performance.now();
  const sim = createSimulator({ cards, settings: { authMode: 'strict', aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 } });
  const buildMs = performance.now() - started;
  const acme = sim.fleet.accounts()[0]!;
  const sample = sim.fleet.query({ accountId: acme.id, indexed: { state: ['active'] } }, 0, 1).items[0]!;
  const now = new Date(sim.clock.now() + 8 * 3_600_000);
  const month = now.toISOString().slice(0, 7);
  const gsl = (path: string, query: Record<string, unknown> = {}, method = 'GET', data?: unknown): SimRequest =>
    signHuaweiRequest({ method, path, query, ...(data !== undefined ? { data } : {}), keys: HUAWEI, at: Date.now() } as never);
  const linkcard = (action: string, params: Record<string, string>) =>
    signedV1(action, '2021-05-20', params, { method: 'POST', at: Date.now() });
  const dyiotapi = (action: string, params: Record<string, string>) =>
    signedV1(action, '2017-11-11', params, { method: 'POST', at: Date.now() });
  const control = (path: string, rawQuery = ''): SimRequest => ({
    method: 'GET',
    path: `/_sim${path}`,
    rawQuery,
    headers: {},
    body: new Uint8Array(),
  });
  const json = <T>(req: SimRequest) => JSON.parse(responseText(sim.handle(req))) as T;

  // What some reads need first: a pool of each kind, a work order, a renewal, a directional group.
  const poolId = json<{ pools: Array<{ id: number }> }>(gsl('/v1/sim-pools', { limit: 10, offset: 1 })).pools[0]?.id;
  const backPoolId = json<{ pools: Array<{ id: number }> }>(gsl('/v1/back-pools', { limit: 10, offset: 1 })).pools[0]?.id;
  const workOrderId = json<{ work_order_id: number }>(gsl(`/v1/sim-cards/${sample.id}/stop`, {}, 'POST', {})).work_order_id;
  sim.handle(linkcard('Renew', { Iccid: sample.iccid, BuyNum: '1', SerialNo: 'sweep-1' }));
  const groupId = String(json<{ Data: number }>(linkcard('AddDirectionalGroup', { GroupName: 'sweep' })).Data);

  const calls: Array<[string, () => SimRequest]> = [
    ['ListSimCards', () => gsl('/v1/sim-cards', { limit: 10, offset: 1 })],
    ['ShowSimCard', () => gsl(`/v1/sim-cards/${sample.id}`)],
    ['ShowRealNamed', () => gsl(`/v1/sim-cards/${sample.id}/real-named`)],
    ['ListWorkOrders', () => gsl('/v1/work-orders', { limit: 10, offset: 1 })],
    ['ListTags', () => gsl('/v1/tags', { limit: 10, offset: 1 })],
    ['ListAttributes', () => gsl('/v1/attributes', { limit: 10, offset: 1 })],
    ['ListProPricePlans', () => gsl('/v1/price-plans', { limit: 10, offset: 1 })],
    ['ListSimPricePlans', () => gsl('/v1/sim-price-plans', { sim_card_id: sample.id, limit: 10, offset: 1 })],
    ['ListSmsDetails', () => gsl('/v1/sms-send-infos/details', { limit: 10, offset: 1 })],
    ['ListSimDeviceMultiply', () => gsl('/v1/sim-cards-multiply', { limit: 10, offset: 1 })],
    ['ListNetworkSwitchPolicies', () => gsl('/v1/network-switch-policies', { limit: 10, offset: 1 })],
    ['ListSimPools', () => gsl('/v1/sim-pools', { limit: 10, offset: 1 })],
    ['ListSimPools, six cycles', () => gsl('/v1/sim-pools', { limit: 10, offset: 1, all_billing_cycle: true })],
    ['ListSimPoolMembers', () => gsl(`/v1/sim-pools/${poolId}/members`, { billing_cycle: month, limit: 10, offset: 1 })],
    ['ListBackPools', () => gsl('/v1/back-pools', { limit: 10, offset: 1 })],
    ['ListBackPoolMembers', () => gsl(`/v1/back-pools/${backPoolId}/members`, { billing_cycle: month, limit: 10, offset: 1 })],
    ['ListWorkOrderDetails', () => gsl(`/v1/work-orders/${workOrderId}/details`, { limit: 10, offset: 1 })],
    ['ListFlowBySimCards', () => gsl('/v1/sim-price-plans/usage/batch-query', {}, 'POST', { sim_card_ids: [sample.id] })],
    ['ShowMonthUsages', () => gsl('/v1/sim-cards/month-usages', {}, 'POST', { sim_card_ids: [sample.id], billing_cycles: [month] })],
    [
      'ListSimCardFlowPerDay',
      () => gsl('/v1/sim-cards/batch-daily-flow', {}, 'POST', { sim_card_ids: [sample.id], month: month.replace('-', '') }),
    ],
    ['ListCardInfo', () => linkcard('ListCardInfo', { PageNo: '1', PageSize: '10' })],
    ['GetCardDetail', () => linkcard('GetCardDetail', { Iccid: sample.iccid })],
    ['GetCardLatestFlow', () => linkcard('GetCardLatestFlow', { Iccid: sample.iccid })],
    ['GetCardFlowInfo', () => linkcard('GetCardFlowInfo', { Iccid: sample.iccid, DateType: 'MONTH' })],
    ['GetCardRealStatus', () => linkcard('GetCardRealStatus', { Iccid: sample.iccid })],
    ['GetRealNameStatus', () => linkcard('GetRealNameStatus', { Iccid: sample.iccid })],
    ['GetSimCardStateDistribution', () => linkcard('GetSimCardStateDistribution', { Date: month.replace('-', '') })],
    ['GetCardStatusStatistics', () => linkcard('GetCardStatusStatistics', {})],
    ['ListOrder', () => linkcard('ListOrder', { PageNo: '1', PageSize: '10' })],
    ['GetOperateResult', () => linkcard('GetOperateResult', { SerialNo: 'sweep-1' })],
    ['GetCredentialPoolStatistics', () => linkcard('GetCredentialPoolStatistics', { CredentialNO: '1' })],
    ['ListDirectionalAddress', () => linkcard('ListDirectionalAddress', { GroupId: groupId, PageNo: '1', PageSize: '10' })],
    ['ListDirectionalDetail', () => linkcard('ListDirectionalDetail', { Iccid: sample.iccid, PageNo: '1', PageSize: '10' })],
    ['QueryCardFlowInfo', () => dyiotapi('QueryCardFlowInfo', { Iccid: sample.iccid })],
    ['QueryCardInfo', () => dyiotapi('QueryCardInfo', { Iccid: sample.iccid })],
    ['QueryCardsInfo', () => dyiotapi('QueryCardsInfo', { Iccid: sample.iccid })],
    ['QueryCardStatus', () => dyiotapi('QueryCardStatus', { Iccid: sample.iccid })],
    ['QueryPersonalInfo', () => dyiotapi('QueryPersonalInfo', { Iccid: sample.iccid })],
    ['QueryIotCardOfferDtl', () => dyiotapi('QueryIotCardOfferDtl', { Iccid: sample.iccid })],
    [
      'QueryCardHistoryFlowInfo',
      () => dyiotapi('QueryCardHistoryFlowInfo', { Iccid: sample.iccid, StartTime: '20250101', EndTime: '20250131' }),
    ],
    ['control overview', () => control('/overview')],
    ['control cards', () => control('/cards', 'limit=10')],
    ['control journal', () => control('/journal')],
  ];
  const results: SweepResult[] = [];
  for (const [name, make] of calls) {
    const times: number[] = [];
    let status = 0;
    let answer = '';
    for (let i = 0; i < 5; i++) {
      const req = make();
      const t = performance.now();
      const res = sim.handle(req);
      times.push(performance.now() - t);
      status = res.status;
      answer = responseText(res).slice(0, 70).replace(/\n/g, ' ');
    }
    times.sort((a, b) => a - b);
    results.push({ name, status, ms: times[2]!, answer });
  }
  return { buildMs, results: results.sort((a, b) => b.ms - a.ms) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { cards: { type: 'string', default: '1000000' } } });
  const { buildMs, results } = sweep(Number(values.cards));
  console.log(`built in ${buildMs.toFixed(0)} ms`);
  for (const r of results) console.log(`${r.ms.toFixed(2).padStart(9)} ms  ${r.status}  ${r.name}  ${r.answer}`);
}
