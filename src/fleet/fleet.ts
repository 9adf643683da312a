import { popcount, type Bitset } from './bitset.js';
import { CardIndex, type IndexFilter } from './cardIndex.js';
import { CardNotFound, DuplicateCard, IllegalTransition } from './errors.js';
import { nextState, type LifecycleEvent, type LifecycleState } from './lifecycle.js';
import type { Account, AliyunAccessKey, Card, HuaweiAkSk, Plan } from './model.js';
import { DeviceRegistry } from './devices.js';
import { DirectionalGroupBook } from './directionalGroups.js';
import { OrderBook } from './orders.js';
import { ReminderBook } from './reminders.js';
import { StopRuleBook } from './stopRules.js';
import { NetworkControlBook } from './networkControls.js';
import { TagBook } from './tagBook.js';
import { AttributeBook } from './attributeBook.js';
import { SmsLog } from './smsLog.js';
import { NetworkSwitchPolicyBook } from './networkSwitchPolicies.js';
import { ThreeNetworkBook } from './threeNetwork.js';
import { IdentifierIndex } from './identifierIndex.js';
import { WorkOrderBook, type WorkOrder, type WorkOrderLine } from './workOrders.js';
import { UsageKeeper, type UsageFigures } from './usage/keeper.js';
import { UsageColumns } from './usage/columns.js';
import { allowanceKb } from './usage/allowance.js';

/** A card as given to the fleet: everything but the internal position. */
export type CardInput = Omit<Card, 'seq'>;

/** A card input with room for its position, reserved as the first field (see `adoptCard`). */
export type CardDraft = CardInput & { seq: number };

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
  /** Whatever the indexes cannot answer (ranges, dates, free text), checked card by card. */
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
 * The vendor-neutral state: accounts, the plan catalogue, cards and their indexes. Vendors see
 * it only through their actions, and every mutation of a card goes through here so the indexes
 * stay true: the equality indexes, the identifier tables and the usage columns (a card's usage
 * changed outside `updateCard`, `setUsage` or the usage keeper would be filtered and sorted on
 * stale figures).
 */
export class Fleet {
  /** The seed every card's usage history is derived from (see src/fleet/usage). */
  readonly seed: number;
  private readonly accountsById = new Map<string, Account>();
  private readonly aliyunKeys = new Map<string, { account: Account; key: AliyunAccessKey }>();
  private readonly huaweiKeys = new Map<string, { account: Account; pair: HuaweiAkSk }>();
  private readonly plansById = new Map<string, Plan>();
  private readonly cards: Array<Card | undefined> = [];
  // Identifier look-ups as typed-array hash tables (see IdentifierIndex: Maps were the slowest
  // and largest part of a million-card fleet).
  private readonly byIccid = new IdentifierIndex<string>((seq) => this.cards[seq]?.iccid);
  private readonly byImsi = new IdentifierIndex<string>((seq) => this.cards[seq]?.imsi);
  private readonly byMsisdn = new IdentifierIndex<string>((seq) => this.cards[seq]?.msisdn);
  private readonly byId = new IdentifierIndex<number>((seq) => this.cards[seq]?.id);
  private readonly index = new CardIndex();
  private readonly usageColumns = new UsageColumns();
  private live = 0;
  // What changed since generation, so a state can be saved as the scenario plus this delta (a
  // million generated cards are regenerated from the seed, never written out).
  private generated = 0;
  private readonly changed = new Set<number>();
  private readonly removedGenerated = new Set<string>();
  /** Carrier operations in flight and done; settled against the simulated clock. */
  readonly workOrders = new WorkOrderBook();
  /** Network cuts, usage thresholds and speed limits set on cards (Huawei cut-net, exceed-cut-net, speed-limit). */
  readonly networkControls = new NetworkControlBook();
  /** Tags declared but not (yet) on any card. */
  readonly tagBook = new TagBook();
  /** Names and enablement of the six custom attributes, per account. */
  readonly attributeBook = new AttributeBook();
  /** SMS sent to cards. */
  readonly smsLog = new SmsLog();
  /** Switch policies for three-network cards. */
  readonly networkSwitchPolicies = new NetworkSwitchPolicyBook();
  /** Which cards are three-network cards, their other profiles and the carrier online. */
  readonly threeNetwork = new ThreeNetworkBook();
  /** Usage limits customers set on cards (Alibaba SetCardStopRule). */
  readonly stopRules = new StopRuleBook();
  /** Orders placed through the APIs (renewals, recharges). */
  readonly orders = new OrderBook();
  /** Device IMEIs registered per account. */
  readonly devices = new DeviceRegistry();
  /** Usage reminders configured per account. */
  readonly reminders = new ReminderBook();
  /** Directional (whitelist) traffic groups and the cards bound to them. */
  readonly directionalGroups = new DirectionalGroupBook();
  /** Usage over time and the lifecycle's timers, kept true to the clock by `settle`. */
  readonly usage: UsageKeeper;

