import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CARD_FIELDS, CardRows, customAttributeOf, plainCard } from '#src/fleet/cardStore.js';
import { NO_CUSTOM_ATTRIBUTES } from '#src/fleet/model.js';
import { Fleet, type CardInput } from '#src/fleet/fleet.js';
import { OPEN } from '#src/fleet/usage/quiet.js';

const NOW = Date.parse('2026-11-22T00:00:00Z');

function fleetWith(...inputs: CardInput[]): Fleet {
  const fleet = new Fleet();
  fleet.addAccount({ id: 'a', name: 'A' });
  for (const id of ['p1', 'p2']) {
    fleet.addPlan({
      id,
      name: id,
      carrier: 'CMCC',
      kind: 'single',
      period: 'monthly',
      dataKb: 1024,
      smsQuota: 0,
      voiceQuotaMin: 0,
      priceCents: 1,
      tariffCode: 'X',
      tariffVersion: 'ali_2',
    });
  }
  for (const input of inputs) fleet.addCard(input);
  return fleet;
}

const INPUT: CardInput = {
  id: 4_700_000_000_000_001,
  accountId: 'a',
  iccid: '89860012345678901234',
  imsi: '460001234567890',
  msisdn: '1440012345678',
  carrier: 'CMCC',
  formFactor: 'nano',
  simKind: 'physical',
  networkType: '4G',
  apn: 'cmiot',
  state: 'stoppedByUser',
  planId: 'p1',
  orderId: 200_000_000_000_001,
  openedAt: NOW - 1e10,
  activatedAt: NOW - 1e9,
  expiresAt: NOW + 1e10,
  stateEndsAt: undefined,
  usage: { dataKb: 12, sms: 3, voiceMin: 4, updatedAt: NOW, through: 20414, topUpKb: 0, quiet: [20400, OPEN] },
  tags: Object.freeze(['x', 'y']),
  imei: '862537030000017',
  realNameStatus: 'certified',
  autoRecharge: true,
  privateNetwork: '10.1.0.0/16',
  remark: '杭州 site',
  customAttributes: ['a1', '', '', '', '', 'a6'],
};

