import { describe, expect, it } from 'vitest';
import { plainCardFields } from '#helpers/cardFields.js';
import { CardNotFound, DuplicateCard, IllegalTransition } from '#src/fleet/errors.js';
import { Fleet, type CardInput } from '#src/fleet/fleet.js';
import { WorkOrderBook, type WorkOrder } from '#src/fleet/workOrders.js';
import { LIFECYCLE_STATES, type LifecycleState } from '#src/fleet/lifecycle.js';

const NOW = Date.parse('2026-11-22T00:00:00Z');

function smallFleet(perAccount: number): Fleet {
  const fleet = new Fleet();
  fleet.addAccount({ id: 'a', name: 'A' });
  fleet.addAccount({ id: 'b', name: 'B' });
  fleet.addPlan({
    id: 'p1',
    name: 'plan',
    carrier: 'CMCC',
    kind: 'single',
    period: 'monthly',
    dataKb: 30 * 1024,
    smsQuota: 0,
    voiceQuotaMin: 0,
    priceCents: 100,
    tariffCode: 'CM-SF-M-2-30M',
    tariffVersion: 'ali_2',
  });
  let n = 0;
  for (const accountId of ['a', 'b']) {
    for (let i = 0; i < perAccount; i++, n++) fleet.addCard(card(n, accountId, LIFECYCLE_STATES[n % LIFECYCLE_STATES.length]!));
  }
  return fleet;
}

function card(n: number, accountId: string, state: LifecycleState): CardInput {
  return {
    id: 1_000_000 + n,
    accountId,
    iccid: `8986000000000${String(n).padStart(7, '0')}`,
    imsi: `46000${String(n).padStart(10, '0')}`,
    msisdn: `1440${String(n).padStart(9, '0')}`,
    carrier: 'CMCC',
    formFactor: 'nano',
    simKind: 'physical',
    networkType: '4G',
    apn: 'cmiot',
    state,
    planId: 'p1',
    orderId: n % 3,
    openedAt: NOW - 86_400_000,
    activatedAt: undefined,
    expiresAt: NOW + 86_400_000,
    usage: { dataKb: n * 10, sms: 0, voiceMin: 0, updatedAt: NOW },
    tags: n % 2 ? ['meter'] : [],
    ...plainCardFields(),
  };
}