  constructor(options: { seed?: number } = {}) {
    this.seed = options.seed ?? 0;
    this.usage = new UsageKeeper(this);
  }

  // ---- accounts and plans -------------------------------------------------------------------

  addAccount(account: Account): void {
    if (this.accountsById.has(account.id)) throw new DuplicateCard('account id', account.id);
    for (const key of account.aliyun?.accessKeys ?? []) {
      if (this.aliyunKeys.has(key.accessKeyId)) throw new DuplicateCard('AccessKeyId', key.accessKeyId);
      this.aliyunKeys.set(key.accessKeyId, { account, key });
    }
    for (const pair of account.huawei?.akSk ?? []) {
      if (this.huaweiKeys.has(pair.ak)) throw new DuplicateCard('AK', pair.ak);
      this.huaweiKeys.set(pair.ak, { account, pair });
    }
    this.accountsById.set(account.id, account);
  }

  /** The account an Alibaba AccessKeyId belongs to, with the key itself. */
  aliyunAccessKey(accessKeyId: string): { account: Account; key: AliyunAccessKey } | undefined {
    return this.aliyunKeys.get(accessKeyId);
  }

  /** The account a Huawei AK belongs to, with the AK/SK pair. */
  huaweiAk(ak: string): { account: Account; pair: HuaweiAkSk } | undefined {
    return this.huaweiKeys.get(ak);
  }

  account(id: string): Account | undefined {
    return this.accountsById.get(id);
  }

  accounts(): Account[] {
    return [...this.accountsById.values()];
  }

  addPlan(plan: Plan): void {
    const replaced = this.plansById.has(plan.id);
    this.plansById.set(plan.id, plan);
    // A plan changed under its cards changes their allowance.
    if (replaced) this.forEachCard((card) => card.planId === plan.id && this.refreshUsage(card));
  }

  plan(id: string): Plan {
    const plan = this.plansById.get(id);
    if (!plan) throw new Error(`unknown plan ${id}`);
    return plan;
  }

  plans(): Plan[] {
    return [...this.plansById.values()];
  }

  // ---- cards --------------------------------------------------------------------------------

  get size(): number {
    return this.live;
  }

  addCard(input: CardInput): Card {
    // seq first: V8 then keeps every field in-object (a trailing extra field costs ~3x the memory).
    return this.adoptCard({ seq: 0, ...input });
  }

