import type { Fleet } from './fleet.js';
import type { Card } from './model.js';
import { CARD_FIELDS, savedCard } from './cardStore.js';

/**
 * A card as saved: every field of the Card but its internal position, as JSON (instants in epoch
 * ms, absent values left out). The fields are CARD_FIELDS (cardStore.ts), which fails to compile
 * when Card gains a field it does not list, so a field added to Card is carried along here too.
 */
export type CardRecord = Record<string, unknown> & { iccid: string; accountId: string };

/** The fleet's books, each as its own `toJSON()` gives it. */
export type FleetBooks = { [K in BookName]?: ReturnType<Fleet[K]['toJSON']> };

/** Everything that changed since the fleet was generated. */
export interface FleetDelta {
  /** ICCIDs of generated cards removed since. */
  removed: string[];
  /** Full records of the cards changed or added since, in fleet order. */
  cards: CardRecord[];
  books: FleetBooks;
}

/** Every book the fleet keeps beside its cards; a saved state carries them all. */
export const FLEET_BOOKS = [
  'workOrders',
  'networkControls',
  'tagBook',
  'attributeBook',
  'smsLog',
  'networkSwitchPolicies',
  'stopRules',
  'orders',
  'devices',
  'reminders',
  'directionalGroups',
  'threeNetwork',
] as const;
export type BookName = (typeof FLEET_BOOKS)[number];

/** Fields that are a card's identity: set when it is created, never overwritten by a record. */
const IDENTITY = new Set(['seq', 'id', 'accountId', 'iccid', 'imsi', 'msisdn', 'carrier']);

/**
 * The fleet's changes since generation, as plain JSON: nothing shared with the live fleet, or with
 * `shared`, the books' own values as they are (see Simulator.exportScenario).
 */
export function exportFleetDelta(fleet: Fleet, options: ExportOptions = {}): FleetDelta {
  const cards: CardRecord[] = [];
  // Plain fields, not cardRecord: the copy below is the one JSON round trip the whole delta needs.
  for (const card of fleet.changedSinceGeneration()) cards.push(savedCard(card) as CardRecord);
  const books: FleetBooks = {};
  for (const name of FLEET_BOOKS) (books as Record<string, unknown>)[name] = fleet[name].toJSON();
  const delta = { removed: fleet.removedSinceGeneration(), cards, books } as FleetDelta;
  return options.shared ? delta : (JSON.parse(JSON.stringify(delta)) as FleetDelta);
}

export interface ExportOptions {
  /**
   * Leave out the copy: the export's values may be the live world's own, so it must be serialised
   * before anything else runs (the state file writes its snapshots so, and a deep copy of a world
   * with tens of thousands of work orders was half of a compaction's time on the event loop).
   */
  shared?: boolean;
}

export function cardRecord(card: Card): CardRecord {
  return JSON.parse(JSON.stringify(savedCard(card))) as CardRecord;
}

/**
 * Applies a delta to a freshly generated fleet (after `markGenerated`): removes, overwrites and
 * adds cards, then restores every book. A record's problem is a RangeError naming the card.
 */
export function applyFleetDelta(fleet: Fleet, delta: FleetDelta): void {
  for (const iccid of delta.removed) {
    const card = fleet.cardWithIccid(iccid);
    if (!card) throw new RangeError(`state.removed: no generated card has ICCID ${iccid} (was the scenario changed?)`);
    fleet.removeCard(card);
  }
  delta.cards.forEach((record, i) => {
    try {
      const existing = fleet.cardWithIccid(record.iccid);
      if (existing && fleet.isGenerated(existing)) {
        if (existing.accountId !== record.accountId)
          throw new RangeError(`it belongs to ${existing.accountId} in the generated fleet, not ${record.accountId}`);
        fleet.updateCard(existing, (card) => overwrite(card, record));
      } else {
        fleet.addCard(newCard(record));
      }
    } catch (err) {
      throw new RangeError(`state.cards[${i}] (ICCID ${record.iccid}): ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  for (const name of FLEET_BOOKS) {
    const data = delta.books[name];
    if (data === undefined) continue;
    try {
      (fleet[name].restore as (data: unknown) => void)(data);
    } catch (err) {
      throw new RangeError(`state.books.${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

function overwrite(card: Card, record: CardRecord): void {
  const target = card as unknown as Record<string, unknown>;
  for (const key of new Set<string>([...CARD_FIELDS, ...Object.keys(record)])) {
    if (!IDENTITY.has(key)) target[key] = record[key];
  }
}

function newCard(record: CardRecord): Omit<Card, 'seq'> {
  // Every Card field, so a record restores fields it leaves out as undefined.
  const card: Record<string, unknown> = {};
  for (const key of CARD_FIELDS) if (key !== 'seq') card[key] = undefined;
  for (const [key, value] of Object.entries(record)) if (key !== 'seq') card[key] = value;
  return card as unknown as Omit<Card, 'seq'>;
}
