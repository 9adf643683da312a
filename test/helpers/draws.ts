import { seededRandom } from '#src/control/faults/prng.js';

/** Seeded draws for the randomised tests: the same seed, the same walk. */
export class Draws {
  private readonly draw: () => number;

  constructor(seed: number) {
    this.draw = seededRandom(seed);
  }

  /** In [0, 1). */
  float(): number {
    return this.draw();
  }

  /** A whole number in [0, n). */
  int(n: number): number {
    return Math.floor(this.draw() * n);
  }

  /** A whole number in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** An item drawn by weight. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let roll = this.float() * items.reduce((s, [, w]) => s + w, 0);
    for (const [item, w] of items) if ((roll -= w) < 0) return item;
    return items[items.length - 1]![0];
  }

  chance(p: number): boolean {
    return this.draw() < p;
  }

  /** `n` lower-case hex digits. */
  hex(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += '0123456789abcdef'[this.int(16)];
    return out;
  }
}
