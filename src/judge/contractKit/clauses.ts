import { expect } from 'vitest';
import { boundedCall } from './boundedCall.js';
import { CONTRACT_CARDS } from './scenario.js';
import { expectAllAccepted, expectFailure, preview, type ClauseContext, type ClauseDefinition } from './suite.js';
import { injectTransientFault, TRANSIENT_FAULTS, type TransientFault, type TransientVendor } from './transientFault.js';
import type { CardFacts, ListedCard } from './types.js';
import type { ContractCard, ContractWorld } from './world.js';
import type { VendorErrorCode } from '../verify/codes.js';

/**
 * The clauses the three suites share, built from how each API reads a card and names its errors.
 * Each suite adds what only it has (listing, the 5-minute rule).
 */
export interface ReadSpec<Client, Operations> {
  readonly api: TransientVendor;
  /** The operation that reads one card, and how to call it. */
  readonly readOp: keyof Operations & string;
  read(ctx: ClauseContext<Client, Operations>, iccid: string): Promise<Partial<CardFacts>>;
  /** Which facts the read is expected to carry besides data usage. */
  readonly identities: ReadonlyArray<'iccid' | 'msisdn' | 'imsi'>;
  /** How the API codes a card's state, when the read shows it (Dyiotapi's flow read does not). */
  readonly status?: { readonly name: string; of(card: ContractCard): string | number };
  readonly unknownCardCodes: readonly VendorErrorCode[];
  readonly signatureCodes: readonly VendorErrorCode[];
  /** The credentials with a wrong secret. */
  readonly wrongSecret: unknown;
}

/** The clauses every suite has (readClauses); each API adds its own to these. */
export const READ_CLAUSES = ['requests-accepted', 'card-facts', 'error-unknown-card', 'error-signature', 'transient-errors'] as const;

/** A transient failure must end within this many requests: a retry or a few, never a loop. */
export const MAX_ATTEMPTS_ON_TRANSIENT = 5;
/** Data may be printed rounded to 0.01 MB; anything further off is a unit or field mistake. */
const KB_TOLERANCE = 0.01 * 1024;

export function cardOf(world: ContractWorld, iccid: string): Promise<ContractCard> {
  return world.card(iccid);
}

export function readClauses<Client, Operations, Clause extends string>(
  spec: ReadSpec<Client, Operations>,
): Array<ClauseDefinition<Client, Operations, Clause>> {
  return [
    {
      name: 'requests-accepted' as Clause,
      title: 'the gateway accepts every request the client signs (signature, timestamp, nonce, parameters)',
      needs: [spec.readOp],
      async run(ctx) {
        let failure: unknown;
        try {
          await spec.read(ctx, CONTRACT_CARDS.inUse);
          await spec.read(ctx, CONTRACT_CARDS.stopped);
        } catch (error) {
          failure = error;
        }
        // The refusals first: they say why (the server's string-to-sign beside the client's).
        await expectAllAccepted(ctx.world);
        if (failure !== undefined) throw failure;
      },
    },
    {
      name: 'card-facts' as Clause,
      title: "results match the fixture card field by field: identities, data used and left in KB, state in the API's code",
      needs: [spec.readOp],
      async run(ctx) {
        const card = await cardOf(ctx.world, CONTRACT_CARDS.inUse);
        const got = await spec.read(ctx, card.iccid);
        for (const field of spec.identities) {
          // The ICCID is the key and must come back; other identities are checked when reported.
          if (field !== 'iccid' && got[field] === undefined) continue;
          expect(got[field], `${field} of ${card.iccid}`).toBe(card[field]);
        }
        expect(typeof got.dataUsedKB, `dataUsedKB of ${card.iccid} (got ${preview(got)})`).toBe('number');
        expect(
          Math.abs(got.dataUsedKB! - card.dataKb),
          `dataUsedKB of ${card.iccid}: ${got.dataUsedKB} KB, fixture ${card.dataKb} KB`,
        ).toBeLessThanOrEqual(KB_TOLERANCE);
        if (got.status !== undefined) {
          expect(spec.status, `status of ${card.iccid}: this read carries no state the kit knows`).toBeDefined();
          // Codes compared as text: a client may keep "30" as a number, it is still the same code.
          expect(String(got.status), `status of ${card.iccid}: ${spec.status!.name} for ${card.state}`).toBe(String(spec.status!.of(card)));
        }
        if (got.dataRemainingKB !== undefined) {
          const left = Math.max(0, card.allowanceKb - card.dataKb);
          expect(
            Math.abs(got.dataRemainingKB - left),
            `dataRemainingKB of ${card.iccid}: ${got.dataRemainingKB} KB, fixture ${left} KB`,
          ).toBeLessThanOrEqual(KB_TOLERANCE);
        }
      },
    },
    {
      name: 'error-unknown-card' as Clause,
      title: `an unknown card reaches the caller as ${spec.unknownCardCodes.join(' / ')}`,
      needs: [spec.readOp],
      run: (ctx) => expectFailure(ctx, () => spec.read(ctx, CONTRACT_CARDS.unknown), spec.unknownCardCodes, 'reading an unknown card'),
    },
    {
      name: 'error-signature' as Clause,
      title: `a wrong secret reaches the caller as ${spec.signatureCodes.join(' / ')}`,
      needs: [spec.readOp],
      async run(ctx) {
        const wrong = await ctx.clientWith(spec.wrongSecret);
        await expectFailure(
          ctx,
          () => spec.read({ ...ctx, client: wrong }, CONTRACT_CARDS.inUse),
          spec.signatureCodes,
          'calling with a wrong secret',
        );
      },
    },
    {
      name: 'transient-errors' as Clause,
      title: `throttling, system busy and HTTP 5xx (${TRANSIENT_FAULTS[spec.api].map((f) => f.label).join(', ')}) are each retried a bounded number of times or surfaced, never looped on`,
      needs: [spec.readOp],
      run: (ctx) => checkTransient(ctx, spec),
    },
  ];
}