describe('Fleet', () => {
  it('pages through an account completely, in fleet order, never showing another tenant', () => {
    const fleet = smallFleet(95);
    const seen: string[] = [];
    for (let offset = 0; ; offset += 10) {
      const page = fleet.query({ accountId: 'a' }, offset, 10);
      expect(page.total).toBe(95);
      if (page.items.length === 0) break;
      seen.push(...page.items.map((c) => c.iccid));
    }
    expect(seen).toHaveLength(95);
    expect(new Set(seen).size).toBe(95);
    expect(seen.every((iccid) => fleet.cardByIccid('a', iccid))).toBe(true);
    expect(seen.some((iccid) => fleet.cardByIccid('b', iccid))).toBe(false);
  });

  it('answers indexed and residual filters exactly like a full scan', () => {
    const fleet = smallFleet(200);
    const all = [...fleet.allCards()];
    const where = (c: { usage: { dataKb: number } }) => c.usage.dataKb >= 500 && c.usage.dataKb < 3000;
    const got = fleet.query({ accountId: 'a', indexed: { state: ['active', 'stoppedByUser'], tag: ['meter'] }, where }, 0, 1000);
    const expected = all.filter(
      (c) => c.accountId === 'a' && ['active', 'stoppedByUser'].includes(c.state) && c.tags.includes('meter') && where(c),
    );
    expect(got.total).toBe(expected.length);
    expect(got.items.map((c) => c.seq)).toEqual(expected.map((c) => c.seq));
    // Visited without a list: the same cards, in the same order.
    const visited: number[] = [];
    fleet.forEachMatch({ accountId: 'a', indexed: { state: ['active', 'stoppedByUser'], tag: ['meter'] }, where }, (c) =>
      visited.push(c.seq),
    );
    expect(visited).toEqual(expected.map((c) => c.seq));
    expect(expected.length).toBeGreaterThan(0);
  });

  it('sorts when asked, with ties in fleet order', () => {
    const fleet = smallFleet(50);
    const page = fleet.query({ accountId: 'b', sort: (x, y) => y.orderId - x.orderId }, 5, 20);
    const expected = [...fleet.allCards()]
      .filter((c) => c.accountId === 'b')
      .sort((x, y) => y.orderId - x.orderId || x.seq - y.seq)
      .slice(5, 25);
    expect(page.items.map((c) => c.seq)).toEqual(expected.map((c) => c.seq));
  });

  it('keeps indexes true through transitions and refuses illegal ones', () => {
    const fleet = smallFleet(30);
    const active = fleet.query({ accountId: 'a', indexed: { state: ['active'] } }, 0, 1).items[0]!;
    const before = fleet.query({ accountId: 'a', indexed: { state: ['stoppedByUser'] } }, 0, 0).total;
    expect(fleet.transition(active, 'stop', NOW)).toBe('stoppedByUser');
    expect(fleet.query({ accountId: 'a', indexed: { state: ['stoppedByUser'] } }, 0, 0).total).toBe(before + 1);
    expect(() => fleet.transition(active, 'stop', NOW)).toThrow(IllegalTransition);
    expect(fleet.transition(active, 'resume', NOW)).toBe('active');
    expect(fleet.stateCounts('a').get('active')).toBeGreaterThan(0);
  });

  it('rejects duplicates and unknown cards with domain errors', () => {
    const fleet = smallFleet(3);
    expect(() => fleet.addCard(card(0, 'a', 'active'))).toThrow(DuplicateCard);
    expect(() => fleet.requireByIccid('b', fleet.query({ accountId: 'a' }, 0, 1).items[0]!.iccid)).toThrow(CardNotFound);
  });

  it('stores nothing of a card refused as a duplicate, whichever identifier clashes', () => {
    const fleet = smallFleet(3);
    const taken = card(1, 'a', 'active');
    const fresh = card(50, 'a', 'active');
    for (const clash of [{ imsi: taken.imsi }, { msisdn: taken.msisdn }, { id: taken.id }]) {
      expect(() => fleet.addCard({ ...fresh, ...clash })).toThrow(DuplicateCard);
      // The identifiers stored before the clash were taken back: the fresh card can still come in later.
      expect(fleet.cardByIccid('a', fresh.iccid)).toBeUndefined();
      expect(fleet.cardByImsi('a', fresh.imsi)).toBeUndefined();
      expect(fleet.size).toBe(6);
    }
    expect(fleet.addCard(fresh).iccid).toBe(fresh.iccid);
    expect(fleet.cardByMsisdn('a', fresh.msisdn)?.iccid).toBe(fresh.iccid);
    expect(fleet.cardByImsi('a', taken.imsi)?.iccid).toBe(taken.iccid);
  });

  it('forgets removed cards everywhere', () => {
    const fleet = smallFleet(10);
    const victim = fleet.query({ accountId: 'a' }, 3, 1).items[0]!;
    fleet.removeCard(victim);
    expect(fleet.cardByIccid('a', victim.iccid)).toBeUndefined();
    expect(fleet.query({ accountId: 'a' }, 0, 100).items).not.toContain(victim);
    expect(fleet.size).toBe(19);
  });

  it('refuses to change a removed card, which would put it back in the indexes', () => {
    const fleet = smallFleet(10);
    const victim = fleet.query({ accountId: 'a', indexed: { state: ['active'] } }, 0, 1).items[0]!;
    expect(victim.state).toBe('active');
    fleet.removeCard(victim);
    expect(() => fleet.updateCard(victim, (c) => (c.tags = ['zombie']))).toThrow(CardNotFound);
    expect(() => fleet.transition(victim, 'stop', NOW)).toThrow(CardNotFound);
    expect(() => fleet.forceState(victim, 'stoppedByUser', NOW)).toThrow(CardNotFound);
    expect(() => fleet.setUsage(victim, { dataKb: 1 }, NOW)).toThrow(CardNotFound);
    // Counted as the walks find it: nine, and no tag nor state of the removed card.
    expect(fleet.query({ accountId: 'a' }, 0, 0).total).toBe(9);
    expect(fleet.tagCounts('a').get('zombie')).toBeUndefined();
    expect(victim.state).toBe('active');
  });
});

