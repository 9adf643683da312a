/**
 * iotcard-sim/msw: MSW handlers that answer the vendors' APIs from a simulator, in Node
 * (setupServer) or in a browser (setupWorker). Everything here is isomorphic: the simulator made
 * by this entry point hashes in pure JavaScript.
 */
export { createHandlers, toSimRequest, VENDOR_BASE_URLS, VENDOR_HOSTS, type MswHandlerOptions } from './adapters/msw.js';
export { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
export { SimClock } from './engine/clock.js';
export type { SimRequest } from './engine/simRequest.js';
export type { SimResponse } from './engine/simResponse.js';
export type { SimulatorSettings } from './engine/context.js';
