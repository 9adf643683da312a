import { popcount, type Bitset } from './bitset.js';
import type { CardIndex, IndexFilter } from './cardIndex.js';
import type { Card } from './model.js';
import { NumericTopK, TopK } from './topK.js';
import type { UsageColumns } from './usage/columns.js';

export interface CardQuery {
  /** Only this account's cards are ever visible. */
  accountId: string;
  /** Equality filters answered from the indexes. */
  indexed?: IndexFilter;
  /**
   * A condition on the card's period figures (KB), answered from the usage columns without
   * touching the card objects: the cheap way to filter a million cards by usage.
   */
  usage?: UsageCondition;
  /**
   * Whatever the indexes cannot answer (ranges, dates, free text), checked card by card. The card
   * it is given may be an object reused for the next card: keep nothing of it but values, and tell
   * cards apart by `seq`, not by reference. (A query run from inside a filter gives its own
   * filter objects of their own.)
   */
  where?: (card: Card) => boolean;
  /**
   * Orders the matches; without it they come in fleet order (the order cards were added). Ties
   * keep fleet order. An order by usage reads the usage columns, like `usage`.
   */
  sort?: ((a: Card, b: Card) => number) | UsageOrder;
}

/**
 * Bounds on the KB used this period, compared inline (no call per card), and an exact test for
 * the cards within them. A vendor whose figures are rounded gives bounds a little wider than its
 * own and the exact test, so a million cards cost a million comparisons and a call only for the
 * few near or inside the range.
 */
export interface UsageCondition {
  usedKbMin?: number;
  usedKbMax?: number;
  test?: (usedKb: number, allowanceKb: number) => boolean;
  /**
   * KB used within which `test` is known to pass (inclusive): a listing does not call it there,
   * only near the edges of the bounds (a million-card scan called it for every card within them).
   */
  passesKbMin?: number;
  passesKbMax?: number;
}

/** Whether one card's figures meet a usage condition (the look-up paths, which check one card). */
export function meetsUsage(condition: UsageCondition, usedKb: number, allowanceKb: number): boolean {
  const { usedKbMin = -Infinity, usedKbMax = Infinity, test } = condition;
  return usedKb >= usedKbMin && usedKb <= usedKbMax && (!test || test(usedKb, allowanceKb));
}

/**
 * Matches ordered by the KB used this period or the KB left of the allowance (never below 0).
 * A vendor showing rounded figures sees them in order too: rounding keeps order.
 */
export interface UsageOrder {
  byUsage: 'usedKb' | 'leftKb';
  descending?: boolean;
}

export interface Page<T> {
  total: number;
  items: T[];
}

/**
 * Answers a card query over the fleet's indexes and usage columns: which path a query takes
 * (index slice, inline usage window, card-by-card test, sorted by a comparator or by usage) is
 * decided here, so the fleet itself only keeps the cards and their indexes true.
 */
export class CardQueryPlanner {
  /**
   * `card` gives the card at a live position, for the answer and for sorting (the fleet's own
   * object if it has one, else one it does not keep: listings kept one for every card they looked
   * at, 30 MB over a million); `probe` gives it for `where` alone, an object that may be reused for
   * the next position, so a filter must not keep it and compares cards by `seq`.
   */
  constructor(
    private readonly card: (seq: number) => Card,
    private readonly probe: (seq: number) => Card,
    private readonly index: CardIndex,
    private readonly usageColumns: UsageColumns,
  ) {}

  /** Matches of a query, `offset` skipped and at most `limit` returned, plus the total. */
  query(q: CardQuery, offset: number, limit: number): Page<Card> {
    const candidates = this.index.match({ ...q.indexed, accountId: [q.accountId] })!;
    const test = this.matcher(q);
    const sort = q.sort;
    if (!test && !sort) {
      return { total: candidates.count(), items: candidates.slice(offset, limit).map(this.card) };
    }
    if (typeof sort === 'function') return this.sorted(candidates, test, sort, offset, limit);
    if (sort) return this.sortedByUsage(candidates, test, sort, offset, limit);
    if (q.usage) return this.windowByUsage(candidates, q.usage, q.where, offset, limit);
    const card = this.card;
    const matches: Card[] = [];
    let total = 0;
    // A callback, not the values() generator: this loop visits every card of a million-card account.
    // Without a sort only the requested window is kept, so deep pages cost no memory.
    candidates.forEach((seq) => {
      if (test && !test(seq)) return;
      total++;
      if (total > offset && matches.length < limit) matches.push(card(seq));
    });
    return { total, items: matches };
  }

