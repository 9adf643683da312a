import { pureDigests, type Digests } from './crypto/digests.js';
import { SimClock } from './engine/clock.js';
import { DEFAULT_SETTINGS, type EngineContext, type SimulatorSettings } from './engine/context.js';
import { Engine } from './engine/engine.js';
import { ReplayGuard } from './engine/replayGuard.js';
import { SealKeys } from './engine/sealKeys.js';
import { RequestIds } from './engine/requestIds.js';
import { MAX_BODY_BYTES, type SimRequest } from './engine/simRequest.js';
import { jsonResponse, type SimResponse } from './engine/simResponse.js';
import type { Fleet } from './fleet/fleet.js';
import type { ExportOptions } from './fleet/fleetState.js';
import { defaultScenario } from '../fixtures/defaultScenario.js';
import type { Scenario } from '../fixtures/scenario.js';
import { createAliyunSurface } from '../simulator/aliyun/surface.js';
import { createHuaweiSurface } from '../simulator/huawei/surface.js';
import { ControlPlane } from './control/controlPlane.js';
import { CONTROL_ROUTES } from './control/routes.js';
import { buildWorld, exportWorld, runtimeKeys, runtimeState, type RuntimeMemberName, type RuntimeState, type World } from './world.js';
import { FaultSet } from './control/faults/faultSet.js';
import { Journal, journalEntry } from './control/journal/journal.js';

export interface SimulatorOptions {
  /**
   * The fleet to serve; default: the embedded default scenario. A scenario with a `state` (an
   * export) resumes that saved world, its clock, settings and request ids over `clock`, `settings`.
   */
  scenario?: Scenario;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides how many cards are generated (pinned cards come on top). */
  cards?: number;
  /** A clock to share, or where a new one starts (ISO string or epoch ms) and whether it is frozen. */
  clock?: SimClock | { start?: string | number | Date; frozen?: boolean; rate?: number };
  settings?: Partial<SimulatorSettings>;
  /** Called while the fleet is generated (generated cards so far, total), e.g. for a progress bar. */
  onFleetProgress?: (generated: number, total: number) => void;
  /** Hash implementation; the Node entry point passes node:crypto, the default is pure JS. */
  digests?: Digests;
  /**
   * Requires `Authorization: Bearer <token>` on the control plane (except its public reads).
   * `startServer` sets one when it listens beyond loopback (docs/control-plane.md, "Access token").
   */
  controlToken?: string;
  /**
   * Told about failures nobody mapped to a vendor error (our bugs), with the request; the CLI logs
   * them. Given here, once: the engine's hooks are fixed at construction.
   */
  onUnexpected?: (err: unknown, req: SimRequest) => void;
}

/** One simulated world: a fleet, a clock, and the engine that answers both vendors' APIs. */
export interface Simulator {
  readonly engine: Engine;
  /** The current world's fleet (a reset or load replaces it: read it here, do not keep it). */
  readonly fleet: Fleet;
  readonly clock: SimClock;
  readonly settings: SimulatorSettings;
  /** When this simulator was created, in wall-clock epoch ms (its uptime, in GET /_sim/health). */
  readonly startedAt: number;
  /** The scenario the current fleet was generated from (without its saved state). */
  readonly scenario: Scenario;
  /** Answers one request (vendor API or control plane), exactly as the HTTP server would. */
  handle(req: SimRequest): SimResponse;
  /** Back to the scenario's generated fleet: every change since is dropped. The clock is left alone. */
  reset(): void;
  /**
   * Replaces the world with a scenario (validated: a ScenarioError says what is wrong, and the
   * current world stays). A scenario with a `state` (an export) resumes that world, clock included.
   */
  loadScenario(scenario: unknown): void;
  /**
   * The whole world as a scenario: the definition plus everything changed since generation. A copy,
   * unless `shared` is asked for: then some values are the world's own, and the export must be
   * serialised before anything else runs (what the state file does with its snapshots).
   */
  exportScenario(options?: ExportOptions): Scenario;
  /**
   * The exported state's members outside the fleet, the nonces aside (the clock, request ids,
   * keys, settings; `only`: just those), without reading a card: the state file's change log takes
   * the rest from what the fleet and the replay guard say changed.
   */
  exportRuntime(only?: readonly RuntimeMemberName[]): RuntimeState;
  /** What each of those members is compared by: equal keys, the same saved value (cheap; see world.ts). */
  runtimeKeys(): Record<RuntimeMemberName, string | number>;
  /**
   * Calls `listener` after anything that may have changed the world (every vendor request, every
   * control-plane change); returns the unsubscribe function. For persistence: debounce and save.
   */
  onChange(listener: () => void): () => void;
  /** Tells the change listeners about a change made directly through `fleet` or `clock`. */
  notifyChange(): void;
  /** Injected faults (docs/control-plane.md, "Faults"); they belong to the simulator and survive reset and load. */
  readonly faults: FaultSet;
  /** Every vendor request answered, the last `settings.journalLimit` of them; survives reset and load too. */
  readonly journal: Journal;
  /** The control plane's access token; undefined leaves it open (loopback). Not part of the world: never exported. */
  controlToken?: string | undefined;
}

