import { CardIndex, type IndexFilter } from './cardIndex.js';
import { CardNotFound, DuplicateCard, IllegalTransition } from './errors.js';
import { nextState, type LifecycleEvent, type LifecycleState } from './lifecycle.js';
import type { Account, AliyunAccessKey, Card, HuaweiAkSk, Plan } from './model.js';
import { WorkOrderBook, type WorkOrder, type WorkOrderLine } from './workOrders.js';

/** A card as given to the fleet: everything but the internal position. */
export type CardInput = Omit<Card, 'seq'>;

export interface CardQuery {
  /** Only this account's cards are ever visible. */
  accountId: string;
  /** Equality filters answered from the indexes. */
  indexed?: IndexFilter;
  /** Whatever the indexes cannot answer (ranges, dates, free text), checked card by card. */
  where?: (card: Card) => boolean;
  /** Orders the matches; without it they come in fleet order (the order cards were added). */
  sort?: (a: Card, b: Card) => number;
}

export interface Page<T> {
  total: number;
  items: T[];
}

/**
 * The vendor-neutral state: accounts, the plan catalogue, cards and their indexes. Vendors see
 * it only through their actions, and every mutation of a card goes through here so the indexes
 * stay true.
 */
export class Fleet {
  private readonly accountsById = new Map<string, Account>();
  private readonly aliyunKeys = new Map<string, { account: Account; key: AliyunAccessKey }>();
  private readonly huaweiKeys = new Map<string, { account: Account; pair: HuaweiAkSk }>();
  private readonly plansById = new Map<string, Plan>();
  private readonly cards: Array<Card | undefined> = [];
  private readonly byIccid = new Map<string, Card>();
  private readonly byImsi = new Map<string, Card>();
  private readonly byMsisdn = new Map<string, Card>();
  private readonly byId = new Map<number, Card>();
  private readonly index = new CardIndex();
  private live = 0;
  /** Carrier operations in flight and done; settled against the simulated clock. */
  readonly workOrders = new WorkOrderBook();

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
    this.plansById.set(plan.id, plan);
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
    if (!this.accountsById.has(input.accountId)) throw new Error(`card ${input.iccid}: unknown account ${input.accountId}`);
    if (!this.plansById.has(input.planId)) throw new Error(`card ${input.iccid}: unknown plan ${input.planId}`);
    if (this.byIccid.has(input.iccid)) throw new DuplicateCard('ICCID', input.iccid);
    if (this.byImsi.has(input.imsi)) throw new DuplicateCard('IMSI', input.imsi);
    if (this.byMsisdn.has(input.msisdn)) throw new DuplicateCard('MSISDN', input.msisdn);
    if (this.byId.has(input.id)) throw new DuplicateCard('card id', String(input.id));
    // seq first: V8 then keeps every field in-object (a trailing extra field costs ~3x the memory).
    const card: Card = { seq: this.cards.length, ...input };
    this.cards.push(card);
    this.byIccid.set(card.iccid, card);
    this.byImsi.set(card.imsi, card);
    this.byMsisdn.set(card.msisdn, card);
    this.byId.set(card.id, card);
    this.index.add(card);
    this.live++;
    return card;
  }

  removeCard(card: Card): void {
    if (this.cards[card.seq] !== card) return;
    this.index.remove(card);
    this.byIccid.delete(card.iccid);
    this.byImsi.delete(card.imsi);
    this.byMsisdn.delete(card.msisdn);
    this.byId.delete(card.id);
    this.cards[card.seq] = undefined;
    this.live--;
  }

  /** Every card of every account, in fleet order. */
  *allCards(): IterableIterator<Card> {
    for (const card of this.cards) if (card) yield card;
  }

  /** Look-ups are scoped to an account: another tenant's card is indistinguishable from none. */
  cardByIccid(accountId: string, iccid: string): Card | undefined {
    return owned(this.byIccid.get(iccid), accountId);
  }

  cardByImsi(accountId: string, imsi: string): Card | undefined {
    return owned(this.byImsi.get(imsi), accountId);
  }

  cardByMsisdn(accountId: string, msisdn: string): Card | undefined {
    return owned(this.byMsisdn.get(msisdn), accountId);
  }

  cardById(accountId: string, id: number): Card | undefined {
    return owned(this.byId.get(id), accountId);
  }

  requireByIccid(accountId: string, iccid: string): Card {
    const card = this.cardByIccid(accountId, iccid);
    if (!card) throw new CardNotFound(iccid);
    return card;
  }

  /** Matches of a query, `offset` skipped and at most `limit` returned, plus the total. */
  query(q: CardQuery, offset: number, limit: number): Page<Card> {
    const candidates = this.index.match({ ...q.indexed, accountId: [q.accountId] })!;
    if (!q.where && !q.sort) {
      return { total: candidates.count(), items: candidates.slice(offset, limit).map((seq) => this.cards[seq]!) };
    }
    const matches: Card[] = [];
    let total = 0;
    for (const seq of candidates.values()) {
      const card = this.cards[seq]!;
      if (q.where && !q.where(card)) continue;
      total++;
      // Without a sort only the requested window is kept, so deep pages cost no memory.
      if (q.sort || (total > offset && matches.length < limit)) matches.push(card);
    }
    if (!q.sort) return { total, items: matches };
    matches.sort((a, b) => q.sort!(a, b) || a.seq - b.seq);
    return { total, items: matches.slice(offset, offset + limit) };
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

  // ---- mutations ----------------------------------------------------------------------------

  /** Applies a lifecycle event, or throws IllegalTransition naming the state it was refused in. */
  transition(card: Card, event: LifecycleEvent, at: number): LifecycleState {
    const to = nextState(card.state, event);
    if (!to) throw new IllegalTransition(card.iccid, card.state, event);
    this.index.update(card, () => {
      card.state = to;
      if (to === 'active' && card.activatedAt === undefined) card.activatedAt = at;
    });
    return to;
  }

  /**
   * Carries out every work order due by `now`. The engine calls this before each request, so
   * whatever the clock has passed is visible to that request.
   */
  settle(now: number): number {
    return this.workOrders.settle(now, (order, line) => this.applyWorkOrder(order, line));
  }

  private applyWorkOrder(order: WorkOrder, line: WorkOrderLine): void {
    const card = this.cardById(order.accountId, line.cardId);
    if (!card) throw new CardNotFound(String(line.cardId));
    const effect = order.effect;
    if (effect.kind === 'transition') this.transition(card, effect.event, order.dueAt);
    else if (effect.kind === 'set') this.updateCard(card, (c) => Object.assign(c, effect.fields));
  }

  /** Forces a state without the state machine (control plane, fixtures). */
  forceState(card: Card, state: LifecycleState): void {
    this.index.update(card, () => {
      card.state = state;
    });
  }

  /** Changes indexed fields of a card (tags, plan, …) keeping the indexes true. */
  updateCard(card: Card, mutate: (card: Card) => void): void {
    this.index.update(card, () => mutate(card));
  }
}

function owned(card: Card | undefined, accountId: string): Card | undefined {
  return card && card.accountId === accountId ? card : undefined;
}