  /**
   * The unsorted window of a usage condition, the words of the candidates walked inline: at a
   * million cards the callbacks of `Bitset.forEach` and a combined matcher cost more than the
   * condition itself.
   */
  private windowByUsage(candidates: Bitset, usage: UsageCondition, where: CardQuery['where'], offset: number, limit: number): Page<Card> {
    const { used, allowance } = this.usageColumns.arrays();
    const min = usage.usedKbMin ?? -Infinity;
    const max = usage.usedKbMax ?? Infinity;
    const test = usage.test;
    const passesMin = usage.passesKbMin ?? Infinity;
    const passesMax = usage.passesKbMax ?? -Infinity;
    const card = this.card;
    const probe = this.probe;
    const words = candidates.wordArray();
    const first = candidates.firstWord();
    const bounded = min > -Infinity || max < Infinity;
    const items: Card[] = [];
    let total = 0;
    // No card sits past the columns' length (a multiple of 32), so neither do candidate bits.
    const wordCount = Math.min(words.length, (used.length >>> 5) - first);
    for (let w = 0; w < wordCount; w++) {
      let word = words[w]!;
      if (word === 0) continue;
      if (bounded) {
        // The 32 cards of the word against the bounds in one branch-free pass, so only the
        // cards within them are visited one by one. Four bytes of the mask are built side by
        // side, and each comparison is a number (`&`, not `&&`, which branches): three to four
        // times faster than one accumulator, 5.6 → ~1.6 ms a million cards.
        const base = (first + w) << 5;
        let b0 = 0;
        let b1 = 0;
        let b2 = 0;
        let b3 = 0;
        for (let k = 0; k < 8; k++) {
          const i = base + k;
          const u0 = used[i]!;
          const u1 = used[i + 8]!;
          const u2 = used[i + 16]!;
          const u3 = used[i + 24]!;
          b0 |= (+(u0 >= min) & +(u0 <= max)) << k;
          b1 |= (+(u1 >= min) & +(u1 <= max)) << k;
          b2 |= (+(u2 >= min) & +(u2 <= max)) << k;
          b3 |= (+(u3 >= min) & +(u3 <= max)) << k;
        }
        word &= b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
      }
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const seq = ((first + w) << 5) + (31 - Math.clz32(low));
        const usedKb = used[seq]!;
        if (test && !(usedKb >= passesMin && usedKb <= passesMax) && !test(usedKb, allowance[seq]!)) continue;
        if (where && !where(probe(seq))) continue;
        total++;
        if (total > offset && items.length < limit) items.push(card(seq));
      }
    }
    return { total, items };
  }

  /** The query's conditions beyond the indexes, on a position: usage columns first (cheap), then the card. */
  private matcher(q: CardQuery): ((seq: number) => boolean) | undefined {
    const { usage, where } = q;
    const probe = this.probe;
    const inRange = usage && this.usageTest(usage);
    if (inRange && where) return (seq) => inRange(seq) && where(probe(seq));
    if (inRange) return inRange;
    if (where) return (seq) => where(probe(seq));
    return undefined;
  }

  /** A usage condition as a test of a position. */
  private usageTest(usage: UsageCondition): (seq: number) => boolean {
    const { used, allowance } = this.usageColumns.arrays();
    return (seq) => meetsUsage(usage, used[seq]!, allowance[seq]!);
  }

  /**
   * A sorted window. The first pages of a big listing keep the best `offset + limit` in a heap as
   * the cards stream past: about one comparison per card, and no array of every match (what that
   * array cost at a million cards: docs/performance.md, "Decisions the figures made"). Deep pages
   * collect the matches and sort them all.
   */
  private sorted(
    candidates: Bitset,
    test: ((seq: number) => boolean) | undefined,
    sort: (a: Card, b: Card) => number,
    offset: number,
    limit: number,
  ): Page<Card> {
    const card = this.card;
    const order = (a: Card, b: Card) => sort(a, b) || a.seq - b.seq;
    const wanted = offset + limit;
    let total = 0;
    if (wanted * 8 < candidates.count()) {
      const best = new TopK(wanted, order);
      candidates.forEach((seq) => {
        if (test && !test(seq)) return;
        total++;
        best.offer(card(seq));
      });
      return { total, items: best.sorted().slice(offset) };
    }
    const matches: Card[] = [];
    candidates.forEach((seq) => {
      if (!test || test(seq)) matches.push(card(seq));
    });
    matches.sort(order);
    return { total: matches.length, items: matches.slice(offset, offset + limit) };
  }

  /** The same window ordered by a usage key, computed from the columns once per match. */
  private sortedByUsage(
    candidates: Bitset,
    test: ((seq: number) => boolean) | undefined,
    sort: UsageOrder,
    offset: number,
    limit: number,
  ): Page<Card> {
    const { used, allowance } = this.usageColumns.arrays();
    const sign = sort.descending ? -1 : 1;
    const byLeft = sort.byUsage === 'leftKb';
    const keyOf = (seq: number) => sign * (byLeft ? Math.max(0, allowance[seq]! - used[seq]!) : used[seq]!);
    const wanted = offset + limit;
    let total = 0;
    let seqs: ArrayLike<number>;
    if (wanted * 8 < candidates.count()) {
      const best = new NumericTopK(wanted);
      // Walked inline: positions come in ascending order, so once the heap is full a key no
      // smaller than its largest can never enter (a tie loses on position), and most cards of a
      // big account are turned away with one comparison, no call.
      const words = candidates.wordArray();
      const first = candidates.firstWord();
      for (let w = 0; w < words.length; w++) {
        let word = words[w]!;
        if (word === 0) continue;
        const base = (first + w) << 5;
        if (!test) {
          total += popcount(word);
          // Once the heap is full, the word's cards whose key could still enter, in one
          // branch-free pass (as in windowByUsage); the largest kept only falls while the word
          // is walked, so the check below still decides each card.
          if (best.full && base + 32 <= used.length)
            word &= mayEnter(used, allowance, base, byLeft, sort.descending === true, best.largestKey);
        }
        while (word !== 0) {
          const bit = word & -word;
          word ^= bit;
          const seq = base + (31 - Math.clz32(bit));
          if (test) {
            if (!test(seq)) continue;
            total++;
          }
          const key = sign * (byLeft ? Math.max(0, allowance[seq]! - used[seq]!) : used[seq]!);
          if (best.full && key >= best.largestKey) continue;
          best.offer(key, seq);
        }
      }
      seqs = best.sorted().subarray(offset);
    } else {
      const matched: number[] = [];
      const keys: number[] = [];
      candidates.forEach((seq) => {
        if (test && !test(seq)) return;
        matched.push(seq);
        keys.push(keyOf(seq));
      });
      total = matched.length;
      // Positions ascend in `matched`, so ordering the indices by key then index keeps ties in fleet order.
      const order = Array.from(matched.keys()).sort((a, b) => keys[a]! - keys[b]! || a - b);
      seqs = order.slice(offset, offset + limit).map((i) => matched[i]!);
    }
    return { total, items: Array.from(seqs, this.card) };
  }
}

