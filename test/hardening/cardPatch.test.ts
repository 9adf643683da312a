import { describe, expect, it } from 'vitest';
import { createSimulator } from '#src/index.js';
import { savedCard } from '#src/fleet/cardStore.js';
import { applyCardPatch, LoggedRecords, patchInPlace } from '#src/persistence/cardPatch.js';

/**
 * A card the change log holds already is written as the fields that changed (docs/reliability.md,
 * "Durability"): the patch must turn the record the log holds into the card as it is now, exactly
 * as JSON reads them, and the records kept to diff against stay bounded.
 */
describe('card patches', () => {
  it('carries the fields that changed, whole, and the ones taken away; brings the held record along; nothing when nothing changed', () => {
    const simulator = createSimulator({ clock: { frozen: true } });
    const fleet = simulator.fleet;
    const card = [...fleet.allCards()].find((c) => c.state === 'active' && c.imei !== undefined)!;
    const held = savedCard(card);
    const logged = JSON.parse(JSON.stringify(held)) as Record<string, unknown>;
    // Nothing changed: a usage made afresh and tags read again are no change.
    expect(patchInPlace(card.iccid, held, card)).toBeUndefined();
    fleet.transition(card, 'stop', simulator.clock.now());
    fleet.updateCard(card, (c) => {
      c.remark = 'patched';
      c.imei = undefined;
    });
    const patch = patchInPlace(card.iccid, held, card)!;
    expect(patch.iccid).toBe(card.iccid);
    expect(Object.keys(patch.set).sort()).toEqual(['remark', 'state', 'usage']);
    expect(patch.set['state']).toBe('stoppedByUser');
    expect(patch.unset).toEqual(['imei']);
    // The held record is now the card's, as JSON reads it; and the patch brings the log's copy there too.
    expect(JSON.parse(JSON.stringify(held))).toEqual(JSON.parse(JSON.stringify(savedCard(card))));
    applyCardPatch(logged, patch);
    expect(logged).toEqual(JSON.parse(JSON.stringify(savedCard(card))));
    expect(patchInPlace(card.iccid, held, card)).toBeUndefined();
  });

  it('keeps the records of the cards written last, at most its limit, the least recently written going first', () => {
    const records = new LoggedRecords(2);
    records.set('a', { n: 1 });
    records.set('b', { n: 2 });
    // Written again: now the most recent.
    records.touch('a', { n: 1 });
    records.set('c', { n: 4 });
    expect(records.get('b')).toBeUndefined();
    expect(records.get('a')).toEqual({ n: 1 });
    expect(records.get('c')).toEqual({ n: 4 });
  });

  it('stays bounded through many writes again and many forgotten, without walking its map', () => {
    // Reading the map's oldest key walked past its deleted entries (~4.7 µs a change once cards
    // were being forgotten, docs/performance.md): the records may be looked up, never walked.
    const records = new LoggedRecords(100);
    const map = (records as unknown as { records: Map<string, unknown> }).records;
    const walked = () => {
      throw new Error('the map was walked');
    };
    Object.assign(map, { keys: walked, entries: walked, values: walked, forEach: walked, [Symbol.iterator]: walked });
    const hot = { hot: true };
    records.set('hot', hot);
    for (let i = 0; i < 10_000; i++) {
      records.set(`card${i}`, { n: i });
      // The hot card is written again at every step: never the least recent, never forgotten.
      records.touch('hot', hot);
      if (i % 7 === 0) records.delete(`card${i - 3}`);
    }
    expect(records.get('hot')).toBe(hot);
    expect(records.get('card9999')).toEqual({ n: 9_999 });
    expect(records.get('card9901')).toEqual({ n: 9_901 });
    // 99 slots besides the hot card, of which the deleted ones are free again.
    expect(records.get('card9800')).toBeUndefined();
    expect(map.size).toBeLessThanOrEqual(100);
  });
});
