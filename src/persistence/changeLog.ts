import type { Scenario } from '../../fixtures/scenario.js';
import type { ReplayGuard } from '../engine/replayGuard.js';
import type { Fleet } from '../fleet/fleet.js';
import { savedCard } from '../fleet/cardStore.js';
import type { SettledOrder } from '../fleet/workOrders.js';
import { GroupedReplay } from './groupedReplay.js';
import { applyCardPatch, LoggedRecords, patchInPlace, type CardPatch } from './cardPatch.js';
import type { AppendOnlyBook } from '../fleet/appendOnlyBook.js';
import { DeviceRegistry } from '../fleet/devices.js';
import type { GroupedBook, GroupedChanges } from '../fleet/directionalGroups.js';
import type { KeyedBook, KeyedChanges } from '../fleet/keyedBook.js';
import { NetworkControlBook } from '../fleet/networkControls.js';
import { ReminderBook } from '../fleet/reminders.js';
import { StopRuleBook } from '../fleet/stopRules.js';
import { FLEET_BOOKS, type BookName } from '../fleet/fleetState.js';
import type { RevisedBook } from '../fleet/revisedBook.js';
import type { WorkOrderBook } from '../fleet/workOrders.js';
import type { RuntimeMemberName, RuntimeState } from '../world.js';

/**
 * The change log beside a state file (`<file>.log`; the format is documented in
 * docs/reliability.md, "Durability"): one JSON line per group commit, each what changed in the
 * world since the line before it, over the snapshot in the state file itself. Lines carry values,
 * never increments: a card's full record, or for a card the log holds already the fields that
 * changed, each whole (cardPatch.ts); a work order whole when filed, and what settling changed in
 * one the log holds; a book's full contents, or for a book that only grows at its end (the SMS
 * log, the placed orders: AppendOnlyBook) the records added since, or for a book of entries under
 * keys (the per-card network controls and stop rules, the devices, the reminders: KeyedBook) the
 * entries set and the keys deleted since; for the directional groups (GroupedBook), the groups
 * without their cards when one changed, and the cards rebound since; the clock. A line is built
 * from what the fleet says changed since the last one (its change marks, the work orders filed or
 * settled, the nonces accepted), so a commit costs what changed since the last commit, not
 * everything changed since generation.
 *
 * A log written since a snapshot starts with a `base` line naming that snapshot by its SHA-256:
 * a log found beside another snapshot (a compaction killed between replacing the snapshot and
 * replacing the log) is older than it and is not replayed.
 *
 * Lines of format 3 carry `n`, their commit's number, because commits overlap: up to
 * MAX_IN_FLIGHT lines are on their way to disk at once, each at its own offset, so a kill can
 * leave a later line whole after an earlier one torn or never written (zeros). Recovery keeps
 * the lines before the first that cannot be read and drops the rest, which the numbers show to
 * be the lines that were in flight (nothing after them was answered).
 */
export const LOG_FORMAT = 7;
/**
 * Lines of the earlier formats (1: every book whole, no base line; 2: no commit numbers; 3: no
 * card patches or settled orders; 4: append-only books whole; 5: keyed books whole; 6: the
 * directional groups whole) are still read.
 */
const READABLE_FORMATS = new Set([1, 2, 3, 4, 5, 6, 7]);
/**
 * How many cards' last written records the tracker keeps for patches (LoggedRecords): ~600 bytes
 * each, ~10 MB in all; a card changed again after 16,384 others is written whole.
 */
const PATCHED_CARDS = 16_384;
/**
 * How many commits may be on their way to disk at once (stateFile.ts). Recovery reads a
 * readable line after an unreadable one as one of these, and anything further as damage.
 */
export const MAX_IN_FLIGHT = 4;

type Json = Record<string, unknown>;

