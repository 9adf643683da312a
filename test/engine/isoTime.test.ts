import { describe, expect, it } from 'vitest';
import { isoDateTime } from '#src/engine/isoTime.js';

describe('isoDateTime', () => {
  it('prints exactly what Date#toISOString prints', () => {
    const instants = [
      0,
      -1,
      1,
      999,
      1000,
      86_399_999,
      86_400_000,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(1969, 11, 31, 23, 59, 59, 1),
    ];
    instants.push(-62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 1.5, -0.5);
    let seed = 12345;
    for (let i = 0; i < 20_000; i++) {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      instants.push(Math.floor((seed / 2 ** 32) * 4e12) - 1e12);
    }
    for (const ms of instants) expect(isoDateTime(ms), String(ms)).toBe(new Date(ms).toISOString());
    expect(() => isoDateTime(Number.NaN)).toThrow(RangeError);
  });
});
