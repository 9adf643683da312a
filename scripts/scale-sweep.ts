/**
 * Every read operation of the three vendor surfaces and the console's overview, timed once the
 * fleet is built: in-process, signed, the median of five calls each, slowest first. A listing or
 * a statistics call that reads every card (or makes every card into an object) shows up here at
 * a million cards long before a bench row would meet it: this sweep found linkcard's
 * GetCardStatusStatistics at 490 ms, ListOrder at 82 ms and GSL's ListSimPools at 67 ms
 * (docs/performance.md, "Calls that read every card").
 *
 *   npx tsx scripts/scale-sweep.ts [--cards 1000000]
 */
import { createSimulator } from '../src/nodeSimulator.js';
import { responseText } from '../src/engine/simResponse.js';
import type { SimRequest } from '../src/engine/simRequest.js';
import { signedV1 } from '../test/aliyun/helpers/sign.js';
import { signHuaweiRequest } from '../test/helpers/huaweiSign.js';
const at = process.argv.indexOf('--cards');
const cards = at >= 0 ? Number(process.argv[at + 1]) : 1_000_000;
const HUAWEI = {
  ak: 'TESTAKHUAWEI0000000',
  sk: 'testSecretKeyHuawei0000000000000000000000',
  projectId: '0123456789abcdef0123456789abcdef',
};
const t = performance.now();
const sim = createSimulator({ cards, settings: { authMode: 'strict', aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 } });
console.log('built', (performance.now() - t).toFixed(0), 'ms');
const acme = sim.fleet.accounts()[0]!;
const sample = sim.fleet.query({ accountId: acme.id }, 0, 1).items[0]!;
const today = new Date().toISOString().slice(0, 10);
const gsl = (path: string, query: Record<string, unknown> = {}, method = 'GET', data?: unknown): SimRequest =>
  signHuaweiRequest({ method, path, query, ...(data !== undefined ? { data } : {}), keys: HUAWEI, at: Date.now() } as never);
const ali = (action: string, params: Record<string, string>, version = '2021-05-20') =>
  signedV1(action, version, params, { method: 'POST', at: Date.now() });
const dy = (action: string, params: Record<string, string>) => ali(action, params, '2017-11-11');
const run = (name: string, make: () => SimRequest) => {
  const times: number[] = [];
  let out = '';
  let status = 0;
  for (let i = 0; i < 5; i++) {
    const req = make();
    const t0 = performance.now();
    const res = sim.handle(req);
    out = responseText(res);
    times.push(performance.now() - t0);
    status = res.status;
  }
  times.sort((a, b) => a - b);
  results.push({
    ms: times[2]!,
    line: `${times[2]!.toFixed(2).padStart(9)} ms  ${status}  ${name}  ${out.slice(0, 70).replace(/\n/g, ' ')}`,
  });
};
const results: Array<{ ms: number; line: string }> = [];
const pools = JSON.parse(responseText(sim.handle(gsl('/v1/sim-pools', { limit: 10, offset: 1 })))) as {
  pools: Array<{ sim_pool_id: number }>;
};
const backs = JSON.parse(responseText(sim.handle(gsl('/v1/back-pools', { limit: 10, offset: 1 })))) as {
  back_pools?: Array<{ back_pool_id: number }>;
};
const month = today.slice(0, 7);
run('ListSimCards', () => gsl('/v1/sim-cards', { limit: 10, offset: 1 }));
run('ShowSimCard', () => gsl(`/v1/sim-cards/${sample.id}`));
run('ShowRealNamed', () => gsl(`/v1/sim-cards/${sample.id}/real-named`));
run('ListWorkOrders', () => gsl('/v1/work-orders', { limit: 10, offset: 1 }));
run('ListTags', () => gsl('/v1/tags', { limit: 10, offset: 1 }));
run('ListAttributes', () => gsl('/v1/attributes', { limit: 10, offset: 1 }));
run('ListProPricePlans', () => gsl('/v1/price-plans', { limit: 10, offset: 1 }));
run('ListSimPricePlans', () => gsl('/v1/sim-price-plans', { sim_card_id: sample.id, limit: 10, offset: 1 }));
run('ListSmsDetails', () => gsl('/v1/sms-send-infos/details', { limit: 10, offset: 1 }));
run('ListSimDeviceMultiply', () => gsl('/v1/sim-cards-multiply', { limit: 10, offset: 1 }));
run('ListNetworkSwitchPolicies', () => gsl('/v1/network-switch-policies', { limit: 10, offset: 1 }));
run('ListSimPools', () => gsl('/v1/sim-pools', { limit: 10, offset: 1 }));
if (pools.pools?.[0])
  run('ListSimPoolMembers', () =>
    gsl(`/v1/sim-pools/${(pools.pools[0] as never as { id: number }).id}/members`, { billing_cycle: month, limit: 10, offset: 1 }),
  );
