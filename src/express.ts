/**
 * iotcard-sim/express: the simulator as an Express app, to mount among other routes. An entry of
 * its own so the main entry's types never need @types/express (install it to use this one).
 */
export { createExpressApp } from './adapters/express.js';
/**
 * `server.on('clientError', onClientError)` on the server an Express app listens with answers a
 * request Node's parser refuses (headers over 16 KB, malformed HTTP) as `startServer` does: the
 * status with `Content-Length: 0`, the socket ended after a short drain rather than reset.
 */
export { onClientError } from './adapters/clientError.js';
