import { clearRoute, ControlError, type ControlRoute } from './route.js';

/** Fault rules: list, add, remove one, remove all (docs/control-plane.md, "Faults"). */
export const faultRoutes: ControlRoute[] = [
  { method: 'GET', path: '/faults', operationId: 'ListFaults', handle: (_req, sim) => ({ json: { faults: sim.faults.list() } }) },
  { method: 'POST', path: '/faults', operationId: 'AddFault', handle: (req, sim) => ({ status: 201, json: sim.faults.add(req.body) }) },
  {
    method: 'DELETE',
    path: '/faults/:id',
    operationId: 'RemoveFault',
    handle: (req, sim) => {
      const rule = sim.faults.get(req.params.id ?? '');
      if (!rule || !sim.faults.remove(rule.id)) throw new ControlError(404, 'FaultNotFound', `no fault rule ${req.params.id}`);
      return { json: rule };
    },
  },
  clearRoute('/faults', 'ClearFaults', (sim) => sim.faults),
];
