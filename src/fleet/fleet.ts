import { CardIndex, type IndexedField } from './cardIndex.js';
import { ChangeMarks } from './changeMarks.js';
import { CardQueryPlanner, type CardQuery, type Page } from './cardQuery.js';
import { CardNotFound, DuplicateCard, IllegalTransition } from './errors.js';
import { nextState, type LifecycleEvent, type LifecycleState } from './lifecycle.js';
import type { Account, Card, Plan } from './model.js';
import { CredentialRegistry, type CredentialLookup } from './credentials.js';
import { credentialsOf, type CredentialSchemes } from './accountCredentials.js';
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
import { IdentifierLookup } from './identifierLookup.js';
import { CardRows, type StoredCard } from './cardStore.js';
import { digitsKey, digitsText, iccidKey, iccidText, type IdentifierKey } from './identifierKeys.js';
import { WorkOrderBook, type WorkOrder, type WorkOrderLine } from './workOrders.js';
import { UsageKeeper, type UsageFigures } from './usage/keeper.js';
import { UsageColumns } from './usage/columns.js';
import { emptyDay } from './usage/daily.js';
import { openingFigures } from './usage/opening.js';

/** A card as given to the fleet: everything but the internal position. */
export type CardInput = Omit<Card, 'seq'>;

/**
 * A card input whose identifiers may be given as their keys already (see identifierKeys.ts): the
 * generator hands over numbers, never formatting a million identifiers it would only parse back.
 */
export type CardDraft = Omit<CardInput, 'iccid' | 'imsi' | 'msisdn' | 'imei'> & {
  iccid: IdentifierKey;
  imsi: IdentifierKey;
  msisdn: IdentifierKey;
  imei: IdentifierKey | undefined;
};

/**
 * The fields of a delivery batch its cards share, given once for the batch (see Fleet.addBatch).
 */
export type BatchFields = Pick<
  CardInput,
  'accountId' | 'carrier' | 'formFactor' | 'simKind' | 'networkType' | 'apn' | 'planId' | 'orderId' | 'privateNetwork'
>;

/**
 * The fields of a batch's card that are its own, its usage figures flattened (see Fleet.addBatch).
 * One object is filled again for every card: a million drafts were a good part of the collector's
 * work in building a fleet.
 */
export interface BatchCardDraft {
  id: number;
  iccid: IdentifierKey;
  imsi: IdentifierKey;
  msisdn: IdentifierKey;
  imei: IdentifierKey | undefined;
  state: LifecycleState;
  openedAt: number;
  activatedAt: number | undefined;
  expiresAt: number;
  stateEndsAt: number | undefined;
  tags: readonly string[];
  customAttributes: Card['customAttributes'];
  realNameStatus: Card['realNameStatus'];
  autoRecharge: boolean;
  remark: string | undefined;
  dataKb: number;
  sms: number;
  voiceMin: number;
  updatedAt: number;
  through: number;
  topUpKb: number;
  /** The first day of the card's open quiet interval (`usage.quiet` = [quietFrom, OPEN]), NaN when it has none. */
  quietFrom: number;
  /**
   * The period figures are not given (dataKb, sms and voiceMin are ignored): they are the usage
   * model's sums as of `through` (usage/opening.ts), worked out by the fleet when first needed.
   */
  usageDeferred: boolean;
  /** With `usageDeferred`, how far past its quota a card generated stopped at its quota went (KB). */
  overshootKb: number;
}

