import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeHandler } from './adapters/node.js';
import { generateControlToken, isLoopbackHost } from './control/controlToken.js';
import type { Simulator } from './simulator.js';

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
export function startServer(simulator: Simulator, options: { port?: number; host?: string; controlToken?: string } = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  // Beyond loopback anyone who reaches the port could read every secret (GET /_sim/state) or turn
  // auth off: the control plane then requires a token, generated here if none was given.
  if (options.controlToken !== undefined) simulator.controlToken = options.controlToken;
  const controlTokenGenerated = simulator.controlToken === undefined && !isLoopbackHost(host);
  if (controlTokenGenerated) simulator.controlToken = generateControlToken();
  return new Promise((resolve, reject) => {
    const server = createServer(nodeHandler(simulator)).listen(options.port ?? 0, host);
    server.once('error', reject);
    server.once('listening', () => {
      // SDK clients keep connections alive; let them, but do not hold the process open on close.
      server.keepAliveTimeout = 5_000;
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
