/**
 * The instants the simulator accepts: its clock, scenario and card instants, anything a client
 * or a saved world gives it. Both vendors print four-digit years, and every instant the fleet
 * derives (an expiry years ahead, a renewal) must still be a valid Date: a clock at
 * 8640000000000000 (JavaScript's last instant) or 1e308 made the next listing throw. The
 * range leaves centuries of headroom on both sides for what is derived from it.
 */
export const EARLIEST_INSTANT = Date.UTC(2000, 0, 1);
export const LATEST_INSTANT = Date.UTC(3000, 0, 1) - 1;

/** The rule as error messages and the docs state it. */
export const INSTANT_RANGE = 'from 2000-01-01T00:00:00.000Z to 2999-12-31T23:59:59.999Z';

export function inInstantRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_INSTANT && ms <= LATEST_INSTANT;
}

/**
 * Instants the fleet derived and a saved world carries back (a card opened years before a clock
 * set to 2000, an expiry years after one near 2999): any the vendors can print with a four-digit year.
 */
export const DERIVED_INSTANT_RANGE = 'from 1900-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z';

export function inDerivedInstantRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= Date.UTC(1900, 0, 1) && ms <= Date.UTC(10000, 0, 1) - 1;
}
