/**
 * iotcard-sim for Node: create a simulator and serve it over HTTP. The engine underneath is
 * isomorphic; this entry point adds the HTTP server and node:crypto. The Express adapter is
 * `iotcard-sim/express`, so these types stand alone without @types/express.
 */
export { createSimulator } from './nodeSimulator.js';
export { startServer, type RunningServer } from './server.js';
export { SimClock, parseDuration, type ClockState } from './engine/clock.js';
export type { SimRequest } from './engine/simRequest.js';
export { responseBytes, responseText, type SimResponse } from './engine/simResponse.js';
export type { AuthMode, SimulatorSettings } from './engine/context.js';
export type { Simulator, SimulatorOptions } from './simulator.js';
export { Fleet, type CardQuery, type Page } from './fleet/fleet.js';
export type { Account, Card, Plan, Carrier } from './fleet/model.js';
export type { ExportOptions } from './fleet/fleetState.js';
export { LIFECYCLE_STATES, type LifecycleState } from './fleet/lifecycle.js';
export type { Scenario, ScenarioState } from '../fixtures/scenario.js';
export {
  persistState,
  readStateFile,
  recoverStateFile,
  writeStateFile,
  StateFileError,
  type Durability,
  type Persistence,
  type PersistOptions,
} from './persistence/stateFile.js';
