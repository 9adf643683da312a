import { describe, expect, it } from 'vitest';
import { plainCardFields } from '#helpers/cardFields.js';
import { createSimulator } from '#src/nodeSimulator.js';
import { Fleet, type CardInput, type CardQuery, type UsageCondition, type UsageOrder } from '#src/fleet/fleet.js';
import { Bitset } from '#src/fleet/bitset.js';
import { CardIndex, INDEXED_FIELDS, type IndexedField, type IndexFilter } from '#src/fleet/cardIndex.js';
import { DuplicateCard, IllegalTransition } from '#src/fleet/errors.js';
import { LIFECYCLE_STATES, type LifecycleEvent, type LifecycleState } from '#src/fleet/lifecycle.js';
import { CARRIERS, FORM_FACTORS, type Card, type Plan } from '#src/fleet/model.js';
import { seededRandom } from '#src/control/faults/prng.js';

/**
 * A seeded randomized differential test of the fleet's index and every query and count
 * entry point of Fleet against a brute-force scan of all cards, interleaved with mutations. Each
 * query is run twice (the first answer scribbled on in between) so a query corrupting the index
 * or an answer shared between callers shows up.
 */

type Rng = () => number;

const FIELDS = Object.keys(INDEXED_FIELDS) as IndexedField[];
const EVENTS: LifecycleEvent[] = ['stop', 'resume', 'reachQuota', 'rebindResume', 'activate', 'endTestPeriod', 'expire', 'cancel'];
const TAG_POOL = ['meter', 'fleet', 'vip', 'test', 'east', 'west', 'x', 'y'];
const NETWORKS = ['2G', '3G', '4G', '5G', 'NB-IoT', 'Cat.1'] as const;
const SIM_KINDS = ['physical', 'esim', 'vsim'] as const;
const DAY = 86_400_000;

interface Row {
  seq: number;
  id: number;
  iccid: string;
  accountId: string;
  state: string;
  carrier: string;
  planId: string;
  formFactor: string;
  simKind: string;
  networkType: string;
  orderId: string;
  tags: readonly string[];
  used: number;
  allowance: number;
}

function fieldValues(row: Row, field: IndexedField): readonly string[] {
  return field === 'tag' ? row.tags : [row[field]];
}

function snapshot(fleet: Fleet): Row[] {
  const rows: Row[] = [];
  fleet.forEachCard((c) => {
    const usage = c.usage;
    rows.push({
      seq: c.seq,
      id: c.id,
      iccid: c.iccid,
      accountId: c.accountId,
      state: c.state,
      carrier: c.carrier,
      planId: c.planId,
      formFactor: c.formFactor,
      simKind: c.simKind,
      networkType: c.networkType,
      orderId: String(c.orderId),
      tags: [...c.tags],
      used: usage.dataKb,
      allowance: fleet.plan(c.planId).dataKb + (usage.topUpKb ?? 0),
    });
  });
  return rows;
}

interface View {
  id: number;
  iccid: string;
  used: number;
  tagCount: number;
  state: string;
}
const viewOfRow = (r: Row): View => ({ id: r.id, iccid: r.iccid, used: r.used, tagCount: r.tags.length, state: r.state });
const viewOfCard = (c: Card): View => ({ id: c.id, iccid: c.iccid, used: c.usage.dataKb, tagCount: c.tags.length, state: c.state });

interface QuerySpec {
  accountId: string;
  indexed?: IndexFilter;
  usage?: UsageCondition;
  where?: { name: string; test: (v: View) => boolean };
  sort?: { name: string; fn?: (a: Card, b: Card) => number; usage?: UsageOrder; expect: (a: Row, b: Row) => number };
  offset: number;
  limit: number;
}

function describeSpec(s: QuerySpec): string {
  const usage = s.usage && {
    ...s.usage,
    test: s.usage.test ? String(s.usage.test) : undefined,
  };
  return JSON.stringify({
    accountId: s.accountId,
    indexed: s.indexed,
    usage,
    where: s.where?.name,
    sort: s.sort?.name,
    offset: s.offset,
    limit: s.limit,
  });
}

const cmp = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);

/** Drives one fleet (or a simulator's current fleet) through random mutations and checked queries. */
class Harness {
  rows: Row[] = [];
  bySeq = new Map<number, Row>();
  distinct = new Map<IndexedField, string[]>();
  private dirty = true;
  private nextNew = 0;
  readonly log: string[] = [];
  sharedTags: readonly string[] = ['fleet', 'vip'];
  queriesChecked = 0;
  mutationsApplied = 0;

  constructor(
    private readonly getFleet: () => Fleet,
    private readonly r: Rng,
    public now: number,
    private readonly label: string,
    private readonly extra: { reset?: () => void; reload?: () => void; advanceClock?: (ms: number) => number } = {},
  ) {}