  /**
   * Adds a card object as it is, taking ownership of it (its `seq` is overwritten). The generator
   * builds its drafts with `seq` as their first field and hands them over here: copying 25 fields
   * per card was a quarter of building a million-card fleet.
   */
  adoptCard(draft: CardDraft): Card {
    if (!this.accountsById.has(draft.accountId)) throw new Error(`card ${draft.iccid}: unknown account ${draft.accountId}`);
    if (!this.plansById.has(draft.planId)) throw new Error(`card ${draft.iccid}: unknown plan ${draft.planId}`);
    const seq = this.cards.length;
    // Each identifier is checked and stored in one probe; a duplicate undoes the ones stored before it.
    if (!this.byIccid.add(draft.iccid, seq)) throw new DuplicateCard('ICCID', draft.iccid);
    if (!this.byImsi.add(draft.imsi, seq)) {
      this.byIccid.deleteAt(draft.iccid, seq);
      throw new DuplicateCard('IMSI', draft.imsi);
    }
    if (!this.byMsisdn.add(draft.msisdn, seq)) {
      this.byIccid.deleteAt(draft.iccid, seq);
      this.byImsi.deleteAt(draft.imsi, seq);
      throw new DuplicateCard('MSISDN', draft.msisdn);
    }
    if (!this.byId.add(draft.id, seq)) {
      this.byIccid.deleteAt(draft.iccid, seq);
      this.byImsi.deleteAt(draft.imsi, seq);
      this.byMsisdn.deleteAt(draft.msisdn, seq);
      throw new DuplicateCard('card id', String(draft.id));
    }
    draft.seq = seq;
    const card: Card = draft;
    this.usage.adopt(card);
    this.cards.push(card);
    this.index.add(card);
    this.refreshUsage(card);
    this.live++;
    return card;
  }

  removeCard(card: Card): void {
    if (this.cards[card.seq] !== card) return;
    if (card.seq < this.generated) this.removedGenerated.add(card.iccid);
    this.changed.delete(card.seq);
    this.index.remove(card);
    this.byIccid.delete(card.iccid);
    this.byImsi.delete(card.imsi);
    this.byMsisdn.delete(card.msisdn);
    this.byId.delete(card.id);
    this.cards[card.seq] = undefined;
    this.live--;
  }

  /** Makes room for `count` more cards, so a generator that knows its size never rehashes the look-ups. */
  reserve(count: number): void {
    const total = this.cards.length + count;
    for (const index of [this.byIccid, this.byImsi, this.byMsisdn, this.byId]) index.reserve(total);
  }

  private cardAt(seq: number): Card | undefined {
    return seq < 0 ? undefined : this.cards[seq];
  }

  /** Visits every card in fleet order (the sweeps over a million cards: no iterator objects). */
  forEachCard(visit: (card: Card) => void): void {
    for (const card of this.cards) if (card) visit(card);
  }

  /** Every card of every account, in fleet order. */
  *allCards(): IterableIterator<Card> {
    for (const card of this.cards) if (card) yield card;
  }

  /** The card with this ICCID in any account (ICCIDs are unique fleet-wide); for the control plane. */
  cardWithIccid(iccid: string): Card | undefined {
    return this.cardAt(this.byIccid.get(iccid));
  }

  /** Look-ups are scoped to an account: another tenant's card is indistinguishable from none. */
  cardByIccid(accountId: string, iccid: string): Card | undefined {
    return owned(this.cardAt(this.byIccid.get(iccid)), accountId);
  }

  cardByImsi(accountId: string, imsi: string): Card | undefined {
    return owned(this.cardAt(this.byImsi.get(imsi)), accountId);
  }

  cardByMsisdn(accountId: string, msisdn: string): Card | undefined {
    return owned(this.cardAt(this.byMsisdn.get(msisdn)), accountId);
  }

  cardById(accountId: string, id: number): Card | undefined {
    return owned(this.cardAt(this.byId.get(id)), accountId);
  }

  requireByIccid(accountId: string, iccid: string): Card {
    const card = this.cardByIccid(accountId, iccid);
    if (!card) throw new CardNotFound(iccid);
    return card;
  }

