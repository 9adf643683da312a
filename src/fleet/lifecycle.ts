/**
 * The card lifecycle, in our own words. Each vendor view maps these states to its codes
 * (Alibaba Status/OsStatus, Huawei sim_status/operator_status); the table lives in
 * docs/state-mapping.md and in the views, never here.
 */
export const LIFECYCLE_STATES = [
  'testing', // test period: free test data, not yet billed
  'inactive', // delivered, never activated, cannot be activated yet
  'silent', // silent period: activatable, activates on first data
  'active', // in use
  'stoppedByUser', // suspended on the customer's request
  'stoppedAtQuota', // suspended because usage reached the quota or the stop rule
  'stoppedByCreditControl', // suspended for arrears
  'stoppedByRebind', // locked after being moved to another device
  'stoppedByRebindInTest', // the same, during the test period
  'stoppedForRealName', // suspended until the holder completes real-name registration
  'stoppedAbnormal', // suspended by the carrier for abnormal use
  'shutDown', // plan expired: shut down, number still held
  'cancelled', // account closed, number released
] as const;

export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** Things that happen to a card; each is legal only from some states. */
export type LifecycleEvent = 'stop' | 'resume' | 'reachQuota' | 'rebindResume' | 'activate' | 'endTestPeriod' | 'expire' | 'cancel';

const TRANSITIONS: Record<LifecycleEvent, Partial<Record<LifecycleState, LifecycleState>>> = {
  stop: { active: 'stoppedByUser' },
  resume: { stoppedByUser: 'active', stoppedAtQuota: 'active' },
  reachQuota: { active: 'stoppedAtQuota' },
  rebindResume: { stoppedByRebind: 'active', stoppedByRebindInTest: 'testing' },
  activate: { silent: 'active', inactive: 'active', testing: 'active' },
  endTestPeriod: { testing: 'silent' },
  expire: {
    active: 'shutDown',
    stoppedByUser: 'shutDown',
    stoppedAtQuota: 'shutDown',
    stoppedByCreditControl: 'shutDown',
  },
  cancel: Object.fromEntries(LIFECYCLE_STATES.filter((s) => s !== 'cancelled').map((s) => [s, 'cancelled'])),
};

/** The state an event leads to from `from`, or undefined when the event is illegal there. */
export function nextState(from: LifecycleState, event: LifecycleEvent): LifecycleState | undefined {
  return TRANSITIONS[event][from];
}

export function isStopped(state: LifecycleState): boolean {
  return state.startsWith('stopped');
}
