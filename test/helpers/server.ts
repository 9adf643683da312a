import { createSimulator, startServer, type RunningServer, type Simulator, type SimulatorOptions } from '#src/index.js';

export interface TestServer {
  simulator: Simulator;
  server: RunningServer;
  url: string;
  /** host:port, the form Tea clients take as `endpoint`. */
  hostPort: string;
  close(): Promise<void>;
}

/** A simulator on a free loopback port, for tests that drive it with the official SDKs. */
export async function startTestServer(options: SimulatorOptions = {}): Promise<TestServer> {
  const simulator = createSimulator(options);
  const server = await startServer(simulator, { port: 0, host: '127.0.0.1' });
  return { simulator, server, url: server.url, hostPort: `127.0.0.1:${server.port}`, close: () => server.close() };
}

/** The default scenario's credentials (the same ones the SDK captures were signed with). */
export { ALIYUN, HUAWEI } from './defaultKeys.js';
