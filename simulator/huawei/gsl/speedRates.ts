import type { Carrier } from '../../../src/fleet/model.js';

const MBPS = 1024;

/**
 * The speed limits (Kbps) each carrier accepts, from the SetSpeedValue reference; -1 lifts the
 * limit on any card. China Mobile's list is not published, so its cards accept either of the
 * other two lists (docs/fidelity.md).
 */
const TELECOM = [1, 64, 256, 512, ...[1, 3, 5, 7, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150].map((m) => m * MBPS)];
const UNICOM = [256, 512, 1 * MBPS, 2 * MBPS, 7.25 * MBPS];

const ALLOWED: Record<Carrier, ReadonlySet<number>> = {
  CTCC: new Set(TELECOM),
  CUCC: new Set(UNICOM),
  CMCC: new Set([...TELECOM, ...UNICOM]),
};

export function speedAllowed(carrier: Carrier, kbps: number): boolean {
  return kbps === -1 || ALLOWED[carrier].has(kbps);
}
