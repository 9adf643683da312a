import { patchSettings } from '../../control/settingsRoutes.js';
import { createSimulator, type Simulator } from '../../index.js';
import { startServer } from '../../server.js';
import type { SimRequest } from '../../engine/simRequest.js';
import { responseText, type SimResponse } from '../../engine/simResponse.js';
import type { FaultRuleInput } from '../../control/faults/faultRule.js';
import type { JournalEntry } from '../../control/journal/journal.js';
import type { LifecycleState } from '../../fleet/lifecycle.js';
import { allowanceKb } from '../../fleet/usage/allowance.js';
import { contractScenario } from './scenario.js';
import type { ContractTransport, RunningSimulator } from './types.js';

/**
 * One request the client made and what the simulator answered. In a world the kit started it
 * has the raw request and response; on a running simulator it is the journal's entry (which never
 * holds a signature, a key or a body).
 */
export interface Exchange {
  readonly request?: SimRequest;
  readonly response?: SimResponse;
  readonly entry?: JournalEntry;
  /** The vendor error code in the answer (Alibaba `Code`, Huawei `error_code`), if any. */
  readonly code: string | undefined;
  /** `METHOD /path` for messages. */
  readonly line: string;
  /** Parameter names the operation does not declare. */
  readonly unknownParams?: readonly string[];
}

/** A card as the clauses check it. */
export interface ContractCard {
  readonly iccid: string;
  readonly msisdn: string;
  readonly imsi: string;
  readonly state: LifecycleState;
  readonly dataKb: number;
  /** The period's allowance in KB (plan plus top-ups). */
  readonly allowanceKb: number;
}