run('ListBackPools', () => gsl('/v1/back-pools', { limit: 10, offset: 1 }));
if ((backs as never as { pools?: Array<{ id: number }> }).pools?.[0])
  run('ListBackPoolMembers', () =>
    gsl(`/v1/back-pools/${(backs as never as { pools: Array<{ id: number }> }).pools[0]!.id}/members`, {
      billing_cycle: month,
      limit: 10,
      offset: 1,
    }),
  );
run('ListFlowBySimCards', () => gsl('/v1/sim-price-plans/usage/batch-query', {}, 'POST', { sim_card_ids: [sample.id] }));
run('ShowMonthUsages', () => gsl('/v1/sim-cards/month-usages', {}, 'POST', { sim_card_ids: [sample.id], billing_cycles: [month] }));
run('ListSimCardFlowPerDay', () => gsl('/v1/sim-cards/batch-daily-flow', {}, 'POST', { sim_card_ids: [sample.id], month: month }));
run('ListSimPools all cycles', () => gsl('/v1/sim-pools', { limit: 10, offset: 1, billing_cycle: month }));
run('linkcard ListCardInfo', () => ali('ListCardInfo', { PageNo: '1', PageSize: '10' }));
run('linkcard GetCardDetail', () => ali('GetCardDetail', { Iccid: sample.iccid }));
run('linkcard GetCardLatestFlow', () => ali('GetCardLatestFlow', { Iccid: sample.iccid }));
run('linkcard GetCardFlowInfo', () => ali('GetCardFlowInfo', { Iccid: sample.iccid, DateType: 'MONTH' }));
run('linkcard GetCardRealStatus', () => ali('GetCardRealStatus', { Iccid: sample.iccid }));
run('linkcard GetRealNameStatus', () => ali('GetRealNameStatus', { Iccid: sample.iccid }));
run('linkcard GetSimCardStateDistribution', () => ali('GetSimCardStateDistribution', { Date: today.slice(0, 7).replace('-', '') }));
run('linkcard GetCardStatusStatistics', () => ali('GetCardStatusStatistics', {}));
run('linkcard ListOrder', () => ali('ListOrder', { PageNo: '1', PageSize: '10' }));
run('linkcard GetCredentialPoolStatistics', () => ali('GetCredentialPoolStatistics', { CredentialNO: String(sample.orderId ?? '1') }));
run('linkcard ListDirectionalDetail', () => ali('ListDirectionalDetail', { Iccid: sample.iccid, PageNo: '1', PageSize: '10' }));
run('dyiot QueryCardFlowInfo', () => dy('QueryCardFlowInfo', { Iccid: sample.iccid }));
run('dyiot QueryCardInfo', () => dy('QueryCardInfo', { Iccid: sample.iccid }));
run('dyiot QueryCardsInfo', () => dy('QueryCardsInfo', { Iccid: sample.iccid }));
run('dyiot QueryCardStatus', () => dy('QueryCardStatus', { Iccid: sample.iccid }));
run('dyiot QueryPersonalInfo', () => dy('QueryPersonalInfo', { Iccid: sample.iccid }));
run('dyiot QueryIotCardOfferDtl', () => dy('QueryIotCardOfferDtl', { Iccid: sample.iccid }));
run('dyiot QueryCardHistoryFlowInfo', () =>
  dy('QueryCardHistoryFlowInfo', { Iccid: sample.iccid, StartTime: '20250101', EndTime: '20250131' }),
);
run('control overview', () => ({ method: 'GET', path: '/_sim/overview', rawQuery: '', headers: {}, body: new Uint8Array() }));
run('control cards', () => ({ method: 'GET', path: '/_sim/cards', rawQuery: 'limit=10', headers: {}, body: new Uint8Array() }));
run('control work orders', () => ({ method: 'GET', path: '/_sim/work-orders', rawQuery: '', headers: {}, body: new Uint8Array() }));
run('control journal', () => ({ method: 'GET', path: '/_sim/journal', rawQuery: '', headers: {}, body: new Uint8Array() }));
for (const { line } of results.sort((a, b) => b.ms - a.ms)) console.log(line);