/** A line of the log. */
export type LogRecord =
  /**
   * The log's first line: the snapshot it extends, by the SHA-256 (hex) of the file's bytes, and
   * the number of the last commit that snapshot holds (the next line is `n` + 1; 0 when absent).
   */
  | { v: typeof LOG_FORMAT; kind: 'base'; snapshot: string; n?: number }
  /** The whole world (after a reset or a load). `n`: the commit's number (format 3). */
  | { v: typeof LOG_FORMAT; kind: 'full'; scenario: Scenario; n?: number }
  | {
      v: typeof LOG_FORMAT;
      kind: 'delta';
      n?: number;
      /** Members of the state other than cards, books, removed and nonces, whole, when they changed (the clock, request ids, settings, keys, …). */
      members: Json;
      /** The full list of removed generated cards, when it changed. */
      removed?: unknown[];
      /** Full records of cards changed or added since the last line, in fleet order. */
      cards: Json[];
      /** Changes of cards the log holds already (format 4). */
      patches?: CardPatch[];
      /** ICCIDs of cards to take out of the saved list first (removed, or added again at a new place in the fleet). */
      dropped: string[];
      /** Books whose contents changed, each whole. */
      books: Json;
      /**
       * What was appended to append-only books the log holds (format 5): `smsLog`, the records;
       * `orders`, `{ nextId, orders }`. A book replaced all at once is in `books`, whole.
       */
      appended?: Json;
      /**
       * What changed in the keyed books the log holds (format 6): per book, the keys of entries
       * deleted and the entries set, as the book writes them (KeyedChanges). A book replaced all
       * at once is in `books`, whole.
       */
      keyed?: Record<string, KeyedChanges>;
      /**
       * What changed in the grouped books the log holds (format 7; the directional groups): the
       * groups without their cards when one changed, and the cards rebound (GroupedChanges).
       */
      grouped?: Record<string, GroupedChanges>;
      /**
       * Work orders filed since the last line, whole (settled since or not); what settling changed
       * in orders filed before it (format 4); and the book's next id.
       */
      workOrders?: { nextId: number; orders: Json[]; settled?: SettledOrder[] };
      /** Nonces accepted since the last line: [scope and nonce, until]. */
      nonces: Array<[string, number]>;
    };

/**
 * How the tracker follows a book, and how a replay applies what a line says of it: `piecewise`,
 * the work orders (filed whole, settled as what settling changed); `appended`, a book that only
 * grows at its end (AppendOnlyBook), by what was appended, which `append` adds to the saved form
 * (the form `appendedSince` gives) or says why it cannot; `keyed`, a book of entries under keys
 * (KeyedBook), by the entries changed, each saved entry under the key `keyOf` reads as the book
 * does; `grouped`, a book of groups and their cards (GroupedBook), by the groups when one changed
 * and the cards rebound; `revised`, any other (RevisedBook), whole when its revision moved. A
 * book of none of these kinds does not compile in BOOKS: nothing is compared by its JSON at a
 * commit.
 */
type Following<B> = B extends WorkOrderBook
  ? { kind: 'piecewise' }
  : B extends AppendOnlyBook
    ? { kind: 'appended'; append: (saved: unknown, added: unknown) => void }
    : B extends KeyedBook
      ? { kind: 'keyed'; keyOf: (record: never) => string }
      : B extends GroupedBook
        ? { kind: 'grouped' }
        : B extends RevisedBook
          ? { kind: 'revised' }
          : never;
const BOOKS: { readonly [K in BookName]: Following<Fleet[K]> } = {
  workOrders: { kind: 'piecewise' },
  networkControls: { kind: 'keyed', keyOf: NetworkControlBook.keyOf },
  tagBook: { kind: 'revised' },
  attributeBook: { kind: 'revised' },
  smsLog: {
    kind: 'appended',
    append: (saved, added) => {
      if (!Array.isArray(saved) || !Array.isArray(added)) throw new Error('SMS records appended to no SMS log');
      appendAll(saved, added);
    },
  },
  networkSwitchPolicies: { kind: 'revised' },
  stopRules: { kind: 'keyed', keyOf: StopRuleBook.keyOf },
  orders: {
    kind: 'appended',
    append: (saved, added) => {
      const book = saved as { nextId?: unknown; orders?: unknown } | undefined;
      const more = added as { nextId?: unknown; orders?: unknown } | undefined;
      if (!book || !Array.isArray(book.orders) || !more || !Array.isArray(more.orders)) throw new Error('orders appended to no order book');
      appendAll(book.orders, more.orders as unknown[]);
      book.nextId = more.nextId;
    },
  },
  devices: { kind: 'keyed', keyOf: DeviceRegistry.keyOf },
  reminders: { kind: 'keyed', keyOf: ReminderBook.keyOf },
  directionalGroups: { kind: 'grouped' },
  threeNetwork: { kind: 'revised' },
};