  get fleet(): Fleet {
    return this.getFleet();
  }

  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  refresh(): void {
    if (!this.dirty) return;
    this.rows = snapshot(this.fleet);
    this.bySeq = new Map(this.rows.map((r) => [r.seq, r]));
    this.distinct = new Map(FIELDS.map((f) => [f, [...new Set(this.rows.flatMap((r) => fieldValues(r, f)))]]));
    this.dirty = false;
  }

  fail(step: string, message: string): never {
    throw new Error(`[${this.label}] ${step}: ${message}\nlast actions:\n  ${this.log.slice(-12).join('\n  ')}`);
  }

  // ---- queries -------------------------------------------------------------------------------

  randomSpec(): QuerySpec {
    const accounts = this.fleet.accounts().map((a) => a.id);
    const accountId = this.r() < 0.03 ? 'no-such-account' : this.pick(accounts);
    const spec: QuerySpec = { accountId, offset: 0, limit: 0 };
    if (this.r() < 0.85) {
      const indexed: IndexFilter = {};
      for (const field of FIELDS) {
        if (this.r() >= (field === 'accountId' ? 0.1 : field === 'state' || field === 'tag' ? 0.45 : 0.25)) continue;
        const pool = [...(this.distinct.get(field) ?? []), `no-such-${field}`];
        const roll = this.r();
        const n = roll < 0.05 ? 0 : roll < 0.6 ? 1 : roll < 0.85 ? 2 : 3 + this.int(3);
        indexed[field] = Array.from({ length: n }, () => (this.r() < 0.9 ? this.pick(pool) : `no-such-${field}`));
      }
      if (this.r() < 0.05) indexed.carrier = undefined;
      spec.indexed = indexed;
    }
    const mine = this.rows.filter((r) => r.accountId === accountId);
    if (this.r() < 0.3) {
      const u: UsageCondition = {};
      const a = mine.length ? this.pick(mine).used : 0;
      const b = mine.length ? this.pick(mine).used : 100;
      if (this.r() < 0.7) u.usedKbMin = Math.min(a, b) - (this.r() < 0.3 ? 0.5 : 0);
      if (this.r() < 0.7) u.usedKbMax = Math.max(a, b);
      if (this.r() < 0.4) {
        const frac = this.pick([0.1, 0.5, 0.9, 1, 2]);
        u.test = (used, allowance) => used <= frac * allowance;
        // Known to pass at or below frac × the smallest allowance of any card.
        const minAllowance = Math.min(...this.rows.map((r) => r.allowance), Infinity);
        if (this.r() < 0.7 && Number.isFinite(minAllowance)) {
          u.passesKbMin = 0;
          u.passesKbMax = frac * minAllowance;
        }
      } else if (this.r() < 0.3) {
        const t = a;
        u.test = (used) => used >= t;
        if (this.r() < 0.5) {
          u.passesKbMin = t + 1;
          u.passesKbMax = Infinity;
        }
      }
      spec.usage = u;
    }
    if (this.r() < 0.4) {
      const k = 2 + this.int(4);
      const m = this.int(k);
      const t = mine.length ? this.pick(mine).used : 0;
      const d = String(this.int(10));
      spec.where = this.pick([
        { name: `id%${k}==${m}`, test: (v: View) => v.id % k === m },
        { name: `used>=${t}`, test: (v: View) => v.used >= t },
        { name: `iccid ends ${d}`, test: (v: View) => v.iccid.endsWith(d) },
        { name: 'tagged', test: (v: View) => v.tagCount > 0 },
        { name: 'not active', test: (v: View) => v.state !== 'active' },
        { name: 'all', test: () => true },
      ]);
    }
    const roll = this.r();
    if (roll < 0.25) {
      const keys: Array<{ name: string; key: (v: View) => number | string; sign: number }> = [
        { name: 'id desc', key: (v) => v.id, sign: -1 },
        { name: 'used asc', key: (v) => v.used, sign: 1 },
        { name: 'used desc', key: (v) => v.used, sign: -1 },
        { name: 'state asc', key: (v) => v.state, sign: 1 },
        { name: 'tags desc', key: (v) => v.tagCount, sign: -1 },
      ];
      const { name, key, sign } = this.pick(keys);
      spec.sort = {
        name,
        fn: (a, b) => sign * cmp(key(viewOfCard(a)), key(viewOfCard(b))),
        expect: (a, b) => sign * cmp(key(viewOfRow(a)), key(viewOfRow(b))) || a.seq - b.seq,
      };
    } else if (roll < 0.45) {
      const usage: UsageOrder = { byUsage: this.r() < 0.5 ? 'usedKb' : 'leftKb' };
      if (this.r() < 0.5) usage.descending = true;
      const sign = usage.descending ? -1 : 1;
      const keyOf = (r: Row) => sign * (usage.byUsage === 'leftKb' ? Math.max(0, r.allowance - r.used) : r.used);
      spec.sort = { name: JSON.stringify(usage), usage, expect: (a, b) => keyOf(a) - keyOf(b) || a.seq - b.seq };
    }
    spec.offset = this.pick([0, 0, 0, 0, 1, this.int(5), this.int(40), this.int(400), 5_000]);
    spec.limit = this.pick([0, 1, 2, 5, 10, 50, 100, 300, 5_000, Number.MAX_SAFE_INTEGER]);
    return spec;
  }

