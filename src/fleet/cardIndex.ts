import { Bitset } from './bitset.js';
import type { Card } from './model.js';

/** Card fields that listings filter on by equality, each kept as value → set of card positions. */
export const INDEXED_FIELDS = {
  accountId: (c: Card) => [c.accountId],
  state: (c: Card) => [c.state],
  carrier: (c: Card) => [c.carrier],
  planId: (c: Card) => [c.planId],
  formFactor: (c: Card) => [c.formFactor],
  simKind: (c: Card) => [c.simKind],
  networkType: (c: Card) => [c.networkType],
  orderId: (c: Card) => [String(c.orderId)],
  tag: (c: Card) => c.tags,
} satisfies Record<string, (c: Card) => readonly string[]>;

export type IndexedField = keyof typeof INDEXED_FIELDS;

/**
 * The same fields for adding and removing, without an array per field per card: building a
 * million-card fleet indexes nine fields of each, and those arrays were a good part of the time.
 */
const SINGLE_VALUED: ReadonlyArray<readonly [Exclude<IndexedField, 'tag'>, (c: Card) => string]> = [
  ['accountId', (c) => c.accountId],
  ['state', (c) => c.state],
  ['carrier', (c) => c.carrier],
  ['planId', (c) => c.planId],
  ['formFactor', (c) => c.formFactor],
  ['simKind', (c) => c.simKind],
  ['networkType', (c) => c.networkType],
  ['orderId', (c) => orderText(c.orderId)],
];

/** Cards come batch by batch, so the last order number's text is nearly always the one asked for. */
let lastOrderId = Number.NaN;
let lastOrderText = '';
function orderText(orderId: number): string {
  if (orderId !== lastOrderId) {
    lastOrderId = orderId;
    lastOrderText = String(orderId);
  }
  return lastOrderText;
}
/** The index of `state` in SINGLE_VALUED (the one single-valued field a batch's cards do not share). */
const STATE = SINGLE_VALUED.findIndex(([field]) => field === 'state');
if (SINGLE_VALUED.length !== Object.keys(INDEXED_FIELDS).length - 1) {
  throw new Error('cardIndex: SINGLE_VALUED must list every field of INDEXED_FIELDS but tag');
}

/** Equality filters: fields are ANDed, the values given for one field are ORed. */
export type IndexFilter = Partial<Record<IndexedField, readonly string[]>>;

export class CardIndex {
  private readonly buckets = new Map<IndexedField, Map<string, Bitset>>();
  /**
   * The bucket each field's last added value went to (by SINGLE_VALUED's order): the cards of a
   * delivery batch share most values, so building a fleet finds its buckets without a look-up.
   * Buckets are never dropped, so a remembered one stays the value's.
   */
  private readonly lastValues: Array<string | undefined> = SINGLE_VALUED.map(() => undefined);
  private readonly lastBuckets: Bitset[] = SINGLE_VALUED.map(() => new Bitset());
  private lastTags: readonly string[] | undefined;
  private lastTagBuckets: Bitset[] = [];

  constructor() {
    for (const field of Object.keys(INDEXED_FIELDS) as IndexedField[]) this.buckets.set(field, new Map());
  }

  add(card: Card): void {
    const seq = card.seq;
    for (let i = 0; i < SINGLE_VALUED.length; i++) {
      const [field, valueOf] = SINGLE_VALUED[i]!;
      const value = valueOf(card);
      if (value !== this.lastValues[i]) {
        this.lastValues[i] = value;
        this.lastBuckets[i] = this.bucket(field, value);
      }
      this.lastBuckets[i]!.add(seq);
    }
    // Tag arrays are shared by the cards of a batch (Card.tags), so the same array means the same buckets.
    const tags = card.tags;
    if (tags !== this.lastTags) {
      this.lastTags = tags;
      this.lastTagBuckets = tags.map((tag) => this.bucket('tag', tag));
    }
    for (const bucket of this.lastTagBuckets) bucket.add(seq);
  }