/** How a book a line names is followed, or undefined for a name that is no book. */
function following(name: string): Following<Fleet[BookName]> | undefined {
  return Object.hasOwn(BOOKS, name) ? BOOKS[name as BookName] : undefined;
}

/**
 * Adds `more` at the end of `list` one by one: `push(...more)` passes every record as an argument,
 * and one SendSms to a batch of 150,000 cards appends that many in one line (past ~125,000 the
 * call overflows the stack, and the replay would call the line damage).
 */
function appendAll(list: unknown[], more: readonly unknown[]): void {
  for (const item of more) list.push(item);
}

/** What the tracker reads: a simulator (src/simulator.ts). */
export interface TrackedWorld {
  readonly fleet: Fleet;
  readonly engine: { readonly context: { readonly nonces: ReplayGuard } };
  exportScenario(): Scenario;
  exportRuntime(only?: readonly RuntimeMemberName[]): RuntimeState;
  runtimeKeys(): Record<RuntimeMemberName, string | number>;
}

/**
 * Turns what changed since the last commit into the next line. It drains the fleet's change
 * marks, the work order book's changed orders, the keyed and grouped books' changes and the
 * replay guard's accepted nonces (one tracker per simulator: a second would steal the first's changes).
 * Every other book is followed by its epoch and length or its revision (BOOKS). The clock,
 * request ids, keys and settings are compared by their keys (world.ts), and only the members
 * whose keys moved are exported.
 */
export class ChangeTracker {
  private fleet: Fleet | undefined;
  /** Every card the snapshot and log hold a record of: ICCID to its place in the fleet. */
  private logged = new Map<string, number>();
  /** Each revised book's revision as the log holds it. */
  private revisions = new Map<string, number>();
  private removed = '';
  /** The fleet's count of removals when the log last looked at its removed list. */
  private removals = 0;
  private members = new Map<string, string | number>();
  /** What the log holds of the cards it wrote last, for patches. */
  private records = new LoggedRecords(PATCHED_CARDS);
  /** Each append-only book as the log holds it: its epoch and how many records. */
  private appendedHeld = new Map<string, { epoch: number; length: number }>();
  /** Each keyed or grouped book's epoch, and the work orders', as the log holds it. */
  private epochs = new Map<string, number>();

  /**
   * Takes `exported`, the world as `world.exportScenario()` gave it in this same tick, as what the
   * log and snapshot hold, and starts draining changes from this moment.
   */
  reset(world: TrackedWorld, exported: Scenario): void {
    const fleet = world.fleet;
    this.fleet = fleet;
    fleet.marks.start();
    fleet.workOrders.trackChanges();
    world.engine.context.nonces.trackAccepted();
    const state = exported.state;
    this.logged = new Map();
    this.records.clear();
    const saved = state?.cards ?? [];
    for (const record of saved) {
      const card = fleet.cardWithIccid(record.iccid);
      if (card) this.logged.set(record.iccid, card.seq);
    }
    // The export's own records (savedCard's, nobody else's to change), the last ones at most.
    for (let i = Math.max(0, saved.length - PATCHED_CARDS); i < saved.length; i++) this.records.set(saved[i]!.iccid, saved[i]!);
    this.revisions = new Map();
    this.appendedHeld = new Map();
    this.epochs = new Map();
    for (const name of FLEET_BOOKS) {
      const { kind } = BOOKS[name];
      if (kind === 'appended') {
        const book = fleet[name] as unknown as AppendOnlyBook;
        this.appendedHeld.set(name, { epoch: book.epoch, length: book.length });
      } else if (kind === 'piecewise') {
        this.epochs.set(name, fleet.workOrders.epoch);
      } else if (kind === 'keyed' || kind === 'grouped') {
        const book = fleet[name] as unknown as KeyedBook | GroupedBook;
        book.trackChanges();
        this.epochs.set(name, book.epoch);
      } else if (kind === 'revised') {
        this.revisions.set(name, (fleet[name] as unknown as RevisedBook).revision);
      }
    }
    this.removed = JSON.stringify(state?.removed ?? []);
    this.removals = fleet.removals;
    // Read in the same tick as `exported`: the keys of what it holds.
    this.members = new Map(Object.entries(world.runtimeKeys()));
  }

