import { describe, expect, it } from 'vitest';
import { Bitset } from '#src/fleet/bitset.js';
import { plainCard } from '#src/fleet/cardStore.js';
import { Fleet, type BatchCardDraft, type BatchFields, type CardDraft } from '#src/fleet/fleet.js';
import { INDEXED_FIELDS, type IndexedField } from '#src/fleet/cardIndex.js';
import { emptyDay, modelledDay, sumModelledDays } from '#src/fleet/usage/daily.js';
import { usageProfileOf } from '#src/fleet/usage/profile.js';
import { openingFigures } from '#src/fleet/usage/opening.js';
import { OPEN } from '#src/fleet/usage/quiet.js';
import type { LifecycleState } from '#src/fleet/lifecycle.js';

const NOW = Date.parse('2026-11-22T00:00:00Z');
const TODAY = Math.floor((NOW + 8 * 3600_000) / 86_400_000);

function emptyFleet(): Fleet {
  const fleet = new Fleet({ seed: 7 });
  fleet.addAccount({ id: 'a', name: 'A' });
  fleet.addAccount({ id: 'b', name: 'B' });
  for (const id of ['p1', 'p2']) {
    fleet.addPlan({
      id,
      name: id,
      carrier: 'CMCC',
      kind: 'single',
      period: 'monthly',
      dataKb: id === 'p1' ? 1024 : 4096,
      smsQuota: 0,
      voiceQuotaMin: 0,
      priceCents: 1,
      tariffCode: 'X',
      tariffVersion: 'ali_2',
    });
  }
  return fleet;
}

const STATES: LifecycleState[] = ['active', 'stoppedByUser', 'testing', 'shutDown', 'stoppedAtQuota'];
const TAGS = [Object.freeze([]), Object.freeze(['meter']), Object.freeze(['meter', '华东区'])] as const;

/** The own fields of the card `n` of a batch: every kind of value (text keys, no IMEI, quiet or not) comes up. */
function fill(out: BatchCardDraft, batch: number, n: number): void {
  const k = batch * 1000 + n;
  out.id = 4_700_000_000_000_000 + k * 7;
  out.iccid = k % 11 === 5 ? `8999${String(k).padStart(16, '0')}` : 12_345_678_900_000 + k * 10;
  out.imsi = 460_001_000_000_000 + k;
  out.msisdn = k % 13 === 3 ? `0${1_440_000_000_000 + k}` : 1_440_000_000_000 + k;
  out.imei = k % 3 === 0 ? undefined : 862_537_030_000_000 + k;
  out.state = STATES[k % STATES.length]!;
  out.openedAt = NOW - 1e10 + k;
  out.activatedAt = out.state === 'testing' ? undefined : NOW - 1e9 + k;
  out.expiresAt = NOW + 1e10;
  out.stateEndsAt = out.state === 'testing' ? NOW + 1e8 : undefined;
  out.tags = TAGS[k % 3]!;
  out.customAttributes = k % 4 === 0 ? ['x', '', '', '', '', String(k)] : ['', '', '', '', '', ''];
  out.realNameStatus = k % 5 === 0 ? 'approving' : 'certified';
  out.autoRecharge = k % 2 === 0;
  out.remark = k % 6 === 0 ? `remark ${k}` : undefined;
  out.dataKb = k;
  out.sms = k % 9;
  out.voiceMin = k % 4;
  out.updatedAt = NOW;
  out.through = TODAY;
  out.topUpKb = 0;
  // Stopped cards are quiet since a day; a shut-down one is given none, which adoption supplies.
  out.quietFrom = out.state === 'stoppedByUser' ? TODAY - 3 : Number.NaN;
}

const BATCHES: BatchFields[] = [
  {
    accountId: 'a',
    carrier: 'CMCC',
    formFactor: 'nano',
    simKind: 'physical',
    networkType: '4G',
    apn: 'cmiot',
    planId: 'p1',
    orderId: 200_000_000_000_001,
    privateNetwork: undefined,
  },
  {
    accountId: 'b',
    carrier: 'CUCC',
    formFactor: 'micro',
    simKind: 'esim',
    networkType: 'NB-IoT',
    apn: 'unim2m',
    planId: 'p2',
    orderId: 200_000_000_000_002,
    privateNetwork: '10.1.0.0/16',
  },
  {
    accountId: 'a',
    carrier: 'CMCC',
    formFactor: 'nano',
    simKind: 'physical',
    networkType: '4G',
    apn: 'cmiot',
    planId: 'p2',
    orderId: 200_000_000_000_003,
    privateNetwork: undefined,
  },
];
const SIZES = [45, 70, 33];