/**
 * Of the 32 cards from `base`, those whose key could still enter a full heap whose largest key is
 * `largest` (a mask; it may keep a card that cannot, never drop one that can). Four plain loops,
 * one per key and direction, each one comparison a card (four bytes of the mask side by side, as
 * in windowByUsage): the key's `sign * max(0, …)` inside the
 * loop made the `flow_left` sort three times dearer than `flow_used`'s. An ascending `flow_left`
 * whose heap holds only zeros (cards at or over their allowance) takes no card at all, unread.
 */
function mayEnter(
  used: Float64Array,
  allowance: Float64Array,
  base: number,
  byLeft: boolean,
  descending: boolean,
  largest: number,
): number {
  if (byLeft) {
    // Ascending: max(0, left) < largest ⟺ left < largest, when largest > 0; nothing when not.
    if (!descending) return largest > 0 ? maskLeftBelow(used, allowance, base, largest) : 0;
    // Descending: -max(0, left) < largest ⟺ every card when largest > 0, else left > -largest.
    return largest > 0 ? -1 : maskLeftAbove(used, allowance, base, -largest);
  }
  return descending ? maskAbove(used, base, -largest) : maskBelow(used, base, largest);
}

function maskBelow(column: Float64Array, base: number, limit: number): number {
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  for (let k = 0; k < 8; k++) {
    const i = base + k;
    b0 |= +(column[i]! < limit) << k;
    b1 |= +(column[i + 8]! < limit) << k;
    b2 |= +(column[i + 16]! < limit) << k;
    b3 |= +(column[i + 24]! < limit) << k;
  }
  return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
}

function maskAbove(column: Float64Array, base: number, limit: number): number {
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  for (let k = 0; k < 8; k++) {
    const i = base + k;
    b0 |= +(column[i]! > limit) << k;
    b1 |= +(column[i + 8]! > limit) << k;
    b2 |= +(column[i + 16]! > limit) << k;
    b3 |= +(column[i + 24]! > limit) << k;
  }
  return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
}

function maskLeftBelow(used: Float64Array, allowance: Float64Array, base: number, limit: number): number {
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  for (let k = 0; k < 8; k++) {
    const i = base + k;
    b0 |= +(allowance[i]! - used[i]! < limit) << k;
    b1 |= +(allowance[i + 8]! - used[i + 8]! < limit) << k;
    b2 |= +(allowance[i + 16]! - used[i + 16]! < limit) << k;
    b3 |= +(allowance[i + 24]! - used[i + 24]! < limit) << k;
  }
  return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
}

function maskLeftAbove(used: Float64Array, allowance: Float64Array, base: number, limit: number): number {
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  for (let k = 0; k < 8; k++) {
    const i = base + k;
    b0 |= +(allowance[i]! - used[i]! > limit) << k;
    b1 |= +(allowance[i + 8]! - used[i + 8]! > limit) << k;
    b2 |= +(allowance[i + 16]! - used[i + 16]! > limit) << k;
    b3 |= +(allowance[i + 24]! - used[i + 24]! > limit) << k;
  }
  return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
}