/** Each of the API's transient failures in turn, in one world: the rule of one is gone before the next. */
async function checkTransient<Client, Operations>(
  ctx: ClauseContext<Client, Operations>,
  spec: ReadSpec<Client, Operations>,
): Promise<void> {
  for (const fault of TRANSIENT_FAULTS[spec.api]) await checkOneTransient(ctx, spec, fault);
}

async function checkOneTransient<Client, Operations>(
  ctx: ClauseContext<Client, Operations>,
  spec: ReadSpec<Client, Operations>,
  fault: TransientFault,
): Promise<void> {
  const { label, code } = fault;
  const { world } = ctx;

  // Once: a retry may succeed, or the caller hears the code; silence is not an option.
  const undoOnce = await injectTransientFault(world, spec.api, fault, 1);
  try {
    const got = await spec.read(ctx, CONTRACT_CARDS.inUse);
    expect(got, `after one ${label} the client returned ${preview(got)}: neither a retried result nor the error`).toMatchObject({
      dataUsedKB: expect.any(Number),
    });
  } catch (error) {
    expect(ctx.errorCode(error), `one ${label} reached the caller without its code ${code} (${preview(error)})`).toBe(code);
  } finally {
    await undoOnce();
  }

  // For good: the call must end, with the code, within a bounded number of requests.
  const undo = await injectTransientFault(world, spec.api, fault, Number.POSITIVE_INFINITY);
  try {
    const outcome = await boundedCall(world, () => spec.read(ctx, CONTRACT_CARDS.inUse), MAX_ATTEMPTS_ON_TRANSIENT);
    expect(outcome.looped, `the client kept calling through ${label}: ${outcome.requests} requests and counting`).toBe(false);
    if ('value' in outcome) {
      expect.fail(`every request failed with ${label}, yet the client returned ${preview(outcome.value)}: the error was swallowed`);
    }
    expect(ctx.errorCode((outcome as { error: unknown }).error), `a lasting ${label} reached the caller without its code ${code}`).toBe(
      code,
    );
  } finally {
    await undo(); // a looping client then gets answers and stops
  }
}

/** Stop then resume an in-use card; the fleet must show each change (after `settle` for work orders). */
export function stopResumeClause<
  Client,
  Operations extends { stop: StopResume<Client>; resume: StopResume<Client> },
  Clause extends string,
>(settle: (world: ContractWorld) => Promise<void>): ClauseDefinition<Client, Operations, Clause> {
  return {
    name: 'stop-resume' as Clause,
    title: 'stop and resume change the card as the vendor does',
    needs: ['stop', 'resume'] as Array<keyof Operations & string>,
    async run(ctx) {
      const card = await cardOf(ctx.world, CONTRACT_CARDS.inUse);
      await ctx.ops.stop(ctx.client, card.iccid);
      await settle(ctx.world);
      expect((await cardOf(ctx.world, card.iccid)).state, 'state after stop').toBe('stoppedByUser');
      await ctx.ops.resume(ctx.client, card.iccid);
      await settle(ctx.world);
      expect((await cardOf(ctx.world, card.iccid)).state, 'state after resume').toBe('active');
      await expectAllAccepted(ctx.world);
    },
  };
}

export type StopResume<Client> = (client: Client, iccid: string) => Promise<unknown>;

/** Every card of the tenant exactly once, over more than one page, every page request accepted. */
export function listClause<
  Client,
  Operations extends { listAllCards(client: Client): Promise<readonly ListedCard[]> },
  Clause extends string,
>(): ClauseDefinition<Client, Operations, Clause> {
  return {
    name: 'list-every-card' as Clause,
    title: 'listing a fleet larger than one page returns every card exactly once, with valid page sizes',
    needs: ['listAllCards'] as Array<keyof Operations & string>,
    async run(ctx) {
      let listed: readonly ListedCard[] = [];
      let failure: unknown;
      try {
        listed = await ctx.ops.listAllCards(ctx.client);
      } catch (error) {
        failure = error;
      }
      // A refused page first, with the server's string-to-sign, as in every other clause.
      await expectAllAccepted(ctx.world);
      if (failure !== undefined) throw failure;
      const expected = await ctx.world.iccids();
      const seen = new Map<string, number>();
      for (const card of listed) seen.set(card.iccid, (seen.get(card.iccid) ?? 0) + 1);
      const twice = [...seen].filter(([, n]) => n > 1).map(([iccid]) => iccid);
      const missing = expected.filter((iccid) => !seen.has(iccid));
      expect(twice.slice(0, 10), `${twice.length} card(s) listed more than once`).toEqual([]);
      expect(missing.length, `${missing.length} of ${expected.length} cards missing, e.g. ${missing.slice(0, 5).join(', ')}`).toBe(0);
      expect(listed.length).toBe(expected.length);
      expect(await ctx.world.requestCount(), 'one request cannot hold this fleet').toBeGreaterThan(1);
    },
  };
}
