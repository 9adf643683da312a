import { describe, expect, it } from 'vitest';
import { createSimulator } from '#src/nodeSimulator.js';
import { responseText, type SimResponse } from '#src/index.js';
import { FLEET_BOOKS, cardRecord } from '#src/fleet/fleetState.js';
import type { Simulator } from '#src/simulator.js';
import { ContractStream, OPERATIONS, PINNED, PROJECTS, qs, tryJson } from '#helpers/contractStream.js';

/**
 * docs/reliability.md: "no refused request changes it". A request the simulator refuses (an HTTP
 * status of 400 or more, a dropped connection, or an Alibaba error envelope) must leave the world
 * exactly as it was: the handlers check everything, then apply.
 *
 * A seeded random walk (the project's mulberry32, so every run sends the same requests) over
 * every operation of the contracts (linkcard, Dyiotapi, GSL, IAM, the control plane), in process,
 * with checks off (authMode 'off': the AccessKeyId or the X-Project-Id header picks the tenant).
 * The requests are test/helpers/contractStream.ts's stream, sent to the world it reads from.
 * Parameters come from the contracts' schemas and the live fleet: real ICCIDs, card ids, MSISDNs,
 * tags, plan codes, group, policy, pool and work-order ids of the caller's account, mostly valid,
 * then one of them spoiled (another tenant's card, an unknown id, out of range, empty, the wrong
 * type, missing), so that many requests pass the first checks and are refused late in a handler.
 * Requests that succeed change the world, which keeps the later states varied; the stream's own
 * housekeeping (the pinned settings back, fault rules cleared, the clock frozen again) is sent as
 * requests too, and checked alike, but not counted among the walk's requests.
 *
 * For each refused request, compared before and after: the whole export (but for what moves with
 * every request: the request id counter, the signature nonces and the clock's wall-time stamp),
 * every fleet book's own JSON, and the full record of every card the request named.
 */

const START = Date.parse('2025-06-15T03:00:00Z');
/** Another seed or length for a longer hunt: REFUSALS_SEED=7 REFUSALS_REQUESTS=20000 npx vitest run <this file>. */
const SEED = Number(process.env['REFUSALS_SEED'] ?? 20_250_615);
const REQUESTS = Number(process.env['REFUSALS_REQUESTS'] ?? 3_000);
const enc = new TextEncoder();

// ---- what a refusal must not change -----------------------------------------------------------

interface Snapshot {
  exported: string;
  books: Record<string, string>;
  cards: Map<string, string>;
}

function takeSnapshot(sim: Simulator, iccids: Iterable<string>): Snapshot {
  const scenario = sim.exportScenario() as unknown as { state: Record<string, any> };
  // What moves with every request, refused or not: the request id counter, the replay guard's
  // nonces (none with checks off), and the wall-clock moment of the export.
  delete scenario.state['requestIds'];
  delete scenario.state['nonces'];
  delete scenario.state['clock']['savedAt'];
  const books: Record<string, string> = {};
  for (const name of FLEET_BOOKS) books[name] = JSON.stringify(sim.fleet[name].toJSON());
  const cards = new Map<string, string>();
  for (const iccid of iccids) {
    const card = sim.fleet.cardWithIccid(iccid);
    cards.set(iccid, card ? JSON.stringify(cardRecord(card)) : 'absent');
  }
  return { exported: JSON.stringify(scenario), books, cards };
}

