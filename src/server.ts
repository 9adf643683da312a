import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeHandler } from './adapters/node.js';
import type { Simulator } from './simulator.js';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:39123 */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * Serves a simulator over HTTP on one port, both vendors together. Port 0 picks a free port.
 * Plain node:http: Express added nothing here but per-request cost and start-up time
 * (`createExpressApp` serves the same handler for composing with other routes).
 */
export function startServer(simulator: Simulator, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
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
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
