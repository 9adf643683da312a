import { instantProblem, parseDuration, rateProblem, type ClockState } from '../engine/clock.js';
import { quoteValue } from '../engine/quoteValue.js';
import { ControlError, type ControlRoute } from './route.js';

/**
 * GET the clock; PUT /clock to set, freeze, resume or speed it up; POST /clock/advance to move it
 * on. Every field is checked, the instant it leads to included, before the clock moves: a refused
 * request leaves it exactly where it was.
 */
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
      if (typeof by !== 'string' && typeof by !== 'number')
        throw new ControlError(400, 'MissingParameter', 'by: is required, a duration such as "+30d" or milliseconds');
      const ms = typeof by === 'number' ? by : duration(by);
      if (!Number.isFinite(ms)) throw invalid(`by: must be a finite number of milliseconds, got ${quoteValue(by)}`);
      const target = sim.clock.now() + ms;
      const problem = instantProblem(target);
      if (problem) throw invalid(`by: ${quoteValue(by)} would move the clock outside its range: the clock ${problem}`);
      sim.clock.set(target);
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
        throw new ControlError(400, 'MissingParameter', 'body: must be a JSON object with now, mode and/or rate');
      }
      const { now, mode, rate, ...unknown } = body as Record<string, unknown>;
      const extra = Object.keys(unknown);
      if (extra.length > 0) throw invalid(`body: unknown field ${quoteValue(extra[0])} (expected now, mode, rate)`);
      if (mode !== undefined && mode !== 'running' && mode !== 'frozen')
        throw invalid(`mode: must be "running" or "frozen", got ${quoteValue(mode)}`);
      const badRate = rate === undefined ? undefined : rateProblem(rate);
      if (badRate) throw invalid(`rate: ${badRate}`);
      const at = now === undefined ? undefined : instant(now);
      // All checked before anything moves: a bad field changes nothing.
      if (rate !== undefined) sim.clock.setRate(rate as number);
      if (at !== undefined) sim.clock.set(at);
      if (mode === 'frozen') sim.clock.freeze();
      if (mode === 'running') sim.clock.resume();
      return { json: clockJson(sim.clock.state()) };
    },
  },
];

function duration(text: string): number {
  try {
    return parseDuration(text);
  } catch {
    throw invalid(`by: must be a duration such as "+30d", "90m", "-1h" or "1500ms" (units ms, s, m, h, d, w), got ${quoteValue(text)}`);
  }
}

function instant(value: unknown): number {
  const ms =
    typeof value === 'number' ? value : typeof value === 'string' && /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(`now: must be an ISO-8601 instant with a time zone or epoch milliseconds, got ${quoteValue(value)}`);
  const problem = instantProblem(ms);
  if (problem) throw invalid(`now: ${problem}`);
  return ms;
}

function invalid(message: string): ControlError {
  return new ControlError(400, 'InvalidParameter', message);
}

export function clockJson(state: ClockState) {
  return { mode: state.mode, now: new Date(state.now).toISOString(), nowMs: state.now, offsetMs: state.offsetMs, rate: state.rate };
}
