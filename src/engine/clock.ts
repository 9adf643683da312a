import { INSTANT_RANGE, inInstantRange, LATEST_INSTANT } from './instantRange.js';
import { quoteValue } from './quoteValue.js';

/**
 * The simulated clock that everything time-dependent reads: vendor timestamps, the signature
 * windows, usage, work orders. It runs on real time by default (optionally faster: `rate`); tests
 * freeze it (for the captured SDK requests) or move it forward.
 */
export interface ClockState {
  /** 'running' follows real time (times `rate`); 'frozen' stays at one instant until moved. */
  readonly mode: 'running' | 'frozen';
  /** The simulated time now, in epoch milliseconds. */
  readonly now: number;
  /** How far simulated time is ahead of real time now, in milliseconds. */
  readonly offsetMs: number;
  /** Simulated milliseconds per real millisecond while running (1: real time). */
  readonly rate: number;
}

/**
 * What a clock needs to carry on after a restart: the simulated instant and the real instant it
 * was read at, so a running clock can add the real time that passed (times its rate).
 */
export interface ClockSnapshot {
  readonly mode: 'running' | 'frozen';
  readonly now: number;
  readonly rate: number;
  /** The real (wall-clock) instant `now` was read at. */
  readonly realAt: number;
}

/** Faster than a million times real time the clock stops being useful (a year in 30 real seconds). */
export const MAX_CLOCK_RATE = 1_000_000;

/** Why a rate is refused, or undefined when it is one the clock can run at. */
export function rateProblem(rate: unknown): string | undefined {
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0 || rate > MAX_CLOCK_RATE) {
    return `must be a number above 0 and at most ${MAX_CLOCK_RATE}, got ${quoteValue(rate)}`;
  }
  return undefined;
}

/** Why an instant is refused as the clock's, or undefined when it is in range. */
export function instantProblem(ms: number): string | undefined {
  return inInstantRange(ms)
    ? undefined
    : `must be an instant ${INSTANT_RANGE}, got ${Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : quoteValue(ms)}`;
}

/**
 * The clock stays within the instant range (instantRange.ts): it cannot be set or moved outside,
 * and a running clock (at up to a million times real time it reaches the year 3000 in hours)
 * stops at the last instant instead of running past it.
 */
export class SimClock {
  // Simulated time is anchorSim at real instant anchorReal, moving `rate` times as fast.
  private anchorSim: number;
  private anchorReal: number;
  private frozen = false;
  private speed = 1;
  private readonly realNow: () => number;

  constructor(options: { realNow?: () => number; start?: Date | number; frozen?: boolean; rate?: number } = {}) {
    this.realNow = options.realNow ?? Date.now;
    this.anchorReal = this.realNow();
    this.anchorSim = this.anchorReal;
    // Mode and rate first: freezing after `set` read the real clock a second time, and a millisecond
    // passing between the two reads left a clock built frozen at `start` one millisecond later.
    if (options.frozen) this.frozen = true;
    if (options.rate !== undefined) this.setRate(options.rate);
    if (options.start !== undefined) this.set(options.start);
  }

  /** Simulated time in epoch milliseconds. */
  now(): number {
    if (this.frozen) return this.anchorSim;
    const elapsed = this.realNow() - this.anchorReal;
    const now = this.anchorSim + (this.speed === 1 ? elapsed : Math.floor(elapsed * this.speed));
    return now > LATEST_INSTANT ? LATEST_INSTANT : now;
  }

  date(): Date {
    return new Date(this.now());
  }

  get rate(): number {
    return this.speed;
  }

  /** Jumps to an instant (in the instant range, else a RangeError and nothing moves); a frozen clock stays frozen there. */
  set(instant: Date | number): void {
    const at = typeof instant === 'number' ? instant : instant.getTime();
    const problem = instantProblem(at);
    if (problem) throw new RangeError(`the clock ${problem}`);
    this.anchorSim = Math.floor(at);
    this.anchorReal = this.realNow();
  }

  /** Moves simulated time forward (or back, with a negative amount); a RangeError, and nothing moves, if that leaves the range. */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`the clock can only advance by a finite duration, got ${quoteValue(ms)}`);
    this.set(this.now() + ms);
  }

  freeze(): void {
    if (this.frozen) return;
    this.set(this.now());
    this.frozen = true;
  }

  /** Lets a frozen clock run again from where it stands. */
  resume(): void {
    if (!this.frozen) return;
    this.anchorReal = this.realNow();
    this.frozen = false;
  }

  /** Runs simulated time `rate` times as fast as real time (from now on; the past stays put). */
  setRate(rate: number): void {
    const problem = rateProblem(rate);
    if (problem) throw new RangeError(`the clock's rate ${problem}`);
    this.set(this.now());
    this.speed = rate;
  }

  /**
   * What the clock says, in a string that changes only when it is set, moved, frozen, resumed or
   * sped up: a running clock's `now` moves at every read, its anchors do not. The state file's
   * change log compares it at every commit to write the clock only when it changed.
   */
  definition(): string {
    return this.frozen ? `frozen ${this.speed} ${this.anchorSim}` : `running ${this.speed} ${this.anchorSim} ${this.anchorReal}`;
  }

  state(): ClockState {
    const now = this.now();
    return { mode: this.frozen ? 'frozen' : 'running', now, offsetMs: now - this.realNow(), rate: this.speed };
  }

  snapshot(): ClockSnapshot {
    return { mode: this.frozen ? 'frozen' : 'running', now: this.now(), rate: this.speed, realAt: this.realNow() };
  }

  /**
   * Carries on from a snapshot. A running clock went on running while the snapshot sat on disk:
   * it continues from the saved instant plus the real time since, times its rate, exactly as if
   * the process had never stopped. A frozen clock is where it was.
   */
  restore(snapshot: ClockSnapshot): void {
    // Checked before anything moves; a clock that ran on past the last instant while away stops there.
    const rate = rateProblem(snapshot.rate);
    if (rate) throw new RangeError(`the clock's rate ${rate}`);
    const at = instantProblem(snapshot.now);
    if (at) throw new RangeError(`the clock ${at}`);
    const away = Math.max(0, this.realNow() - snapshot.realAt);
    this.setRate(snapshot.rate);
    if (snapshot.mode === 'frozen') {
      this.set(snapshot.now);
      this.frozen = true;
    } else {
      this.frozen = false;
      this.set(Math.min(LATEST_INSTANT, snapshot.now + Math.floor(away * snapshot.rate)));
    }
  }
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses durations such as '+30d', '90m', '-1h', '1500ms' into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^([+-]?)(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(text.trim());
  if (!m) throw new RangeError(`not a duration: ${JSON.stringify(text)} (expected e.g. +30d, 90m, 1500ms)`);
  const value = Number(m[2]) * UNITS[m[3]!]!;
  return m[1] === '-' ? -value : value;
}