  /** The matches of a spec by brute force, in the order the fleet must give them (no window). */
  expected(spec: QuerySpec, withSort = true): Row[] {
    const { accountId, indexed, usage, where } = spec;
    let out = this.rows.filter((r) => {
      if (r.accountId !== accountId) return false;
      if (indexed) {
        for (const field of FIELDS) {
          if (field === 'accountId') continue; // the query's own account overrides it
          const wanted = indexed[field];
          if (wanted === undefined) continue;
          if (!fieldValues(r, field).some((v) => wanted.includes(v))) return false;
        }
      }
      if (usage) {
        const { usedKbMin = -Infinity, usedKbMax = Infinity, test } = usage;
        if (!(r.used >= usedKbMin && r.used <= usedKbMax)) return false;
        if (test && !test(r.used, r.allowance)) return false;
      }
      if (where && !where.test(viewOfRow(r))) return false;
      return true;
    });
    if (withSort && spec.sort) out = [...out].sort(spec.sort.expect);
    return out;
  }

  /** A filter for the fleet that also checks each card it is shown against the snapshot. */
  private whereOf(spec: QuerySpec, step: string): ((card: Card) => boolean) | undefined {
    const where = spec.where;
    if (!where) return undefined;
    return (card) => {
      const row = this.bySeq.get(card.seq);
      if (!row) this.fail(step, `filter shown seq ${card.seq}, not a live card`);
      if (card.accountId !== row.accountId || card.state !== row.state || card.iccid !== row.iccid)
        this.fail(step, `filter shown a card whose fields are not seq ${card.seq}'s`);
      // Now and then a query from inside the filter: the card being read must stay this card.
      if (this.r() < 0.003) {
        const seq = card.seq;
        const inner = this.fleet.query(
          { accountId: row.accountId, indexed: { orderId: [row.orderId] }, where: (c) => c.seq === seq },
          0,
          2,
        );
        if (inner.total !== 1 || inner.items[0]!.seq !== seq || card.seq !== seq || card.iccid !== row.iccid)
          this.fail(step, `query nested in a filter at seq ${seq} went wrong`);
      }
      return where.test(viewOfCard(card));
    };
  }

  private toQuery(spec: QuerySpec, step: string): CardQuery {
    const q: CardQuery = { accountId: spec.accountId };
    if (spec.indexed) q.indexed = spec.indexed;
    if (spec.usage) q.usage = spec.usage;
    const where = this.whereOf(spec, step);
    if (where) q.where = where;
    if (spec.sort) q.sort = spec.sort.fn ?? spec.sort.usage;
    return q;
  }

  private checkPage(step: string, spec: QuerySpec, page: { total: number; items: Card[] }, want: Row[]): void {
    const window = want.slice(spec.offset, spec.offset + spec.limit);
    const got = page.items.map((c) => c.seq);
    const exp = window.map((r) => r.seq);
    if (page.total !== want.length || got.length !== exp.length || got.some((s, i) => s !== exp[i])) {
      this.fail(
        step,
        `query ${describeSpec(spec)}\n  total ${page.total}, expected ${want.length}\n  items ${JSON.stringify(got.slice(0, 30))}\n  expected ${JSON.stringify(exp.slice(0, 30))}`,
      );
    }
    for (const c of page.items) {
      const row = this.bySeq.get(c.seq)!;
      if (c.accountId !== spec.accountId || c.iccid !== row.iccid || c.state !== row.state || c.planId !== row.planId)
        this.fail(step, `item seq ${c.seq} does not carry its card's fields (query ${describeSpec(spec)})`);
    }
  }

  checkQuery(step: string): void {
    this.refresh();
    const spec = this.randomSpec();
    const want = this.expected(spec);
    const q = this.toQuery(spec, step);
    const first = this.fleet.query(q, spec.offset, spec.limit);
    this.checkPage(`${step} query#1`, spec, first, want);
    // Scribble on the first answer: the second must not see it.
    const firstItems = first.items;
    firstItems.reverse();
    if (firstItems.length) firstItems.push(firstItems[0]!);
    first.total = -1;
    const second = this.fleet.query(this.toQuery(spec, step), spec.offset, spec.limit);
    if (second.items === firstItems) this.fail(step, 'two queries share one items array');
    this.checkPage(`${step} query#2`, spec, second, want);
    this.queriesChecked++;
  }

