import { ScenarioError } from '../../fixtures/parseScenario.js';
import { ScenarioProblem } from '../../fixtures/scenarioReader.js';
import { jsonResponse, type SimResponse } from '../engine/simResponse.js';
import { bodyText, type SimRequest } from '../engine/simRequest.js';
import { parseUrlEncoded, safeDecode } from '../engine/urlEncoding.js';
import type { Simulator } from '../simulator.js';
import { refuseWithoutToken } from './controlToken.js';
import { CONTROL_PREFIX, ControlError, type ControlRequest, type ControlResult, type ControlRoute } from './route.js';

/**
 * The control plane under /_sim/: the simulator's own REST API (clock, cards, faults, journal,
 * state). It answers before any vendor surface, is never journalled as vendor traffic, and no
 * fault applies to it. Errors are ours: `{ error: { code, message } }` with a 4xx status.
 */
export class ControlPlane {
  private readonly routes: Array<{ route: ControlRoute; pattern: string[] }> = [];

  constructor(routes: readonly ControlRoute[]) {
    for (const route of routes) this.routes.push({ route, pattern: segments(route.path) });
  }

  claims(req: SimRequest): boolean {
    return req.path === CONTROL_PREFIX || req.path.startsWith(`${CONTROL_PREFIX}/`);
  }

  handle(req: SimRequest, simulator: Simulator): SimResponse {
    const refused = refuseWithoutToken(req, simulator.controlToken);
    if (refused) return refused;
    try {
      const path = req.path.slice(CONTROL_PREFIX.length) || '/';
      const parts = segments(path);
      let methodMismatch = false;
      for (const { route, pattern } of this.routes) {
        const params = match(pattern, parts);
        if (!params) continue;
        // HEAD is GET without the body (the adapters leave the body out).
        if (route.method !== req.method && !(req.method === 'HEAD' && route.method === 'GET')) {
          methodMismatch = true;
          continue;
        }
        const controlReq: ControlRequest = { method: req.method, path, params, query: parseQuery(req.rawQuery), body: parseBody(req) };
        if (route.settles) simulator.fleet.settle(simulator.clock.now());
        const out = route.handle(controlReq, simulator);
        return isSimResponse(out) ? out : jsonResponse(out.status ?? 200, out.json);
      }
      if (methodMismatch) throw new ControlError(405, 'MethodNotAllowed', `${req.method} is not allowed on ${req.path}`);
      throw new ControlError(404, 'NotFound', `no control operation at ${req.method} ${req.path}`);
    } catch (err) {
      if (err instanceof ControlError) return jsonResponse(err.status, { error: { code: err.code, message: err.message } });
      if (err instanceof ScenarioProblem || err instanceof ScenarioError) {
        return jsonResponse(400, { error: { code: 'InvalidParameter', message: err.message } });
      }
      // Every route checks its input and says what is wrong; anything else is our bug. Its text
      // (a JavaScript message such as "Invalid time value") means nothing to the caller: it goes
      // to the log, the caller gets a plain 500.
      simulator.engine.reportUnexpected(err, req);
      return jsonResponse(500, {
        error: { code: 'InternalError', message: 'the simulator failed on this request (its log has the details)' },
      });
    }
  }
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function match(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.startsWith(':')) params[p.slice(1)] = safeDecode(parts[i]!, false);
    else if (p !== parts[i]) return undefined;
  }
  return params;
}

function parseQuery(rawQuery: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of parseUrlEncoded(rawQuery, true)) out[name] = value;
  return out;
}

function parseBody(req: SimRequest): unknown {
  const text = bodyText(req);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlError(400, 'InvalidJson', 'the request body is not valid JSON');
  }
}

function isSimResponse(value: SimResponse | ControlResult): value is SimResponse {
  return 'headers' in value && 'body' in value;
}
