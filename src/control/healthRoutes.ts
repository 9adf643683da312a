import { VERSION } from '../version.js';
import type { ControlRoute } from './route.js';

/**
 * Readiness for scripts and CI (`curl --retry-connrefused …/_sim/health`): it answers once the
 * server listens. Public: it shows no secret, so no control token guards it.
 */
export const healthRoutes: ControlRoute[] = [
  {
    method: 'GET',
    path: '/health',
    operationId: 'GetHealth',
    handle: (_req, sim) => ({
      json: { ready: true, version: VERSION, uptimeSeconds: Math.max(0, (Date.now() - sim.startedAt) / 1000), cards: sim.fleet.size },
    }),
  },
];
