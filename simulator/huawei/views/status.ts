import type { components } from '../../../contracts/generated/huawei-gsl.js';
import { LIFECYCLE_STATES, type LifecycleState } from '../../../src/fleet/lifecycle.js';
import type { Card, SimKind } from '../../../src/fleet/model.js';

type SimDeviceVO = components['schemas']['SimDeviceVO'];
type SimType = SimDeviceVO['sim_type'];
type OperatorStatus = SimDeviceVO['operator_status'];

/**
 * Lifecycle state ⇄ GSL `sim_status` / `operator_status` (docs/state-mapping.md). GSL has one
 * "stopped" status (14) and tells the reasons apart with the operator status, so filters on
 * `sim_status` select every state that maps to the code.
 */
const BY_STATE: Record<LifecycleState, { sim_status: number; operator_status: OperatorStatus }> = {
  testing: { sim_status: 10, operator_status: -1 },
  inactive: { sim_status: 11, operator_status: -1 },
  silent: { sim_status: 13, operator_status: -1 },
  active: { sim_status: 20, operator_status: -1 },
  stoppedByUser: { sim_status: 14, operator_status: 5 },
  stoppedAtQuota: { sim_status: 14, operator_status: 1 },
  stoppedByCreditControl: { sim_status: 14, operator_status: 4 },
  stoppedByRebind: { sim_status: 14, operator_status: 7 },
  stoppedByRebindInTest: { sim_status: 14, operator_status: 7 },
  stoppedForRealName: { sim_status: 14, operator_status: 6 },
  stoppedAbnormal: { sim_status: 14, operator_status: 6 },
  shutDown: { sim_status: 14, operator_status: 4 },
  cancelled: { sim_status: 30, operator_status: -1 },
};

export function simStatusOf(state: LifecycleState): number {
  return BY_STATE[state].sim_status;
}

export function operatorStatusOf(state: LifecycleState): OperatorStatus {
  return BY_STATE[state].operator_status;
}

const STATES_BY_SIM_STATUS = new Map<number, LifecycleState[]>();
for (const state of LIFECYCLE_STATES) {
  const code = BY_STATE[state].sim_status;
  STATES_BY_SIM_STATUS.set(code, [...(STATES_BY_SIM_STATUS.get(code) ?? []), state]);
}

/** Every state shown with this `sim_status` (none for a code GSL does not use). */
export function statesWithSimStatus(code: number): LifecycleState[] {
  return STATES_BY_SIM_STATUS.get(code) ?? [];
}

/**
 * The state GSL calls 停机保号 (stopped, number kept), which `filter_downtime_period` leaves out:
 * an expired plan whose number is still held.
 */
export const DOWNTIME_PERIOD_STATES: readonly LifecycleState[] = ['shutDown'];

const SIM_TYPE: Record<SimKind, SimType> = { vsim: 1, esim: 2, physical: 3 };

export function simTypeOf(kind: SimKind): SimType {
  return SIM_TYPE[kind];
}

export function simKindsWithSimType(code: number): SimKind[] {
  return (Object.keys(SIM_TYPE) as SimKind[]).filter((kind) => SIM_TYPE[kind] === code);
}

/**
 * `device_status` (1 registered, 2 restarted, 3 online, 4 offline) exists only for eSIM and vSIM;
 * physical cards report null. The fleet keeps no device sessions, so a card that can carry data
 * (test period or in use) counts as online and any other as offline.
 */
export function deviceStatusOf(card: Card): number | null {
  if (card.simKind === 'physical') return null;
  return card.state === 'active' || card.state === 'testing' ? 3 : 4;
}