/** The first place two JSON texts differ, as a path and the two values there. */
function firstDifference(before: string, after: string): string {
  const walk = (a: unknown, b: unknown, path: string): string | undefined => {
    if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
      return `${path || '(root)'}: ${short(a)} → ${short(b)}`;
    }
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      const found = walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
      if (found) return found;
    }
    return `${path || '(root)'}: same members, another order: ${short(a)} → ${short(b)}`;
  };
  return walk(before === 'absent' ? 'absent' : JSON.parse(before), after === 'absent' ? 'absent' : JSON.parse(after), '') ?? '(none)';
}
const short = (v: unknown) => {
  const text = v === undefined ? 'undefined' : JSON.stringify(v);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

function differences(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  if (before.exported !== after.exported) out.push(`export ${firstDifference(before.exported, after.exported)}`);
  for (const name of FLEET_BOOKS) {
    if (before.books[name] !== after.books[name]) out.push(`book ${name} ${firstDifference(before.books[name]!, after.books[name]!)}`);
  }
  for (const [iccid, record] of before.cards) {
    const now = after.cards.get(iccid)!;
    if (record !== now) out.push(`card ${iccid} ${firstDifference(record, now)}`);
  }
  return out;
}

/** Refused: a status of 400 or more, a dropped connection, or an Alibaba error envelope (Dyiotapi's may come at 200). */
function refusal(res: SimResponse, text: string): string | undefined {
  if (res.drop || res.status === 0) return 'dropped';
  if (res.status >= 400) return `${res.status} ${errorCode(text)}`;
  if (res.headers['x-acs-request-id'] !== undefined) {
    const code = /^\s*</.test(text) ? /<Code>([^<]*)<\/Code>/.exec(text)?.[1] : (tryJson(text) as { Code?: unknown } | undefined)?.Code;
    const success = /^\s*</.test(text)
      ? !/<Success>false<\/Success>/.test(text.slice(0, 400))
      : (tryJson(text) as { Success?: unknown })?.Success !== false;
    if ((code !== undefined && code !== '200' && code !== 'OK') || !success) return `${res.status} ${String(code)}`;
  }
  return undefined;
}
function errorCode(text: string): string {
  const body = tryJson(text) as Record<string, any> | undefined;
  return String(body?.['Code'] ?? body?.['error_code'] ?? body?.['error']?.['code'] ?? /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? '');
}

// ---- the walk ---------------------------------------------------------------------------------

function world(): Simulator {
  return createSimulator({ cards: 300, clock: { frozen: true, start: START }, settings: { ...PINNED } });
}

interface Outcome {
  /** The walk's requests, to the contracts' operations. */
  requests: number;
  refused: number;
  /** The stream's own requests between them: the pinned settings back, fault rules cleared, the clock frozen again. */
  housekeeping: number;
  byOperation: Map<string, { sent: number; refused: number; codes: Set<string> }>;
  violations: string[];
  ms: number;
}

/** Sends `count` requests; each refused one (the stream's housekeeping too) must leave the world as it found it. */
function runWalk(seed: number, count: number): Outcome {
  const started = performance.now();
  const sim = world();
  // Every operation first (in contract order), then at random; the clock kept frozen (a running one reads the wall clock).
  const stream = new ContractStream(sim, { seed });
  const outcome: Outcome = { requests: 0, refused: 0, housekeeping: 0, byOperation: new Map(), violations: [], ms: 0 };
  const reported = new Map<string, number>();
  for (let i = 0, drawn = 0; drawn < count; i++) {
    const step = stream.next();
    const { op, label } = step;
    if (op) drawn++;
    // Time may have passed (a clock set or advanced): what is due is settled first, as the next request would.
    sim.fleet.settle(sim.clock.now());
    const faultsBefore = sim.faults.size > 0;
    const outagesBefore =
      sim.settings.aliyunUnavailableProducts.length + sim.settings.huaweiCarrierOutages.length + sim.settings.aliyunCarrierOutages.length >
      0;
    const before = takeSnapshot(sim, step.named);
    let res: SimResponse;
    try {
      res = sim.handle(step.req);
    } catch (err) {
      outcome.violations.push(`#${i} ${label}: handle() threw ${(err as Error).stack ?? String(err)}\n    request: ${step.text}`);
      // As a dropped connection, for the stream: its housekeeping still follows.
      stream.observe(step, { status: 0, headers: {}, body: '', drop: true });
      continue;
    }
    const text = res.stream ? '' : responseText(res);
    const stats = op ? (outcome.byOperation.get(op.id) ?? { sent: 0, refused: 0, codes: new Set<string>() }) : undefined;
    if (op && stats) {
      outcome.requests++;
      stats.sent++;
      outcome.byOperation.set(op.id, stats);
    } else outcome.housekeeping++;
    if (res.status >= 500 && !faultsBefore && !outagesBefore) {
      outcome.violations.push(`#${i} ${label}: answered ${res.status} ${text.slice(0, 300)}\n    request: ${step.text}`);
    }
    const refused = refusal(res, text);
    if (refused) {
      if (stats) {
        outcome.refused++;
        stats.refused++;
        stats.codes.add(
          process.env['REFUSALS_VERBOSE'] === '2' ? `${refused} ${text.slice(0, 200)} <= ${step.text.slice(0, 300)}` : refused,
        );
      }
      const changes = differences(before, takeSnapshot(sim, step.named));
      if (changes.length > 0) {
        const key = `${label} ${changes[0]!.replace(/:.*$/s, '').replace(/\d+/g, 'N')}`;
        const seen = reported.get(key) ?? 0;
        reported.set(key, seen + 1);
        if (seen < 2) {
          outcome.violations.push(
            `#${i} ${label} refused (${refused}) but changed the world:\n    request: ${step.text}\n    answer: ${text.slice(0, 300)}\n    ${changes.slice(0, 4).join('\n    ')}`,
          );
        }
      }
    }
    // Ids for later requests, the fleet's cards read again, and the housekeeping queued.
    stream.observe(step, res);
  }
  outcome.ms = performance.now() - started;
  return outcome;
}

// ---- the tests --------------------------------------------------------------------------------

describe('no refused request changes the world', () => {
  it(`refused requests to every operation of the five contracts leave the world as it was (seed ${SEED}, ${REQUESTS} requests)`, () => {
    const outcome = runWalk(SEED, REQUESTS);
    const unsent = OPERATIONS.filter((op) => !outcome.byOperation.has(op.id)).map((op) => op.id);
    const neverRefused = OPERATIONS.filter((op) => (outcome.byOperation.get(op.id)?.refused ?? 0) === 0).map((op) => op.id);
    console.info(
      `refusalsChangeNothing: ${outcome.requests} requests (and ${outcome.housekeeping} of housekeeping), ${outcome.refused} refused, ${OPERATIONS.length} operations, ${Math.round(outcome.ms)} ms; never refused: ${neverRefused.join(', ')}`,
    );
    if (process.env['REFUSALS_VERBOSE']) {
      for (const [id, s] of outcome.byOperation) console.info(`${id}: ${s.sent} sent, ${s.refused} refused: ${[...s.codes].join(', ')}`);
    }
    expect(unsent).toEqual([]);
    // The walk is only worth its time if refusals are common and come from many operations.
    expect(outcome.refused).toBeGreaterThan(outcome.requests / 4);
    expect(outcome.requests - outcome.refused).toBeGreaterThan(outcome.requests / 10);
    expect(outcome.violations.length, outcome.violations.join('\n\n')).toBe(0);
  }, 60_000);

  // What the walk found, one request each (docs/reliability.md: "no refused request changes it").

  it('BatchAddDirectionalAddress refused for a blank address adds none of the addresses before it', () => {
    const sim = world();
    const created = aliyunCall(sim, 'AddDirectionalGroup', { GroupName: 'office' });
    expect(created.status).toBe(200);
    const groupId = String((JSON.parse(responseText(created)) as { Data: number }).Data);
    const before = takeSnapshot(sim, []);

    const res = aliyunCall(sim, 'BatchAddDirectionalAddress', { GroupId: groupId, 'ListAddress.1': '10.0.0.1', 'ListAddress.2': ' ' });

    expect(refusal(res, responseText(res))).toBe('400 InvalidParameter');
    // Refused, yet 10.0.0.1 is in the group: each address is checked and added in turn
    // (simulator/aliyun/linkcard/directional.ts, batchAddDirectionalAddress → addAddress).
    expect(differences(before, takeSnapshot(sim, []))).toEqual([]);
  });

  it('a GSL attribute request refused leaves the attribute book as it was', () => {
    const sim = world();
    const card = sim.fleet.query({ accountId: 'acme' }, 0, 1).items[0]!;
    const before = takeSnapshot(sim, [card.iccid]);

    const unknownId = gslCall(sim, 'POST', '/v1/attributes/1/enable');
    const disabled = gslCall(sim, 'POST', '/v1/sim-cards/attributes/batch-set', {
      attributes: [{ sim_card_id: card.id, customer_attribute1: 'north' }],
    });

    expect(refusal(unknownId, responseText(unknownId))).toBe('400 GSL.00020004');
    expect(refusal(disabled, responseText(disabled))).toBe('400 GSL.00012031');
    // Refused, yet the account's six default definitions are now in the book (and its revision
    // moved): AttributeBook.definitions creates and marks them on first read
    // (src/fleet/attributeBook.ts, held), before the handler refuses.
    expect(differences(before, takeSnapshot(sim, [card.iccid]))).toEqual([]);
  });
});

function aliyunCall(sim: Simulator, action: string, params: Record<string, string>): SimResponse {
  const rawQuery = qs([['Action', action], ['Version', '2021-05-20'], ['AccessKeyId', 'testAccessKeyId'], ...Object.entries(params)]);
  return sim.handle({ method: 'POST', path: '/', rawQuery, headers: {}, body: new Uint8Array() });
}

function gslCall(sim: Simulator, method: string, path: string, body?: unknown): SimResponse {
  return sim.handle({
    method,
    path,
    rawQuery: '',
    headers: { 'x-project-id': PROJECTS['acme']!, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: enc.encode(body === undefined ? '' : JSON.stringify(body)),
  });
}
