/**
 * iotcard-sim/express: the simulator as an Express app, to mount among other routes. An entry of
 * its own so the main entry's types never need @types/express (install it to use this one).
 */
export { createExpressApp } from './adapters/express.js';