  /** Matches of a query, `offset` skipped and at most `limit` returned, plus the total. */
  query(q: CardQuery, offset: number, limit: number): Page<Card> {
    const candidates = this.index.match({ ...q.indexed, accountId: [q.accountId] })!;
    const test = this.matcher(q);
    const sort = q.sort;
    if (!test && !sort) {
      return { total: candidates.count(), items: candidates.slice(offset, limit).map((seq) => this.cards[seq]!) };
    }
    if (typeof sort === 'function') return this.sorted(candidates, test, sort, offset, limit);
    if (sort) return this.sortedByUsage(candidates, test, sort, offset, limit);
    if (q.usage) return this.windowByUsage(candidates, q.usage, q.where, offset, limit);
    const cards = this.cards;
    const matches: Card[] = [];
    let total = 0;
    // A callback, not the values() generator: this loop visits every card of a million-card account.
    // Without a sort only the requested window is kept, so deep pages cost no memory.
    candidates.forEach((seq) => {
      if (test && !test(seq)) return;
      total++;
      if (total > offset && matches.length < limit) matches.push(cards[seq]!);
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
    const cards = this.cards;
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
        if (where && !where(cards[seq]!)) continue;
        total++;
        if (total > offset && items.length < limit) items.push(cards[seq]!);
      }
    }
    return { total, items };
  }

  /** The query's conditions beyond the indexes, on a position: usage columns first (cheap), then the card. */
  private matcher(q: CardQuery): ((seq: number) => boolean) | undefined {
    const { usage, where } = q;
    const cards = this.cards;
    const inRange = usage && this.usageTest(usage);
    if (inRange && where) return (seq) => inRange(seq) && where(cards[seq]!);
    if (inRange) return inRange;
    if (where) return (seq) => where(cards[seq]!);
    return undefined;
  }

  /** A usage condition as a test of a position. */
  private usageTest(usage: UsageCondition): (seq: number) => boolean {
    const { used, allowance } = this.usageColumns.arrays();
    return (seq) => meetsUsage(usage, used[seq]!, allowance[seq]!);
  }

  /**
   * A sorted window. The first pages of a big listing keep the best `offset + limit` in a heap as
   * the cards stream past: about one comparison per card, and no array of every match (at a
   * million cards those arrays were tens of megabytes a request, in V8's large-object space, and
   * lifted peak memory by 200 MB over ten sorted listings). Deep pages collect the matches and
   * sort them all.
   */
  private sorted(candidates: Bitset, test: ((seq: number) => boolean) | undefined, sort: (a: Card, b: Card) => number, offset: number, limit: number): Page<Card> {
    const cards = this.cards;
    const order = (a: Card, b: Card) => sort(a, b) || a.seq - b.seq;
    const wanted = offset + limit;
    let total = 0;
    if (wanted * 8 < candidates.count()) {
      const best = new TopK(wanted, order);
      candidates.forEach((seq) => {
        if (test && !test(seq)) return;
        total++;
        best.offer(cards[seq]!);
      });
      return { total, items: best.sorted().slice(offset) };
    }
    const matches: Card[] = [];
    candidates.forEach((seq) => {
      if (!test || test(seq)) matches.push(cards[seq]!);
    });
    matches.sort(order);
    return { total: matches.length, items: matches.slice(offset, offset + limit) };
  }

  /** The same window ordered by a usage key, computed from the columns once per match. */
  private sortedByUsage(candidates: Bitset, test: ((seq: number) => boolean) | undefined, sort: UsageOrder, offset: number, limit: number): Page<Card> {
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
          if (best.full && base + 32 <= used.length) {
            const largest = best.largestKey;
            let b0 = 0;
            let b1 = 0;
            let b2 = 0;
            let b3 = 0;
            for (let k = 0; k < 8; k++) {
              const i = base + k;
              b0 |= +(sign * (byLeft ? Math.max(0, allowance[i]! - used[i]!) : used[i]!) < largest) << k;
              b1 |= +(sign * (byLeft ? Math.max(0, allowance[i + 8]! - used[i + 8]!) : used[i + 8]!) < largest) << k;
              b2 |= +(sign * (byLeft ? Math.max(0, allowance[i + 16]! - used[i + 16]!) : used[i + 16]!) < largest) << k;
              b3 |= +(sign * (byLeft ? Math.max(0, allowance[i + 24]! - used[i + 24]!) : used[i + 24]!) < largest) << k;
            }
            word &= b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
          }
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
    return { total, items: Array.from(seqs, (seq) => this.cards[seq]!) };
  }

