import type { SimClock } from './engine/clock.js';
import { signatureNow, type SimulatorSettings } from './engine/context.js';
import { checkSetting, isSettingName } from './engine/settingsRules.js';
import type { ReplayGuard } from './engine/replayGuard.js';
import type { SealKeys } from './engine/sealKeys.js';
import type { RequestIds } from './engine/requestIds.js';
import type { Fleet } from './fleet/fleet.js';
import { applyFleetDelta, exportFleetDelta, type ExportOptions } from './fleet/fleetState.js';
import { chinaDay, dayStart } from './fleet/usage/chinaDays.js';
import { buildFleet, effectiveBlocks } from '../fixtures/buildFleet.js';
import { parseScenario } from '../fixtures/parseScenario.js';
import { SCENARIO_FORMAT, type Scenario, type ScenarioState } from '../fixtures/scenario.js';

/**
 * One world a simulator serves: the scenario it was generated from (the seed and counts in
 * force, the instant of generation) and the fleet, changed since or not. A saved world is that
 * scenario plus the delta since generation, so a million generated cards are never written out:
 * the same scenario, seed and instant regenerate them exactly.
 */
export interface World {
  /** The validated scenario, without any saved state. */
  readonly scenario: Scenario;
  readonly seed: number;
  /** The `cards` override in force, if any. */
  readonly cards: number | undefined;
  /** The instant the fleet was generated at. */
  readonly generatedAt: number;
  readonly fleet: Fleet;
  /** A loaded save: what to put back into the clock, ids, nonces and settings once installed. */
  readonly saved: { restoreInto(runtime: Runtime): void } | undefined;
}

/** The parts of a simulator outside the fleet that a saved world carries. */
export interface Runtime {
  clock: SimClock;
  requestIds: RequestIds;
  nonces: ReplayGuard;
  settings: SimulatorSettings;
  keys: SealKeys;
}

export interface WorldOptions {
  seed?: number;
  cards?: number;
  /** When the fleet is generated, unless the scenario is a saved world (which says when it was). */
  now: number;
  onProgress?: (generated: number, total: number) => void;
}

