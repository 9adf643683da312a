import { CARRIERS, type Account } from '../fleet/model.js';
import type { Fleet } from '../fleet/fleet.js';
import { LIFECYCLE_STATES } from '../fleet/lifecycle.js';
import { NEAR_QUOTA, quotaBand } from './quota.js';
import type { ControlRoute } from './route.js';

/**
 * The fleet at a glance, for the console's overview: per account, cards by lifecycle state,
 * carrier and plan, which vendor APIs see them, and data used this period against allowance.
 * Everything comes from the indexes and the usage columns (typed arrays), never from a walk over
 * card objects, so a million-card fleet answers in milliseconds.
 */
export const overviewRoutes: ControlRoute[] = [
  {
    method: 'GET',
    path: '/overview',
    operationId: 'GetOverview',
    settles: true,
    handle: (_req, sim) => {
      const fleet = sim.fleet;
      const accounts = fleet.accounts().map((account) => accountOverview(fleet, account));
      return {
        json: {
          scenario: sim.scenario.name,
          now: new Date(sim.clock.now()).toISOString(),
          cards: fleet.size,
          accounts,
          nearQuotaShare: NEAR_QUOTA,
        },
      };
    },
  },
];

function accountOverview(fleet: Fleet, account: Account) {
  const accountId = account.id;
  const states = Object.fromEntries([...fleet.stateCounts(accountId)].filter(([, n]) => n > 0).sort(byLifecycle));
  const byCarrier = fleet.countsBy(accountId, 'carrier');
  const carriers = Object.fromEntries(CARRIERS.map((c): [string, number] => [c, byCarrier.get(c) ?? 0]).filter(([, n]) => n > 0));
  const byPlan = fleet.countsBy(accountId, 'planId');
  const plans = fleet
    .plans()
    .map((plan) => ({ id: plan.id, name: plan.name, carrier: plan.carrier, cards: byPlan.get(plan.id) ?? 0 }))
    .filter((p) => p.cards > 0);
  const cards = fleet.query({ accountId }, 0, 0).total;
  const vendors = [...(account.aliyun ? ['aliyun'] : []), ...(account.huawei ? ['huawei'] : [])];
  return { id: accountId, name: account.name, vendors, cards, states, carriers, plans, usage: usageOverview(fleet, accountId) };
}

function byLifecycle([a]: [string, number], [b]: [string, number]): number {
  return (LIFECYCLE_STATES as readonly string[]).indexOf(a) - (LIFECYCLE_STATES as readonly string[]).indexOf(b);
}

/**
 * Data used this period against allowance, summed, with the cards in each band of use (quota.ts). The usage
 * condition's test is handed every card's (used, allowance) pair straight from the usage columns,
 * so it doubles as the one pass that sums them; it keeps no card (answers false).
 */
function usageOverview(fleet: Fleet, accountId: string) {
  let usedSum = 0;
  let allowanceSum = 0;
  const bands = { under50: 0, under80: 0, under100: 0, over: 0, unlimited: 0 };
  fleet.query(
    {
      accountId,
      usage: {
        test: (used, allowance) => {
          usedSum += used;
          allowanceSum += allowance;
          bands[quotaBand(used, allowance)]++;
          return false;
        },
      },
    },
    0,
    0,
  );
  return {
    usedKb: usedSum,
    allowanceKb: allowanceSum,
    bands,
  };
}