  /** After a failed write: the next line is the whole world, whatever the tracker thought the log held. */
  invalidate(): void {
    this.fleet = undefined;
  }

  /**
   * The line that brings the log from what it holds to the world now, or undefined when nothing
   * changed. Synchronous: the world cannot move while it is built. Its cards and work orders are
   * the live fleet's values, not copies (a copy per card was most of a commit's CPU): serialise
   * it in the same tick.
   */
  record(world: TrackedWorld): LogRecord | undefined {
    const fleet = world.fleet;
    if (fleet !== this.fleet) {
      const exported = world.exportScenario();
      this.reset(world, exported);
      return { v: LOG_FORMAT, kind: 'full', scenario: exported };
    }
    // Cards: the ones marked, in fleet order (added cards are appended to the saved list in it).
    const touched: Array<{ seq: number; iccid: string; card: NonNullable<ReturnType<Fleet['cardWithIccid']>> }> = [];
    const dropped: string[] = [];
    // Read from the fleet's count, not from a marked card being gone: a card removed and added
    // again under its ICCID before this line is there, and its generated self is in the list.
    const removals = fleet.removals !== this.removals;
    this.removals = fleet.removals;
    for (const iccid of fleet.marks.drain()) {
      const card = fleet.cardWithIccid(iccid);
      if (card) {
        touched.push({ seq: card.seq, iccid, card });
        continue;
      }
      this.records.delete(iccid);
      if (this.logged.delete(iccid)) dropped.push(iccid);
    }
    touched.sort((a, b) => a.seq - b.seq);
    const cards: Json[] = [];
    const patches: CardPatch[] = [];
    for (const { seq, iccid, card } of touched) {
      const held = this.logged.get(iccid);
      // An ICCID removed and added again is a new card at the end of the fleet: out of its old place first.
      if (held !== undefined && held !== seq) {
        dropped.push(iccid);
        this.records.delete(iccid);
      }
      this.logged.set(iccid, seq);
      const kept = this.records.get(iccid);
      if (kept === undefined) {
        // cardRecord without its JSON round trip: serialised at once, the line reads the same.
        const record = savedCard(card);
        this.records.set(iccid, record);
        cards.push(record);
        continue;
      }
      this.records.touch(iccid, kept);
      const patch = patchInPlace(iccid, kept, card);
      if (patch) patches.push(patch);
    }
    let removed: unknown[] | undefined;
    if (removals) {
      const list = fleet.removedSinceGeneration();
      const text = JSON.stringify(list);
      if (text !== this.removed) removed = list;
      this.removed = text;
    }
    let orders = fleet.workOrders.drainChanged();
    const books: Json = {};
    // Replaced all at once since: the book whole, as the other books are.
    if (this.epochs.get('workOrders') !== fleet.workOrders.epoch) {
      books['workOrders'] = fleet.workOrders.toJSON();
      orders = { nextId: orders.nextId, orders: [], settled: [] };
      this.epochs.set('workOrders', fleet.workOrders.epoch);
    }
    const appended: Json = {};
    const keyed: Record<string, KeyedChanges> = {};
    const grouped: Record<string, GroupedChanges> = {};
    for (const name of FLEET_BOOKS) {
      const { kind } = BOOKS[name];
      if (kind === 'appended') {
        const book = fleet[name] as unknown as AppendOnlyBook;
        const held = this.appendedHeld.get(name);
        // Replaced since (or shorter, which only a replacement makes): whole.
        if (!held || held.epoch !== book.epoch || book.length < held.length) books[name] = book.toJSON();
        else if (book.length > held.length) appended[name] = book.appendedSince(held.length);
        this.appendedHeld.set(name, { epoch: book.epoch, length: book.length });
        continue;
      }
      if (kind === 'keyed') {
        const book = fleet[name] as unknown as KeyedBook;
        // Drained either way: after a replacement the whole book holds what changed.
        const changes = book.drainChanged();
        if (this.epochs.get(name) !== book.epoch) books[name] = book.toJSON();
        else if (changes.removed.length > 0 || changes.set.length > 0) keyed[name] = changes;
        this.epochs.set(name, book.epoch);
        continue;
      }
      if (kind === 'grouped') {
        const book = fleet[name] as unknown as GroupedBook;
        const changes = book.drainGrouped();
        if (this.epochs.get(name) !== book.epoch) books[name] = book.toJSON();
        else if (changes.groups !== undefined || changes.bindings.length > 0) grouped[name] = changes;
        this.epochs.set(name, book.epoch);
        continue;
      }
      if (kind === 'revised') {
        const book = fleet[name] as unknown as RevisedBook & { toJSON(): unknown };
        // The book's own JSON: serialised in this tick, with the rest of the line.
        if (this.revisions.get(name) !== book.revision) books[name] = book.toJSON();
        this.revisions.set(name, book.revision);
      }
    }
    const nonces = world.engine.context.nonces.drainAccepted();
    // The clock, request ids, keys and settings (and any member added to the state later), each
    // whole when its key moved.
    const keys = world.runtimeKeys();
    const moved: RuntimeMemberName[] = [];
    for (const name of Object.keys(keys) as RuntimeMemberName[]) {
      if (this.members.get(name) !== keys[name]) moved.push(name);
      this.members.set(name, keys[name]);
    }
    const members: Json = {};
    if (moved.length > 0) {
      const values = world.exportRuntime(moved) as Json;
      // A member the save now leaves out (usageSummedTo once the clock is past it) is written as
      // null: left out of the line, the replay would keep its older value.
      for (const name of moved) members[name] = values[name] ?? null;
    }
    const nothing =
      cards.length === 0 &&
      patches.length === 0 &&
      dropped.length === 0 &&
      removed === undefined &&
      orders.orders.length === 0 &&
      orders.settled.length === 0 &&
      Object.keys(books).length === 0 &&
      Object.keys(appended).length === 0 &&
      Object.keys(keyed).length === 0 &&
      Object.keys(grouped).length === 0 &&
      nonces.length === 0 &&
      Object.keys(members).length === 0;
    if (nothing) return undefined;
    return {
      v: LOG_FORMAT,
      kind: 'delta',
      members,
      ...(removed !== undefined ? { removed } : {}),
      cards,
      ...(patches.length > 0 ? { patches } : {}),
      dropped,
      books,
      ...(Object.keys(appended).length > 0 ? { appended } : {}),
      ...(Object.keys(keyed).length > 0 ? { keyed } : {}),
      ...(Object.keys(grouped).length > 0 ? { grouped } : {}),
      ...(orders.orders.length > 0 || orders.settled.length > 0
        ? {
            workOrders: {
              nextId: orders.nextId,
              orders: orders.orders as unknown as Json[],
              ...(orders.settled.length > 0 ? { settled: orders.settled } : {}),
            },
          }
        : {}),
      nonces,
    };
  }
}

