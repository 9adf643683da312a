import type { Simulator } from '../simulator.js';
import { ControlError, type ControlRoute } from './route.js';

/** The whole world: back to the scenario's start, replace it with another scenario, export it. */
export const stateRoutes: ControlRoute[] = [
  {
    method: 'POST',
    path: '/reset',
    operationId: 'ResetWorld',
    handle: (_req, sim) => {
      sim.reset();
      return { json: worldSummary(sim) };
    },
  },
  {
    method: 'PUT',
    path: '/scenario',
    operationId: 'LoadScenario',
    handle: (req, sim) => {
      if (req.body === undefined) throw new ControlError(400, 'MissingParameter', 'the body must be a scenario (see docs/scenarios.md)');
      try {
        sim.loadScenario(req.body);
      } catch (err) {
        // Whatever stops a scenario from loading is the scenario's fault; the world is unchanged.
        throw new ControlError(400, 'InvalidScenario', err instanceof Error ? err.message : String(err));
      }
      return { json: worldSummary(sim) };
    },
  },
  {
    method: 'GET',
    path: '/state',
    operationId: 'ExportState',
    handle: (_req, sim) => ({ json: sim.exportScenario() }),
  },
];

function worldSummary(sim: Simulator) {
  return { scenario: sim.scenario.name, cards: sim.fleet.size, now: sim.clock.date().toISOString() };
}
