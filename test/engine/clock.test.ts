import { describe, expect, it } from 'vitest';
import { SimClock, parseDuration } from '../../src/engine/clock.js';

describe('SimClock', () => {
  it('follows real time plus an offset by default', () => {
    let real = 1_000_000;
    const clock = new SimClock({ realNow: () => real });
    expect(clock.now()).toBe(1_000_000);
    real += 500;
    expect(clock.now()).toBe(1_000_500);
    clock.advance(parseDuration('+1h'));
    expect(clock.now()).toBe(1_000_500 + 3_600_000);
    expect(clock.state()).toMatchObject({ mode: 'running', offsetMs: 3_600_000 });
  });

  it('stays put when frozen, moves only when told, and runs on from there when resumed', () => {
    let real = 0;
    const clock = new SimClock({ realNow: () => real, start: Date.parse('2026-11-22T21:09:48Z'), frozen: true });
    real += 10_000;
    expect(clock.date().toISOString()).toBe('2026-11-22T21:09:48.000Z');
    clock.advance(parseDuration('30d'));
    expect(clock.date().toISOString()).toBe('2026-12-22T21:09:48.000Z');
    clock.resume();
    real += 1_000;
    expect(clock.date().toISOString()).toBe('2026-12-22T21:09:49.000Z');
  });

  it('set() jumps in both modes', () => {
    let real = 5_000;
    const clock = new SimClock({ realNow: () => real });
    clock.set(new Date('2030-01-01T00:00:00Z'));
    real += 2_000;
    expect(clock.date().toISOString()).toBe('2030-01-01T00:00:02.000Z');
  });

  it('parses durations and refuses nonsense', () => {
    expect(parseDuration('-15m')).toBe(-900_000);
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    expect(() => parseDuration('soon')).toThrow(/not a duration/);
    expect(() => new SimClock().set(Number.NaN)).toThrow(RangeError);
  });
});