function asDraft(fields: BatchFields, own: BatchCardDraft): CardDraft {
  return {
    ...fields,
    id: own.id,
    iccid: own.iccid,
    imsi: own.imsi,
    msisdn: own.msisdn,
    imei: own.imei,
    state: own.state,
    openedAt: own.openedAt,
    activatedAt: own.activatedAt,
    expiresAt: own.expiresAt,
    stateEndsAt: own.stateEndsAt,
    usage: {
      dataKb: own.dataKb,
      sms: own.sms,
      voiceMin: own.voiceMin,
      updatedAt: own.updatedAt,
      through: own.through,
      topUpKb: own.topUpKb,
      quiet: own.quietFrom === own.quietFrom ? [own.quietFrom, OPEN] : undefined,
    },
    tags: own.tags,
    customAttributes: own.customAttributes,
    realNameStatus: own.realNameStatus,
    autoRecharge: own.autoRecharge,
    remark: own.remark,
  };
}

function blank(): BatchCardDraft {
  return { ...({} as BatchCardDraft) };
}

describe('Fleet.addBatch', () => {
  it('adds the same cards, indexes and look-ups as adding each card on its own', () => {
    const oneByOne = emptyFleet();
    const batched = emptyFleet();
    BATCHES.forEach((fields, b) => {
      for (let n = 0; n < SIZES[b]!; n++) {
        const own = blank();
        fill(own, b, n);
        oneByOne.addCard(asDraft(fields, own));
      }
      batched.addBatch(fields, SIZES[b]!, (out, n) => fill(out, b, n), blank());
    });
    const cards = (fleet: Fleet) => [...fleet.allCards()].map((card) => JSON.stringify(plainCard(card)));
    expect(batched.size).toBe(SIZES.reduce((a, b) => a + b));
    expect(cards(batched)).toEqual(cards(oneByOne));
    for (const account of ['a', 'b']) {
      for (const field of Object.keys(INDEXED_FIELDS) as IndexedField[]) {
        expect([...batched.countsBy(account, field)]).toEqual([...oneByOne.countsBy(account, field)]);
      }
      const query = { accountId: account, indexed: { planId: ['p2'], state: ['active', 'shutDown'], tag: ['meter'] } };
      expect(batched.query(query, 2, 50).items.map((c) => c.seq)).toEqual(oneByOne.query(query, 2, 50).items.map((c) => c.seq));
    }
    for (const card of oneByOne.allCards()) {
      expect(batched.cardByIccid(card.accountId, card.iccid)?.seq).toBe(card.seq);
      expect(batched.cardByMsisdn(card.accountId, card.msisdn)?.seq).toBe(card.seq);
      expect(batched.cardById(card.accountId, card.id)?.seq).toBe(card.seq);
    }
    // A card given in a stopped state without quiet days is quiet from the day its figures were taken.
    const shutDown = [...batched.allCards()].find((c) => c.state === 'shutDown')!;
    expect(shutDown.usage.quiet).toEqual([TODAY, OPEN]);
  });

  it('refuses a card with an identifier already held, keeping the cards before it, indexed', () => {
    const fleet = emptyFleet();
    fleet.addBatch(BATCHES[0]!, 10, (out, n) => fill(out, 0, n), blank());
    expect(() =>
      fleet.addBatch(
        BATCHES[2]!,
        10,
        (out, n) => {
          fill(out, 2, n);
          if (n === 4) out.imsi = 460_001_000_000_000 + 3; // card 3 of the first batch has it
        },
        blank(),
      ),
    ).toThrow(/IMSI/);
    expect(fleet.size).toBe(14);
    expect(fleet.countsBy('a', 'orderId').get('200000000000003')).toBe(4);
    expect(fleet.cardByImsi('a', '460001000000003')?.seq).toBe(3);
  });
});

