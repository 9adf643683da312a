import { parseDuration, type ClockState } from '../engine/clock.js';
import { ControlError, type ControlRoute } from './route.js';

/** GET the clock; PUT /clock to set, freeze, resume or speed it up; POST /clock/advance to move it on. */
export const clockRoutes: ControlRoute[] = [
  {
    method: 'GET',
    path: '/clock',
    operationId: 'GetClock',
    handle: (_req, sim) => ({ json: clockJson(sim.clock.state()) }),
  },
  {
    method: 'POST',
    path: '/clock/advance',
    operationId: 'AdvanceClock',
    handle: (req, sim) => {
      const by = (req.body as { by?: unknown } | undefined)?.by ?? req.query.by;
      if (typeof by !== 'string' && typeof by !== 'number') throw new ControlError(400, 'MissingParameter', 'advance needs "by": a duration such as "+30d" or milliseconds');
      sim.clock.advance(typeof by === 'number' ? by : parseDuration(by));
      return { json: clockJson(sim.clock.state()) };
    },
  },
  {
    method: 'PUT',
    path: '/clock',
    operationId: 'SetClock',
    handle: (req, sim) => {
      const body = req.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new ControlError(400, 'MissingParameter', 'the body must be an object with now, mode and/or rate');
      }
      const { now, mode, rate, ...unknown } = body as Record<string, unknown>;
      const extra = Object.keys(unknown);
      if (extra.length > 0) throw new ControlError(400, 'InvalidParameter', `unknown field ${extra[0]} (expected now, mode, rate)`);
      if (mode !== undefined && mode !== 'running' && mode !== 'frozen') throw new ControlError(400, 'InvalidParameter', 'mode must be "running" or "frozen"');
      if (rate !== undefined && typeof rate !== 'number') throw new ControlError(400, 'InvalidParameter', 'rate must be a number');
      const at = now === undefined ? undefined : instant(now);
      // All checked before anything moves: a bad field changes nothing.
      if (rate !== undefined) sim.clock.setRate(rate);
      if (at !== undefined) sim.clock.set(at);
      if (mode === 'frozen') sim.clock.freeze();
      if (mode === 'running') sim.clock.resume();
      return { json: clockJson(sim.clock.state()) };
    },
  },
];

function instant(value: unknown): number {
  const ms = typeof value === 'number' ? value : typeof value === 'string' && /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new ControlError(400, 'InvalidParameter', 'now must be an ISO-8601 instant with a time zone or epoch milliseconds');
  return ms;
}

export function clockJson(state: ClockState) {
  return { mode: state.mode, now: new Date(state.now).toISOString(), nowMs: state.now, offsetMs: state.offsetMs, rate: state.rate };
}
