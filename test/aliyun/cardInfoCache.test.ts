import { describe, expect, it } from 'vitest';
import { serialiseJson } from '#src/engine/rawJson.js';
import { responseText } from '#src/engine/simResponse.js';
import type { Card } from '#src/fleet/model.js';
import { CARD_FIELDS, plainUsage } from '#src/fleet/cardStore.js';
import { createSimulator } from '#src/index.js';
import { cardInfoView } from '#simulator/aliyun/views/cardInfo.js';
import { cardInfoJson } from '#simulator/aliyun/views/cardInfoCache.js';

/** Fields the Card type makes readonly: nothing can change them under a cached fragment. */
const READONLY: ReadonlySet<string> = new Set(['seq', 'id', 'accountId', 'iccid', 'imsi', 'msisdn', 'carrier']);

/** Another value of the same kind, so the view is exercised with something it could print. */
function changed(value: unknown): unknown {
  if (typeof value === 'number') return value + 86_400_123;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'string') return value === 'active' ? 'stoppedByUser' : value + 'x';
  if (value === undefined) return 1_700_000_000_000;
  return value;
}

describe('the ListCardInfo fragment cache', () => {
  const simulator = createSimulator();
  const fleet = simulator.fleet;
  const card = fleet.query({ accountId: fleet.accounts()[0]!.id }, 0, 1).items[0]!;
  const plan = fleet.plan(card.planId);
  const fresh = (c: Card) => JSON.stringify(cardInfoView(c, fleet.plan(c.planId), fleet.directionalGroups.groupOf(c.id)));
  const cached = (c: Card) => cardInfoJson(c, fleet.plan(c.planId), fleet.directionalGroups.groupOf(c.id)).text();

  it('serves what a fresh view would, after any field of the card changes in place', () => {
    const mutable = card as unknown as Record<string, unknown>;
    // Every field of Card (a card's own keys are its position in the fleet's columns, not its fields).
    for (const key of CARD_FIELDS) {
      if (READONLY.has(key)) continue;
      expect(cached(card), key).toBe(fresh(card));
      const value = mutable[key];
      if (key === 'planId') mutable[key] = fleet.plans().find((p) => p.id !== value)!.id;
      // Arrays are replaced, never changed in place (Card.tags, Card.customAttributes).
      else if (Array.isArray(value)) mutable[key] = [...(value as string[]).slice(1), 'changed-' + key];
      else if (value && typeof value === 'object') {
        for (const [inner, v] of Object.entries(plainUsage(card.usage))) (value as unknown as Record<string, unknown>)[inner] = changed(v);
      } else mutable[key] = changed(value);
      expect(cached(card), `after ${key} changed`).toBe(fresh(card));
    }
  });

  it("tells a card from another fleet's card at the same position (fragments are kept by position)", () => {
    // A generated card (pinned ones are the same in every seed), and the card at its position in a fleet of another seed.
    const mine = fleet.query({ accountId: card.accountId }, 100, 1).items[0]!;
    const other = createSimulator({ seed: 7 }).fleet;
    const twin = [...other.allCards()].find((c) => c.seq === mine.seq)!;
    expect(twin.iccid).not.toBe(mine.iccid);
    // Everything else the view reads made the same: only the identity tells them apart.
    const target = twin as unknown as Record<string, unknown>;
    for (const key of CARD_FIELDS) {
      if (READONLY.has(key)) continue;
      if (key === 'usage') Object.assign(twin.usage, plainUsage(mine.usage));
      else target[key] = (mine as unknown as Record<string, unknown>)[key];
    }
    const minePlan = fleet.plan(mine.planId);
    expect(cardInfoJson(mine, minePlan, undefined).text()).toBe(JSON.stringify(cardInfoView(mine, minePlan)));
    expect(cardInfoJson(twin, minePlan, undefined).text()).toBe(JSON.stringify(cardInfoView(twin, minePlan)));
    expect(cardInfoJson(mine, minePlan, undefined).text()).toBe(JSON.stringify(cardInfoView(mine, minePlan)));
  });

  it('follows the plan and the directional group, which live outside the card', () => {
    const other = fleet.plans().find((p) => p !== plan && p.dataKb !== plan.dataKb)!;
    const before = cardInfoJson(card, plan, undefined).text();
    expect(cardInfoJson(card, other, undefined).text()).toBe(JSON.stringify(cardInfoView(card, other)));
    const group = fleet.directionalGroups.create(card.accountId, 'whitelist-a', 0);
    expect(cardInfoJson(card, plan, group).text()).toBe(JSON.stringify(cardInfoView(card, plan, group)));
    expect(cardInfoJson(card, plan, undefined).text()).toBe(before);
  });

  it('splices fragments into the envelope byte for byte, and survives a forged placeholder', () => {
    const items = fleet.query({ accountId: card.accountId }, 0, 5).items;
    const raw = items.map((c) => cardInfoJson(c, fleet.plan(c.planId), undefined));
    const plain = items.map((c) => cardInfoView(c, fleet.plan(c.planId)));
    const envelope = (list: unknown, note: string) => ({ RequestId: 'r', Note: note, Data: { List: list, Total: 5 } });
    const text = (body: string | Uint8Array[]) => responseText({ status: 200, headers: {}, body });
    expect(text(serialiseJson(envelope(raw, 'x')))).toBe(JSON.stringify(envelope(plain, 'x')));
    // A string whose escaped form contains the placeholder's quoted form.
    expect(text(serialiseJson(envelope(raw, '"\u0000')))).toBe(JSON.stringify(envelope(plain, '"\u0000')));
    expect(text(serialiseJson(envelope(raw, 'é中')))).toBe(JSON.stringify(envelope(plain, 'é中')));
  });
});
