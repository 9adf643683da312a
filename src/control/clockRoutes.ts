import { parseDuration } from '../engine/clock.js';
import { ControlError, type ControlRoute } from './route.js';

/** GET the clock; POST /clock to set, freeze or resume it; POST /clock/advance to move it on. */
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
];

function clockJson(state: { mode: string; now: number; offsetMs: number }) {
  return { mode: state.mode, now: new Date(state.now).toISOString(), nowMs: state.now, offsetMs: state.offsetMs };
}
