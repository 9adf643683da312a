import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulator } from '#src/nodeSimulator.js';
import { SimClock } from '#src/engine/clock.js';
import { responseText, type SimResponse } from '#src/engine/simResponse.js';
import { seededRandom } from '#src/control/faults/prng.js';
import type { Simulator } from '#src/simulator.js';
import type { Scenario } from '#fixtures/scenario.js';
import type { Card } from '#src/fleet/model.js';
import { ContractStream, OPERATIONS, PINNED, controlRequest, type Step, type StreamOptions } from '#helpers/contractStream.js';

/**
 * "Deterministic: the same seed gives the same fleet and the same answers", and an export loaded
 * elsewhere "answers every API exactly as before" (docs/control-plane.md).
 *
 * Twin worlds (same seed, same `cards`, frozen clocks at the same instant, checks off) are sent
 * one seeded stream of requests over every operation of the five contracts, valid and spoiled,
 * with clock moves in between (test/helpers/contractStream.ts); every answer (status, headers,
 * body, delay, drop) must be the same byte for byte, and so must the exports. Then forks: at random
 * points the first world is exported and the export loaded into fresh simulators (through
 * `createSimulator({ scenario })` and through `loadScenario`), and from then on they are sent what
 * the first one is, through clock moves of minutes to months. Last, twins built and asked at wall
 * times three days apart (Date faked), the simulated clock frozen: only what the documentation
 * says reads the wall clock may differ.
 *
 * Each simulator's clock reads a wall clock of the test's (SimClock's `realNow`) that moves by the
 * same seeded steps for all, so that a running clock (PUT /_sim/clock {mode: running}) and the
 * export's `clock.savedAt` are the same in every world. What reads `Date.now()` directly still sees
 * the real wall clock: the members documented as wall-clock readings are compared without their
 * value (WALL_MEMBERS), and reported.
 *
 * Not the same between two simulators, by design, and put equal here: the IAM token seal key,
 * drawn at random when a simulator is created (docs/fidelity.md, "IAM tokens"); an export carries
 * it. Not part of a world, and so not carried by an export: fault rules and the journal
 * (docs/control-plane.md: "they belong to the simulator and survive reset and load"); the fork
 * walks clear the rules before each fork and leave the fault and journal operations out.
 */

const START = Date.parse('2025-06-15T03:00:00Z');
const SEED = Number(process.env['DETERMINISM_SEED'] ?? 20_250_617);
const SCALE = Number(process.env['DETERMINISM_SCALE'] ?? 1);
const MINUTE = 60_000;

/** Members whose value is a wall-clock reading (documented), by the operations that answer them. */
const WALL_MEMBERS: Array<{ ops: RegExp; member: string; pattern: RegExp; doc: string }> = [
  {
    ops: /^(GetClock|SetClock|AdvanceClock|StreamEvents|clock .*)$/,
    member: 'offsetMs',
    pattern: /"offsetMs":-?\d+/g,
    doc: 'docs/control-plane.md: GET /_sim/clock {…offsetMs}: simulated minus real time',
  },
  {
    ops: /^(ExportState|LoadScenario)$/,
    member: 'clock.savedAt',
    pattern: /"savedAt":"[^"]*"/g,
    doc: 'docs/scenarios.md: clock.savedAt, "the real instant of the save"',
  },
  {
    ops: /^ListJournal$/,
    member: 'journal receivedAt',
    pattern: /"receivedAt":\d+/g,
    doc: 'docs/control-plane.md: receivedAt, "the wall-clock arrival in epoch ms"',
  },
  {
    ops: /^ListJournal$/,
    member: 'journal latencyMs',
    pattern: /"latencyMs":\d+/g,
    doc: 'docs/control-plane.md: latencyMs, "the time spent answering plus any injected delay"',
  },
  {
    ops: /^GetHealth$/,
    member: 'health uptimeSeconds',
    pattern: /"uptimeSeconds":[\d.e+-]+/g,
    doc: 'docs/cli.md, control-plane.md: uptimeSeconds',
  },
];

// ---- worlds -----------------------------------------------------------------------------------

/** The test's wall clock, read by every world's SimClock; moved by the walks, the same for all. */
class Wall {
  now = Date.parse('2026-03-01T00:00:00Z');
  readonly read = (): number => this.now;
}