  checkForEachMatch(step: string): void {
    this.refresh();
    const spec = this.randomSpec();
    delete spec.sort;
    const want = this.expected(spec).map((r) => r.seq);
    // Sometimes the second walk changes the tags of cards it visits (through the object it is given).
    const mutating = this.r() < 0.2;
    for (const round of [1, 2]) {
      const seen: number[] = [];
      let nested = 0;
      const q: Omit<CardQuery, 'sort'> = { accountId: spec.accountId };
      if (spec.indexed) q.indexed = spec.indexed;
      if (spec.usage) q.usage = spec.usage;
      const where = this.whereOf(spec, step);
      if (where) q.where = where;
      this.fleet.forEachMatch(q, (card) => {
        const row = this.bySeq.get(card.seq);
        if (!row || card.iccid !== row.iccid || card.state !== row.state)
          this.fail(step, `forEachMatch visited a card whose fields are not seq ${card.seq}'s`);
        seen.push(card.seq);
        if (round === 2 && mutating && this.r() < 0.05) {
          const tags = this.newTags();
          this.log.push(`tags seq ${card.seq} -> ${JSON.stringify(tags)} from inside forEachMatch`);
          this.dirty = true;
          this.fleet.updateCard(card, (c) => (c.tags = tags));
          if (card.seq !== row!.seq) this.fail(step, 'the visited card moved while updated');
        }
        // Now and then a query from inside the visit (its own filter objects), on the card being visited.
        if (round === 2 && nested < 2 && this.r() < 0.01) {
          nested++;
          const seq = card.seq;
          const iccid = card.iccid;
          const inner = this.fleet.query({ accountId: spec.accountId, where: (c) => c.seq === seq }, 0, 2).items;
          if (inner.length !== 1 || inner[0]!.iccid !== iccid || card.seq !== seq || card.iccid !== iccid)
            this.fail(step, `query nested in forEachMatch at seq ${seq} went wrong`);
        }
      });
      if (seen.length !== want.length || seen.some((s, i) => s !== want[i]))
        this.fail(
          `${step} forEachMatch#${round}`,
          `spec ${describeSpec(spec)}\n  visited ${seen.length}: ${JSON.stringify(seen.slice(0, 30))}\n  expected ${want.length}: ${JSON.stringify(want.slice(0, 30))}`,
        );
    }
    this.queriesChecked++;
  }

  checkCounts(step: string): void {
    this.refresh();
    const fleet = this.fleet;
    if (fleet.size !== this.rows.length) this.fail(step, `size ${fleet.size}, ${this.rows.length} cards`);
    const accounts = [...fleet.accounts().map((a) => a.id), 'no-such-account'];
    const account = this.r() < 0.2 ? 'no-such-account' : this.pick(accounts);
    const mine = this.rows.filter((r) => r.accountId === account);
    const tally = (field: IndexedField) => {
      const m = new Map<string, number>();
      for (const r of mine) for (const v of new Set(fieldValues(r, field))) m.set(v, (m.get(v) ?? 0) + 1);
      return [...m].sort((a, b) => cmp(a[0], b[0]));
    };
    const norm = (m: Map<string, number>) => [...m].filter(([, n]) => n > 0).sort((a, b) => cmp(a[0], b[0]));
    const same = (what: string, got: Map<string, number>, want: Array<[string, number]>) => {
      const g = norm(got);
      if (JSON.stringify(g) !== JSON.stringify(want))
        this.fail(step, `${what}(${account}):\n  got      ${JSON.stringify(g)}\n  expected ${JSON.stringify(want)}`);
      // Scribble on the answer: the next must not see it.
      got.clear();
      got.set('scribble', 1);
    };
    for (let round = 0; round < 2; round++) {
      same('stateCounts', fleet.stateCounts(account) as Map<string, number>, tally('state'));
      same('tagCounts', fleet.tagCounts(account), tally('tag'));
      same('orderCounts', fleet.orderCounts(account), tally('orderId'));
      for (const field of FIELDS) same(`countsBy ${field}`, fleet.countsBy(account, field), tally(field));
    }
    // Counting (query with limit 0) matches listing, for a random filter.
    const spec = this.randomSpec();
    delete spec.sort;
    const want = this.expected(spec).length;
    const q = this.toQuery(spec, step);
    const counted = fleet.query(q, 0, 0);
    if (counted.total !== want || counted.items.length !== 0)
      this.fail(step, `count of ${describeSpec(spec)}: ${counted.total}, expected ${want}`);
  }

  checkAllCards(step: string): void {
    this.refresh();
    const seqs = [...this.fleet.allCards()].map((c) => c.seq);
    if (JSON.stringify(seqs) !== JSON.stringify(this.rows.map((r) => r.seq))) this.fail(step, 'allCards differs from forEachCard');
    for (let i = 0; i < 5 && this.rows.length; i++) {
      const r = this.pick(this.rows);
      if (this.fleet.cardByIccid(r.accountId, r.iccid)?.seq !== r.seq) this.fail(step, `cardByIccid lost seq ${r.seq}`);
      if (this.fleet.cardById(r.accountId, r.id)?.seq !== r.seq) this.fail(step, `cardById lost seq ${r.seq}`);
    }
  }

  // ---- mutations ----------------------------------------------------------------------------

