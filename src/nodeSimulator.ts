import { nodeDigests } from './crypto/nodeDigests.js';
import { createSimulator as createIsomorphicSimulator, type Simulator, type SimulatorOptions } from './simulator.js';

/** Creates a simulator; in Node the signature hashes use node:crypto. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  return createIsomorphicSimulator({ digests: nodeDigests, ...options });
}
