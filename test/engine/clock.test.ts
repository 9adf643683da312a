import { describe, expect, it } from 'vitest';
import { SimClock, parseDuration } from '#src/engine/clock.js';

/** The clock keeps to 2000–2999: fake real times start from an instant in that range. */
const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('SimClock', () => {
  it('follows real time plus an offset by default', () => {
    let real = T0 + 1_000_000;
    const clock = new SimClock({ realNow: () => real });
    expect(clock.now()).toBe(T0 + 1_000_000);
    real += 500;
    expect(clock.now()).toBe(T0 + 1_000_500);
    clock.advance(parseDuration('+1h'));
    expect(clock.now()).toBe(T0 + 1_000_500 + 3_600_000);
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
    let real = T0;
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

describe('SimClock rate and snapshots', () => {
  it('runs rate times faster than real time, from the moment the rate is set', () => {
    let real = 0;
    const clock = new SimClock({ realNow: () => real, start: T0 + 1_000_000 });
    real += 1_000;
    clock.setRate(60);
    expect(clock.now()).toBe(T0 + 1_001_000);
    real += 1_000;
    expect(clock.now()).toBe(T0 + 1_061_000);
    expect(clock.state()).toMatchObject({ mode: 'running', rate: 60 });
    clock.freeze();
    real += 1_000;
    expect(clock.now()).toBe(T0 + 1_061_000);
    expect(() => clock.setRate(0)).toThrow(RangeError);
    expect(() => clock.setRate(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('restores a running clock as if it had run on while saved, and a frozen one where it stood', () => {
    let real = T0;
    const running = new SimClock({ realNow: () => real, start: T0 + 5_000, rate: 10 });
    const snapshot = running.snapshot();
    real += 2_000;
    const restored = new SimClock({ realNow: () => real });
    restored.restore(snapshot);
    expect(restored.now()).toBe(T0 + 25_000);
    expect(restored.state()).toMatchObject({ mode: 'running', rate: 10 });

    const frozen = new SimClock({ realNow: () => real, start: T0 + 7_000, frozen: true });
    const frozenSnapshot = frozen.snapshot();
    real += 60_000;
    restored.restore(frozenSnapshot);
    expect(restored.now()).toBe(T0 + 7_000);
    expect(restored.state()).toMatchObject({ mode: 'frozen', rate: 1 });
  });
});

describe('SimClock construction', () => {
  it('starts exactly at its start, frozen or running at a rate, however much real time passes while it is built', () => {
    // A real clock that moves a millisecond every time it is read: the start may not drift with it.
    let real = T0;
    const ticking = () => (real += 1);
    expect(new SimClock({ realNow: ticking, start: T0 + 5_000, frozen: true }).now()).toBe(T0 + 5_000);
    const fast = new SimClock({ realNow: ticking, start: T0 + 5_000, rate: 60 });
    // One read of the real clock (1 ms) at 60x since it was set.
    expect(fast.now()).toBe(T0 + 5_060);
  });
});

describe('SimClock range', () => {
  it('is never set or moved outside 2000-01-01 to 2999-12-31, and a refused move leaves it where it was', () => {
    const clock = new SimClock({ start: T0, frozen: true });
    for (const bad of [
      8_640_000_000_000_000,
      1e308,
      Date.parse('1999-12-31T23:59:59.999Z'),
      Date.parse('3000-01-01T00:00:00Z'),
      Number.NaN,
    ]) {
      expect(() => clock.set(bad)).toThrow(/the clock must be an instant from 2000-01-01T00:00:00.000Z to 2999-12-31T23:59:59.999Z/);
    }
    expect(() => clock.advance(parseDuration('+99999999999d'))).toThrow(RangeError);
    expect(clock.now()).toBe(T0);
    clock.set(Date.parse('2999-12-31T23:59:59.999Z'));
    expect(() => clock.advance(1)).toThrow(RangeError);
  });

  it('a running clock stops at the last instant instead of running past it', () => {
    let real = T0;
    const clock = new SimClock({ realNow: () => real, start: Date.parse('2999-12-31T23:00:00Z'), rate: 1_000_000 });
    real += 86_400_000;
    expect(clock.date().toISOString()).toBe('2999-12-31T23:59:59.999Z');
    const restored = new SimClock({ realNow: () => real });
    restored.restore({ mode: 'running', now: Date.parse('2999-12-31T23:00:00Z'), rate: 1_000_000, realAt: T0 });
    expect(restored.date().toISOString()).toBe('2999-12-31T23:59:59.999Z');
  });
});
