import { describe, expect, it } from 'vitest';
import { CARD_FIELDS } from '#src/fleet/cardStore.js';
import type { Card } from '#src/fleet/model.js';
import type { CardNetwork } from '#src/fleet/networkControls.js';
import { createSimulator } from '#src/index.js';
import { toSimDeviceVO } from '#simulator/huawei/views/simDeviceVO.js';
import { simDeviceVOJson } from '#simulator/huawei/views/simDeviceVOCache.js';
import { poolKindOf, simPoolIdOf } from '#simulator/huawei/gsl/poolIds.js';
import { responseJson, signHuaweiRequest } from '#helpers/huaweiSign.js';
import { responseText } from '#src/engine/simResponse.js';

/** Fields the Card type makes readonly, or that the view never reads. */
const NOT_READ: ReadonlySet<string> = new Set([
  'seq',
  'id',
  'accountId',
  'carrier',
  'formFactor',
  'apn',
  'planId',
  'stateEndsAt',
  'autoRecharge',
  'privateNetwork',
  'remark',
]);

/** Another value of the same kind, so the view is exercised with something it could print. */
function changed(key: string, value: unknown): unknown {
  if (key === 'simKind') return value === 'physical' ? 'esim' : value === 'esim' ? 'vsim' : 'physical';
  if (key === 'realNameStatus') return value === 'certified' ? 'uncertified' : 'certified';
  if (typeof value === 'number') return value + 86_400_123;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'string') return value === 'active' ? 'stoppedByUser' : value + '9';
  if (value === undefined) return key === 'imei' ? '860000000000001' : 1_700_000_000_000;
  return value;
}

function hasSetter(object: object, key: string): boolean {
  for (let o: object | null = object; o; o = Object.getPrototypeOf(o) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(o, key);
    if (descriptor) return descriptor.set !== undefined || descriptor.writable === true;
  }
  return false;
}

describe('the SimDeviceVO fragment cache', () => {
  const simulator = createSimulator();
  const fleet = simulator.fleet;
  const account = fleet.accounts()[0]!;
  const card = fleet.query({ accountId: account.id }, 0, 1).items[0]!;
  let network: CardNetwork | undefined;
  let remaining: number | null = null;
  // The pool id follows from account and plan (poolIds.ts): a pool plan's cards show one.
  const poolId = (c: Card) => simPoolIdOf(simulator.engine.context.digests, account.id, fleet.plan(c.planId));
  const fresh = (c: Card) => JSON.stringify(toSimDeviceVO(c, account, fleet.plan(c.planId), network, remaining, poolId(c)));
  const cached = (c: Card) => simDeviceVOJson(c, account, fleet.plan(c.planId), network, remaining, () => poolId(c)).text();

  it('serves what a fresh view would, after any field of the card changes in place', () => {
    const mutable = card as unknown as Record<string, unknown>;
    // Card's fields by name: a card of the columnar fleet has no own keys but its position.
    for (const key of CARD_FIELDS) {
      if (NOT_READ.has(key)) continue;
      expect(cached(card), key).toBe(fresh(card));
      // The identifiers are readonly (getters only); a card with other identifiers is another card.
      if (!hasSetter(card, key)) continue;
      const value = mutable[key];
      // Arrays are replaced, never changed in place (Card.tags, Card.customAttributes).
      if (Array.isArray(value)) mutable[key] = [...(value as string[]).slice(1), 'changed-' + key];
      else if (value && typeof value === 'object') {
        for (const [inner, v] of Object.entries(value)) (value as Record<string, unknown>)[inner] = changed(inner, v);
      } else mutable[key] = changed(key, value);
      expect(cached(card), `after ${key} changed`).toBe(fresh(card));
    }
    // The usage object replaced, and its top-ups (which add to flow_left) set and changed.
    card.usage = { ...card.usage, topUpKb: 2048 };
    expect(cached(card), 'top-up').toBe(fresh(card));
    card.usage.topUpKb = 4096;
    expect(cached(card), 'top-up changed').toBe(fresh(card));
  });

  it('follows the plan, the network controls, the rebind count and the account, which live outside the card', () => {
    const mutable = card as unknown as Record<string, unknown>;
    mutable['planId'] = fleet.plans().find((p) => p.id !== card.planId && p.dataKb !== fleet.plan(card.planId).dataKb)!.id;
    expect(cached(card), 'plan').toBe(fresh(card));
    mutable['planId'] = fleet.plans().find((p) => poolKindOf(p) !== undefined)!.id;
    expect(poolId(card)).not.toBeNull();
    expect(cached(card), 'pool plan').toBe(fresh(card));
    const none = { cutNet: false, quotaMb: undefined, speedKbps: undefined };
    for (const next of [
      { controls: { ...none, cutNet: true }, cut: true },
      { controls: { ...none, quotaMb: 0 }, cut: false },
      { controls: { ...none, quotaMb: 0 }, cut: true },
      { controls: { ...none, speedKbps: 128 }, cut: false },
    ]) {
      network = next;
      expect(cached(card), JSON.stringify(next)).toBe(fresh(card));
    }
    network = undefined;
    expect(cached(card), 'controls cleared').toBe(fresh(card));
    for (const next of [2, 1, 0, null]) {
      remaining = next;
      expect(cached(card), `rebinds ${next}`).toBe(fresh(card));
    }
    // Another account's view of a card with the same id (a loaded world) is not served from this one's fragment.
    const other = { ...account, id: account.id + '-other', huawei: undefined };
    expect(simDeviceVOJson(card, other, fleet.plan(card.planId), undefined, null, () => null).text()).toBe(
      JSON.stringify(toSimDeviceVO(card, other, fleet.plan(card.planId), undefined, null, null)),
    );
  });

  it('answers ListSimCards byte for byte as the views serialised whole, before and after the clock settles new days', () => {
    const sim = createSimulator({ settings: { huaweiRequestsPerSecond: 0 } });
    const acct = sim.fleet.accounts().find((a) => a.huawei)!;
    const keys = { ...acct.huawei!.akSk[0]!, projectId: acct.huawei!.projectId };
    const list = () => sim.handle(signHuaweiRequest({ path: '/v1/sim-cards', query: { limit: 100, offset: 1 }, keys, at: Date.now() }));
    const expected = () => sim.fleet.query({ accountId: acct.id }, 0, 100).items.map((c) => c.iccid);
    // Plain views the first time, fragments made the second, fragments reused the third.
    const first = responseText(list());
    expect(responseText(list())).toBe(first);
    const again = list();
    expect(Array.isArray(again.body)).toBe(true);
    expect(responseText(again)).toBe(first);
    const body = responseJson(again) as { sim_cards: Array<{ iccid: string; flow_used: number }> };
    expect(body.sim_cards.map((c) => c.iccid)).toEqual(expected());
    // Three days later usage has moved: the page shows the new figures, as a fresh serialisation does.
    sim.clock.advance(3 * 86_400_000);
    const later = responseJson(list()) as { sim_cards: Array<{ iccid: string; flow_used: number }> };
    const used = (c: Card) => Math.round((c.usage.dataKb / 1024) * 100) / 100;
    const byIccid = new Map(sim.fleet.query({ accountId: acct.id }, 0, 100).items.map((c) => [c.iccid, used(c)]));
    expect(later.sim_cards.map((c) => c.flow_used)).toEqual(later.sim_cards.map((c) => byIccid.get(c.iccid)));
    expect(later.sim_cards.some((c, i) => c.flow_used !== body.sim_cards[i]!.flow_used)).toBe(true);
  });
});
