import type { components } from '../../../contracts/generated/aliyun-linkcard.js';
import { LIFECYCLE_STATES, type LifecycleState } from '../../../src/fleet/lifecycle.js';

type CardInfo = components['schemas']['CardInfo'];

/** linkcard `Status` (coarse) and `OsStatus` (detailed), aliyun-api.md §1.5; docs/state-mapping.md. */
export interface AliyunStatus {
  readonly Status: CardInfo['Status'];
  readonly OsStatus: CardInfo['OsStatus'];
}

const BY_STATE: Record<LifecycleState, AliyunStatus> = {
  testing: { Status: '10', OsStatus: '10' },
  inactive: { Status: '20', OsStatus: '20' },
  silent: { Status: '20', OsStatus: '20' },
  active: { Status: '30', OsStatus: '100' },
  stoppedByUser: { Status: '35', OsStatus: '200' },
  stoppedAtQuota: { Status: '35', OsStatus: '300' },
  stoppedByCreditControl: { Status: '35', OsStatus: '400' },
  stoppedByRebind: { Status: '35', OsStatus: '500' },
  stoppedByRebindInTest: { Status: '35', OsStatus: '130' },
  stoppedForRealName: { Status: '35', OsStatus: '600' },
  stoppedAbnormal: { Status: '35', OsStatus: '700' },
  shutDown: { Status: '40', OsStatus: '40' },
  cancelled: { Status: '50', OsStatus: '50' },
};

export function aliyunStatus(state: LifecycleState): AliyunStatus {
  return BY_STATE[state];
}

function reverse(field: keyof AliyunStatus): ReadonlyMap<string, readonly LifecycleState[]> {
  const map = new Map<string, LifecycleState[]>();
  for (const state of LIFECYCLE_STATES) {
    const code = BY_STATE[state][field];
    const states = map.get(code);
    if (states) states.push(state);
    else map.set(code, [state]);
  }
  return map;
}

const BY_STATUS = reverse('Status');
const BY_OS_STATUS = reverse('OsStatus');

/**
 * The lifecycle states a Status and/or OsStatus filter selects (both given: the states matching
 * both); undefined when neither is given. A code no state maps to (OsStatus 150, multi-network
 * cards) selects nothing.
 */
export function statesFor(status: string | undefined, osStatus: string | undefined): LifecycleState[] | undefined {
  if (status === undefined && osStatus === undefined) return undefined;
  const byStatus = status === undefined ? undefined : (BY_STATUS.get(status) ?? []);
  const byOsStatus = osStatus === undefined ? undefined : (BY_OS_STATUS.get(osStatus) ?? []);
  if (!byStatus) return [...byOsStatus!];
  if (!byOsStatus) return [...byStatus];
  return byStatus.filter((state) => byOsStatus.includes(state));
}
