import { describe, expect, it } from 'vitest';
import type { Account, Card } from '#src/fleet/model.js';
import type { CardNetwork } from '#src/fleet/networkControls.js';
import { createSimulator } from '#src/index.js';
import { toSimDeviceVO } from '#simulator/huawei/views/simDeviceVO.js';
import { JsonBytes } from '#simulator/huawei/views/jsonBytes.js';
import { writeSimDeviceVO } from '#simulator/huawei/views/simDeviceVOWriter.js';
import { simPoolIdOf } from '#simulator/huawei/gsl/poolIds.js';

const encoder = new TextEncoder();

function joined(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** What the writer gives, and what serialising the view object gives, as bytes. */
function both(write: (out: JsonBytes) => void, value: () => unknown): [Uint8Array, Uint8Array] {
  const out = new JsonBytes();
  write(out);
  return [joined(out.finish()), encoder.encode(JSON.stringify(value()))];
}

/** Strings JSON.stringify must escape or encode: quotes, backslashes, controls, Chinese, emoji, lone surrogates. */
const AWKWARD = [
  '',
  'plain',
  '试点批次',
  'say "hi"',
  'back\\slash',
  'tab\tnew\nline\rfeed\f\b',
  '\u0000\u0001\u001f\u007f',
  '😀 emoji',
  'lone \ud800 high',
  'lone \udc00 low',
  '\u2028\u2029',
  'a'.repeat(3000),
  '中'.repeat(50_000),
];

describe('JsonBytes', () => {
  it('prints numbers as JSON.stringify does', () => {
    const numbers = [0, -0, 1, -1, 9, 10, 99, 100, 123456789, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, 1e21, 1e-7, 0.01, 12.34];
    for (let i = 0; i < 2000; i++) numbers.push(Math.round((Math.random() - 0.5) * 10 ** (i % 12)) / (i % 3 === 0 ? 100 : 1));
    numbers.push(NaN, Infinity, -Infinity);
    for (const x of numbers) {
      const [got, want] = both(
        (out) => out.number(x),
        () => x,
      );
      expect(Buffer.from(got).toString(), String(x)).toBe(Buffer.from(want).toString());
    }
  });

  it('quotes and escapes strings as JSON.stringify does, byte for byte, across chunk boundaries', () => {
    const out = new JsonBytes();
    const expected: string[] = [];
    for (let round = 0; round < 20; round++) {
      for (const s of AWKWARD) {
        out.string(s);
        expected.push(JSON.stringify(s));
      }
    }
    expect(Buffer.from(joined(out.finish())).equals(Buffer.from(encoder.encode(expected.join(''))))).toBe(true);
  });

  it('puts fragments in by reference and copies a fragment out at its size', () => {
    const out = new JsonBytes();
    const shared = encoder.encode(',');
    out.mark(0x5b, encoder.encode('['));
    out.chunksOf([encoder.encode('{"a":1}')]);
    out.mark(0x2c, shared);
    out.string('b');
    const chunks = out.finish();
    expect(Buffer.from(joined(chunks)).toString()).toBe('[{"a":1},"b"');
    const scratch = new JsonBytes();
    scratch.string('x');
    const first = scratch.copy();
    scratch.number(42);
    expect([Buffer.from(first).toString(), Buffer.from(scratch.copy()).toString()]).toEqual(['"x"', '42']);
    expect(first.buffer.byteLength).toBe(3);
  });
});

describe('writeSimDeviceVO', () => {
  const simulator = createSimulator({ cards: 20_000 });
  const fleet = simulator.fleet;
  const digests = simulator.engine.context.digests;
  const poolIdOf = (account: Account, card: Card) => simPoolIdOf(digests, account.id, fleet.plan(card.planId));

  function expectSameBytes(card: Card, account: Account, network?: CardNetwork, remaining: number | null = null): void {
    const plan = fleet.plan(card.planId);
    const poolId = poolIdOf(account, card);
    const [got, want] = both(
      (out) => writeSimDeviceVO(out, card, account, plan, network, remaining, poolId),
      () => toSimDeviceVO(card, account, plan, network, remaining, poolId),
    );
    if (!Buffer.from(got).equals(Buffer.from(want))) expect(Buffer.from(got).toString()).toBe(Buffer.from(want).toString());
  }

  it('writes every card of a 20,000-card fleet byte for byte as the view serialised', () => {
    const kinds = new Set<string>();
    let tagged = 0;
    let withImei = 0;
    for (const account of fleet.accounts()) {
      for (const card of fleet.query({ accountId: account.id }, 0, 100_000).items) {
        kinds.add(`${card.simKind}/${card.state}/${card.activatedAt === undefined}`);
        if (card.tags.length > 0) tagged++;
        if (card.imei !== undefined) withImei++;
        expectSameBytes(card, account, fleet.networkControls.networkOf(card), card.carrier === 'CTCC' ? 2 : null);
      }
    }
    // The fleet exercised the variants the writer branches on.
    expect(kinds.size).toBeGreaterThan(10);
    expect([...kinds].some((k) => k.startsWith('physical'))).toBe(true);
    expect([...kinds].some((k) => k.startsWith('esim'))).toBe(true);
    expect([...kinds].some((k) => k.startsWith('vsim'))).toBe(true);
    expect([...kinds].some((k) => k.endsWith('true'))).toBe(true);
    expect(tagged).toBeGreaterThan(0);
    expect(withImei).toBeGreaterThan(0);
  });

  it('writes tags, attributes, identifiers and network controls of every kind as the view does', () => {
    const account = fleet.accounts().find((a) => a.huawei)!;
    const noDomain = { ...account, huawei: undefined } as Account;
    const cards = fleet.query({ accountId: account.id }, 0, 3).items;
    const networks: Array<CardNetwork | undefined> = [
      undefined,
      { controls: { cutNet: false, quotaMb: undefined, speedKbps: undefined }, cut: false },
      { controls: { cutNet: true, quotaMb: undefined, speedKbps: undefined }, cut: true },
      { controls: { cutNet: false, quotaMb: 0, speedKbps: undefined }, cut: true },
      { controls: { cutNet: false, quotaMb: 12.5, speedKbps: 128 }, cut: false },
    ];
    for (const card of cards) {
      for (const s of AWKWARD) {
        fleet.updateCard(card, (c) => {
          c.tags = [s];
          c.customAttributes = [s, '', s, '', s, 'x'] as unknown as Card['customAttributes'];
        });
        expectSameBytes(card, account);
        fleet.updateCard(card, (c) => (c.tags = [s, '标签', s]));
        expectSameBytes(card, noDomain);
      }
      fleet.updateCard(card, (c) => {
        c.tags = [];
        c.imei = undefined;
        c.activatedAt = undefined;
      });
      for (const network of networks) for (const remaining of [null, 0, 2]) expectSameBytes(card, account, network, remaining);
      for (const simKind of ['physical', 'esim', 'vsim'] as const) {
        fleet.updateCard(card, (c) => {
          c.simKind = simKind;
          c.imei = '860000000000001';
          c.activatedAt = 1_700_000_000_123;
        });
        expectSameBytes(card, account, networks[4], 1);
      }
    }
  });
});
