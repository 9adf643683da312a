import type { components, operations } from '../../../contracts/generated/aliyun-linkcard.js';
import type { Fleet } from '../../../src/fleet/fleet.js';
import { isStopped, LIFECYCLE_STATES, type LifecycleState } from '../../../src/fleet/lifecycle.js';
import type { Card, PlanKind } from '../../../src/fleet/model.js';
import type { ActionCall } from '../action.js';
import { restFlowPercentageOf } from './cardFilter.js';
import { allowanceKb } from '../../../src/fleet/usage/allowance.js';

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

/** Per plan group, as linkcard's statistics count. */
type ByGroup = Record<'single' | 'sameFlow' | 'pool', number>;
const none = (): ByGroup => ({ single: 0, sameFlow: 0, pool: 0 });

/** The states GetCardStatusStatistics counts cards in: every stop, and the expired. */
const COUNTED_STATES: readonly LifecycleState[] = [...LIFECYCLE_STATES.filter(isStopped), 'shutDown'];

/**
 * GetCardStatusStatistics: stopped cards by reason (one lifecycle state each), cards past their
 * allowance (FlowOut), cards expiring within a week (WeekWarn), and the usage warnings, each
 * split by plan group. Two passes, each over the cards it counts: the stopped and expired by
 * state and group, the cards in use by figure (seven index queries of every plan, and five passes
 * over the cards in use, one a figure, took 525 ms at a million cards).
 */
export function getCardStatusStatistics({ ctx, account }: ActionCall<unknown>): StatusData {
  const fleet = ctx.fleet;
  const groupOf = (card: Card) => GROUP[fleet.plan(card.planId).kind];
  const inState = new Map<LifecycleState, ByGroup>(COUNTED_STATES.map((state) => [state, none()]));
  fleet.forEachMatch({ accountId: account.id, indexed: { state: COUNTED_STATES } }, (c) => inState.get(c.state)![groupOf(c)]++);
  const byState = (states: readonly LifecycleState[]): Counts => {
    const sum = none();
    for (const state of states) for (const group of GROUPS) sum[group] += inState.get(state)![group];
    return counts(sum);
  };

  const now = ctx.clock.now();
  const flowOut = none();
  const weekWarn = none();
  const lowFlow = none();
  let singleBelow10 = 0;
  fleet.forEachMatch({ accountId: account.id, indexed: { state: ['active'] } }, (c) => {
    const plan = fleet.plan(c.planId);
    const group = GROUP[plan.kind];
    const used = c.usage.dataKb;
    if (used > plan.dataKb) flowOut[group]++;
    const expiresAt = c.expiresAt;
    if (expiresAt > now && expiresAt - now <= WEEK_MS) weekWarn[group]++;
    const rest = restFlowPercentageOf(used, allowanceKb(c, plan));
    if (rest < 30) lowFlow[group]++;
    if (rest < 10 && group === 'single') singleBelow10++;
  });
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

const GROUPS = ['single', 'sameFlow', 'pool'] as const;

function counts(byGroup: ByGroup): Counts {
  return {
    SingleCardCount: byGroup.single,
    SameFlowCardCount: byGroup.sameFlow,
    PoolCount: byGroup.pool,
    TotalCount: byGroup.single + byGroup.sameFlow + byGroup.pool,
  };
}
