import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeRefusal, REFUSED_REQUEST_CODES } from './rejectionReport.js';
import { unknownParameters } from './unknownParameters.js';
import type { ClientTarget, ContractAdapter } from './types.js';
import { boundedCall } from './boundedCall.js';
import { startRemoteWorld, startWorld, type ContractWorld } from './world.js';
import type { VendorErrorCode } from '../verify/codes.js';

/** What a clause body gets: a fresh world and the user's client for it. */
export interface ClauseContext<Client, Operations> {
  readonly world: ContractWorld;
  readonly client: Client;
  readonly ops: Operations;
  /** A client for the same world with other credentials (wrong secret, unknown key). */
  clientWith(credentials: unknown): Promise<Client>;
  errorCode(error: unknown): string | undefined;
}

export interface ClauseDefinition<Client, Operations, Clause extends string> {
  readonly name: Clause;
  readonly title: string;
  /** The operations the clause calls; a missing one fails the clause unless it is skipped. */
  readonly needs: ReadonlyArray<keyof Operations & string>;
  run(ctx: ClauseContext<Client, Operations>): Promise<void>;
}

export interface ApiDefinition<Credentials> {
  /** Suite title: `linkcard 2021-05-20`. */
  readonly title: string;
  /** What MSW intercepts for this API (the production base URL). */
  readonly productionUrl: string;
  readonly credentials: Credentials;
}

/**
 * Declares one vitest `describe` with one `it` per clause, titled `<clause>: <what it checks>` so
 * results can be read back by clause name. Each clause runs in a world of its own.
 */
export function defineContractSuite<Client, Credentials, Operations, Clause extends string>(
  api: ApiDefinition<Credentials>,
  adapter: ContractAdapter<Client, Credentials, Operations, Clause>,
  clauses: ReadonlyArray<ClauseDefinition<Client, Operations, Clause>>,
): void {
  const transport = adapter.transport ?? 'http';
  const over = adapter.simulator ? 'a running simulator' : transport;
  describe(`${api.title} contract${adapter.name ? ` (${adapter.name})` : ''} over ${over}`, () => {
    let world: ContractWorld | undefined;
    beforeEach(async () => {
      const running = typeof adapter.simulator === 'function' ? adapter.simulator() : adapter.simulator;
      world = running ? await startRemoteWorld(running) : await startWorld(transport, api.productionUrl);
    });
    afterEach(async () => {
      await world?.close();
      world = undefined;
    });

    for (const clause of clauses) {
      const title = `${clause.name}: ${clause.title}`;
      if (adapter.skip?.includes(clause.name)) {
        it.skip(title, () => undefined);
        continue;
      }
      it(title, async () => {
        const missing = clause.needs.filter((op) => typeof adapter.operations[op] !== 'function');
        expect(missing, `operations not mapped in the adapter (skip '${clause.name}' if deliberate)`).toEqual([]);
        const current = world!;
        const clientWith = async (credentials: unknown) => adapter.createClient(targetFor(current.endpoint, credentials as Credentials));
        await clause.run({
          world: current,
          client: await clientWith(api.credentials),
          ops: adapter.operations as Operations,
          clientWith,
          errorCode: (error) => adapter.errorCode(error),
        });
      });
    }
  });
}

function targetFor<Credentials>(endpoint: string, credentials: Credentials): ClientTarget<Credentials> {
  const url = new URL(endpoint);
  return { endpoint: url.origin, host: url.host, protocol: url.protocol === 'https:' ? 'https' : 'http', credentials };
}

/** Fails with a readable account of every request the gateway refused (signature, parameters, …). */
export async function expectAllAccepted(world: ContractWorld): Promise<void> {
  const exchanges = await world.exchanges();
  const refused = exchanges.filter((e) => e.code !== undefined && REFUSED_REQUEST_CODES.has(e.code));
  expect(
    refused.length,
    `the gateway refused ${refused.length} of ${exchanges.length} request(s):\n${refused.map(describeRefusal).join('\n')}`,
  ).toBe(0);
  expect(exchanges.length, 'the client made no request at all').toBeGreaterThan(0);
  const unknown = exchanges.flatMap((e) =>
    (e.unknownParams ?? (e.request ? unknownParameters(e.request) : [])).map((name) => `${name} (${e.line.split('?')[0]})`),
  );
  expect(unknown, 'parameters the action does not declare (the gateway ignores them)').toEqual([]);
}

/** A call that must fail ends within this many requests when a world watches it: the client may retry, not loop. */
export const MAX_REQUESTS_FOR_A_REFUSAL = 5;

/**
 * Runs a call that must fail, and checks the failure carries one of the codes. Given the world,
 * a client that keeps calling after the refusal fails at once, saying so, instead of hanging.
 */
export async function expectFailure(
  ctx: { errorCode(error: unknown): string | undefined },
  call: () => Promise<unknown>,
  codes: readonly VendorErrorCode[],
  what: string,
  world?: ContractWorld,
): Promise<void> {
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  if (world) {
    const bounded = await boundedCall(world, call, MAX_REQUESTS_FOR_A_REFUSAL);
    if (bounded.looped) {
      expect.fail(
        `${what}: the client kept calling after ${codes.join(' / ')}: ${bounded.requests} requests and counting (a refusal that cannot succeed on retry must reach the caller)`,
      );
    }
    outcome = 'value' in bounded ? { ok: true, value: bounded.value } : { ok: false, error: (bounded as { error: unknown }).error };
  } else {
    try {
      outcome = { ok: true, value: await call() };
    } catch (error) {
      outcome = { ok: false, error };
    }
  }
  if (outcome.ok) {
    expect.fail(`${what}: the call returned ${preview(outcome.value)} instead of reporting ${codes.join(' or ')}; the error was swallowed`);
  }
  const code = ctx.errorCode(outcome.error);
  expect(code, `${what}: the error reached the caller without its code (${preview(outcome.error)})`).toBeOneOf([...codes]);
}

export function preview(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`.slice(0, 300);
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 300);
  } catch {
    return String(value).slice(0, 300);
  }
}
