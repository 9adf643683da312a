import { describe, expect, it } from 'vitest';
import { applyCardPatch, cardPatch, LoggedRecords } from '#src/persistence/cardPatch.js';

/**
 * A card the change log holds already is written as the fields that changed (docs/reliability.md,
 * "Durability"): the patch must turn the record the log holds into the new one exactly, as JSON
 * reads them, and the records kept to diff against stay bounded.
 */
describe('card patches', () => {
  const before = {
    iccid: '1',
    state: 'active',
    usage: { dataKb: 5, quiet: [3, -1] },
    tags: ['a', 'b'],
    imei: '86',
    remark: undefined,
  };

  it('carries the fields that changed, whole, and the ones taken away; nothing for a record that reads the same', () => {
    const after = { ...before, state: 'stoppedByUser', usage: { dataKb: 5, quiet: [3, 9] }, imei: undefined, remark: 'r' };
    expect(cardPatch('1', before, after)).toEqual({
      iccid: '1',
      set: { state: 'stoppedByUser', usage: { dataKb: 5, quiet: [3, 9] }, remark: 'r' },
      unset: ['imei'],
    });
    // Equal values in other objects (a usage made afresh, tags copied) are no change.
    expect(cardPatch('1', before, { ...before, usage: { dataKb: 5, quiet: [3, -1] }, tags: ['a', 'b'] })).toBeUndefined();
    // Applied to the record as JSON holds it (no undefined fields), it gives the new record as JSON would.
    const held = JSON.parse(JSON.stringify(before)) as Record<string, unknown>;
    applyCardPatch(held, cardPatch('1', before, after)!);
    expect(held).toEqual(JSON.parse(JSON.stringify(after)));
  });

  it('keeps the records of the cards written last, at most its limit, the least recently written going first', () => {
    const records = new LoggedRecords(2);
    records.set('a', { n: 1 });
    records.set('b', { n: 2 });
    // Written again: now the most recent.
    records.set('a', { n: 3 });
    records.set('c', { n: 4 });
    expect(records.get('b')).toBeUndefined();
    expect(records.get('a')).toEqual({ n: 3 });
    expect(records.get('c')).toEqual({ n: 4 });
  });
});