describe('cards kept in columns', () => {
  it('give back every field as given, identifiers kept as text or numbers alike', () => {
    const odd: CardInput = {
      ...INPUT,
      id: 7,
      iccid: '8986X',
      imsi: '0123',
      msisdn: '+8613800000000',
      imei: undefined,
      remark: undefined,
      privateNetwork: undefined,
      activatedAt: undefined,
      usage: { dataKb: 0, sms: 0, voiceMin: 0, updatedAt: NOW, through: 20414.5, quiet: [1, 2, 5, OPEN] },
    };
    const fleet = fleetWith(INPUT, odd);
    const [card, other] = [...fleet.allCards()];
    const { seq: _seq, ...fields } = plainCard(card!);
    expect(fields).toEqual(INPUT);
    expect(plainCard(other!)).toMatchObject({
      iccid: '8986X',
      imsi: '0123',
      msisdn: '+8613800000000',
      imei: undefined,
      remark: undefined,
      activatedAt: undefined,
    });
    expect(other!.usage.quiet).toEqual([1, 2, 5, OPEN]);
    // A day that is no 32-bit integer (a hand-edited saved state) is kept as it was given.
    expect(other!.usage.through).toBe(20414.5);
    expect(JSON.parse(JSON.stringify(card))).toEqual(JSON.parse(JSON.stringify(plainCard(card!))));
    expect(Object.keys(plainCard(card!))).toEqual([...CARD_FIELDS]);
    expect(fleet.cardByIccid('a', '8986X')).toBe(other);
    expect(fleet.cardByImsi('a', '0123')).toBe(other);
    expect(fleet.cardByMsisdn('a', '+8613800000000')).toBe(other);
    expect(fleet.cardByIccid('a', INPUT.iccid)).toBe(card);
  });

  it('keep instants and quiet days that 32 bits cannot hold exactly as given', () => {
    const instants = [NOW, NOW + 1, NOW - 0.5, -1000, 0, -0, 2 ** 32 * 1000, 4_294_967_294_000, 4_294_967_295_000, 8.64e15, Number.NaN];
    const quiets = [
      [20400, OPEN],
      [2 ** 31, OPEN],
      [-(2 ** 31), OPEN],
      [20400.5, OPEN],
      [-0, OPEN],
      [3, 4],
    ];
    const inputs = instants.map((at, i): CardInput => ({
      ...INPUT,
      id: 100 + i,
      iccid: `8986000000000000${String(i).padStart(4, '0')}`,
      imsi: `46000000000${String(i).padStart(4, '0')}`,
      msisdn: `14400000${String(i).padStart(5, '0')}`,
      openedAt: at,
      activatedAt: at,
      expiresAt: at,
      usage: { ...INPUT.usage, updatedAt: at, quiet: quiets[i % quiets.length] },
    }));
    const fleet = fleetWith(...inputs);
    [...fleet.allCards()].forEach((card, i) => {
      for (const value of [card.openedAt, card.expiresAt, card.usage.updatedAt]) expect(value).toBe(instants[i]);
      // NaN is how an optional instant is kept absent, as before.
      expect(card.activatedAt).toBe(Number.isNaN(instants[i]) ? undefined : instants[i]);
      expect(card.usage.quiet).toEqual(quiets[i % quiets.length]);
      if (Object.is(quiets[i % quiets.length]![0], -0)) expect(Object.is(card.usage.quiet![0], -0)).toBe(true);
    });
    // And changed through the fleet, from one kind of value to the other and back.
    const card = fleet.allCards().next().value!;
    fleet.updateCard(card, (c) => (c.expiresAt = NOW + 0.25));
    expect(card.expiresAt).toBe(NOW + 0.25);
    fleet.updateCard(card, (c) => (c.expiresAt = NOW + 2000));
    expect(card.expiresAt).toBe(NOW + 2000);
  });

  it('show every change made through the fleet, the IMEI included after it was read', () => {
    const fleet = fleetWith(INPUT);
    const card = fleet.allCards().next().value!;
    expect(card.imei).toBe('862537030000017');
    fleet.updateCard(card, (c) => {
      c.imei = '862537030000025';
      c.remark = undefined;
      c.planId = 'p2';
      c.tags = ['z'];
      c.privateNetwork = undefined;
      c.autoRecharge = false;
      c.stateEndsAt = NOW + 5;
      c.usage.quiet = undefined;
      c.usage.topUpKb = 512;
    });
    expect(card.imei).toBe('862537030000025');
    expect(plainCard(card)).toMatchObject({
      remark: undefined,
      planId: 'p2',
      tags: ['z'],
      privateNetwork: undefined,
      autoRecharge: false,
      stateEndsAt: NOW + 5,
    });
    expect(card.usage.quiet).toBeUndefined();
    expect(card.usage.topUpKb).toBe(512);
    expect(fleet.query({ accountId: 'a', indexed: { planId: ['p2'], tag: ['z'] } }, 0, 10).items).toEqual([card]);
    fleet.updateCard(card, (c) => (c.imei = undefined));
    expect(card.imei).toBeUndefined();
  });

  it('give back custom attributes as set, whether the first alone, none or several are set', () => {
    const fleet = fleetWith(
      { ...INPUT, customAttributes: ['FJK-00001', '', '', '', '', ''] },
      {
        ...INPUT,
        id: INPUT.id + 1,
        iccid: '89860012345678901242',
        imsi: '460001234567891',
        msisdn: '1440012345679',
        imei: undefined,
        customAttributes: NO_CUSTOM_ATTRIBUTES,
      },
    );
    const [alone, none] = [...fleet.allCards()];
    expect(alone!.customAttributes).toEqual(['FJK-00001', '', '', '', '', '']);
    expect(none!.customAttributes).toBe(NO_CUSTOM_ATTRIBUTES);
    expect([0, 1, 5].map((slot) => customAttributeOf(alone!, slot))).toEqual(['FJK-00001', '', '']);
    // Set through the fleet: a second slot makes the card keep all six; clearing it, the first alone again.
    fleet.updateCard(alone!, (c) => (c.customAttributes = ['FJK-00001', '', '', '', '', 'x']));
    expect(alone!.customAttributes).toEqual(['FJK-00001', '', '', '', '', 'x']);
    expect(customAttributeOf(alone!, 5)).toBe('x');
    fleet.updateCard(alone!, (c) => (c.customAttributes = ['', '', 'y', '', '', '']));
    expect(alone!.customAttributes).toEqual(['', '', 'y', '', '', '']);
    expect(customAttributeOf(alone!, 0)).toBe('');
    expect(plainCard(alone!)['customAttributes']).toEqual(['', '', 'y', '', '', '']);
  });

  it('keep a card whose first attribute is its only one without an array of six', () => {
    // What every generated card with attributes has (its asset number): ~250,000 of a million.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const n = 50_000;
    const firsts = Array.from({ length: n }, (_, i) => `FJK-${String(i).padStart(5, '0')}`);
    const rows = new CardRows();
    gc();
    const before = process.memoryUsage().heapUsed;
    // Each card's six made here, as the generator makes them: kept, they would stay on the heap.
    for (let seq = 0; seq < n; seq++) rows.setCustomAttributes(seq, [firsts[seq]!, '', '', '', '', '']);
    gc();
    // The slot array and nothing else: 8 bytes a card (~100 with the arrays kept: 32 + 64).
    const perCard = (process.memoryUsage().heapUsed - before) / n;
    expect(perCard).toBeLessThan(24);
    expect(rows.customAttributes(n - 1)).toEqual([firsts[n - 1], '', '', '', '', '']);
  });
});