  /** A live card's object, reached one of several ways (the fleet's own, or a listing's passing object). */
  private target(): Card | undefined {
    this.refresh();
    if (this.rows.length === 0) return undefined;
    const row = this.pick(this.rows);
    const way = this.int(3);
    let card: Card | undefined;
    if (way === 0) card = this.fleet.cardById(row.accountId, row.id);
    else if (way === 1) {
      const position = this.rows.filter((r) => r.accountId === row.accountId).findIndex((r) => r.seq === row.seq);
      card = this.fleet.query({ accountId: row.accountId }, position, 1).items[0];
    } else this.fleet.forEachCard((c) => c.seq === row.seq && (card = c));
    if (!card || card.seq !== row.seq) this.fail('target', `could not reach seq ${row.seq} by way ${way}`);
    return card;
  }

  private newTags(): readonly string[] {
    const roll = this.r();
    if (roll < 0.2) return this.sharedTags;
    if (roll < 0.3) return Object.freeze([]);
    if (roll < 0.35) {
      this.sharedTags = Object.freeze([this.pick(TAG_POOL), this.pick(TAG_POOL)]);
      return this.sharedTags;
    }
    const n = this.int(4);
    return [...new Set(Array.from({ length: n }, () => this.pick(TAG_POOL)))];
  }

  newCard(): CardInput {
    const fleet = this.fleet;
    const n = this.nextNew++;
    const plan = this.pick(fleet.plans());
    const stamp = `${this.label.length % 10}${String(n).padStart(9, '0')}`;
    return {
      id: 800_000_000_000 + n,
      accountId: this.pick(fleet.accounts()).id,
      iccid: `898688${stamp}${String(this.int(10_000)).padStart(4, '0')}`,
      imsi: `46099${stamp}`,
      msisdn: `177${stamp}`,
      carrier: this.r() < 0.8 ? plan.carrier : this.pick(CARRIERS),
      formFactor: this.pick(FORM_FACTORS),
      simKind: this.pick(SIM_KINDS),
      networkType: this.pick(NETWORKS),
      apn: 'cmiot',
      state: this.pick(LIFECYCLE_STATES),
      planId: plan.id,
      orderId:
        this.r() < 0.5 && this.distinct.get('orderId')?.length ? Number(this.pick(this.distinct.get('orderId')!)) : 7_000 + this.int(5),
      openedAt: this.now - 10 * DAY,
      activatedAt: this.r() < 0.5 ? this.now - 5 * DAY : undefined,
      expiresAt: this.now + this.int(60) * DAY,
      usage: { dataKb: this.int(50_000), sms: 0, voiceMin: 0, updatedAt: this.now },
      tags: this.newTags(),
      ...plainCardFields(),
    };
  }

  mutate(): void {
    try {
      this.mutateOnce();
    } finally {
      // After the mutation: picking its card refreshes the snapshot.
      this.dirty = true;
    }
  }

