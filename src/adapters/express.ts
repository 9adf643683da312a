import express, { type Express } from 'express';
import type { Simulator } from '../simulator.js';
import { nodeHandler } from './node.js';

/**
 * The simulator as an Express app, for composing with other routes or middleware. It answers
 * every request that reaches it (each vendor answers unknown paths in its own shape).
 * `startServer` serves the same handler without Express, which is only overhead there.
 */
export function createExpressApp(simulator: Simulator): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(nodeHandler(simulator));
  return app;
}
