import { pureDigests, type Digests } from './crypto/digests.js';
import { SimClock } from './engine/clock.js';
import { DEFAULT_SETTINGS, type EngineContext, type SimulatorSettings } from './engine/context.js';
import { Engine } from './engine/engine.js';
import { ReplayGuard } from './engine/replayGuard.js';
import { RequestIds } from './engine/requestIds.js';
import type { SimRequest } from './engine/simRequest.js';
import type { SimResponse } from './engine/simResponse.js';
import type { Fleet } from './fleet/fleet.js';
import { buildFleet } from '../fixtures/buildFleet.js';
import { defaultScenario } from '../fixtures/defaultScenario.js';
import type { Scenario } from '../fixtures/scenario.js';
import { createAliyunSurface } from '../simulator/aliyun/surface.js';
import { createHuaweiSurface } from '../simulator/huawei/surface.js';
import { ControlPlane } from './control/controlPlane.js';
import { CONTROL_ROUTES } from './control/routes.js';

export interface SimulatorOptions {
  /** The fleet to serve; default: the embedded default scenario. */
  scenario?: Scenario;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides how many cards are generated (pinned cards come on top). */
  cards?: number;
  /** A clock to share, or where a new one starts (ISO string or epoch ms) and whether it is frozen. */
  clock?: SimClock | { start?: string | number | Date; frozen?: boolean };
  settings?: Partial<SimulatorSettings>;
  /** Called while the fleet is generated (generated cards so far, total), e.g. for a progress bar. */
  onFleetProgress?: (generated: number, total: number) => void;
  /** Hash implementation; the Node entry point passes node:crypto, the default is pure JS. */
  digests?: Digests;
}

/** One simulated world: a fleet, a clock, and the engine that answers both vendors' APIs. */
export interface Simulator {
  readonly engine: Engine;
  readonly fleet: Fleet;
  readonly clock: SimClock;
  readonly settings: SimulatorSettings;
  readonly scenario: Scenario;
  /** Answers one request (vendor API or control plane), exactly as the HTTP server would. */
  handle(req: SimRequest): SimResponse;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const clock =
    options.clock instanceof SimClock
      ? options.clock
      : new SimClock({
          ...(options.clock?.start !== undefined ? { start: toInstant(options.clock.start) } : {}),
          frozen: options.clock?.frozen ?? false,
        });
  const scenario = options.scenario ?? defaultScenario;
  const seed = options.seed ?? scenario.seed ?? 1;
  const fleet = buildFleet(scenario, {
    seed,
    ...(options.cards !== undefined ? { cards: options.cards } : {}),
    ...(options.onFleetProgress ? { onProgress: options.onFleetProgress } : {}),
    now: clock.now(),
  });
  const settings: SimulatorSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const context: EngineContext = {
    fleet,
    clock,
    digests: options.digests ?? pureDigests,
    requestIds: new RequestIds(seed),
    nonces: new ReplayGuard(settings.signatureWindowMs),
    settings,
  };
  const aliyun = createAliyunSurface();
  const huawei = createHuaweiSurface();
  const engine = new Engine(context, [aliyun, huawei], huawei);
  const control = new ControlPlane(CONTROL_ROUTES);
  const simulator: Simulator = {
    engine,
    fleet,
    clock,
    settings,
    scenario,
    // The control plane answers first: /_sim/ is reserved and never reaches a vendor surface.
    handle: (req) => (control.claims(req) ? control.handle(req, simulator) : engine.handle(req)),
  };
  return simulator;
}

function toInstant(value: string | number | Date): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(value)}`);
  return ms;
}
