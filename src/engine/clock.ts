/**
 * The simulated clock that everything time-dependent reads: vendor timestamps, the signature
 * windows, and later usage, locks and work orders. It runs on real time by default; tests freeze
 * it (for the captured SDK requests) or move it forward.
 */
export interface ClockState {
  /** 'running' follows real time plus an offset; 'frozen' stays at one instant until moved. */
  readonly mode: 'running' | 'frozen';
  /** The simulated time now, in epoch milliseconds. */
  readonly now: number;
  /** How far simulated time is ahead of real time (running mode), in milliseconds. */
  readonly offsetMs: number;
}

export class SimClock {
  private offsetMs = 0;
  private frozenAt: number | undefined;
  private readonly realNow: () => number;

  constructor(options: { realNow?: () => number; start?: Date | number; frozen?: boolean } = {}) {
    this.realNow = options.realNow ?? Date.now;
    if (options.start !== undefined) this.set(options.start);
    if (options.frozen) this.freeze();
  }

  /** Simulated time in epoch milliseconds. */
  now(): number {
    return this.frozenAt ?? this.realNow() + this.offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  /** Jumps to an instant; a frozen clock stays frozen there, a running one runs on from it. */
  set(instant: Date | number): void {
    const at = typeof instant === 'number' ? instant : instant.getTime();
    if (!Number.isFinite(at)) throw new RangeError('SimClock.set: not a valid instant');
    if (this.frozenAt !== undefined) this.frozenAt = at;
    else this.offsetMs = at - this.realNow();
  }

  /** Moves simulated time forward (or back, with a negative amount). */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError('SimClock.advance: not a finite duration');
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  freeze(): void {
    if (this.frozenAt === undefined) this.frozenAt = this.now();
  }

  /** Lets a frozen clock run again from where it stands. */
  resume(): void {
    if (this.frozenAt === undefined) return;
    this.offsetMs = this.frozenAt - this.realNow();
    this.frozenAt = undefined;
  }

  state(): ClockState {
    return { mode: this.frozenAt === undefined ? 'running' : 'frozen', now: this.now(), offsetMs: this.offsetMs };
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