/** A fresh contract world for one clause, on a simulator the kit starts or on one already running. */
export interface ContractWorld {
  readonly accountId: string;
  readonly endpoint: string;
  /** Every vendor request made in this world so far, in order. */
  exchanges(): Promise<readonly Exchange[]>;
  /** How many (cheap, for watchdogs). */
  requestCount(): Promise<number>;
  card(iccid: string): Promise<ContractCard>;
  /** Every card of the tenant. */
  iccids(): Promise<string[]>;
  /** Runs the simulated clock on until GSL work orders begun now have completed. */
  completeWorkOrders(): Promise<void>;
  /** Changes simulator settings for the rest of the clause (as `PATCH /_sim/settings` does). */
  updateSettings(patch: Readonly<Record<string, unknown>>): Promise<void>;
  /** Adds a fault rule; returns its removal. */
  injectFault(rule: FaultRuleInput): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const ACCOUNT = contractScenario.accounts[0]!.id;
/** Flow control off: clauses page through the fleet on a frozen clock; they inject throttling where they mean to. */
const SETTINGS = { aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 };

/**
 * Starts the contract scenario on a frozen clock, flow control off, and records every exchange by
 * wrapping `simulator.handle`, which both transports call.
 */
export async function startWorld(
  transport: ContractTransport,
  productionUrl: string,
): Promise<ContractWorld & { readonly simulator: Simulator }> {
  const simulator = createSimulator({ scenario: contractScenario, clock: { frozen: true }, settings: SETTINGS });
  const exchanges: Exchange[] = [];
  const handle = simulator.handle;
  simulator.handle = (request) => {
    const response = handle(request);
    if (!request.path.startsWith('/_sim'))
      exchanges.push({
        request,
        response,
        code: errorCodeOf(response),
        line: `${request.method} ${request.path}${request.rawQuery ? '?' + request.rawQuery : ''}`,
      });
    return response;
  };
  let endpoint = productionUrl;
  let close: () => Promise<void>;
  if (transport === 'http') {
    const server = await startServer(simulator, { port: 0 });
    endpoint = server.url;
    close = () => server.close();
  } else {
    // msw is an optional peer: loaded only by suites that ask for it.
    const [{ setupServer }, { createHandlers }] = await Promise.all([import('msw/node'), import('../../adapters/msw.js')]);
    const mocks = setupServer(...createHandlers(simulator));
    mocks.listen({ onUnhandledRequest: 'bypass' });
    close = async () => mocks.close();
  }
  return {
    simulator,
    accountId: ACCOUNT,
    endpoint,
    exchanges: async () => exchanges,
    requestCount: async () => exchanges.length,
    card: async (iccid) => {
      const card = simulator.fleet.cardByIccid(ACCOUNT, iccid);
      if (!card) throw new Error(`contract scenario has no card ${iccid}`);
      const { msisdn, imsi, state } = card;
      return { iccid, msisdn, imsi, state, dataKb: card.usage.dataKb, allowanceKb: allowanceKb(card, simulator.fleet.plan(card.planId)) };
    },
    iccids: async () => simulator.fleet.query({ accountId: ACCOUNT }, 0, Number.MAX_SAFE_INTEGER).items.map((c) => c.iccid),
    completeWorkOrders: async () => {
      simulator.clock.advance(simulator.settings.huaweiWorkOrderDurationMs);
      simulator.fleet.settle(simulator.clock.now());
    },
    updateSettings: async (patch) => patchSettings(simulator.settings, patch),
    injectFault: async (rule) => {
      const { id } = simulator.faults.add(rule);
      return async () => void simulator.faults.remove(id);
    },
    close,
  };
}

/**
 * The contract world on a simulator that is already running (a shared service in CI), through its
 * control plane only: each clause loads the contract scenario, freezes the clock, turns flow
 * control off, and clears faults and journal, so the suite takes the service over while it runs.
 * The requests are read back from the journal.
 */
export async function startRemoteWorld(target: RunningSimulator): Promise<ContractWorld> {
  const control = (target.controlUrl ?? `${target.url.replace(/\/$/, '')}/_sim`).replace(/\/$/, '');
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (target.token) headers['authorization'] = `Bearer ${target.token}`;
    const res = await fetch(control + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    if (!res.ok) throw new Error(`iotcard-sim control plane: ${method} ${control}${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };
  await call('PUT', '/scenario', contractScenario);
  await call('PUT', '/clock', { mode: 'frozen' });
  const settings = await call<{ huaweiWorkOrderDurationMs: number; journalLimit: number }>('PATCH', '/settings', SETTINGS);
  if (settings.journalLimit < 1000) await call('PATCH', '/settings', { journalLimit: 1000 });
  await call('DELETE', '/faults');
  await call('DELETE', '/journal');
  // The scenario's plans, to know each card's allowance: the same scenario the service now serves.
  const plans = createSimulator({ scenario: contractScenario, cards: 0 }).fleet;
  const added: string[] = [];
  const entries = async (): Promise<JournalEntry[]> => {
    const out: JournalEntry[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await call<{ total: number; entries: JournalEntry[] }>('GET', `/journal?offset=${offset}&limit=1000`);
      out.push(...page.entries);
      if (out.length >= page.total || page.entries.length === 0) return out;
    }
  };
  return {
    accountId: ACCOUNT,
    endpoint: target.url.replace(/\/$/, ''),
    exchanges: async () =>
      (await entries()).map((entry) => ({
        entry,
        code: entry.errorCode,
        line: `${entry.method} ${entry.path}`,
        ...(entry.unknownParams ? { unknownParams: entry.unknownParams } : {}),
      })),
    requestCount: async () => (await call<{ total: number }>('GET', '/journal?limit=1')).total,
    card: async (iccid) => {
      const card = await call<{
        msisdn: string;
        imsi: string;
        state: LifecycleState;
        planId: string;
        usage: { dataKb: number; topUpKb?: number };
      }>('GET', `/cards/${iccid}`);
      return {
        iccid,
        msisdn: card.msisdn,
        imsi: card.imsi,
        state: card.state,
        dataKb: card.usage.dataKb,
        allowanceKb: plans.plan(card.planId).dataKb + (card.usage.topUpKb ?? 0),
      };
    },
    iccids: async () => {
      const out: string[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await call<{ total: number; items: Array<{ iccid: string }> }>(
          'GET',
          `/cards?account=${ACCOUNT}&offset=${offset}&limit=1000`,
        );
        out.push(...page.items.map((c) => c.iccid));
        if (offset + page.items.length >= page.total || page.items.length === 0) return out;
      }
    },
    completeWorkOrders: async () => {
      await call('POST', '/clock/advance', { by: settings.huaweiWorkOrderDurationMs });
    },
    updateSettings: async (patch) => {
      await call('PATCH', '/settings', patch);
    },
    injectFault: async (rule) => {
      const { id } = await call<{ id: string }>('POST', '/faults', rule);
      added.push(id);
      return async () => {
        await call('DELETE', `/faults/${id}`).catch(() => undefined);
      };
    },
    close: async () => {
      // Leave no fault behind for the next user of the service.
      for (const id of added) await call('DELETE', `/faults/${id}`).catch(() => undefined);
    },
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