interface WorldOptions {
  cards?: number;
  seed?: number;
  wall?: Wall;
  scenario?: Scenario;
  start?: number;
}

function world(options: WorldOptions = {}): Simulator {
  const start = options.start ?? START;
  return createSimulator({
    ...(options.cards !== undefined ? { cards: options.cards } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.scenario ? { scenario: options.scenario } : {}),
    clock: options.wall ? new SimClock({ realNow: options.wall.read, start, frozen: true }) : { start, frozen: true },
    settings: { ...PINNED },
  });
}

/** The twin takes the first world's IAM seal key (random per simulator by design; an export carries it). */
function sameSealKey(from: Simulator, to: Simulator): void {
  to.engine.context.keys.iamToken = from.engine.context.keys.iamToken;
}

/** An export as a file would carry it. */
function exportText(sim: Simulator): string {
  return JSON.stringify(sim.exportScenario());
}

// ---- answers and their differences ------------------------------------------------------------

interface Answer {
  status: string;
  headers: string;
  body: string;
}

function answer(res: SimResponse): Answer {
  return {
    status: `${res.status}${res.drop ? ' drop' : ''}${res.delayMs !== undefined ? ` delay ${res.delayMs}` : ''}${res.stream ? ' stream' : ''}`,
    headers: JSON.stringify(res.headers),
    body: responseText(res),
  };
}

/** Where two texts first differ: the JSON path and both values, or the offset with some context. */
function firstDifference(a: string, b: string): string {
  const ja = tryJson(a);
  const jb = tryJson(b);
  if (ja !== undefined && jb !== undefined) {
    const found = jsonDifference(ja, jb, '');
    if (found) return found;
  }
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `at character ${i}: …${a.slice(Math.max(0, i - 80), i + 80)}… ≠ …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

function jsonDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${path || '(root)'}: ${short(a)} ≠ ${short(b)}`;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) {
    const found = jsonDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (found) return found;
  }
  return `${path || '(root)'}: the same members in another order: ${short(Object.keys(a))} ≠ ${short(Object.keys(b))}`;
}