  private mutateOnce(): void {
    const fleet = this.fleet;
    const kinds = [
      'transition',
      'transition',
      'force',
      'tags',
      'tags',
      'plan',
      'order',
      'physical',
      'several',
      'remove',
      'add',
      'add',
      'usage',
      'workOrder',
      'advance',
      'replacePlan',
      'reset',
      'reload',
    ] as const;
    const kind = this.pick(kinds);
    this.mutationsApplied++;
    switch (kind) {
      case 'transition': {
        const card = this.target();
        if (!card) return;
        const event = this.pick(EVENTS);
        this.log.push(`transition seq ${card.seq} (${card.state}) ${event}`);
        try {
          fleet.transition(card, event, this.now);
        } catch (err) {
          if (!(err instanceof IllegalTransition)) throw err;
        }
        return;
      }
      case 'force': {
        const card = this.target();
        if (!card) return;
        const state: LifecycleState = this.pick(LIFECYCLE_STATES);
        this.log.push(`forceState seq ${card.seq} ${card.state} -> ${state}`);
        fleet.forceState(card, state, this.now);
        return;
      }
      case 'tags': {
        const card = this.target();
        if (!card) return;
        const tags = this.newTags();
        this.log.push(`tags seq ${card.seq} ${JSON.stringify(card.tags)} -> ${JSON.stringify(tags)}`);
        fleet.updateCard(card, (c) => (c.tags = tags));
        return;
      }
      case 'plan': {
        const card = this.target();
        if (!card) return;
        const plan = this.pick(fleet.plans());
        this.log.push(`plan seq ${card.seq} ${card.planId} -> ${plan.id}`);
        fleet.updateCard(card, (c) => (c.planId = plan.id));
        return;
      }
      case 'order': {
        const card = this.target();
        if (!card) return;
        const orders = this.distinct.get('orderId') ?? [];
        const orderId = this.r() < 0.6 && orders.length ? Number(this.pick(orders)) : 9_000 + this.int(4);
        this.log.push(`orderId seq ${card.seq} ${card.orderId} -> ${orderId}`);
        fleet.updateCard(card, (c) => (c.orderId = orderId));
        return;
      }
      case 'physical': {
        const card = this.target();
        if (!card) return;
        const ff = this.pick(FORM_FACTORS);
        const sk = this.pick(SIM_KINDS);
        const nt = this.pick(NETWORKS);
        this.log.push(`formFactor/simKind/networkType seq ${card.seq} -> ${ff}/${sk}/${nt}`);
        fleet.updateCard(card, (c) => {
          c.formFactor = ff;
          c.simKind = sk;
          c.networkType = nt;
        });
        return;
      }
      case 'several': {
        const card = this.target();
        if (!card) return;
        const plan = this.pick(fleet.plans());
        const tags = this.newTags();
        const state: LifecycleState = this.pick(LIFECYCLE_STATES);
        this.log.push(`several seq ${card.seq}: plan ${plan.id}, tags ${JSON.stringify(tags)}, state ${state}`);
        fleet.updateCard(card, (c) => {
          c.planId = plan.id;
          c.tags = tags;
          c.state = state;
        });
        return;
      }
      case 'remove': {
        const card = this.target();
        if (!card) return;
        this.log.push(`remove seq ${card.seq}`);
        fleet.removeCard(card);
        fleet.removeCard(card); // twice: a no-op
        return;
      }
      case 'add': {
        const input = this.newCard();
        try {
          const card = fleet.addCard(input);
          this.log.push(`add seq ${card.seq} ${input.accountId} ${input.state} ${input.planId} tags ${JSON.stringify(input.tags)}`);
        } catch (err) {
          if (!(err instanceof DuplicateCard)) throw err;
        }
        return;
      }
      case 'usage': {
        const card = this.target();
        if (!card) return;
        const dataKb = this.int(200_000);
        this.log.push(`setUsage seq ${card.seq} ${dataKb}`);
        fleet.setUsage(card, { dataKb }, this.now);
        return;
      }
      case 'workOrder': {
        this.refresh();
        if (this.rows.length === 0) return;
        const account = this.pick(this.rows).accountId;
        const mine = this.rows.filter((r) => r.accountId === account);
        const ids = Array.from({ length: 1 + this.int(5) }, () => this.pick(mine).id);
        const plan = this.pick(fleet.plans());
        const effect = this.pick([
          { kind: 'transition', event: this.pick(EVENTS) },
          { kind: 'set', fields: { planId: plan.id } },
          { kind: 'set', fields: { expiresAt: this.now + 30 * DAY } },
          { kind: 'none' },
        ] as const);
        const durationMs = this.pick([0, 60_000, DAY, 3 * DAY]);
        this.log.push(`workOrder ${JSON.stringify(effect)} on ${JSON.stringify(ids)} in ${durationMs} ms`);
        fleet.workOrders.create({ accountId: account, operation: 'randomised', effect, cardIds: ids, createdAt: this.now, durationMs });
        return;
      }
      case 'advance': {
        const ms = this.pick([60_000, 3_600_000, 6 * 3_600_000, DAY, 3 * DAY, 35 * DAY]);
        this.now = this.extra.advanceClock ? this.extra.advanceClock(ms) : this.now + ms;
        this.log.push(`advance ${ms} ms, settle`);
        fleet.settle(this.now);
        return;
      }
      case 'replacePlan': {
        const plan: Plan = this.pick(fleet.plans());
        const dataKb = this.pick([0, 1024, 30 * 1024, 500 * 1024, plan.dataKb * 2]);
        this.log.push(`addPlan ${plan.id} dataKb ${plan.dataKb} -> ${dataKb}`);
        fleet.addPlan({ ...plan, dataKb });
        return;
      }
      case 'reset': {
        if (!this.extra.reset || this.r() < 0.6) return;
        this.log.push('reset');
        this.extra.reset();
        return;
      }
      case 'reload': {
        if (!this.extra.reload || this.r() < 0.6) return;
        this.log.push('export + loadScenario');
        this.extra.reload();
        return;
      }
    }
  }

  /** Rounds of a few mutations, then checked queries. */
  run(rounds: number): void {
    for (let round = 0; round < rounds; round++) {
      const mutations = this.int(4);
      for (let i = 0; i < mutations; i++) this.mutate();
      const checks = 1 + this.int(4);
      for (let i = 0; i < checks; i++) {
        const step = `round ${round} check ${i}`;
        const roll = this.r();
        if (roll < 0.55) this.checkQuery(step);
        else if (roll < 0.8) this.checkForEachMatch(step);
        else if (roll < 0.95) this.checkCounts(step);
        else this.checkAllCards(step);
      }
    }
    // Everything once more at the end.
    this.checkCounts('final');
    this.checkAllCards('final');
  }
}

// ---- fleets ---------------------------------------------------------------------------------

const NOW = Date.parse('2026-11-22T00:00:00Z');

