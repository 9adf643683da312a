/**
 * Fixed one-second windows of the simulated clock, counted per key (account × API): the shape of
 * both vendors' flow control. State is per simulated world (keyed by an owner object, the fleet),
 * never shared between simulators in one process.
 */
interface Window {
  second: number;
  count: number;
}

const windowsByWorld = new WeakMap<object, Map<string, Window>>();

/** Counts one call; true while the key is within `limit` calls in the current second. */
export function withinRate(world: object, key: string, nowMs: number, limit: number): boolean {
  let windows = windowsByWorld.get(world);
  if (!windows) windowsByWorld.set(world, (windows = new Map()));
  const second = Math.floor(nowMs / 1000);
  let window = windows.get(key);
  if (!window || window.second !== second) {
    // Windows are replaced in place; bound the map against many APIs × accounts.
    if (!window && windows.size >= 10_000) windows.clear();
    windows.set(key, (window = { second, count: 0 }));
  }
  window.count++;
  return window.count <= limit;
}