const short = (v: unknown): string => {
  const text = v === undefined ? 'undefined' : JSON.stringify(v);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The body without the values of the documented wall-clock members this operation answers. */
function wallFree(label: string, body: string, seen: Set<string>): string {
  let out = body;
  for (const wall of WALL_MEMBERS) {
    if (!wall.ops.test(label)) continue;
    const next = out.replace(wall.pattern, (m) => `${m.slice(0, m.indexOf(':'))}:"(wall)"`);
    if (next !== out) seen.add(wall.member);
    out = next;
  }
  return out;
}

/**
 * The first difference between the reference's answer and another world's, or undefined. Members
 * documented as wall-clock readings are compared without their value; those that differed are
 * added to `wallDiffs`.
 */
function answerDifference(label: string, ref: Answer, other: Answer, wallDiffs: Set<string>): string | undefined {
  if (ref.status !== other.status) return `status ${ref.status} ≠ ${other.status}`;
  if (ref.headers !== other.headers) return `headers ${firstDifference(ref.headers, other.headers)}`;
  if (ref.body === other.body) return undefined;
  const seen = new Set<string>();
  const a = wallFree(label, ref.body, seen);
  const b = wallFree(label, other.body, new Set());
  if (a === b) {
    for (const member of seen) wallDiffs.add(member);
    return undefined;
  }
  return `body ${firstDifference(a, b)}`;
}

function exportDifference(ref: string, other: string, wallDiffs: Set<string>): string | undefined {
  if (ref === other) return undefined;
  const a = wallFree('ExportState', ref, new Set());
  const b = wallFree('ExportState', other, new Set());
  if (a === b) {
    wallDiffs.add('clock.savedAt');
    return undefined;
  }
  return firstDifference(a, b);
}

// ---- walks ------------------------------------------------------------------------------------

interface Follower {
  name: string;
  sim: Simulator;
}

interface WalkOutcome {
  requests: number;
  /** Operations sent at least once (by operationId). */
  sent: Set<string>;
  /** Answers that were not errors (status below 400), to show the walk reaches the handlers. */
  served: number;
  failures: string[];
  wallDiffs: Set<string>;
  ms: number;
}

interface WalkOptions {
  reference: Simulator;
  followers: Follower[];
  stream: StreamOptions;
  requests: number;
  wall?: Wall;
  /** Before each request: what the walk does besides (forks). */
  before?: (i: number, step: Step) => void;
  /** Compare the exports every this many requests (and at the end). */
  exportEvery?: number;
  /** Around each world's request (Date faked to another wall time, say). */
  around?: (who: number, send: () => SimResponse) => SimResponse;
}

/** Sends the stream to the reference and the followers; the first difference per follower is kept (later ones follow from it). */
function walk(options: WalkOptions): WalkOutcome {
  const started = performance.now();
  const { reference, followers } = options;
  const stream = new ContractStream(reference, options.stream);
  const rng = seededRandom(options.stream.seed ^ 0x5eed);
  const outcome: WalkOutcome = { requests: 0, sent: new Set(), served: 0, failures: [], wallDiffs: new Set(), ms: 0 };
  // The first difference of each kind per follower is kept: later ones mostly follow from it.
  const broken = new Set<string>();
  const exportBroken = new Set<string>();
  const around = options.around ?? ((_who: number, send: () => SimResponse) => send());
  const compareExports = (when: string) => {
    const ref = exportText(reference);
    for (const f of followers) {
      if (exportBroken.has(f.name)) continue;
      const diff = exportDifference(ref, exportText(f.sim), outcome.wallDiffs);
      if (diff) {
        exportBroken.add(f.name);
        outcome.failures.push(`${f.name}: the export differs ${when}: ${diff}`);
      }
    }
  };
  for (let i = 0; i < options.requests; i++) {
    const step = stream.next();
    options.before?.(i, step);
    // The wall clock of the worlds' SimClocks moves on, a few ms (now and then seconds), alike for all.
    if (options.wall) options.wall.now += rng() < 0.05 ? Math.floor(rng() * 5_000) : Math.floor(rng() * 20);
    const res = around(0, () => reference.handle(step.req));
    const ref = answer(res);
    outcome.requests++;
    if (step.op) outcome.sent.add(step.op.id);
    if (res.status < 400 && !res.drop) outcome.served++;
    // Every follower is sent every request, so that its export stays comparable after a first difference.
    for (const [k, f] of followers.entries()) {
      let other: Answer;
      try {
        other = answer(around(k + 1, () => f.sim.handle(step.req)));
      } catch (err) {
        other = { status: 'threw', headers: '', body: String((err as Error).stack ?? err) };
      }
      const diff = answerDifference(step.label, ref, other, outcome.wallDiffs);
      if (diff && !broken.has(f.name)) {
        broken.add(f.name);
        outcome.failures.push(`${f.name}: request #${i} ${step.label}: ${step.text.slice(0, 500)}\n    answered differently: ${diff}`);
      }
    }
    stream.observe(step, res);
    if (options.exportEvery && i % options.exportEvery === options.exportEvery - 1) compareExports(`after request #${i}`);
  }
  compareExports('at the end');
  outcome.ms = performance.now() - started;
  return outcome;
}

function report(name: string, outcome: WalkOutcome): void {
  const walls = WALL_MEMBERS.filter((w) => outcome.wallDiffs.has(w.member)).map((w) => `${w.member} (${w.doc})`);
  console.info(
    `determinism ${name}: ${outcome.requests} requests (${outcome.served} served), ${outcome.sent.size} operations, ${Math.round(outcome.ms)} ms; wall-clock members that differed: ${walls.join('; ') || 'none'}`,
  );
}

/** Clock moves of minutes, days and months between the requests. */
const CLOCK_MOVES = { every: 20, by: ['+5m', '+10m', '+1h', '+6h', '+1d', '+3d', '+7d', '+31d', '+62d'] } as const;

afterEach(() => {
  vi.useRealTimers();
});

// ---- the walks --------------------------------------------------------------------------------

describe('determinism: the same seed, the same requests, the same answers', () => {
  it(`twin default fleets answer a seeded stream over every operation alike (seed ${SEED})`, () => {
    const wall = new Wall();
    const a = world({ wall });
    const b = world({ wall });
    sameSealKey(a, b);
    expect(exportText(b)).toBe(exportText(a));
    const outcome = walk({
      reference: a,
      followers: [{ name: 'twin', sim: b }],
      stream: { seed: SEED, keepFrozen: false, clockMoves: CLOCK_MOVES },
      requests: Math.round(1_500 * SCALE),
      wall,
      exportEvery: 250,
    });
    report('default fleet', outcome);
    expect(OPERATIONS.filter((op) => !outcome.sent.has(op.id)).map((op) => op.id)).toEqual([]);
    expect(outcome.served).toBeGreaterThan(outcome.requests / 4);
    expect(outcome.failures, outcome.failures.join('\n\n')).toEqual([]);
  }, 60_000);

  it(`twin fleets of 5,000 cards answer alike (seed ${SEED + 1})`, () => {
    const wall = new Wall();
    const a = world({ wall, cards: 5_000 });
    const b = world({ wall, cards: 5_000 });
    sameSealKey(a, b);
    const outcome = walk({
      reference: a,
      followers: [{ name: 'twin', sim: b }],
      stream: { seed: SEED + 1, keepFrozen: false, clockMoves: CLOCK_MOVES },
      requests: Math.round(600 * SCALE),
      wall,
      exportEvery: 200,
    });
    report('5,000 cards', outcome);
    expect(outcome.failures, outcome.failures.join('\n\n')).toEqual([]);
  }, 60_000);

  it('two simulators of the same seed differ only in their IAM seal key (random by design)', () => {
    const a = world();
    const b = world();
    const ea = JSON.parse(exportText(a)) as { state: Record<string, any> };
    const eb = JSON.parse(exportText(b)) as { state: Record<string, any> };
    expect(ea.state['keys']['iamToken']).not.toBe(eb.state['keys']['iamToken']);
    for (const e of [ea, eb]) {
      delete e.state['keys'];
      delete e.state['clock']['savedAt'];
    }
    expect(eb).toEqual(ea);
  });
});

describe('determinism: a world exported and loaded elsewhere answers as the original', () => {
  /** Fault rules and the journal are the simulator's, not the world's: an export does not carry them. */
  const SIMULATOR_OWNED = ['AddFault', 'ListFaults', 'ClearFaults', 'RemoveFault', 'ListJournal', 'ClearJournal'];

  function forkWalk(seed: number, requests: number, cards?: number): WalkOutcome {
    const wall = new Wall();
    const a = world({ wall, ...(cards !== undefined ? { cards } : {}) });
    const followers: Follower[] = [];
    const rng = seededRandom(seed ^ 0xf0e1);
    // A few fork points, spread over the walk (the first early).
    const forks = new Set([5 + Math.floor(rng() * 50), ...Array.from({ length: 3 }, () => Math.floor(rng() * requests * 0.9))]);
    return walk({
      reference: a,
      followers,
      stream: { seed, keepFrozen: false, exclude: SIMULATOR_OWNED, clockMoves: CLOCK_MOVES },
      requests,
      wall,
      exportEvery: 100,
      before: (i) => {
        if (!forks.has(i)) return;
        // No fault rule to carry over: the walk never adds one (SIMULATOR_OWNED).
        const text = exportText(a);
        const n = followers.length / 2 + 1;
        followers.push({
          name: `fork ${n} at #${i} (createSimulator({ scenario }))`,
          sim: world({ wall, scenario: JSON.parse(text) as Scenario }),
        });
        // A fresh simulator of another seed, size, clock and settings, then the load.
        const fresh = createSimulator({
          seed: 99,
          cards: 30,
          clock: new SimClock({ realNow: wall.read, start: START - 400 * 24 * 60 * MINUTE, frozen: rng() < 0.5 }),
        });
        fresh.loadScenario(JSON.parse(text));
        followers.push({ name: `fork ${n} at #${i} (loadScenario)`, sim: fresh });
        for (const f of followers.slice(-2)) {
          const diff = exportDifference(text, exportText(f.sim), new Set());
          if (diff) throw new Error(`${f.name}: exported differently just after the load: ${diff}`);
        }
      },
    });
  }

  it(`forks of the default fleet answer as the original through clock moves of minutes to months (seed ${SEED + 2})`, () => {
    const outcome = forkWalk(SEED + 2, Math.round(1_200 * SCALE));
    report('forks, default fleet', outcome);
    expect(outcome.failures, outcome.failures.join('\n\n')).toEqual([]);
  }, 60_000);

  it(`forks of a 5,000-card fleet answer as the original (seed ${SEED + 3})`, () => {
    const outcome = forkWalk(SEED + 3, Math.round(400 * SCALE), 5_000);
    report('forks, 5,000 cards', outcome);
    expect(outcome.failures, outcome.failures.join('\n\n')).toEqual([]);
  }, 60_000);
});

describe('determinism: the wall clock', () => {
  it(`twins built and asked three days apart in wall time answer alike, the simulated clock frozen (seed ${SEED + 4})`, () => {
    // Date faked: the first world lives at wall time T, the second at T + 3 days (built then, and asked then).
    vi.useFakeTimers({ toFake: ['Date'] });
    const T = Date.parse('2026-02-01T00:00:00Z');
    const SHIFT = 3 * 24 * 60 * MINUTE;
    let t = T;
    vi.setSystemTime(t);
    const a = world();
    vi.setSystemTime(t + SHIFT);
    const b = world();
    sameSealKey(a, b);
    const rng = seededRandom(SEED + 4);
    const outcome = walk({
      reference: a,
      followers: [{ name: 'twin three days later', sim: b }],
      stream: { seed: SEED + 4, keepFrozen: true, clockMoves: CLOCK_MOVES },
      requests: Math.round(700 * SCALE),
      exportEvery: 100,
      around: (who, send) => {
        if (who === 0) t += 1 + Math.floor(rng() * 50);
        vi.setSystemTime(who === 0 ? t : t + SHIFT);
        return send();
      },
    });
    report('wall clock three days apart', outcome);
    expect(outcome.failures, outcome.failures.join('\n\n')).toEqual([]);
  }, 60_000);
});

// ---- what the walks found, one case each -------------------------------------------------------

const ACME_PROJECT = '0123456789abcdef0123456789abcdef';

/** A GSL call in-process, checks off: the X-Project-Id picks the tenant. */
function gsl(sim: Simulator, method: string, target: string, body?: unknown): Answer {
  const [path, rawQuery = ''] = target.split('?') as [string, string?];
  return answer(
    sim.handle({
      method,
      path,
      rawQuery,
      headers: { 'x-project-id': ACME_PROJECT, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: new TextEncoder().encode(body === undefined ? '' : JSON.stringify(body)),
    }),
  );
}

function control(sim: Simulator, method: string, path: string, body?: unknown): Answer {
  return answer(sim.handle(controlRequest(method, path, body)));
}

/** The original and a fork of it (an export as a file carries it, loaded by createSimulator). */
function forked(a: Simulator): Simulator {
  return world({ scenario: JSON.parse(exportText(a)) as Scenario });
}

/** GET /_sim/state of both, without the wall-clock instant of the save: the first difference, or undefined. */
function stateDifference(a: Simulator, b: Simulator): string | undefined {
  return exportDifference(control(a, 'GET', '/state').body, control(b, 'GET', '/state').body, new Set());
}

describe('determinism: what the walks found', () => {
  it('a fork made after the clock was moved back answers a generated card’s usage as the original does', () => {
    const a = world();
    const card = a.fleet.query({ accountId: 'acme', indexed: { state: ['active'] } }, 0, 1).items[0]!;
    expect(control(a, 'POST', '/clock/advance', { by: '+10d' }).status).toBe('200');
    // Read: the usage is summed to the day before (docs/usage-model.md, "Keeping up with the clock").
    expect(control(a, 'GET', `/cards/${card.iccid}`).status).toBe('200');
    // Back five days (docs/fidelity.md: "a clock moved back undoes nothing"): the card keeps the ten days.
    expect(control(a, 'POST', '/clock/advance', { by: '-5d' }).status).toBe('200');
    const b = forked(a);
    const original = control(a, 'GET', `/cards/${card.iccid}`).body;
    const fork = control(b, 'GET', `/cards/${card.iccid}`).body;
    // The export writes only cards changed since generation; a generated card's usage is summed again
    // in the fork, to the clock's (earlier) day: `usage.dataKb`, `through`, `updatedAt` go back five days.
    expect.soft(fork === original ? undefined : firstDifference(original, fork), `GET /_sim/cards/${card.iccid}`).toBeUndefined();
    const views = (sim: Simulator) => control(sim, 'GET', `/cards/${card.iccid}/views`).body;
    expect(views(b) === views(a) ? undefined : firstDifference(views(a), views(b)), 'the vendor views of the card').toBeUndefined();
  });

  it('a fork made while a work order is in flight exports it, once completed, as the original does (member order)', () => {
    const a = world();
    const card = a.fleet.query({ accountId: 'acme', indexed: { state: ['active'] } }, 0, 1).items[0]!;
    expect(gsl(a, 'POST', `/v1/sim-cards/${card.id}/cut-net`, { action: 'ADD' }).status).toBe('200');
    const b = forked(a);
    for (const sim of [a, b]) {
      expect(control(sim, 'POST', '/clock/advance', { by: '+10m' }).status).toBe('200');
      // A vendor request settles the world to the clock: the order completes.
      expect(gsl(sim, 'GET', '/v1/sim-cards?limit=10').status).toBe('200');
    }
    expect(b.fleet.workOrders.toJSON().orders[0]?.status).toBe('completed');
    // The original's order has `finishedAt` before `lines` (WorkOrderBook.create); the fork's, restored from
    // an export without the undefined `finishedAt`, after (WorkOrderBook.restore spreads the record, then adds it).
    expect(stateDifference(a, b), 'GET /_sim/state').toBeUndefined();
  });

  it('a fork exports a generated three-network card bound to a policy afterwards as the original does (member order)', () => {
    const a = world();
    const device = a.fleet.threeNetwork.list('acme')[0]!;
    const b = forked(a);
    for (const sim of [a, b]) {
      expect(gsl(sim, 'POST', '/v1/network-switch-policies', { policy_name: 'p', version: 1, weak_signal_switch: true }).status).toBe(
        '200',
      );
      const policyId = a.fleet.networkSwitchPolicies.toJSON().policies[0]!.id;
      const set = gsl(sim, 'POST', `/v1/sim-cards/${device.cardId}/network-switch-policy/set`, { network_switch_policy_id: policyId });
      expect(set.status, set.body).toBe('200');
      expect(control(sim, 'POST', '/clock/advance', { by: '+10m' }).status).toBe('200');
      expect(gsl(sim, 'GET', '/v1/sim-cards?limit=10').status).toBe('200');
    }
    expect(b.fleet.threeNetwork.get(device.cardId)?.policyId).toBeDefined();
    expect(b.fleet.threeNetwork.get(device.cardId)?.policyId).toBe(a.fleet.threeNetwork.get(device.cardId)?.policyId);
    // Generated with `policyId: undefined` before `version` (fixtures/generator/threeNetwork.ts); restored
    // without it (JSON drops it), it is added after `version` when the policy is bound (ThreeNetworkBook.apply).
    expect(stateDifference(a, b), 'GET /_sim/state').toBeUndefined();
  });

  it('refuses a world whose work-order book has a nextId that is not a whole number, and keeps numbering as before', () => {
    const a = world();
    const [first] = a.fleet.query({ accountId: 'acme', indexed: { state: ['active'] } }, 0, 1).items as [Card];
    const spoiled = JSON.parse(exportText(a)) as { state: { books: Record<string, unknown> } };
    spoiled.state.books['workOrders'] = { nextId: 'x', orders: [] };
    // Loaded, 'x'++ numbered the next order NaN ({"work_order_id":null}) and its fork 0.
    const loaded = control(a, 'PUT', '/scenario', spoiled);
    expect(loaded.status, loaded.body).toBe('400');
    expect(loaded.body).toContain('state.books.workOrders.nextId');
    expect(gsl(a, 'POST', `/v1/sim-cards/${first.id}/cut-net`, { action: 'ADD' }).body).toMatch(/^\{"work_order_id":\d+\}$/);
  });

  it('a saved book whose nextId is not a whole number is refused on load, or loaded with a whole one (workOrders, orders, directionalGroups, networkSwitchPolicies)', () => {
    const books = {
      workOrders: { orders: [] },
      orders: { orders: [] },
      directionalGroups: { groups: [] },
      networkSwitchPolicies: { policies: [] },
    } as const;
    for (const [name, empty] of Object.entries(books) as Array<[keyof typeof books, object]>) {
      for (const nextId of ['x', null, 1.5, undefined]) {
        const sim = world();
        const scenario = JSON.parse(exportText(sim)) as { state: { books: Record<string, unknown> } };
        scenario.state.books[name] = { ...(nextId === undefined ? {} : { nextId }), ...empty };
        let loaded = true;
        try {
          sim.loadScenario(scenario);
        } catch {
          loaded = false;
        }
        // Loaded as it is, the book numbers its next record NaN ('x'++, undefined++), 0 (null++) or 1.5.
        const kept = loaded ? (sim.fleet[name].toJSON() as { nextId: unknown }).nextId : 1;
        expect
          .soft(
            Number.isSafeInteger(kept),
            `state.books.${name}.nextId ${JSON.stringify(nextId) ?? 'absent'}: loaded, nextId ${String(kept)}`,
          )
          .toBe(true);
      }
    }
  });
});

describe('determinism: signatures and the wall clock (allowed to depend on it)', () => {
  it('signed requests answer alike at wall times three days apart with signatureClock "simulated", and not with "wall"', async () => {
    const { signedV1 } = await import('../aliyun/helpers/sign.js');
    const { signHuaweiRequest } = await import('#helpers/huaweiSign.js');
    const { HUAWEI } = await import('#helpers/defaultKeys.js');
    vi.useFakeTimers({ toFake: ['Date'] });
    const T = Date.parse('2026-02-01T00:00:00Z');
    const SHIFT = 3 * 24 * 60 * MINUTE;
    const answers = (signatureClock: 'simulated' | 'wall'): Array<[string, string]> => {
      vi.setSystemTime(T);
      const a = createSimulator({ clock: { start: START, frozen: true }, settings: { authMode: 'strict', signatureClock } });
      vi.setSystemTime(T + SHIFT);
      const b = createSimulator({ clock: { start: START, frozen: true }, settings: { authMode: 'strict', signatureClock } });
      sameSealKey(a, b);
      // Signed at the simulated instant (what a test with signatureClock "simulated" does), or at A's wall time.
      const at = signatureClock === 'simulated' ? START : T;
      const requests = [
        signedV1('ListCardInfo', '2021-05-20', { PageNo: '1', PageSize: '10' }, { at, nonce: 'n-1' }),
        signedV1('ListCardInfo', '2021-05-20', { PageNo: '1', PageSize: '10' }, { at, nonce: 'n-1' }), // a replay
        signHuaweiRequest({ method: 'GET', path: '/v1/sim-cards', query: { limit: 10 }, keys: HUAWEI, at }),
      ];
      const out: Array<[string, string]> = [];
      for (const req of requests) {
        vi.setSystemTime(T + 1_000);
        const ra = answer(a.handle(req));
        vi.setSystemTime(T + SHIFT + 1_000);
        const rb = answer(b.handle(req));
        out.push([`${ra.status} ${ra.body.slice(0, 120)}`, `${rb.status} ${rb.body.slice(0, 120)}`]);
      }
      vi.setSystemTime(T + 2_000);
      const ea = exportText(a);
      vi.setSystemTime(T + SHIFT + 2_000);
      const eb = exportText(b);
      out.push([`export`, `export ${exportDifference(ea, eb, new Set()) ?? ''}`.trim()]);
      return out;
    };
    const simulated = answers('simulated');
    for (const [ra, rb] of simulated) expect(rb).toBe(ra);
    expect(simulated.map(([ra]) => ra.slice(0, 3))).toEqual(['200', '400', '200', 'exp']);
    expect(simulated[1]![0]).toContain('SignatureNonceUsed');
    // With the wall clock (the default) the world three days later refuses what the first serves: its
    // signed timestamp is outside the 15-minute window (docs/fidelity.md, "Signatures are judged by the wall clock").
    const wall = answers('wall');
    expect(wall[0]![0]).toMatch(/^200/);
    expect(wall[0]![1]).not.toMatch(/^200/);
  });
});