const PLANS: Plan[] = [
  { id: 'p1', carrier: 'CMCC', dataKb: 30 * 1024 },
  { id: 'p2', carrier: 'CUCC', dataKb: 100 * 1024 },
  { id: 'p3', carrier: 'CTCC', dataKb: 1024 },
  { id: 'p4', carrier: 'CMCC', dataKb: 0 },
].map(({ id, carrier, dataKb }): Plan => ({
  id,
  name: id,
  carrier: carrier as Plan['carrier'],
  kind: 'single',
  period: 'monthly',
  dataKb,
  smsQuota: 0,
  voiceQuotaMin: 0,
  priceCents: 100,
  tariffCode: 'CM-SF-M-2-30M',
  tariffVersion: 'ali_2',
}));

/** A fleet built card by card through Fleet.addCard: three accounts, spans of cards interleaved. */
function directFleet(seed: number, cards: number): { fleet: Fleet; harness: Harness } {
  const fleet = new Fleet({ seed });
  for (const id of ['a', 'b', 'c']) fleet.addAccount({ id, name: id.toUpperCase() });
  for (const plan of PLANS) fleet.addPlan(plan);
  const harness = new Harness(() => fleet, seededRandom(seed), NOW, `direct seed ${seed}`);
  for (let i = 0; i < cards; i++) {
    const drawn = harness.newCard();
    // Runs of one account and one order, as deliveries come, with a stray card now and then.
    const run = Math.floor(i / 97);
    fleet.addCard(i % 13 !== 0 ? { ...drawn, accountId: ['a', 'b', 'c'][run % 3]!, orderId: 100 + run } : drawn);
  }
  return { fleet, harness };
}

describe('fleet queries and counts against a brute-force scan, through random mutations', () => {
  for (const [seed, cards, rounds] of [
    [1, 1_500, 220],
    [2, 600, 250],
    [3, 3_000, 120],
  ] as const) {
    it(`a fleet built with addCard (seed ${seed}, ${cards} cards)`, () => {
      const { harness } = directFleet(seed, cards);
      harness.run(rounds);
      expect(harness.queriesChecked).toBeGreaterThan(rounds);
    });
  }

  for (const [seed, cards, rounds] of [
    [11, 300, 200],
    [12, 2_500, 150],
    [13, 1_000, 200],
  ] as const) {
    it(`a generated simulator fleet (seed ${seed}, ${cards} cards), with resets and reloads`, () => {
      const sim = createSimulator({ seed, cards, clock: { start: NOW, frozen: true } });
      const harness = new Harness(() => sim.fleet, seededRandom(seed), sim.clock.now(), `sim seed ${seed}`, {
        reset: () => sim.reset(),
        reload: () => sim.loadScenario(sim.exportScenario()),
        advanceClock: (ms) => {
          sim.clock.advance(ms);
          return sim.clock.now();
        },
      });
      harness.run(rounds);
      expect(harness.queriesChecked).toBeGreaterThan(rounds);
    });
  }
});

// ---- the index and its sets on their own --------------------------------------------------

