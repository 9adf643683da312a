import { describe, expect, it } from 'vitest';
import { buildFleet, defaultScenario } from '#fixtures/index.js';
import type { Card } from '#src/fleet/model.js';
import { NOW } from '../fixtures/helpers.js';

/**
 * Correctness at size (never time): the bitset indexes, the identifier tables and the top-k path
 * of sorted queries only take their fast paths on big fleets, so they are checked on one.
 */
describe('a 100,000-card fleet, queried', () => {
  const fleet = buildFleet(defaultScenario, { seed: 7, cards: 100_000, now: NOW });
  const account = fleet.accounts()[0]!.id;
  const all = [...fleet.allCards()];
  const mine = all.filter((c) => c.accountId === account);

  it('pages through an account 500 at a time with no card missing or repeated', () => {
    const seen: Card[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = fleet.query({ accountId: account }, offset, 500);
      expect(page.total).toBe(mine.length);
      seen.push(...page.items);
      if (page.items.length < 500) break;
    }
    expect(seen).toEqual(mine);
  });

  it('answers indexed filters as a full scan does', () => {
    const scan = mine.filter((c) => c.state === 'active' && c.carrier === 'CMCC');
    const page = fleet.query({ accountId: account, indexed: { state: ['active'], carrier: ['CMCC'] } }, 0, scan.length + 1);
    expect(page.total).toBe(scan.length);
    expect(page.items).toEqual(scan);
    const tagged = mine.filter((c) => c.tags.includes(mine.find((m) => m.tags.length > 0)!.tags[0]!));
    expect(fleet.query({ accountId: account, indexed: { tag: [tagged[0]!.tags[0]!] } }, 0, 1).total).toBe(tagged.length);
  });

  it('answers filters of one value and of several, in any order, as a scan does', () => {
    const values = <T>(pick: (c: Card) => T) => [...new Set(mine.map(pick))];
    const states = values((c) => c.state);
    const plans = values((c) => c.planId);
    const orders = values((c) => String(c.orderId));
    const filters = [
      { planId: [plans[0]!] },
      { orderId: [orders[3]!], state: states.slice(0, 3) },
      { state: states.slice(0, 4), planId: [plans[1]!, plans[2]!] },
      { state: ['active'], carrier: ['CMCC', 'CTCC'], planId: [plans[0]!] },
      { carrier: ['CUCC'], orderId: [orders[0]!, orders[1]!, orders[2]!] },
      { planId: ['no-such-plan'], state: states },
    ];
    for (const indexed of filters) {
      const scan = mine.filter((c) =>
        Object.entries(indexed).every(([field, wanted]) =>
          wanted.includes(field === 'orderId' ? String(c.orderId) : String(c[field as 'state'])),
        ),
      );
      const page = fleet.query({ accountId: account, indexed }, 0, scan.length + 1);
      expect(page.total).toBe(scan.length);
      expect(page.items.map((c) => c.seq)).toEqual(scan.map((c) => c.seq));
    }
  });

  it('finds every card by each identifier, and only in its own account', () => {
    for (const card of all.filter((_, i) => i % 97 === 0)) {
      expect(fleet.cardByIccid(card.accountId, card.iccid)).toBe(card);
      expect(fleet.cardByImsi(card.accountId, card.imsi)).toBe(card);
      expect(fleet.cardByMsisdn(card.accountId, card.msisdn)).toBe(card);
      expect(fleet.cardById(card.accountId, card.id)).toBe(card);
      expect(fleet.cardByIccid('no-such-account', card.iccid)).toBeUndefined();
    }
  });

  it('gives sorted pages (first pages through top-k, deep ones through a full sort) as a full sort does', () => {
    const byUsage = (a: Card, b: Card) => b.usage.dataKb - a.usage.dataKb;
    const sorted = [...mine].sort((a, b) => byUsage(a, b) || a.seq - b.seq);
    for (const offset of [0, 500, 2_000, 60_000]) {
      const page = fleet.query({ accountId: account, sort: byUsage }, offset, 500);
      expect(page.items.map((c) => c.seq)).toEqual(sorted.slice(offset, offset + 500).map((c) => c.seq));
    }
    const where = (c: Card) => c.usage.dataKb > 1024;
    const filtered = sorted.filter(where);
    const page = fleet.query({ accountId: account, where, sort: byUsage }, 100, 100);
    expect(page.total).toBe(filtered.length);
    expect(page.items).toEqual(filtered.slice(100, 200));
  });

  it('answers usage conditions and usage orders from its columns as a scan of the cards does', () => {
    const allowance = (c: Card) => fleet.plan(c.planId).dataKb + (c.usage.topUpKb ?? 0);
    const check = () => {
      // Bounds alone, a test alone, both: the bounds are inclusive and the test decides within them.
      const conditions = [
        { usedKbMin: 2048, usedKbMax: 40_000 },
        { test: (used: number, allowed: number) => allowed - used < 50_000 },
        { usedKbMin: 2048, test: (used: number, allowed: number) => allowed - used < 50_000 },
      ];
      for (const usage of conditions) {
        const inBounds = (used: number) => used >= (usage.usedKbMin ?? -Infinity) && used <= (usage.usedKbMax ?? Infinity);
        const scan = mine.filter((c) => inBounds(c.usage.dataKb) && (usage.test?.(c.usage.dataKb, allowance(c)) ?? true));
        expect(scan.length).toBeGreaterThan(0);
        const page = fleet.query({ accountId: account, usage }, 0, scan.length + 1);
        expect(page.total).toBe(scan.length);
        expect(page.items).toEqual(scan);
        // The same through the sorted path, where the condition is one test of a position.
        const sortedPage = fleet.query({ accountId: account, usage, sort: (a, b) => a.iccid.localeCompare(b.iccid) }, 0, 10);
        expect(sortedPage.total).toBe(scan.length);
        // With a card-by-card condition too, unsorted (the inline word walk) and ordered by usage.
        const where = (c: Card) => c.carrier === 'CMCC';
        const narrowed = scan.filter(where);
        const both = fleet.query({ accountId: account, usage, where }, 5, 300);
        expect(both.total).toBe(narrowed.length);
        expect(both.items).toEqual(narrowed.slice(5, 305));
        const byUsed = [...narrowed].sort((a, b) => b.usage.dataKb - a.usage.dataKb || a.seq - b.seq);
        const ordered = fleet.query({ accountId: account, usage, where, sort: { byUsage: 'usedKb', descending: true } }, 0, 50);
        expect(ordered.total).toBe(narrowed.length);
        expect(ordered.items).toEqual(byUsed.slice(0, 50));
      }
      const keys = {
        usedKb: (c: Card) => c.usage.dataKb,
        leftKb: (c: Card) => Math.max(0, allowance(c) - c.usage.dataKb),
      } as const;
      for (const byUsage of ['usedKb', 'leftKb'] as const) {
        for (const descending of [false, true]) {
          const sign = descending ? -1 : 1;
          const key = keys[byUsage];
          const sorted = [...mine].sort((a, b) => sign * (key(a) - key(b)) || a.seq - b.seq);
          for (const offset of [0, 700, 60_000]) {
            const got = fleet.query({ accountId: account, sort: { byUsage, descending } }, offset, 500);
            expect(got.total).toBe(mine.length);
            expect(got.items.map((c) => c.seq)).toEqual(sorted.slice(offset, offset + 500).map((c) => c.seq));
          }
        }
      }
    };
    check();
    // Every path that moves usage, top-ups or the plan keeps the columns true: days passing (and a
    // period rolling over), usage set by hand, a renewal's top-up, a plan change.
    fleet.settle(NOW + 40 * 86_400_000);
    const [a, b, c] = mine.filter((card) => card.state === 'active');
    fleet.setUsage(a!, { dataKb: 123_456 }, NOW + 40 * 86_400_000);
    fleet.updateCard(b!, (card) => {
      card.usage.topUpKb = 777_777;
    });
    const other = fleet.plans().find((p) => p.id !== c!.planId && p.dataKb !== fleet.plan(c!.planId).dataKb)!;
    fleet.updateCard(c!, (card) => {
      card.planId = other.id;
    });
    check();
    for (const card of [a!, b!, c!]) {
      const same = {
        usedKbMin: card.usage.dataKb,
        usedKbMax: card.usage.dataKb,
        test: (_: number, allowed: number) => allowed === allowance(card),
      };
      expect(fleet.query({ accountId: account, usage: same }, 0, 100_000).items).toContain(card);
    }
  });

  it('keeps the identifier tables true when cards leave', () => {
    const gone = mine[1234]!;
    fleet.removeCard(gone);
    expect(fleet.cardByIccid(account, gone.iccid)).toBeUndefined();
    expect(fleet.cardById(account, gone.id)).toBeUndefined();
    expect(fleet.cardByIccid(account, mine[1235]!.iccid)).toBe(mine[1235]);
  });
});
