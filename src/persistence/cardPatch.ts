/**
 * A card's change as the change log writes it when the log holds the card already: the fields
 * that differ from the record it holds, not the whole record again. A stop or a resume changes a
 * card's state and usage, ~150 bytes, against ~620 for the whole record; and every byte a line
 * saves is also a byte less for compactions to fold (docs/performance.md, round 10).
 */

import { KeyQueue } from '../engine/keyQueue.js';
import { plainField, SAVED_FIELDS } from '../fleet/cardStore.js';
import type { Card } from '../fleet/model.js';

type Json = Record<string, unknown>;

/** `set`: fields with their new values (whole, never merged); `unset`: fields the card no longer has. */
export interface CardPatch {
  iccid: string;
  set: Json;
  unset?: string[];
}

/**
 * The patch that brings `held`, the record the log holds of `card`, to the card as it is now, or
 * undefined when nothing it saves changed; `held` is brought along, in place (a field taken away
 * is set to undefined, which saves as absent). Read field by field, no record is made: a new
 * record a change, kept until the card's next change, was garbage old enough to be promoted
 * (docs/performance.md, round 10). `held` must not be anyone else's to read later: the tracker's
 * records are serialised in the tick they are written.
 */
export function patchInPlace(iccid: string, held: Json, card: Card): CardPatch | undefined {
  let set: Json | undefined;
  let unset: string[] | undefined;
  for (const field of SAVED_FIELDS) {
    const value = plainField(card, field);
    if (sameJson(held[field], value)) continue;
    held[field] = value;
    if (value === undefined) (unset ??= []).push(field);
    else (set ??= {})[field] = value;
  }
  if (!set && !unset) return undefined;
  return unset ? { iccid, set: set ?? {}, unset } : { iccid, set: set ?? {} };
}

/** Applies a patch to a saved record, in place. */
export function applyCardPatch(record: Json, patch: CardPatch): void {
  Object.assign(record, patch.set);
  for (const field of patch.unset ?? []) delete record[field];
}

/** Whether two values serialise to the same JSON (an absent field and an undefined one alike). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Json;
  const y = b as Json;
  for (const key in x) if (!sameJson(x[key], y[key])) return false;
  for (const key in y) if (!(key in x) && y[key] !== undefined) return false;
  return true;
}

/**
 * The records the log last wrote of the cards it wrote most recently, by ICCID, for their next
 * change to be written as a patch; at most `limit` of them (the least recently written go first),
 * so a world of a million changed cards keeps a bounded few. A card not kept is written whole.
 * The order is a KeyQueue, each entry stamped with its write's number: reading the oldest key of
 * the map itself walked past its deleted entries, ~4.7 µs a change once cards were being
 * forgotten (docs/performance.md, "Maps that forget their oldest").
 */
export class LoggedRecords {
  private readonly records = new Map<string, { record: Json; stamp: number }>();
  private readonly order = new KeyQueue<string>();
  private stamp = 0;

  constructor(private readonly limit: number) {}

  get(iccid: string): Json | undefined {
    return this.records.get(iccid)?.record;
  }

  /** Keeps `record` as what the log holds of the card, as its most recent. */
  set(iccid: string, record: Json): void {
    const stamp = ++this.stamp;
    this.records.set(iccid, { record, stamp });
    this.queue(iccid, stamp);
  }

  /** Counts the card's record as its most recent (it was just written again). */
  touch(iccid: string, record: Json): void {
    const entry = this.records.get(iccid);
    if (entry === undefined) return this.set(iccid, record);
    entry.record = record;
    entry.stamp = ++this.stamp;
    this.queue(iccid, entry.stamp);
  }

  delete(iccid: string): void {
    this.records.delete(iccid);
  }

  clear(): void {
    this.records.clear();
    this.order.clear();
  }

  private queue(iccid: string, stamp: number): void {
    this.order.push(iccid, stamp);
    while (this.records.size > this.limit && this.order.size > 0) {
      const oldest = this.order.firstKey();
      if (this.isLatest(oldest, this.order.firstStamp())) this.records.delete(oldest);
      this.order.shift();
    }
    // Every write again leaves its card's earlier entry behind.
    if (this.order.size > 2 * this.records.size + 1024) this.order.retain(this.isLatest);
  }

  /** Whether a queued entry is its card's latest write (the others are stale). */
  private readonly isLatest = (iccid: string, stamp: number): boolean => this.records.get(iccid)?.stamp === stamp;
}