// The query types live with the planner; importers keep finding them here.
export { meetsUsage, type CardQuery, type Page, type UsageCondition, type UsageOrder } from './cardQuery.js';

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
  private readonly credentialRegistry = new CredentialRegistry<CredentialSchemes>();
  private readonly plansById = new Map<string, Plan>();
  /** Every card's fields, in columns (see CardRows). */
  private readonly rows = new CardRows();
  /**
   * The card objects over the columns, by position, made the first time a card is handed out alone
   * (a look-up by identifier, `allCards`) and kept, so that card's object is the same however it is
   * reached again, a listing included. `null`: no object kept; `undefined`: a removed card.
   * Listings hand out objects they do not keep for the other cards (see `planner`), so tell cards
   * apart by `seq` (the views' caches key by position). A generated million-card fleet starts with
   * no card objects: made at add, they all survived and were the collector's largest work before
   * the first answer (docs/performance.md, round 6).
   */
  private readonly cards: Array<StoredCard | null | undefined> = [];
  // Identifier look-ups over the identifiers' keys: runs of rising keys, else a typed-array hash
  // table (see IdentifierLookup and identifierKeys.ts: Maps were the slowest and largest part of a
  // million-card fleet, and then four 16 MB hash tables filled a random write at a time).
  private readonly byIccid = new IdentifierLookup(
    (seq) => this.rows.iccid[seq]!,
    (seq) => (this.cards[seq] !== undefined ? this.rows.key('iccid', seq) : undefined),
    RUN_STEPS.iccid,
  );
  private readonly byImsi = new IdentifierLookup(
    (seq) => this.rows.imsi[seq]!,
    (seq) => (this.cards[seq] !== undefined ? this.rows.key('imsi', seq) : undefined),
    RUN_STEPS.imsi,
  );
  private readonly byMsisdn = new IdentifierLookup(
    (seq) => this.rows.msisdn[seq]!,
    (seq) => (this.cards[seq] !== undefined ? this.rows.key('msisdn', seq) : undefined),
    RUN_STEPS.msisdn,
  );
  private readonly byId = new IdentifierLookup(
    (seq) => this.rows.id[seq]!,
    (seq) => (this.cards[seq] !== undefined ? this.rows.id[seq] : undefined),
    RUN_STEPS.id,
  );
  private readonly index = new CardIndex();
  private readonly usageColumns = new UsageColumns(() => {
    // Listings by usage read the whole column: every figure must be summed first.
    this.completeDeferredUsage();
    return this.rows.dataKb;
  });
  // Listings hand out the fleet's own object of a card that has one, else one it does not keep:
  // kept, a listing over a million cards, or a walk through them, left 30 MB of objects behind
  // (docs/performance.md, round 9). Their filters see a probe moved from card to card.
  private readonly planner = new CardQueryPlanner(
    (seq) => this.cards[seq] ?? this.rows.card(seq),
    (seq) => this.cards[seq] ?? (this.queries > 1 ? this.rows.card(seq) : this.rows.probe(seq)),
    this.index,
    this.usageColumns,
  );
  private live = 0;
  // What changed since generation, so a state can be saved as the scenario plus this delta (a
  // million generated cards are regenerated from the seed, never written out).
  private generated = 0;
  private readonly changed = new Set<number>();
  private readonly removedGenerated = new Set<string>();
  private removalCount = 0;
  /** What changed since the state file's last commit (drained by src/persistence). */
  readonly marks = new ChangeMarks();
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
  readonly stopRules = new StopRuleBook((cardId, at) => this.stopRuleSetting(cardId, at));
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
    this.rows.completeUsage = (seq) => this.completeUsage(seq);
  }

  // ---- accounts and plans -------------------------------------------------------------------

  /** Adds an account and its credentials; an id or credential another account holds is refused, and nothing is kept. */
  addAccount(account: Account): void {
    if (this.accountsById.has(account.id)) throw new DuplicateCard('account id', account.id);
    this.credentialRegistry.add(account, credentialsOf(account));
    this.accountsById.set(account.id, account);
  }

  /** Credentials by signing scheme, each with its account: how a gateway learns who signed (see accountCredentials.ts). */
  get credentials(): CredentialLookup<CredentialSchemes> {
    return this.credentialRegistry;
  }

  account(id: string): Account | undefined {
    return this.accountsById.get(id);
  }

  accounts(): Account[] {
    return [...this.accountsById.values()];
  }

  addPlan(plan: Plan): void {
    const replaced = this.plansById.has(plan.id);
    // Figures still to be summed are the old plan's.
    if (replaced) this.completeDeferredUsage();
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

  /**
   * Adds a card: its fields are copied into the fleet's columns (the input is not kept) and the
   * card object handed back is the fleet's own.
   */
  addCard(input: CardDraft): Card {
    const iccid = typeof input.iccid === 'number' ? input.iccid : iccidKey(input.iccid);
    const imsi = typeof input.imsi === 'number' ? input.imsi : digitsKey(input.imsi);
    const msisdn = typeof input.msisdn === 'number' ? input.msisdn : digitsKey(input.msisdn);
    if (!this.accountsById.has(input.accountId)) throw new Error(`card ${iccidText(iccid)}: unknown account ${input.accountId}`);
    if (!this.plansById.has(input.planId)) throw new Error(`card ${iccidText(iccid)}: unknown plan ${input.planId}`);
    const seq = this.cards.length;
    this.addIdentifiers(iccid, imsi, msisdn, input.id, seq);
    const rows = this.rows;
    rows.reserve(seq + 1);
    rows.id[seq] = input.id;
    rows.accountId[seq] = rows.names.accountId.code(input.accountId);
    rows.carrier[seq] = rows.names.carrier.code(input.carrier);
    rows.setKey('iccid', seq, iccid);
    rows.setKey('imsi', seq, imsi);
    rows.setKey('msisdn', seq, msisdn);
    rows.setKey('imei', seq, typeof input.imei === 'string' ? digitsKey(input.imei) : input.imei);
    // Arrays of references are filled in position order, so they stay dense.
    rows.tags[seq] = input.tags;
    rows.setCustomAttributes(seq, input.customAttributes);
    const card = rows.card(seq);
    // A new position has no remark to clear: only the one card in twenty with one is written.
    if (input.remark !== undefined) card.remark = input.remark;
    card.formFactor = input.formFactor;
    card.simKind = input.simKind;
    card.networkType = input.networkType;
    card.apn = input.apn;
    card.state = input.state;
    card.planId = input.planId;
    card.orderId = input.orderId;
    card.openedAt = input.openedAt;
    card.activatedAt = input.activatedAt;
    card.expiresAt = input.expiresAt;
    card.stateEndsAt = input.stateEndsAt;
    card.usage = input.usage;
    card.realNameStatus = input.realNameStatus;
    card.autoRecharge = input.autoRecharge;
    card.privateNetwork = input.privateNetwork;
    this.usage.adopt(card);
    this.cards.push(card);
    this.index.add(card);
    this.refreshUsage(card);
    this.live++;
    this.marks.card(card);
    return card;
  }

  /** Stores a new card's identifiers, or throws DuplicateCard having stored none of them. */
  private addIdentifiers(iccid: IdentifierKey, imsi: IdentifierKey, msisdn: IdentifierKey, id: number, seq: number): void {
    // Each identifier is checked and stored in one probe; a duplicate undoes the ones stored before it.
    if (!this.byIccid.add(iccid, seq)) throw new DuplicateCard('ICCID', iccidText(iccid));
    if (!this.byImsi.add(imsi, seq)) {
      this.byIccid.deleteAt(iccid, seq);
      throw new DuplicateCard('IMSI', digitsText(imsi));
    }
    if (!this.byMsisdn.add(msisdn, seq)) {
      this.byIccid.deleteAt(iccid, seq);
      this.byImsi.deleteAt(imsi, seq);
      throw new DuplicateCard('MSISDN', digitsText(msisdn));
    }
    if (!this.byId.add(id, seq)) {
      this.byIccid.deleteAt(iccid, seq);
      this.byImsi.deleteAt(imsi, seq);
      this.byMsisdn.deleteAt(msisdn, seq);
      throw new DuplicateCard('card id', String(id));
    }
  }

  /**
   * Adds `count` cards of one delivery batch: `fields` are the batch's, and `draw` fills `out`
   * with each card's own fields in turn. The same cards as `addCard` with drafts of the same
   * fields (test/engine/cardStore.test.ts compares them), without the per-card cost of a generic
   * add: the shared fields are coded and indexed once for the batch (a range of positions in each
   * of their buckets), the rest written straight into the columns. A card refused (a duplicate
   * identifier) is not added, and the cards before it stay, indexed.
   */
  addBatch(fields: BatchFields, count: number, draw: (out: BatchCardDraft, index: number) => void, out: BatchCardDraft): void {
    if (!this.accountsById.has(fields.accountId)) throw new Error(`batch ${fields.orderId}: unknown account ${fields.accountId}`);
    const plan = this.plan(fields.planId);
    const rows = this.rows;
    const first = this.cards.length;
    rows.reserve(first + count);
    const names = rows.names;
    const accountId = names.accountId.code(fields.accountId);
    const carrier = names.carrier.code(fields.carrier);
    const formFactor = names.formFactor.code(fields.formFactor);
    const simKind = names.simKind.code(fields.simKind);
    const networkType = names.networkType.code(fields.networkType);
    const apn = names.apn.code(fields.apn);
    const planId = names.planId.code(fields.planId);
    const orderId = names.orderId.code(fields.orderId);
    const privateNetwork = names.privateNetwork.code(fields.privateNetwork);
    try {
      for (let j = 0; j < count; j++) {
        draw(out, j);
        const seq = this.cards.length;
        this.addIdentifiers(out.iccid, out.imsi, out.msisdn, out.id, seq);
        rows.id[seq] = out.id;
        rows.accountId[seq] = accountId;
        rows.carrier[seq] = carrier;
        rows.formFactor[seq] = formFactor;
        rows.simKind[seq] = simKind;
        rows.networkType[seq] = networkType;
        rows.apn[seq] = apn;
        rows.planId[seq] = planId;
        rows.orderId[seq] = orderId;
        rows.privateNetwork[seq] = privateNetwork;
        // A new position has no text key to clear: numbers are written straight in.
        if (typeof out.iccid === 'number') rows.iccid[seq] = out.iccid;
        else rows.setKey('iccid', seq, out.iccid);
        if (typeof out.imsi === 'number') rows.imsi[seq] = out.imsi;
        else rows.setKey('imsi', seq, out.imsi);
        if (typeof out.msisdn === 'number') rows.msisdn[seq] = out.msisdn;
        else rows.setKey('msisdn', seq, out.msisdn);
        if (typeof out.imei !== 'string') rows.imei[seq] = out.imei ?? Number.NaN;
        else rows.setKey('imei', seq, out.imei);
        rows.tags[seq] = out.tags;
        rows.setCustomAttributes(seq, out.customAttributes);
        if (out.remark !== undefined) rows.remarks.set(seq, out.remark);
        rows.state[seq] = names.state.code(out.state);
        rows.realNameStatus[seq] = names.realNameStatus.code(out.realNameStatus);
        rows.autoRecharge[seq] = out.autoRecharge ? 1 : 0;
        rows.setInstant('openedAt', seq, out.openedAt);
        rows.setInstant('activatedAt', seq, out.activatedAt ?? Number.NaN);
        rows.setInstant('expiresAt', seq, out.expiresAt);
        rows.stateEndsAt[seq] = out.stateEndsAt ?? Number.NaN;
        if (out.usageDeferred) {
          // Kept in the KB column until the figures are summed (see completeUsage).
          rows.dataKb[seq] = out.overshootKb;
          rows.sms[seq] = rows.voiceMin[seq] = 0;
          rows.deferred[seq] = 1;
          rows.deferredLeft++;
        } else {
          rows.dataKb[seq] = out.dataKb;
          rows.sms[seq] = out.sms;
          rows.voiceMin[seq] = out.voiceMin;
        }
        rows.setInstant('updatedAt', seq, out.updatedAt);
        rows.topUpKb[seq] = out.topUpKb;
        // What UsageKeeper.adopt does for a card given in a state that uses nothing.
        const quietFrom =
          out.quietFrom !== out.quietFrom && out.activatedAt !== undefined && out.state !== 'active' ? out.through : out.quietFrom;
        rows.setThrough(seq, out.through);
        rows.setQuietFrom(seq, quietFrom);
        // No card object: one is made when the card is first handed out (see `cards`).
        this.cards.push(null);
        this.index.addOwn(seq, out.state, out.tags);
        this.usageColumns.set(seq, plan.dataKb + out.topUpKb);
        this.live++;
        if (this.marks.recording) this.marks.card(rows.card(seq));
      }
    } finally {
      this.index.addShared(first, this.cards.length, fields);
    }
  }

  /**
   * Sums the period figures of generated cards not yet read (see BatchCardDraft.usageDeferred), in
   * fleet order, at most `limit` of them and stopping once `performance.now()` passes `until`;
   * returns how many are left. A server calls it between requests once it is serving, so the sums
   * of a million cards (~0.5 s) are not in its start; anything that reads or changes a card's
   * figures before then sums that card's first.
   *
   * A card's cost is its period's days: a day plan's card sums one, a year plan's up to 366, so a
   * count alone does not bound a slice's time (2,000 cards took 0.3 ms or 12).
   */
  completeDeferredUsage(limit = Number.POSITIVE_INFINITY, until = Number.POSITIVE_INFINITY): number {
    const rows = this.rows;
    let seq = this.deferredCursor;
    const end = this.cards.length;
    for (let done = 0; rows.deferredLeft > 0 && seq < end && done < limit; seq++) {
      if (rows.deferred[seq] === 1) {
        this.completeUsage(seq);
        // The clock is read every few cards: a year plan's card is ~5 µs of sums.
        if (++done % DEADLINE_CHECK_EVERY === 0 && performance.now() >= until) {
          seq++;
          break;
        }
      }
    }
    this.deferredCursor = seq;
    return rows.deferredLeft;
  }

  /** Where completeDeferredUsage goes on from: no deferred card is before it. */
  private deferredCursor = 0;
  private readonly openingScratch = emptyDay();

  /** Sums the period figures of one generated card (see BatchCardDraft.usageDeferred). */
  private completeUsage(seq: number): void {
    const rows = this.rows;
    rows.deferred[seq] = 0;
    rows.deferredLeft--;
    const activatedAt = rows.instant('activatedAt', seq);
    const figures = openingFigures(
      this.seed,
      rows.id[seq]!,
      this.plan(rows.names.planId.values[rows.planId[seq]!]!),
      activatedAt === activatedAt ? activatedAt : undefined,
      rows.names.state.values[rows.state[seq]!] === 'stoppedAtQuota',
      rows.quietDay(seq),
      rows.through[seq]!,
      rows.dataKb[seq]!,
      this.openingScratch,
    );
    rows.dataKb[seq] = figures.kb;
    rows.sms[seq] = figures.sms;
    rows.voiceMin[seq] = figures.voiceMin;
  }

  removeCard(card: Card): void {
    if (!this.holds(card)) return;
    if (card.seq < this.generated) this.removedGenerated.add(card.iccid);
    this.removalCount++;
    this.changed.delete(card.seq);
    this.marks.card(card);
    this.index.remove(card);
    this.byIccid.delete(this.rows.key('iccid', card.seq)!);
    this.byImsi.delete(this.rows.key('imsi', card.seq)!);
    this.byMsisdn.delete(this.rows.key('msisdn', card.seq)!);
    this.byId.delete(card.id);
    this.cards[card.seq] = undefined;
    this.live--;
  }

  /** Makes room for `count` more cards, so a generator that knows its size never grows the columns. */
  reserve(count: number): void {
    this.rows.reserve(this.cards.length + count);
  }

  /** A card of this fleet's (objects over another fleet's columns may share the position), not removed. */
  private holds(card: Card): boolean {
    return this.rows.owns(card) && this.cards[card.seq] !== undefined;
  }

  /**
   * Refuses a change to a card the fleet does not hold: a removed card's object changed through
   * the index would be put back in it, counted and listed while every walk of the cards skips it.
   * Nothing in the simulator keeps a card object across a removal; this keeps it so.
   */
  private mustHold(card: Card): void {
    if (!this.holds(card)) throw new CardNotFound(card.iccid);
  }

  private cardAt(seq: number): Card | undefined {
    return seq < 0 || seq >= this.cards.length ? undefined : this.cards[seq] === undefined ? undefined : this.made(seq);
  }

  /** The card object of a live position, made and kept the first time it is asked for. */
  private made(seq: number): StoredCard {
    return (this.cards[seq] ??= this.rows.card(seq));
  }

  /**
   * Visits every card in fleet order (the sweeps over a million cards: no iterator objects). A card
   * not handed out before is visited as a passing object over its position, not kept: the daily
   * sweep would otherwise make and keep a million. Compare such a card by `seq`, not by reference.
   */
  forEachCard(visit: (card: Card) => void): void {
    const cards = this.cards;
    const rows = this.rows;
    for (let seq = 0; seq < cards.length; seq++) {
      const card = cards[seq];
      if (card) visit(card);
      else if (card === null) visit(rows.card(seq));
    }
  }

  /** Every card of every account, in fleet order (the fleet's own card objects). */
  *allCards(): IterableIterator<Card> {
    for (let seq = 0; seq < this.cards.length; seq++) if (this.cards[seq] !== undefined) yield this.made(seq);
  }

  /** The card with this ICCID in any account (ICCIDs are unique fleet-wide); for the control plane. */
  cardWithIccid(iccid: string): Card | undefined {
    return this.cardAt(this.byIccid.get(iccidKey(iccid)));
  }

  /** Look-ups are scoped to an account: another tenant's card is indistinguishable from none. */
  cardByIccid(accountId: string, iccid: string): Card | undefined {
    return owned(this.cardAt(this.byIccid.get(iccidKey(iccid))), accountId);
  }

  cardByImsi(accountId: string, imsi: string): Card | undefined {
    return owned(this.cardAt(this.byImsi.get(digitsKey(imsi))), accountId);
  }

  cardByMsisdn(accountId: string, msisdn: string): Card | undefined {
    return owned(this.cardAt(this.byMsisdn.get(digitsKey(msisdn))), accountId);
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
    this.queries++;
    try {
      return this.planner.query(q, offset, limit);
    } finally {
      this.queries--;
    }
  }
  /** Queries running: a filter that queries the fleet gets objects of its own, not the probe its caller is reading. */
  private queries = 0;

  /**
   * Calls `visit` with each card a query matches, in fleet order, making no list of them (for
   * tallies over many cards). The card may be an object reused for the next one: keep values only.
   */
  forEachMatch(q: Omit<CardQuery, 'sort'>, visit: (card: Card) => void): void {
    const where = q.where;
    const visitMatch = (card: Card): boolean => {
      if (!where || where(card)) visit(card);
      return false;
    };
    this.query({ ...q, where: visitMatch }, 0, 0);
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

  /** How many of an account's cards have each value of an indexed field (carrier, plan, …): the console's overview. */
  countsBy(accountId: string, field: IndexedField): Map<string, number> {
    const within = this.index.match({ accountId: [accountId] })!;
    return this.index.counts(field, within);
  }

  // ---- mutations ----------------------------------------------------------------------------

  /** Applies a lifecycle event, or throws IllegalTransition naming the state it was refused in. */
  transition(card: Card, event: LifecycleEvent, at: number): LifecycleState {
    this.mustHold(card);
    const to = nextState(card.state, event);
    if (!to) throw new IllegalTransition(card.iccid, card.state, event);
    this.changed.add(card.seq);
    this.marks.card(card);
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
    this.mustHold(card);
    // Work orders due by now first (a completed renewal changes what the figures mean), then usage.
    this.settle(now);
    this.usage.setUsage(card, figures, now);
    this.refreshUsage(card);
    this.changed.add(card.seq);
    this.marks.card(card);
  }

  /**
   * Copies a card's period figures into the usage columns that usage filters and sorts read. The
   * fleet and its usage keeper call it wherever usage, top-ups or the plan may have changed.
   */
  refreshUsage(card: Card): void {
    // Read from the columns: the same figure as `allowanceKb`, with no usage view made. (The KB
    // used is the store's own column, so it needs no copy.)
    const rows = this.rows;
    const seq = card.seq;
    const topUpKb = rows.topUpKb[seq]!;
    this.usageColumns.set(seq, this.plan(card.planId).dataKb + (topUpKb === topUpKb ? topUpKb : 0));
  }

  private applyWorkOrder(order: WorkOrder, line: WorkOrderLine): void {
    const card = this.cardById(order.accountId, line.cardId);
    if (!card) throw new CardNotFound(String(line.cardId));
    const effect = order.effect;
    if (effect.kind === 'transition') this.transition(card, effect.event, order.dueAt);
    else if (effect.kind === 'set') this.updateCard(card, (c) => Object.assign(c, effect.fields));
    else if (effect.kind === 'networkControls') this.networkControls.set(card.id, effect.change);
    else if (effect.kind === 'threeNetwork') this.threeNetwork.apply(card.id, effect.change);
    // Buying more time (a renewal or recharge, whatever the vendor calls it) is an order that moves
    // the expiry: it also gives a card stopped at its quota the plan's allowance again.
    if (effect.kind === 'set' && Object.hasOwn(effect.fields, 'expiresAt')) this.usage.renewed(card, order.dueAt);
  }

  /**
   * Forces a state without the state machine (control plane, tests), as of `at` (the clock's
   * now). The fleet is brought up to `at` first, so the days before the change count under the
   * state the card had and the timers due before it fire; stamping the change at the last settle
   * instead would quiet days the card was in use.
   */
  forceState(card: Card, state: LifecycleState, at: number): void {
    this.mustHold(card);
    this.settle(at);
    this.changed.add(card.seq);
    this.marks.card(card);
    const from = card.state;
    this.index.update(card, () => {
      card.state = state;
    });
    this.usage.stateChanged(card, from, state, at);
  }

  /** Changes indexed fields of a card (tags, plan, …) keeping the indexes true. */
  updateCard(card: Card, mutate: (card: Card) => void): void {
    this.mustHold(card);
    this.changed.add(card.seq);
    this.marks.card(card);
    this.index.update(card, () => mutate(card));
    this.refreshUsage(card);
    // An expiry moved to today or the past fires at the next settle, as after a restart.
    this.usage.timerMoved(card);
  }

  /**
   * A stop rule about to be set on a card (StopRuleBook.set), in force from `at`. The usage keeper
   * sums each day under the rule the card has when it sums it, and a restart sums again every day
   * since the card was last saved: so the days up to `at` are summed now, under the rule they had
   * (a rollover included), and the card is marked, saved with them rather than summed again.
   */
  private stopRuleSetting(cardId: number, at: number): void {
    this.settle(at);
    const card = this.cardAt(this.byId.get(cardId));
    if (card) this.updateCard(card, () => {});
  }

  // ---- what changed since generation --------------------------------------------------------

  /** Marks the cards so far as the generated fleet: later changes are what a saved state records. */
  markGenerated(): void {
    this.generated = this.cards.length;
    this.changed.clear();
    this.removedGenerated.clear();
  }

  /**
   * How many cards were ever removed: moves with every removal, so a reader can tell a card
   * removed and added again under its ICCID (which the fleet then holds, at its end) from one
   * that was only changed.
   */
  get removals(): number {
    return this.removalCount;
  }

  /** ICCIDs of generated cards removed since generation. */
  removedSinceGeneration(): string[] {
    return [...this.removedGenerated];
  }

  /** Cards changed or added since generation, in fleet order. */
  *changedSinceGeneration(): IterableIterator<Card> {
    for (const seq of [...this.changed].sort((a, b) => a - b)) {
      if (seq < this.generated && this.cards[seq] !== undefined) yield this.made(seq);
    }
    for (let seq = this.generated; seq < this.cards.length; seq++) {
      if (this.cards[seq] !== undefined) yield this.made(seq);
    }
  }

  /** Whether a card is as it was generated: neither changed since nor added (a saved world regenerates it). */
  isAsGenerated(card: Card): boolean {
    return card.seq < this.generated && !this.changed.has(card.seq);
  }

  /** Whether a card was generated (as opposed to added since). */
  isGenerated(card: Card): boolean {
    return card.seq < this.generated;
  }
}

/**
 * The largest rise of a key from one card to the next that keeps them in one run (see
 * IdentifierLookup): a batch's ICCID keys rise by 10 a serial (the check digit is the key's last
 * digit), IMSIs and MSISDNs by 1, a few more where pinned numbers are stepped over; generated card
 * ids rise by up to 2^20.
 */
const RUN_STEPS = { iccid: 1_000, imsi: 100, msisdn: 100, id: 2 ** 21 } as const;

function owned(card: Card | undefined, accountId: string): Card | undefined {
  return card && card.accountId === accountId ? card : undefined;
}

/** Cards summed between readings of the clock in Fleet.completeDeferredUsage. */
const DEADLINE_CHECK_EVERY = 16;
