import { createServer, type Server } from 'node:http';
import { onClientError } from './adapters/clientError.js';
import type { AddressInfo } from 'node:net';
import { nodeHandler, type NodeHandlerOptions } from './adapters/node.js';
import { generateControlToken, isLoopbackHost } from './control/controlToken.js';
import type { Simulator } from './simulator.js';

/**
 * How long a client may take and how many may be connected at once (docs/reliability.md,
 * "Connections"). Without them a thousand idle sockets starve new clients under a 1024 file limit.
 */
export interface ServerLimits {
  /** Most connections open at once; one more is closed on arrival. Default 512. */
  maxConnections?: number;
  /** Most ms from a connection's first byte to the end of the request's headers. Default 10 000. */
  headersTimeoutMs?: number;
  /** Most ms to receive a whole request, body included. Default 60 000. */
  requestTimeoutMs?: number;
  /** Most ms a kept-alive connection may sit idle between requests. Default 5 000. */
  idleTimeoutMs?: number;
}

export const DEFAULT_SERVER_LIMITS: Required<ServerLimits> = {
  maxConnections: 512,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 5_000,
};

export interface ServerOptions extends ServerLimits, NodeHandlerOptions {
  port?: number;
  host?: string;
  controlToken?: string;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:39123 */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly server: Server;
  /** The control plane's access token in force (undefined: open, on loopback). */
  readonly controlToken: string | undefined;
  /** True when the token was generated here, not given (the caller should print it). */
  readonly controlTokenGenerated: boolean;
  close(): Promise<void>;
}

/**
 * Serves a simulator over HTTP on one port, both vendors together. Port 0 picks a free port.
 * Plain node:http: Express added nothing here but per-request cost and start-up time
 * (`createExpressApp` serves the same handler for composing with other routes).
 */
export function startServer(simulator: Simulator, options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const limits = { ...DEFAULT_SERVER_LIMITS, ...definedOnly(options) };
  // Beyond loopback anyone who reaches the port could read every secret (GET /_sim/state) or turn
  // auth off: the control plane then requires a token, generated here if none was given.
  if (options.controlToken !== undefined) simulator.controlToken = options.controlToken;
  const controlTokenGenerated = simulator.controlToken === undefined && !isLoopbackHost(host);
  if (controlTokenGenerated) simulator.controlToken = generateControlToken();
  return new Promise((resolve, reject) => {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number above 0, not ${String(value)}`);
    }
    const handlerOptions: NodeHandlerOptions = {
      ...(options.beforeAnswer ? { beforeAnswer: options.beforeAnswer } : {}),
      ...(options.onSendError ? { onSendError: options.onSendError } : {}),
    };
    const server = createServer(
      {
        // Checked every second rather than Node's 30 s, so the timeouts mean what they say.
        connectionsCheckingInterval: 1_000,
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
        keepAliveTimeout: limits.idleTimeoutMs,
      },
      nodeHandler(simulator, handlerOptions),
    );
    // No socket inactivity timeout: an injected latency or timeout fault holds an answer for up
    // to 10 minutes on purpose. Idle sockets are closed by the keep-alive and header timeouts.
    server.on('clientError', onClientError);
    server.maxConnections = limits.maxConnections;
    server.keepAliveTimeout = limits.idleTimeoutMs;
    server.listen(options.port ?? 0, host);
    server.once('error', reject);
    server.once('listening', () => {
      completeFleetInBackground(simulator, server);
      const { port } = server.address() as AddressInfo;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${urlHost}:${port}`,
        host,
        port,
        server,
        controlToken: simulator.controlToken,
        controlTokenGenerated,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

function definedOnly(options: ServerLimits): ServerLimits {
  const out: ServerLimits = {};
  for (const key of Object.keys(DEFAULT_SERVER_LIMITS) as Array<keyof ServerLimits>) {
    if (options[key] !== undefined) out[key] = options[key];
  }
  return out;
}

/**
 * Sums the generated cards' period figures left for later (Fleet.completeDeferredUsage) a slice at
 * a time between requests, once the server answers: a million cards' sums (~0.5 s of CPU) are not
 * in the time to serve, and a request that needs a card's figures first sums that card's itself.
 *
 * The slices keep the event loop turning (referenced immediates) until the work is done or the
 * server closes. Unreferenced, an immediate runs only when something else wakes the loop: the
 * summing then advanced one slice per incoming request, each request's answer queued behind one
 * (~2.5 ms, some over 20), for the first ~200 requests after a million-card start, and a usage
 * listing seconds later still found most of the fleet to sum (~1 s). Each turn is bounded by time
 * (SLICE_MS), not by a count of cards.
 */
function completeFleetInBackground(simulator: Simulator, server: Server): void {
  const step = () => {
    if (!server.listening) return;
    let left: number;
    try {
      left = simulator.fleet.completeDeferredUsage(Number.POSITIVE_INFINITY, performance.now() + SLICE_MS);
    } catch {
      // Work nobody asked for must not end the process: the cards left are summed when a request
      // needs them, where a failure is that request's, answered and reported by the engine.
      return;
    }
    if (left > 0) setImmediate(step);
  };
  setImmediate(step);
}
/**
 * How long one turn of the summing may run, so a request arriving mid-turn waits at most about that
 * long. A count of cards did not bound it: a year plan's card sums up to 366 days, a day plan's one,
 * and 2,000 cards a turn took from 0.3 to 13 ms. With 5,000 a turn the first listing after a
 * million-card start had a p99 of 14-16 ms; with 1 ms turns, 7-11 ms (docs/performance.md).
 */
const SLICE_MS = 1;