/** The control plane's own error for a body over MAX_BODY_BYTES (it was never read). */
const controlTooLarge = (): SimResponse =>
  jsonResponse(413, { error: { code: 'PayloadTooLarge', message: `the request body is over ${MAX_BODY_BYTES} bytes` } });

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const clock =
    options.clock instanceof SimClock
      ? options.clock
      : new SimClock({
          ...(options.clock?.start !== undefined ? { start: toInstant(options.clock.start) } : {}),
          ...(options.clock?.rate !== undefined ? { rate: options.clock.rate } : {}),
          frozen: options.clock?.frozen ?? false,
        });
  const scenario = options.scenario ?? defaultScenario;
  const settings: SimulatorSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const world = buildWorld(scenario, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.cards !== undefined ? { cards: options.cards } : {}),
    ...(options.onFleetProgress ? { onProgress: options.onFleetProgress } : {}),
    now: clock.now(),
  });
  // The surfaces read the fleet from this context on every request, so swapping the world is
  // one assignment here and nothing holds on to a stale fleet.
  const context: Omit<EngineContext, 'fleet'> & { fleet: Fleet } = {
    fleet: world.fleet,
    clock,
    digests: options.digests ?? pureDigests,
    requestIds: new RequestIds(world.seed),
    nonces: new ReplayGuard(settings.signatureWindowMs),
    settings,
    keys: new SealKeys(),
  };
  let current: World = world;
  const install = (next: World) => {
    current = next;
    context.fleet = next.fleet;
    if (next.saved) next.saved.restoreInto({ clock, requestIds: context.requestIds, nonces: context.nonces, settings, keys: context.keys });
  };
  install(world);
  const aliyun = createAliyunSurface();
  const huawei = createHuaweiSurface();
  const surfaces = [aliyun, huawei];
  const faults = new FaultSet((code, vendor) => surfaces.some((s) => (vendor === undefined || s.vendor === vendor) && s.knowsError(code)));
  const journal = new Journal(() => settings.journalLimit);
  // The simulator owns the fault rules and the journal, the embedder its log: each hook is given here, once.
  const engine = new Engine(context, surfaces, huawei, {
    checkpoint: (req, trace) => {
      if (faults.size > 0) faults.apply(req, trace);
    },
    onServed: (req, trace, res, elapsedMs) => journal.add(journalEntry(req, trace, res, elapsedMs, clock.now())),
    onUnexpected: options.onUnexpected,
  });
  const control = new ControlPlane(CONTROL_ROUTES);
  const listeners = new Set<() => void>();
  const notifyChange = () => {
    for (const listener of listeners) listener();
  };
  const simulator: Simulator = {
    engine,
    get fleet() {
      return context.fleet;
    },
    clock,
    settings,
    startedAt: Date.now(),
    get scenario() {
      return current.scenario;
    },
    // The control plane answers first: /_sim/ is reserved and never reaches a vendor surface.
    handle: (req) => {
      const controlled = control.claims(req);
      const res = controlled ? (req.bodyTooLarge ? controlTooLarge() : control.handle(req, simulator)) : engine.handle(req);
      // Vendor calls change something nearly always (request ids, usage, work orders); the
      // control plane's reads change nothing.
      if (!controlled || req.method !== 'GET') notifyChange();
      return res;
    },
    reset: () =>
      install(
        buildWorld(current.scenario, {
          seed: current.seed,
          ...(current.cards !== undefined ? { cards: current.cards } : {}),
          now: current.generatedAt,
        }),
      ),
    loadScenario: (next) => install(buildWorld(next, { now: clock.now() })),
    exportScenario: (options) =>
      exportWorld(current, { clock, requestIds: context.requestIds, nonces: context.nonces, settings, keys: context.keys }, options),
    exportRuntime: (only) => runtimeState(current, { clock, requestIds: context.requestIds, settings, keys: context.keys }, only),
    runtimeKeys: () => runtimeKeys(current, { clock, requestIds: context.requestIds, settings, keys: context.keys }),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notifyChange,
    faults,
    journal,
    controlToken: options.controlToken,
  };
  return simulator;
}

function toInstant(value: string | number | Date): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(value)}`);
  return ms;
}