  /** How many of an account's cards are in each lifecycle state (for statistics views). */
  stateCounts(accountId: string): Map<LifecycleState, number> {
    const within = this.index.match({ accountId: [accountId] })!;
    return this.index.counts('state', within) as Map<LifecycleState, number>;
  }

  /** How many of an account's cards carry each tag (the account's tag vocabulary). */
  tagCounts(accountId: string): Map<string, number> {
    const within = this.index.match({ accountId: [accountId] })!;
    return this.index.counts('tag', within);
  }

  /** How many of an account's cards came in each delivery batch (orderId → count). */
  orderCounts(accountId: string): Map<string, number> {
    const within = this.index.match({ accountId: [accountId] })!;
    return this.index.counts('orderId', within);
  }

  // ---- mutations ----------------------------------------------------------------------------

  /** Applies a lifecycle event, or throws IllegalTransition naming the state it was refused in. */
  transition(card: Card, event: LifecycleEvent, at: number): LifecycleState {
    const to = nextState(card.state, event);
    if (!to) throw new IllegalTransition(card.iccid, card.state, event);
    this.changed.add(card.seq);
    const from = card.state;
    this.index.update(card, () => {
      card.state = to;
      if (to === 'active' && card.activatedAt === undefined) card.activatedAt = at;
    });
    this.usage.stateChanged(card, from, to, at);
    return to;
  }

  /**
   * Carries out every work order due by `now`. The engine calls this before each request, so
   * whatever the clock has passed is visible to that request.
   */
  settle(now: number): number {
    const settled = this.workOrders.settle(now, (order, line) => this.applyWorkOrder(order, line));
    this.usage.settle(now);
    return settled;
  }

  /** Sets a card's figures for the current period (control plane); see UsageKeeper.setUsage. */
  setUsage(card: Card, figures: UsageFigures, now: number): void {
    // Work orders due by now first (a completed renewal changes what the figures mean), then usage.
    this.settle(now);
    this.usage.setUsage(card, figures, now);
    this.refreshUsage(card);
    this.changed.add(card.seq);
  }

  /**
   * Copies a card's period figures into the usage columns that usage filters and sorts read. The
   * fleet and its usage keeper call it wherever usage, top-ups or the plan may have changed.
   */
  refreshUsage(card: Card): void {
    this.usageColumns.set(card.seq, card.usage.dataKb, allowanceKb(card, this.plan(card.planId)));
  }

  private applyWorkOrder(order: WorkOrder, line: WorkOrderLine): void {
    const card = this.cardById(order.accountId, line.cardId);
    if (!card) throw new CardNotFound(String(line.cardId));
    const effect = order.effect;
    if (effect.kind === 'transition') this.transition(card, effect.event, order.dueAt);
    else if (effect.kind === 'set') this.updateCard(card, (c) => Object.assign(c, effect.fields));
    else if (effect.kind === 'networkControls') this.networkControls.set(card.id, effect.change);
    else if (effect.kind === 'threeNetwork') this.threeNetwork.apply(card.id, effect.change);
    if (order.operation === 'renew' || order.operation === 'recharge') this.usage.renewed(card, order.dueAt);
  }

  /**
   * Forces a state without the state machine (control plane, tests), as of `at` (the clock's
   * now). The fleet is brought up to `at` first, so the days before the change count under the
   * state the card had and the timers due before it fire; stamping the change at the last settle
   * instead would quiet days the card was in use.
   */
  forceState(card: Card, state: LifecycleState, at: number): void {
    this.settle(at);
    this.changed.add(card.seq);
    const from = card.state;
    this.index.update(card, () => {
      card.state = state;
    });
    this.usage.stateChanged(card, from, state, at);
  }

  /** Changes indexed fields of a card (tags, plan, …) keeping the indexes true. */
  updateCard(card: Card, mutate: (card: Card) => void): void {
    this.changed.add(card.seq);
    this.index.update(card, () => mutate(card));
    this.refreshUsage(card);
  }

  // ---- what changed since generation --------------------------------------------------------