describe('deferred period figures', () => {
  /** A fleet of three batches whose figures are summed by the fleet (usageDeferred), the plan yearly so there are days to sum. */
  function deferredFleet(deferred: boolean): Fleet {
    const fleet = emptyFleet();
    fleet.addPlan({ ...fleet.plan('p2'), period: 'yearly', smsQuota: 40, voiceQuotaMin: 20 });
    BATCHES.forEach((fields, b) => {
      const draft = blank();
      fleet.addBatch(
        fields,
        SIZES[b]!,
        (out, n) => {
          fill(out, b, n);
          out.overshootKb = out.state === 'stoppedAtQuota' ? 17 : 0;
          out.usageDeferred = true;
          if (!deferred) {
            // What the fleet would sum, given as figures instead.
            const plan = fleet.plan(fields.planId);
            const figures = openingFigures(
              fleet.seed,
              out.id,
              plan,
              out.activatedAt,
              out.state === 'stoppedAtQuota',
              out.quietFrom,
              out.through,
              out.overshootKb,
              emptyDay(),
            );
            out.usageDeferred = false;
            out.dataKb = figures.kb;
            out.sms = figures.sms;
            out.voiceMin = figures.voiceMin;
          }
        },
        draft,
      );
    });
    return fleet;
  }
  const dump = (fleet: Fleet) => [...fleet.allCards()].map((card) => JSON.stringify(plainCard(card)));

  it('are the figures given eagerly, read in any order', () => {
    const eager = deferredFleet(false);
    const lazy = deferredFleet(true);
    // Some read out of order first, then all.
    const cards = [...lazy.allCards()];
    for (const seq of [100, 3, 77]) expect(cards[seq]!.usage.dataKb).toBe([...eager.allCards()][seq]!.usage.dataKb);
    expect(dump(lazy)).toEqual(dump(eager));
    expect(lazy.completeDeferredUsage()).toBe(0);
  });

  it('are summed from what the card was generated with, whatever changes first', () => {
    const eager = deferredFleet(false);
    const lazy = deferredFleet(true);
    for (const fleet of [eager, lazy]) {
      fleet.addPlan({ ...fleet.plan('p2'), id: 'p3', dataKb: 999_999 });
      const cards = [...fleet.allCards()].filter((c) => c.planId === 'p2' && c.activatedAt !== undefined);
      // Into and out of a quota stop (which the figures depend on), a plan change, figures set.
      fleet.forceState(
        cards.find((c) => c.state === 'active')!,
        'stoppedAtQuota',
        NOW + 5,
      );
      fleet.forceState(
        cards.find((c) => c.state === 'stoppedAtQuota')!,
        'active',
        NOW + 6,
      );
      fleet.updateCard(
        cards.find((c) => c.state === 'stoppedByUser')!,
        (c) => (c.planId = 'p3'),
      );
      fleet.transition(cards.filter((c) => c.state === 'active')[1]!, 'stop', NOW + 5);
      fleet.setUsage(cards[10]!, { sms: 1 }, NOW + 7);
    }
    expect(dump(lazy)).toEqual(dump(eager));
    for (const fleet of [eager, lazy]) fleet.settle(NOW + 30 * 86_400_000);
    expect(dump(lazy)).toEqual(dump(eager));
  });

  it('are summed for every card before a listing by usage reads the column', () => {
    const eager = deferredFleet(false);
    const lazy = deferredFleet(true);
    const sorted = (fleet: Fleet) => fleet.query({ accountId: 'a', sort: { byUsage: 'usedKb' } }, 0, 30).items.map((c) => c.seq);
    expect(sorted(lazy)).toEqual(sorted(eager));
    expect(lazy.completeDeferredUsage()).toBe(0);
    // And a sum was needed: a yearly plan's cards used something.
    expect([...eager.allCards()].some((c) => c.planId === 'p2' && c.usage.dataKb > 0)).toBe(true);
  });

  it('are summed in steps by completeDeferredUsage', () => {
    const lazy = deferredFleet(true);
    expect(lazy.completeDeferredUsage(50)).toBe(lazy.size - 50);
    expect(lazy.completeDeferredUsage(0)).toBe(lazy.size - 50);
    expect(lazy.completeDeferredUsage()).toBe(0);
    expect(dump(lazy)).toEqual(dump(deferredFleet(false)));
  });

  it('stop at a deadline whatever the count allows, and go on from there', () => {
    const lazy = deferredFleet(true);
    // A deadline already past: one batch of cards between readings of the clock (16), then stop.
    const left = lazy.completeDeferredUsage(Number.POSITIVE_INFINITY, 0);
    expect(left).toBe(lazy.size - 16);
    expect(lazy.completeDeferredUsage(Number.POSITIVE_INFINITY, 0)).toBe(left - 16);
    // A deadline far off bounds nothing: the count does.
    expect(lazy.completeDeferredUsage(10, performance.now() + 60_000)).toBe(left - 26);
    expect(lazy.completeDeferredUsage()).toBe(0);
    expect(dump(lazy)).toEqual(dump(deferredFleet(false)));
  });
});

describe('Bitset.addRange', () => {
  it('holds what adding each member would, at any alignment and next to other members', () => {
    for (const [from, to] of [
      [0, 0],
      [0, 1],
      [5, 31],
      [31, 33],
      [32, 64],
      [17, 300],
      [64, 1000],
      [1000, 1031],
    ] as const) {
      for (const others of [[], [3], [2000], [40, 999]]) {
        const ranged = new Bitset();
        const single = new Bitset();
        for (const o of others) {
          ranged.add(o);
          single.add(o);
        }
        ranged.addRange(from, to);
        for (let i = from; i < to; i++) single.add(i);
        expect([...ranged.values()]).toEqual([...single.values()]);
        expect(ranged.count()).toBe(single.count());
      }
    }
  });
});

describe('sumModelledDays', () => {
  it('sums modelledDay over the days, to the unit', () => {
    const plan = { id: 'p', dataKb: 3 * 1024 * 1024, smsQuota: 50, voiceQuotaMin: 30, period: 'yearly' } as const;
    for (const id of [1, 4_700_000_000_123_457, 5_400_000_000_000_001]) {
      const profile = usageProfileOf(11, id, plan as never);
      for (const [first, until] of [
        [20_000, 20_000],
        [20_001, 20_002],
        [19_990, 20_355],
        [-3, 9],
      ] as const) {
        const expected = emptyDay();
        for (let d = first; d < until; d++) {
          const day = modelledDay(profile, d, emptyDay());
          expected.kb += day.kb;
          expected.sms += day.sms;
          expected.voiceMin += day.voiceMin;
        }
        expect(sumModelledDays(profile, first, until, emptyDay())).toEqual(expected);
      }
    }
  });
});
