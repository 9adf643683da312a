import { createSimulator, type Simulator } from '../index.js';
import { startServer } from '../server.js';
import type { SimRequest } from '../engine/simRequest.js';
import { responseText, type SimResponse } from '../engine/simResponse.js';
import { contractScenario } from './scenario.js';
import type { ContractTransport } from './types.js';

/** One request the client made and what the simulator answered. */
export interface Exchange {
  readonly request: SimRequest;
  readonly response: SimResponse;
  /** The vendor error code in the answer (Alibaba `Code`, Huawei `error_code`), if any. */
  readonly code: string | undefined;
}

/** A fresh simulated world for one clause, reachable over the chosen transport. */
export interface ContractWorld {
  readonly simulator: Simulator;
  readonly accountId: string;
  /** Every request the client made so far, in order. */
  readonly exchanges: Exchange[];
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts the contract scenario on a frozen clock, flow control off (clauses turn it on where they
 * mean to), and records every exchange by wrapping `simulator.handle`, which both transports call.
 */
export async function startWorld(transport: ContractTransport, productionUrl: string): Promise<ContractWorld> {
  const simulator = createSimulator({
    scenario: contractScenario,
    clock: { frozen: true },
    settings: { aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 },
  });
  const exchanges: Exchange[] = [];
  const handle = simulator.handle;
  simulator.handle = (request) => {
    const response = handle(request);
    exchanges.push({ request, response, code: errorCodeOf(response) });
    return response;
  };
  const accountId = contractScenario.accounts[0]!.id;
  if (transport === 'http') {
    const server = await startServer(simulator, { port: 0 });
    return { simulator, accountId, exchanges, endpoint: server.url, close: () => server.close() };
  }
  // msw is an optional peer: loaded only by suites that ask for it.
  const [{ setupServer }, { createHandlers }] = await Promise.all([import('msw/node'), import('../adapters/msw.js')]);
  const mocks = setupServer(...createHandlers(simulator));
  mocks.listen({ onUnhandledRequest: 'bypass' });
  return {
    simulator,
    accountId,
    exchanges,
    endpoint: productionUrl,
    close: async () => mocks.close(),
  };
}


/** The vendor's error code in a response body: JSON `Code`/`code`/`error_code`, or XML `<Code>`. */
export function errorCodeOf(response: SimResponse): string | undefined {
  const text = responseText(response);
  if (text.startsWith('{')) {
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      const code = body['error_code'] ?? body['Code'] ?? body['code'];
      return typeof code === 'string' && !/^(OK|Success|success|200)$/.test(code) ? code : undefined;
    } catch {
      return undefined;
    }
  }
  const xml = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  return xml && !/^(OK|Success|success|200)$/.test(xml) ? xml : undefined;
}