  /** Marks the cards so far as the generated fleet: later changes are what a saved state records. */
  markGenerated(): void {
    this.generated = this.cards.length;
    this.changed.clear();
    this.removedGenerated.clear();
  }

  /** ICCIDs of generated cards removed since generation. */
  removedSinceGeneration(): string[] {
    return [...this.removedGenerated];
  }

  /** Cards changed or added since generation, in fleet order. */
  *changedSinceGeneration(): IterableIterator<Card> {
    for (const seq of [...this.changed].sort((a, b) => a - b)) {
      if (seq < this.generated && this.cards[seq]) yield this.cards[seq];
    }
    for (let seq = this.generated; seq < this.cards.length; seq++) {
      const card = this.cards[seq];
      if (card) yield card;
    }
  }

  /** Whether a card was generated (as opposed to added since). */
  isGenerated(card: Card): boolean {
    return card.seq < this.generated;
  }
}

/** The `k` smallest items offered, through a max-heap of size k (ties broken by `order` itself). */
class TopK<T> {
  private readonly heap: T[] = [];

  constructor(
    private readonly k: number,
    private readonly order: (a: T, b: T) => number,
  ) {}

  offer(item: T): void {
    const heap = this.heap;
    const order = this.order;
    if (heap.length < this.k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (order(heap[i]!, heap[parent]!) <= 0) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (this.k > 0 && order(item, heap[0]!) < 0) {
      heap[0] = item;
      this.siftDown(0);
    }
  }

  /** The items kept, smallest first. */
  sorted(): T[] {
    return this.heap.sort(this.order);
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && this.order(heap[l]!, heap[top]!) > 0) top = l;
      if (r < heap.length && this.order(heap[r]!, heap[top]!) > 0) top = r;
      if (top === i) return;
      [heap[i], heap[top]] = [heap[top]!, heap[i]!];
      i = top;
    }
  }
}

/**
 * The `k` smallest (key, position) pairs offered, ties by position: a max-heap in typed arrays, so
 * a sorted first page of a million cards allocates nothing per card.
 */
class NumericTopK {
  private readonly keys: Float64Array;
  private readonly seqs: Int32Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.keys = new Float64Array(k);
    this.seqs = new Int32Array(k);
  }

  /** Whether k items are kept (from then on an item enters only by beating the largest). */
  get full(): boolean {
    return this.size === this.k;
  }

  /** The largest key kept (meaningful once full). */
  get largestKey(): number {
    return this.keys[0]!;
  }

  offer(key: number, seq: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.after(key, seq, this.keys[parent]!, this.seqs[parent]!)) break;
        this.keys[i] = this.keys[parent]!;
        this.seqs[i] = this.seqs[parent]!;
        i = parent;
      }
      this.keys[i] = key;
      this.seqs[i] = seq;
    } else if (this.k > 0 && this.after(this.keys[0]!, this.seqs[0]!, key, seq)) {
      this.siftDown(key, seq);
    }
  }

  /** The positions kept, smallest key first. */
  sorted(): Int32Array {
    const n = this.size;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.keys[a]! - this.keys[b]! || this.seqs[a]! - this.seqs[b]!);
    return Int32Array.from(order, (i) => this.seqs[i]!);
  }

  /** Whether (ka, sa) comes after (kb, sb). */
  private after(ka: number, sa: number, kb: number, sb: number): boolean {
    return ka > kb || (ka === kb && sa > sb);
  }

  /** Replaces the root (the largest kept) and restores the heap. */
  private siftDown(key: number, seq: number): void {
    const { keys, seqs, size } = this;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      const c = r < size && this.after(keys[r]!, seqs[r]!, keys[l]!, seqs[l]!) ? r : l;
      if (!this.after(keys[c]!, seqs[c]!, key, seq)) break;
      keys[i] = keys[c]!;
      seqs[i] = seqs[c]!;
      i = c;
    }
    keys[i] = key;
    seqs[i] = seq;
  }
}

function owned(card: Card | undefined, accountId: string): Card | undefined {
  return card && card.accountId === accountId ? card : undefined;
}