/** The outcome of replaying a log over a snapshot. */
export interface Replay {
  scenario: unknown;
  /** Change lines applied. */
  replayed: number;
  /** The log ended in a line cut short or never written (a kill mid-write), which was dropped with every line after it. */
  torn: boolean;
  /** Whole lines dropped because an earlier line in flight with them was torn or never written. */
  afterHole: number;
  /** The log was begun over another snapshot: it is older than this one, and only a whole-world line in it was replayed. */
  stale: boolean;
}

/**
 * Replays log lines over a snapshot (both plain JSON, validated afterwards by the scenario
 * parser). `snapshotHash` is the SHA-256 of the snapshot file's bytes, checked against the log's
 * base line.
 *
 * The first line that cannot be read (cut short, or zeros where a write never landed) ends the
 * log: it and everything after it are dropped. That is a kill's debris only when what follows it
 * is what could have been in flight with it: nothing readable, or lines of format 3 numbered
 * within MAX_IN_FLIGHT of the last line kept (their answers waited for the torn line, which was
 * never durable, so none was sent). Anything else after an unreadable line is damage, and the
 * start stops.
 */
export function replayLog(snapshot: unknown, logText: string, snapshotHash?: string): Replay {
  const state = new ReplayState(snapshot);
  let replayed = 0;
  let at = 0;
  let first = true;
  // The number of the last commit kept (from the base line, then each numbered line).
  let last = 0;
  // A log begun over another snapshot is older than this one: only from a whole-world line on does it count.
  let stale = false;
  let skipping = false;
  const damaged = (why: string) => new Error(`the change log is damaged at byte ${Buffer.byteLength(logText.slice(0, at))} (${why})`);
  while (at < logText.length) {
    const end = logText.indexOf('\n', at);
    const line = end < 0 ? logText.slice(at) : logText.slice(at, end);
    const record = parseRecord(line);
    if (!record || end < 0) {
      const afterHole = end < 0 ? 0 : inFlightAfter(logText.slice(end + 1), last);
      if (afterHole === undefined) throw damaged('a line that cannot be read, with lines after it that were not in flight with it');
      return { scenario: state.result(), replayed, torn: true, afterHole, stale };
    }
    if (record.kind === 'base') {
      if (!first) throw damaged('a base line after changes');
      stale = skipping = snapshotHash !== undefined && record.snapshot !== snapshotHash;
      last = typeof record.n === 'number' ? record.n : 0;
    } else if (skipping && record.kind !== 'full') {
      // Already in the snapshot.
    } else {
      skipping = false;
      try {
        state.apply(record);
      } catch (err) {
        throw damaged((err as Error).message);
      }
      replayed++;
    }
    if (record.kind !== 'base' && typeof record.n === 'number') last = record.n;
    first = false;
    at = end + 1;
  }
  return { scenario: state.result(), replayed, torn: false, afterHole: 0, stale };
}

