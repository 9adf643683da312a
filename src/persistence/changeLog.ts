import type { Scenario } from '../../fixtures/scenario.js';

/**
 * The change log beside a state file (`<file>.log`): one JSON line per group commit, each what
 * changed in the world since the line before it, over the snapshot in the state file itself.
 * Lines carry whole values (a card's full record, a book's full contents, the clock), never
 * increments, so replaying a line twice changes nothing: a crash between writing a new snapshot
 * and emptying the log is harmless.
 */
export const LOG_FORMAT = 1;

type Json = Record<string, unknown>;

/** A line of the log: the whole world (after a reset or a load), or what changed since the last line. */
export type LogRecord =
  | { v: typeof LOG_FORMAT; kind: 'full'; scenario: Scenario }
  | {
      v: typeof LOG_FORMAT;
      kind: 'delta';
      /** Members of the state other than cards, books, removed and nonces, whole, when they changed (the clock, request ids, settings, keys, …). */
      members: Json;
      /** The full list of removed generated cards, when it changed. */
      removed?: unknown[];
      /** Full records of cards changed since the last line. */
      cards: Json[];
      /** ICCIDs of cards no longer in the delta (removed added cards). */
      dropped: string[];
      /** Books whose contents changed, each whole. */
      books: Json;
      /** Nonces remembered since the last line: [scope and nonce, until]. */
      nonces: Array<[string, number]>;
    };

/** State members the tracker writes piecewise; every other member goes whole. */
const OWN_MEMBERS = new Set(['cards', 'books', 'removed', 'nonces']);

/**
 * Remembers what the log already holds, to write only what changed. It compares serialised
 * values, so it needs nothing from the fleet beyond its export.
 */
export class ChangeTracker {
  private fleet: unknown;
  private cards = new Map<string, string>();
  private books = new Map<string, string>();
  private removed = '';
  private nonces = new Map<string, number>();
  private members = new Map<string, string>();

  /** Takes `exported` (the world right now) as what the log and snapshot already hold. */
  reset(fleet: unknown, exported: Scenario): void {
    this.fleet = fleet;
    const state = exported.state;
    this.cards = new Map((state?.cards ?? []).map((card) => [card.iccid, JSON.stringify(card)]));
    this.books = new Map(Object.entries(state?.books ?? {}).map(([name, data]) => [name, JSON.stringify(data)]));
    this.removed = JSON.stringify(state?.removed ?? []);
    this.nonces = new Map(state?.nonces ?? []);
    this.members = new Map(Object.entries(state ?? {}).filter(([name]) => !OWN_MEMBERS.has(name)).map(([name, value]) => [name, JSON.stringify(value)]));
  }

  /** The line that brings the log from what it holds to `exported`; remembers `exported` as held. */
  record(fleet: unknown, exported: Scenario): LogRecord {
    if (fleet !== this.fleet || !exported.state) {
      this.reset(fleet, exported);
      return { v: LOG_FORMAT, kind: 'full', scenario: exported };
    }
    const state = exported.state;
    const cards: Json[] = [];
    const nextCards = new Map<string, string>();
    for (const card of state.cards) {
      const text = JSON.stringify(card);
      nextCards.set(card.iccid, text);
      if (this.cards.get(card.iccid) !== text) cards.push(card);
    }
    const dropped: string[] = [];
    for (const iccid of this.cards.keys()) if (!nextCards.has(iccid)) dropped.push(iccid);
    this.cards = nextCards;
    const books: Json = {};
    for (const [name, data] of Object.entries(state.books)) {
      const text = JSON.stringify(data);
      if (this.books.get(name) !== text) books[name] = data;
      this.books.set(name, text);
    }
    const removedText = JSON.stringify(state.removed);
    const removedChanged = removedText !== this.removed;
    this.removed = removedText;
    const nonces: Array<[string, number]> = [];
    const nextNonces = new Map<string, number>();
    for (const [key, until] of state.nonces ?? []) {
      nextNonces.set(key, until);
      if (this.nonces.get(key) !== until) nonces.push([key, until]);
    }
    this.nonces = nextNonces;
    // Everything else the state carries, known to this file or added later, whole when changed.
    const members: Json = {};
    for (const [name, value] of Object.entries(state)) {
      if (OWN_MEMBERS.has(name)) continue;
      const text = JSON.stringify(value);
      if (this.members.get(name) !== text) members[name] = value;
      this.members.set(name, text);
    }
    return {
      v: LOG_FORMAT,
      kind: 'delta',
      members,
      ...(removedChanged ? { removed: state.removed } : {}),
      cards,
      dropped,
      books,
      nonces,
    };
  }
}

/**
 * Replays log lines over a snapshot (both plain JSON, validated afterwards by the scenario
 * parser). A line that cannot be read is a torn write only when it is the last one; anywhere else
 * the log is damaged and the start stops.
 */
export function replayLog(snapshot: unknown, logText: string): { scenario: unknown; replayed: number; torn: boolean; validBytes: number } {
  let scenario = snapshot;
  let replayed = 0;
  let validBytes = 0;
  let at = 0;
  while (at < logText.length) {
    const end = logText.indexOf('\n', at);
    const line = end < 0 ? logText.slice(at) : logText.slice(at, end);
    const record = parseRecord(line);
    if (!record || end < 0) {
      // Only the tail may be torn: nothing readable may follow it.
      if (end >= 0 && logText.slice(end + 1).trim() !== '') throw new Error(`the change log is damaged at byte ${at} (a line that cannot be read, with lines after it)`);
      return { scenario, replayed, torn: true, validBytes };
    }
    scenario = apply(scenario, record);
    replayed++;
    at = end + 1;
    validBytes = Buffer.byteLength(logText.slice(0, at));
  }
  return { scenario, replayed, torn: false, validBytes };
}

function parseRecord(line: string): LogRecord | undefined {
  try {
    const record = JSON.parse(line) as LogRecord;
    return typeof record === 'object' && record !== null && record.v === LOG_FORMAT && (record.kind === 'full' || record.kind === 'delta') ? record : undefined;
  } catch {
    return undefined;
  }
}

function apply(snapshot: unknown, record: LogRecord): unknown {
  if (record.kind === 'full') return record.scenario;
  const scenario = snapshot as { state?: Json } | undefined;
  if (!scenario || typeof scenario !== 'object' || !scenario.state) throw new Error('the change log has changes but the state file has no saved state to apply them to');
  const state = scenario.state;
  Object.assign(state, record.members);
  if (record.removed !== undefined) state['removed'] = record.removed;
  const cards = new Map<string, Json>(((state['cards'] as Json[] | undefined) ?? []).map((card) => [String(card['iccid']), card]));
  for (const iccid of record.dropped) cards.delete(iccid);
  for (const card of record.cards) cards.set(String(card['iccid']), card);
  state['cards'] = [...cards.values()];
  state['books'] = { ...((state['books'] as Json | undefined) ?? {}), ...record.books };
  const nonces = new Map<string, number>((state['nonces'] as Array<[string, number]> | undefined) ?? []);
  for (const [key, until] of record.nonces) nonces.set(key, until);
  state['nonces'] = [...nonces];
  return scenario;
}