describe('CardIndex.match never hands out or changes a bucket', () => {
  it('answers random filters as a scan does, and a caller scribbling on an answer changes nothing', () => {
    const r = seededRandom(99);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const index = new CardIndex();
    // Live cards by position, added in rising position order (so a Map iterates them in order).
    const cards = new Map<number, Card>();
    const VALUES: Record<IndexedField, string[]> = {
      accountId: ['a', 'b'],
      state: ['active', 'silent', 'shutDown'],
      carrier: ['CMCC', 'CUCC'],
      planId: ['p1', 'p2', 'p3'],
      formFactor: ['nano', 'micro'],
      simKind: ['physical', 'esim'],
      networkType: ['4G', '5G'],
      orderId: ['1', '2', '3', '4'],
      tag: TAG_POOL.slice(0, 4),
    };
    const make = (seq: number): Card =>
      ({
        seq,
        accountId: pick(VALUES.accountId),
        state: pick(VALUES.state),
        carrier: pick(VALUES.carrier),
        planId: pick(VALUES.planId),
        formFactor: pick(VALUES.formFactor),
        simKind: pick(VALUES.simKind),
        networkType: pick(VALUES.networkType),
        orderId: Number(pick(VALUES.orderId)),
        tags: [...new Set([pick(VALUES.tag), pick(VALUES.tag)])].slice(0, Math.floor(r() * 3)),
      }) as unknown as Card;
    // Positions spread out (with gaps), so buckets' spans differ.
    let seq = 0;
    for (let i = 0; i < 3_000; i++) {
      seq += r() < 0.95 ? 1 : 1 + Math.floor(r() * 300);
      const card = make(seq);
      cards.set(seq, card);
      index.add(card);
    }
    const value = (c: Card, f: IndexedField): readonly string[] => (f === 'tag' ? c.tags : f === 'orderId' ? [String(c.orderId)] : [c[f]]);
    const scan = (filter: IndexFilter) =>
      [...cards.values()]
        .filter((c) => FIELDS.every((f) => filter[f] === undefined || value(c, f).some((v) => filter[f]!.includes(v))))
        .map((c) => c.seq);
    let live = [...cards.values()];
    for (let step = 0; step < 800; step++) {
      // A mutation now and then.
      const roll = r();
      if (roll < 0.3) {
        const c = pick(live);
        index.update(c, () => {
          (c as { state: string }).state = pick(VALUES.state);
          (c as { tags: readonly string[] }).tags = r() < 0.5 ? [] : [pick(VALUES.tag)];
          (c as { planId: string }).planId = pick(VALUES.planId);
        });
      } else if (roll < 0.33) {
        const c = pick(live);
        index.remove(c);
        cards.delete(c.seq);
        live = [...cards.values()];
      } else if (roll < 0.36) {
        seq += 1 + Math.floor(r() * 40);
        const c = make(seq);
        cards.set(seq, c);
        index.add(c);
        live = [...cards.values()];
      }
      const filter: IndexFilter = {};
      for (const f of FIELDS) {
        if (r() < 0.35) {
          const n = r() < 0.05 ? 0 : r() < 0.6 ? 1 : 2 + Math.floor(r() * 2);
          filter[f] = Array.from({ length: n }, () => (r() < 0.9 ? pick(VALUES[f]) : 'none'));
        }
      }
      const want = scan(filter);
      const got = index.match(filter);
      if (Object.values(filter).every((v) => v === undefined)) {
        expect(got).toBeUndefined();
        continue;
      }
      expect([...got!.values()], JSON.stringify(filter)).toEqual(want);
      expect(got!.count()).toBe(want.length);
      // Scribble on the answer: add every position, delete some.
      for (let p = 0; p <= seq; p += 29) got!.add(p);
      for (const p of want.slice(0, 5)) got!.delete(p);
      const again = index.match(filter)!;
      expect([...again.values()], `after scribbling, ${JSON.stringify(filter)}`).toEqual(want);
      // counts within a set agree with a scan too.
      const field = pick(FIELDS);
      const within = index.match({ accountId: [pick(VALUES.accountId)] })!;
      const inside = new Set(within.values());
      const counted = index.counts(field, within);
      const tally = new Map<string, number>();
      for (const c of cards.values())
        if (inside.has(c.seq)) for (const v of new Set(value(c, field))) tally.set(v, (tally.get(v) ?? 0) + 1);
      expect(new Map([...counted].sort()), field).toEqual(new Map([...tally].sort()));
    }
  });
});

describe('Bitset and/countAnd/orInPlace/slice against Sets', () => {
  it('agree on random sets with far-apart spans, deletes and empties', () => {
    const r = seededRandom(7);
    const randomSet = () => {
      const b = new Bitset(r() < 0.5 ? 8 : 1024);
      const truth = new Set<number>();
      const base = Math.floor(r() * 5_000);
      const n = Math.floor(r() * 200);
      for (let i = 0; i < n; i++) {
        const x = base + Math.floor(r() * (r() < 0.5 ? 64 : 3_000));
        if (r() < 0.8) {
          b.add(x);
          truth.add(x);
        } else {
          b.delete(x);
          truth.delete(x);
        }
      }
      if (r() < 0.2) {
        const from = base + Math.floor(r() * 300);
        const to = from + Math.floor(r() * 300);
        b.addRange(from, to);
        for (let x = from; x < to; x++) truth.add(x);
      }
      if (r() < 0.1) {
        for (const x of [...truth]) {
          b.delete(x);
          truth.delete(x);
        }
      }
      return { b, truth };
    };
    const sorted = (s: Iterable<number>) => [...s].sort((x, y) => x - y);
    for (let step = 0; step < 2_000; step++) {
      const x = randomSet();
      const y = randomSet();
      const inter = sorted([...x.truth].filter((v) => y.truth.has(v)));
      const and = x.b.and(y.b);
      expect([...and.values()]).toEqual(inter);
      expect(and.count()).toBe(inter.length);
      expect(x.b.countAnd(y.b)).toBe(inter.length);
      expect(y.b.countAnd(x.b)).toBe(inter.length);
      const union = x.b.clone().orInPlace(y.b);
      const u = sorted(new Set([...x.truth, ...y.truth]));
      expect([...union.values()]).toEqual(u);
      expect(union.count()).toBe(u.length);
      // Union grown further from an and (what CardIndex.match does), then members added and removed.
      const acc = new Bitset();
      acc.orInPlace(x.b.and(y.b)).orInPlace(y.b);
      expect([...acc.values()]).toEqual(sorted(y.truth));
      const skip = Math.floor(r() * (u.length + 3));
      const take = Math.floor(r() * 50);
      expect(union.slice(skip, take)).toEqual(u.slice(skip, skip + take));
      // The inputs are unchanged.
      expect([...x.b.values()]).toEqual(sorted(x.truth));
      expect([...y.b.values()]).toEqual(sorted(y.truth));
      expect(x.b.count()).toBe(x.truth.size);
    }
  });
});
