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
 * split by plan group. Stops come from the indexes; the usage figures from one pass over the
 * account's cards in use (five passes, one a figure, took 490 ms at a million cards).
 */
export function getCardStatusStatistics({ ctx, account }: ActionCall<unknown>): StatusData {
  const fleet = ctx.fleet;
  const byState = (states: LifecycleState[]) => countWhere(fleet, account.id, states);
  const now = ctx.clock.now();
  const flowOut = { single: 0, sameFlow: 0, pool: 0 };
  const weekWarn = { single: 0, sameFlow: 0, pool: 0 };
  const lowFlow = { single: 0, sameFlow: 0, pool: 0 };
  let singleBelow10 = 0;
  const where = (c: Card): boolean => {
    const plan = fleet.plan(c.planId);
    const group = GROUP[plan.kind];
    if (c.usage.dataKb > plan.dataKb) flowOut[group]++;
    if (c.expiresAt > now && c.expiresAt - now <= WEEK_MS) weekWarn[group]++;
    const rest = restFlowPercentage(c, fleet);
    if (rest < 30) lowFlow[group]++;
    if (rest < 10 && group === 'single') singleBelow10++;
    // Counted, not listed.
    return false;
  };
  fleet.query({ accountId: account.id, indexed: { state: ['active'] }, where }, 0, 0);
  const stops = byState(LIFECYCLE_STATES.filter(isStopped));
  const lowFlowCount = counts(lowFlow).TotalCount;
  return {
    ErrorStopStatisticsDTO: byState(['stoppedAbnormal']),
    ExhaustStopStatisticsDTO: byState(['stoppedAtQuota']),
    ExpireStopStatisticsDTO: byState(['shutDown']),
    ManageStopStatisticsDTO: byState(['stoppedByUser', 'stoppedByCreditControl']),
    UnCertifiedStopStatisticsDTO: byState(['stoppedForRealName']),
    UnbindResumeStatisticsDTO: byState(['stoppedByRebind', 'stoppedByRebindInTest']),
    FlowOutStatisticsDTO: counts(flowOut),
    WeekWarnStatisticsDTO: counts(weekWarn),
    RiskWaringStatisticsDTO: {
      StopCount: stops.TotalCount,
      WarningCount: lowFlowCount,
      LeftFlowPercentageWarnCount: lowFlowCount,
      WaringTotalCount: stops.TotalCount + lowFlowCount,
    },
    SingCardPeriodLeftFlowWarnDTO: { LessFlowPercentage10Count: singleBelow10, LessFlowPercentage30Count: lowFlow.single },
  };
}

/** The account's cards in `states`, by plan group, from the indexes. */
function countWhere(fleet: Fleet, accountId: string, states: LifecycleState[]): Counts {
  const byGroup = { single: 0, sameFlow: 0, pool: 0 };
  for (const [planId, n] of fleet.countsBy(accountId, 'planId', { state: states })) byGroup[GROUP[fleet.plan(planId).kind]] += n;
  return counts(byGroup);
}

function counts(byGroup: { single: number; sameFlow: number; pool: number }): Counts {
  return {
    SingleCardCount: byGroup.single,
    SameFlowCardCount: byGroup.sameFlow,
    PoolCount: byGroup.pool,
    TotalCount: byGroup.single + byGroup.sameFlow + byGroup.pool,
  };
}