describe('work orders', () => {
  it('complete on the clock, applying their effect card by card, and fail lines that no longer apply', () => {
    const fleet = smallFleet(30);
    const [first, second] = fleet.query({ accountId: 'a', indexed: { state: ['active'] } }, 0, 2).items;
    const order = fleet.workOrders.create({
      accountId: 'a',
      operation: 'stop',
      effect: { kind: 'transition', event: 'stop' },
      cardIds: [first!.id, second!.id],
      createdAt: NOW,
      durationMs: 60_000,
    });
    fleet.transition(second!, 'stop', NOW); // stopped by other means before the order runs
    expect(fleet.settle(NOW + 59_999)).toBe(0);
    expect(first!.state).toBe('active');
    expect(fleet.workOrders.pendingFor(first!.id, 'stop')).toEqual([order]);
    expect(fleet.settle(NOW + 60_000)).toBe(1);
    expect(first!.state).toBe('stoppedByUser');
    expect(order.status).toBe('completed');
    expect(order.lines.map((l) => l.status)).toEqual(['completed', 'failed']);
    expect(order.lines[1]!.failReason).toMatch(/cannot stop/);
    expect(fleet.workOrders.pendingFor(first!.id)).toEqual([]);
    expect(fleet.workOrders.get('b', order.id)).toBeUndefined();
    expect(fleet.workOrders.latestFor(first!.id, 'stop')).toBe(order);
  });

  it("know each card's latest order of an operation and every order of one, after a restore too", () => {
    const book = new WorkOrderBook();
    const file = (operation: string, cardIds: number[], createdAt: number) =>
      book.create({ accountId: 'a', operation, effect: { kind: 'none' }, cardIds, createdAt, durationMs: 0 });
    const first = file('stop', [1, 2], NOW);
    const resume = file('resume', [1], NOW + 1);
    const second = file('stop', [2, 3], NOW + 2);
    const check = (b: WorkOrderBook) => {
      expect(b.latestFor(1, 'stop')?.id).toBe(first.id);
      expect(b.latestFor(2, 'stop')?.id).toBe(second.id);
      expect(b.latestFor(3, 'stop')?.id).toBe(second.id);
      expect(b.latestFor(1, 'resume')?.id).toBe(resume.id);
      expect(b.latestFor(2, 'resume')).toBeUndefined();
      expect(b.latestFor(4, 'stop')).toBeUndefined();
      expect(b.ofOperation('stop').map((o) => o.id)).toEqual([first.id, second.id]);
      expect(b.ofOperation('rebind')).toEqual([]);
    };
    check(book);
    const restored = new WorkOrderBook();
    file('stop', [1], NOW + 3); // filed after the export: gone with it
    restored.restore(JSON.parse(JSON.stringify({ ...book.toJSON(), orders: book.toJSON().orders.slice(0, 3) })) as never);
    check(restored);
  });

  it('settle by due time and show each card its pending orders in that order, without walking them all', () => {
    const book = new WorkOrderBook();
    // Thousands pending at once (GSL's five minutes an order at 100 a second keep 30,000): filing,
    // settling and asking for a card's pending orders may not walk the pending list.
    const pending = (book as unknown as { pending: WorkOrder[] }).pending;
    const walked = () => {
      throw new Error('the pending orders were walked');
    };
    Object.assign(pending, { findIndex: walked, filter: walked, some: walked, shift: walked, forEach: walked, [Symbol.iterator]: walked });
    const file = (operation: string, cardIds: number[], createdAt: number, durationMs: number) =>
      book.create({ accountId: 'a', operation, effect: { kind: 'none' }, cardIds, createdAt, durationMs });
    const bulk = Array.from({ length: 3_000 }, (_, i) => file('stop', [100 + i], NOW + i, 60_000));
    // Filed later but due sooner (a shorter duration), and one order naming a card twice.
    const late = file('stop', [7, 8], NOW + 5_000, 1_000);
    const early = file('stop', [7], NOW + 4_000, 70_000);
    const twice = file('resume', [8, 8, 9], NOW + 5_000, 1_000);
    expect(book.pendingFor(7).map((o) => o.id)).toEqual([late.id, early.id]);
    expect(book.pendingFor(8).map((o) => o.id)).toEqual([late.id, twice.id]);
    expect(book.pendingFor(8, 'resume')).toEqual([twice]);
    expect(book.pendingFor(100)).toEqual([bulk[0]]);
    // Due order, ties by id: late and twice (NOW + 6,000), then the bulk from NOW + 60,000.
    const settledIds: number[] = [];
    // Called a line at a time.
    const settleTo = (now: number) => book.settle(now, (order) => void settledIds.push(order.id));
    expect(settleTo(NOW + 6_000)).toBe(2);
    expect(book.pendingFor(8)).toEqual([]);
    expect(book.pendingFor(7)).toEqual([early]);
    expect(settleTo(NOW + 60_000 + 1_999)).toBe(2_000);
    expect(book.pendingFor(100)).toEqual([]);
    expect(book.pendingFor(2_099)).toEqual([]);
    expect(book.pendingFor(2_100)).toEqual([bulk[2_000]]);
    // A restore puts the pending back in the same order.
    const restored = new WorkOrderBook();
    restored.restore(JSON.parse(JSON.stringify(book.toJSON())) as never);
    expect(restored.pendingFor(7)).toHaveLength(1);
    expect(restored.pendingFor(2_100).map((o) => o.id)).toEqual([bulk[2_000]!.id]);
    expect(settleTo(NOW + 80_000)).toBe(1_001);
    expect(restored.settle(NOW + 80_000, () => undefined)).toBe(1_001);
    // Every order once (a line each), in due order: early (NOW + 74,000) after the whole bulk.
    const orderIds = settledIds.filter((id, i) => id !== settledIds[i - 1]);
    expect(orderIds).toEqual([late, twice, ...bulk, early].map((o) => o.id));
    expect(book.pendingFor(7)).toEqual([]);
  });
});
