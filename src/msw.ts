/**
 * iotcard-sim/msw: MSW handlers that answer the vendors' APIs from a simulator, in Node
 * (setupServer) or in a browser (setupWorker). Everything here is isomorphic: the simulator made
 * by this entry point hashes with node:crypto where the runtime offers it without an import
 * (src/crypto/runtimeDigests.ts), in pure JavaScript elsewhere (a browser).
 */
import { runtimeDigests } from './crypto/runtimeDigests.js';
import { createSimulator as createIsomorphicSimulator, type Simulator, type SimulatorOptions } from './simulator.js';

export { createHandlers, toSimRequest, VENDOR_BASE_URLS, VENDOR_HOSTS, type MswHandlerOptions } from './adapters/msw.js';
export type { Simulator, SimulatorOptions };

/** Creates a simulator; its signature hashes use node:crypto when the runtime has it (identical bytes). */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  return createIsomorphicSimulator({ digests: runtimeDigests(), ...options });
}
export { SimClock } from './engine/clock.js';
export type { SimRequest } from './engine/simRequest.js';
export type { SimResponse } from './engine/simResponse.js';
export type { SimulatorSettings } from './engine/context.js';
