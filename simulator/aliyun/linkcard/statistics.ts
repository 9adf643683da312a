import type { components, operations } from '../../../contracts/generated/aliyun-linkcard.js';
import type { Fleet } from '../../../src/fleet/fleet.js';
import { isStopped, LIFECYCLE_STATES, type LifecycleState } from '../../../src/fleet/lifecycle.js';
import type { Card, PlanKind } from '../../../src/fleet/model.js';
import type { ActionCall } from '../action.js';
import { restFlowPercentage } from './cardFilter.js';

type DistributionParams = operations['GetSimCardStateDistribution']['parameters']['query'];
type DistributionData = components['schemas']['GetSimCardStateDistributionData'];
type StatusData = components['schemas']['GetCardStatusStatisticsData'];
type Counts = components['schemas']['GetCardStatusStatisticsData']['ErrorStopStatisticsDTO'];

/**
 * GetSimCardStateDistribution: the account's cards by coarse status, from the state index, so
 * the counts always add up to the fleet. The state is today's whatever `Date` asks (the fleet
 * keeps no history); a CredentialNO narrows it to the plans sold under that tariff code.
 */
export function getSimCardStateDistribution({ ctx, account, params }: ActionCall<DistributionParams>): DistributionData {
  const counts = countsByState(ctx.fleet, account.id, params.CredentialNO);
  const sum = (states: readonly LifecycleState[]) => states.reduce((n, s) => n + (counts.get(s) ?? 0), 0);
  return {
    CardCount: sum(LIFECYCLE_STATES),
    TestCount: sum(['testing']),
    UnusedCount: sum(['inactive', 'silent']),
    UsingCount: sum(['active']),
    StopCount: sum(LIFECYCLE_STATES.filter(isStopped)),
    ShutDownCount: sum(['shutDown']),
    DestoryedCount: sum(['cancelled']),
  };
}

function countsByState(fleet: Fleet, accountId: string, tariffCode: string | undefined): Map<LifecycleState, number> {
  if (tariffCode === undefined) return fleet.stateCounts(accountId);
  const planId = fleet
    .plans()
    .filter((p) => p.tariffCode === tariffCode)
    .map((p) => p.id);
  const counts = new Map<LifecycleState, number>();
  for (const state of LIFECYCLE_STATES) counts.set(state, fleet.query({ accountId, indexed: { state: [state], planId } }, 0, 0).total);
  return counts;
}

/** linkcard groups plans three ways in its statistics. */
const GROUP: Record<PlanKind, 'single' | 'sameFlow' | 'pool'> = {
  single: 'single',
  directional: 'single',
  sharedPool: 'sameFlow',
  directionalSharedPool: 'sameFlow',
  unifiedPayPool: 'pool',
};

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * GetCardStatusStatistics: stopped cards by reason (one lifecycle state each), cards past their
 * allowance (FlowOut), cards expiring within a week (WeekWarn), and the usage warnings, each
 * split by plan group. Stops come from the indexes; the usage figures need a pass over the
 * account's cards in use.
 */
export function getCardStatusStatistics({ ctx, account }: ActionCall<unknown>): StatusData {
  const fleet = ctx.fleet;
  const byState = (states: LifecycleState[]) => countWhere(fleet, account.id, states);
  const now = ctx.clock.now();
  const inUse = (where: (card: Card) => boolean) => countWhere(fleet, account.id, ['active'], where);
  const singleRest = (limit: number) =>
    fleet.query(
      {
        accountId: account.id,
        indexed: { state: ['active'] },
        where: (c) => GROUP[fleet.plan(c.planId).kind] === 'single' && restFlowPercentage(c, fleet) < limit,
      },
      0,
      0,
    ).total;
  const stops = byState(LIFECYCLE_STATES.filter(isStopped));
  const lowFlow = inUse((c) => restFlowPercentage(c, fleet) < 30);
  return {
    ErrorStopStatisticsDTO: byState(['stoppedAbnormal']),
    ExhaustStopStatisticsDTO: byState(['stoppedAtQuota']),
    ExpireStopStatisticsDTO: byState(['shutDown']),
    ManageStopStatisticsDTO: byState(['stoppedByUser', 'stoppedByCreditControl']),
    UnCertifiedStopStatisticsDTO: byState(['stoppedForRealName']),
    UnbindResumeStatisticsDTO: byState(['stoppedByRebind', 'stoppedByRebindInTest']),
    FlowOutStatisticsDTO: inUse((c) => c.usage.dataKb > fleet.plan(c.planId).dataKb),
    WeekWarnStatisticsDTO: inUse((c) => c.expiresAt > now && c.expiresAt - now <= WEEK_MS),
    RiskWaringStatisticsDTO: {
      StopCount: stops.TotalCount,
      WarningCount: lowFlow.TotalCount,
      LeftFlowPercentageWarnCount: lowFlow.TotalCount,
      WaringTotalCount: stops.TotalCount + lowFlow.TotalCount,
    },
    SingCardPeriodLeftFlowWarnDTO: { LessFlowPercentage10Count: singleRest(10), LessFlowPercentage30Count: singleRest(30) },
  };
}

function countWhere(fleet: Fleet, accountId: string, states: LifecycleState[], where?: (card: Card) => boolean): Counts {
  const counts = { single: 0, sameFlow: 0, pool: 0 };
  for (const plan of fleet.plans()) {
    const q = { accountId, indexed: { state: states, planId: [plan.id] }, ...(where ? { where } : {}) };
    counts[GROUP[plan.kind]] += fleet.query(q, 0, 0).total;
  }
  return {
    SingleCardCount: counts.single,
    SameFlowCardCount: counts.sameFlow,
    PoolCount: counts.pool,
    TotalCount: counts.single + counts.sameFlow + counts.pool,
  };
}