  /**
   * Indexes a new card's own values (state and tags) by position; its batch's shared values come
   * in one `addShared` for the batch. Together, what `add` does for a card with those values.
   */
  addOwn(seq: number, state: string, tags: readonly string[]): void {
    if (state !== this.lastValues[STATE]) {
      this.lastValues[STATE] = state;
      this.lastBuckets[STATE] = this.bucket('state', state);
    }
    this.lastBuckets[STATE]!.add(seq);
    if (tags !== this.lastTags) {
      this.lastTags = tags;
      this.lastTagBuckets = tags.map((tag) => this.bucket('tag', tag));
    }
    for (const bucket of this.lastTagBuckets) bucket.add(seq);
  }

  /** Indexes the positions [from, to) under the values of a delivery batch (every field but state and tag). */
  addShared(from: number, to: number, values: Readonly<Record<Exclude<IndexedField, 'state' | 'tag'>, string | number>>): void {
    if (from >= to) return;
    for (const [field] of SINGLE_VALUED) {
      if (field === 'state') continue;
      const value = values[field];
      this.bucket(field, field === 'orderId' ? orderText(value as number) : (value as string)).addRange(from, to);
    }
  }

  remove(card: Card): void {
    const seq = card.seq;
    for (const [field, value] of SINGLE_VALUED) this.buckets.get(field)!.get(value(card))?.delete(seq);
    for (const tag of card.tags) this.buckets.get('tag')!.get(tag)?.delete(seq);
  }

  /**
   * Runs `mutate` on a card and moves it between buckets for whatever indexed field changed.
   * Every change to an indexed field must go through here, or listings would lie.
   */
  update(card: Card, mutate: () => void): void {
    this.remove(card);
    try {
      mutate();
    } finally {
      this.add(card);
    }
  }

  /** The positions matching every field of the filter, or undefined when the filter is empty. */
  match(filter: IndexFilter): Bitset | undefined {
    let result: Bitset | undefined;
    // Whether `result` is a bucket of the index itself, which the caller must not be given.
    let bucket = false;
    // Fields of one value first: each is its bucket as it is, and ANDed it narrows what the
    // fields of several values are read over.
    const fields = (Object.keys(filter) as IndexedField[]).filter((field) => filter[field] !== undefined);
    fields.sort((a, b) => Number(filter[a]!.length > 1) - Number(filter[b]!.length > 1));
    for (const field of fields) {
      const values = filter[field]!;
      const byValue = this.buckets.get(field)!;
      if (values.length === 1) {
        // Its bucket, not a copy: copied into a union first, an account's bucket cost a query
        // ~30,000 words at a million cards whatever the other fields narrowed it to (an order's
        // first card, asked for each delivery batch, took ListOrder 82 ms).
        const one = byValue.get(values[0]!) ?? new Bitset();
        // `and` reads only the words both spans cover and gives a new set.
        result = result ? result.and(one) : one;
        bucket = result === one;
        continue;
      }
      // Several values: the union of each bucket's part within what is matched so far, so a
      // large bucket (every active card) is read only over a plan's or an order's span.
      const union = new Bitset();
      for (const value of values) {
        const b = byValue.get(value);
        if (b) union.orInPlace(result ? result.and(b) : b);
      }
      result = union;
      bucket = false;
    }
    return bucket ? result!.clone() : result;
  }

  /** Distinct values currently present for a field, with their counts (for statistics views). */
  counts(field: IndexedField, within?: Bitset): Map<string, number> {
    const out = new Map<string, number>();
    for (const [value, bits] of this.buckets.get(field)!) {
      const n = within ? bits.countAnd(within) : bits.count();
      if (n > 0) out.set(value, n);
    }
    return out;
  }

  private bucket(field: IndexedField, value: string): Bitset {
    const byValue = this.buckets.get(field)!;
    let b = byValue.get(value);
    if (!b) byValue.set(value, (b = new Bitset()));
    return b;
  }
}