/** Validates a scenario and generates its world; a saved one gets its changes back. Nothing shared is touched. */
export function buildWorld(input: unknown, options: WorldOptions): World {
  const name = (input as { name?: unknown } | null)?.name;
  // Named after the scenario when it has a usable name; never a stringified object.
  const {
    state,
    format: _format,
    ...scenario
  } = parseScenario(input, typeof name === 'string' && name !== '' ? `scenario '${name.slice(0, 64)}'` : undefined);
  const seed = options.seed ?? scenario.seed ?? 1;
  const generatedAt = state ? Date.parse(state.generatedAt) : options.now;
  const fleet = buildFleet(scenario, {
    seed,
    now: generatedAt,
    ...(options.cards !== undefined ? { cards: options.cards } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  fleet.markGenerated();
  if (state) applyFleetDelta(fleet, state);
  if (state?.usageSummedTo !== undefined) fleet.usage.restoreSummedThrough(chinaDay(Date.parse(state.usageSummedTo)));
  return { scenario, seed, cards: options.cards, generatedAt, fleet, saved: state ? savedRuntime(state) : undefined };
}

function savedRuntime(state: ScenarioState): World['saved'] {
  return {
    restoreInto({ clock, requestIds, nonces, settings, keys }) {
      const { mode, now, rate, savedAt } = state.clock;
      clock.restore({ mode, now: Date.parse(now), rate, realAt: Date.parse(savedAt) });
      if (state.requestIds !== undefined) requestIds.position = state.requestIds;
      // A save without keys (an older version's) keeps this simulator's: its tokens were sealed by another key anyway.
      if (state.keys) keys.iamToken = state.keys.iamToken;
      // Only settings this version knows; a setting saved by another version is ignored.
      for (const [name, value] of Object.entries(state.settings ?? {})) {
        if (!isSettingName(name)) continue;
        const check = checkSetting(name, value);
        if (check.ok) (settings as unknown as Record<string, unknown>)[name] = check.value;
      }
      // Last, the signature clock restored: a nonce's `until` is its request's signed timestamp plus
      // the window, so it expires on the clock the guard is given (signatureNow), not the simulated
      // one. Against the simulated clock a `+30d` move (what the default, 'wall', is made for) dropped
      // every nonce, and a replay inside its window was carried out again after a restart.
      if (state.nonces) nonces.restore(state.nonces, signatureNow({ clock, settings }));
    },
  };
}

/** The world as a scenario file: its definition (seed and counts made explicit) plus its state. */
export function exportWorld(world: World, runtime: Runtime, options: ExportOptions = {}): Scenario {
  const { generatedAt, clock, requestIds, usageSummedTo, ...rest } = runtimeState(world, runtime);
  const state: ScenarioState = {
    generatedAt,
    clock,
    ...exportFleetDelta(world.fleet, options),
    requestIds,
    // Only nonces still in their window (on the signature clock, as on restore): an expired one
    // guards nothing and would only grow the file.
    nonces: runtime.nonces.entries(signatureNow(runtime)),
    ...rest,
    // Left out, not undefined, while it says nothing (RUNTIME_MEMBERS).
    ...(usageSummedTo !== undefined ? { usageSummedTo } : {}),
  };
  return {
    format: SCENARIO_FORMAT,
    ...world.scenario,
    seed: world.seed,
    ...(world.cards !== undefined
      ? { generate: effectiveBlocks(world.scenario, world.cards).map(({ block, count }) => ({ ...block, count })) }
      : {}),
    state,
  };
}

/** A saved state's members outside the fleet, the nonces aside. */
export type RuntimeState = Omit<ScenarioState, 'removed' | 'cards' | 'books' | 'nonces'>;
export type RuntimeMemberName = keyof RuntimeState;

/**
 * Each member of RuntimeState: its saved value, and what it is compared by. The key is cheap (no
 * ISO string, no copy: the state file's change log reads every key at every commit, and building
 * the whole runtime state for that was a fifth of a commit) and equal (===) exactly when the saved
 * value says the same thing. A member added to ScenarioState fails to compile until it is here.
 */
const RUNTIME_MEMBERS: {
  readonly [K in RuntimeMemberName]-?: {
    /** Undefined only for a member a save may leave out (then it is not written). */
    value(world: World, runtime: Omit<Runtime, 'nonces'>): RuntimeState[K];
    key(world: World, runtime: Omit<Runtime, 'nonces'>): string | number;
  };
} = {
  generatedAt: { value: (world) => iso(world.generatedAt), key: (world) => world.generatedAt },
  clock: {
    value: (_, { clock }) => {
      const snapshot = clock.snapshot();
      return { mode: snapshot.mode, now: iso(snapshot.now), rate: snapshot.rate, savedAt: iso(snapshot.realAt) };
    },
    // A running clock's saved instant moves at every read; where it stands at a given real instant,
    // and its rate, change only when it is set, moved, frozen, resumed or sped up.
    key: (_, { clock }) => clock.definition(),
  },
  requestIds: { value: (_, { requestIds }) => requestIds.position, key: (_, { requestIds }) => requestIds.position },
  keys: { value: (_, { keys }) => ({ iamToken: keys.iamToken }), key: (_, { keys }) => keys.iamToken },
  settings: {
    value: (_, { settings }) => JSON.parse(JSON.stringify(settings)) as Record<string, unknown>,
    key: (_, { settings }) => JSON.stringify(settings),
  },
  // Only while it says something: past the clock's day (the clock moved back). Left out otherwise,
  // so a save reads as before to a version that does not know the member.
  usageSummedTo: {
    value: (world, { clock }) => {
      const day = summedAhead(world, clock);
      return day === undefined ? undefined : iso(dayStart(day));
    },
    key: (world, { clock }) => summedAhead(world, clock) ?? -1,
  },
};
const RUNTIME_MEMBER_NAMES = Object.keys(RUNTIME_MEMBERS) as RuntimeMemberName[];

const iso = (ms: number) => new Date(ms).toISOString();

/** The furthest day the fleet's usage was summed to, when it is past the clock's day. */
function summedAhead(world: World, clock: SimClock): number | undefined {
  const day = world.fleet.usage.summedThrough;
  return day !== undefined && day > chinaDay(clock.now()) ? day : undefined;
}

/**
 * The saved state but for the fleet's changes and the nonces: the clock, request ids, keys and
 * settings (`only`: just those members). Cheap (no card is read), for the state file's change log,
 * which takes the rest from what the fleet and the replay guard say changed.
 */
export function runtimeState(world: World, runtime: Omit<Runtime, 'nonces'>, only?: readonly RuntimeMemberName[]): RuntimeState {
  const state: Partial<Record<RuntimeMemberName, unknown>> = {};
  for (const name of only ?? RUNTIME_MEMBER_NAMES) state[name] = RUNTIME_MEMBERS[name].value(world, runtime);
  return state as RuntimeState;
}

/** What each runtime member is compared by (see RUNTIME_MEMBERS): equal keys, the same saved value. */
export function runtimeKeys(world: World, runtime: Omit<Runtime, 'nonces'>): Record<RuntimeMemberName, string | number> {
  const keys = {} as Record<RuntimeMemberName, string | number>;
  for (const name of RUNTIME_MEMBER_NAMES) keys[name] = RUNTIME_MEMBERS[name].key(world, runtime);
  return keys;
}
