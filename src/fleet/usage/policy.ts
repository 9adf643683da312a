import type { PlanKind } from '../model.js';

/** Choices of the usage model a scenario or test may change (docs/usage-model.md). */
export interface UsagePolicy {
  /**
   * Plan kinds whose cards stop once the period's data reaches the allowance, with no stop rule
   * set: single-card plans (通用/定向流量 with 达量断网). Pool plans share their data, so their
   * cards stop only on a customer's rule (Alibaba SetCardStopRule).
   */
  readonly stopAtQuota: ReadonlySet<PlanKind>;
  /** The silent period after a test period, in days: it ends at first data or after at most this. */
  readonly silentPeriodDays: number;
}

export const DEFAULT_USAGE_POLICY: UsagePolicy = {
  stopAtQuota: new Set<PlanKind>(['single', 'directional']),
  silentPeriodDays: 90,
};