/**
 * How many whole lines follow a torn one as commits that were in flight with it (each numbered
 * after `last`, the last line kept, by at most MAX_IN_FLIGHT), or undefined when anything else
 * does: a line without a number, one numbered further on, or another base line.
 */
function inFlightAfter(rest: string, last: number): number | undefined {
  let count = 0;
  for (const line of rest.split('\n')) {
    const record = parseRecord(line);
    // More debris of the same writes (zeros, a line cut short), or nothing: what bounds the
    // debris is that every whole line in it is numbered within the window.
    if (!record) continue;
    if (record.kind === 'base' || typeof record.n !== 'number' || record.n <= last || record.n > last + MAX_IN_FLIGHT) return undefined;
    count++;
  }
  return count;
}

function parseRecord(line: string): LogRecord | undefined {
  try {
    const record = JSON.parse(line) as LogRecord;
    return typeof record === 'object' &&
      record !== null &&
      READABLE_FORMATS.has(record.v) &&
      (record.kind === 'full' || record.kind === 'delta' || record.kind === 'base')
      ? record
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The saved state while lines are replayed, kept in maps (cards by ICCID, work orders by id,
 * nonces by key) so each line costs its own size, and turned back into a scenario at the end.
 */
class ReplayState {
  private scenario: { state?: Json } | undefined;
  private cards = new Map<string, Json>();
  private orders: Map<number, Json> | undefined;
  private ordersNextId: unknown;
  private nonces = new Map<string, number>();
  /** Keyed books changed by a line (format 6), by key, in the book's order; written back at the end. */
  private keyed = new Map<string, Map<string, unknown>>();
  /** Grouped books changed by a line (format 7); written back at the end. */
  private grouped = new Map<string, GroupedReplay>();

  constructor(snapshot: unknown) {
    this.load(snapshot);
  }

  private load(snapshot: unknown): void {
    this.scenario = snapshot as { state?: Json } | undefined;
    const state = this.scenario?.state;
    this.cards = new Map(((state?.['cards'] as Json[] | undefined) ?? []).map((card) => [String(card['iccid']), card]));
    const workOrders = (state?.['books'] as Json | undefined)?.['workOrders'] as { nextId?: unknown; orders?: Json[] } | undefined;
    this.orders = workOrders ? new Map((workOrders.orders ?? []).map((order) => [Number(order['id']), order])) : undefined;
    this.ordersNextId = workOrders?.nextId;
    this.nonces = new Map((state?.['nonces'] as Array<[string, number]> | undefined) ?? []);
    this.keyed = new Map();
    this.grouped = new Map();
  }

  apply(record: Exclude<LogRecord, { kind: 'base' }>): void {
    if (record.kind === 'full') return this.load(record.scenario);
    const state = this.scenario?.state;
    if (!this.scenario || typeof this.scenario !== 'object' || !state)
      throw new Error('the change log has changes but the state file has no saved state to apply them to');
    for (const [name, value] of Object.entries(record.members)) {
      if (value === null) delete state[name];
      else state[name] = value;
    }
    if (record.removed !== undefined) state['removed'] = record.removed;
    for (const iccid of record.dropped) this.cards.delete(iccid);
    for (const card of record.cards) this.cards.set(String(card['iccid']), card);
    for (const patch of record.patches ?? []) {
      const card = this.cards.get(patch.iccid);
      if (!card) throw new Error(`a change to card ${patch.iccid}, which neither the snapshot nor a line before holds`);
      applyCardPatch(card, patch);
    }
    state['books'] = { ...((state['books'] as Json | undefined) ?? {}), ...record.books };
    // A book written whole is that book from here on.
    for (const name of Object.keys(record.books)) {
      this.keyed.delete(name);
      this.grouped.delete(name);
    }
    for (const [name, changes] of Object.entries(record.keyed ?? {})) this.applyKeyed(name, changes, state['books'] as Json);
    for (const [name, changes] of Object.entries(record.grouped ?? {})) this.applyGrouped(name, changes, state['books'] as Json);
    for (const [name, added] of Object.entries(record.appended ?? {})) {
      const book = following(name);
      if (book?.kind !== 'appended') throw new Error(`records appended to ${name}, which is not an append-only book`);
      book.append((state['books'] as Json)[name], added);
    }
    if (record.books['workOrders'] !== undefined) {
      // A first-format line carries the book whole.
      const whole = record.books['workOrders'] as { nextId?: unknown; orders?: Json[] };
      this.orders = new Map((whole.orders ?? []).map((order) => [Number(order['id']), order]));
      this.ordersNextId = whole.nextId;
    }
    if (record.workOrders) {
      this.orders ??= new Map();
      for (const order of record.workOrders.orders) this.orders.set(Number(order['id']), order);
      for (const done of record.workOrders.settled ?? []) {
        const order = this.orders.get(done.id);
        if (!order) throw new Error(`the settling of work order ${done.id}, which neither the snapshot nor a line before holds`);
        Object.assign(order, done);
      }
      this.ordersNextId = record.workOrders.nextId;
    }
    for (const [key, until] of record.nonces) this.nonces.set(key, until);
  }

  result(): unknown {
    const state = this.scenario?.state;
    if (!state) return this.scenario;
    state['cards'] = [...this.cards.values()];
    if (this.orders) (state['books'] as Json)['workOrders'] = { nextId: this.ordersNextId, orders: [...this.orders.values()] };
    state['nonces'] = [...this.nonces];
    for (const [name, entries] of this.keyed) (state['books'] as Json)[name] = [...entries.values()];
    for (const [name, book] of this.grouped) (state['books'] as Json)[name] = book.result();
    return this.scenario;
  }

  /** Applies a grouped book's groups and bindings (GroupedReplay). */
  private applyGrouped(name: string, changes: GroupedChanges, books: Json): void {
    if (following(name)?.kind !== 'grouped') throw new Error(`groups changed in ${name}, which is not a grouped book`);
    let book = this.grouped.get(name);
    if (!book) {
      book = new GroupedReplay(name, books[name]);
      this.grouped.set(name, book);
    }
    book.apply(changes);
  }

  /** Deletes a keyed book's `removed`, then sets each of `set` in its place, or at the end when new. */
  private applyKeyed(name: string, changes: KeyedChanges, books: Json): void {
    const book = following(name);
    if (book?.kind !== 'keyed') throw new Error(`entries changed in ${name}, which is not a keyed book`);
    const keyOf = book.keyOf as (record: unknown) => string;
    if (typeof changes !== 'object' || changes === null || !Array.isArray(changes.removed) || !Array.isArray(changes.set))
      throw new Error(`the changes to ${name} are not a list of keys removed and entries set`);
    let entries = this.keyed.get(name);
    if (!entries) {
      const saved = books[name] ?? [];
      if (!Array.isArray(saved)) throw new Error(`entries changed in ${name}, which the snapshot holds as no list`);
      entries = new Map(saved.map((record) => [keyOf(record), record]));
      this.keyed.set(name, entries);
    }
    for (const key of changes.removed) entries.delete(String(key));
    for (const record of changes.set) {
      if (typeof record !== 'object' || record === null) throw new Error(`an entry set in ${name} that is not an object`);
      entries.set(keyOf(record), record);
    }
  }
}
