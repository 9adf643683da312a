/**
 * A fast, well-mixed 32-bit hash of three integers (murmur3's finaliser applied in a chain). It
 * runs a million times per simulated day, so it is plain integer arithmetic: no strings, no
 * digests. Card ids may exceed 32 bits, so callers split them (see `idLow`/`idHigh`).
 */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hash3(a: number, b: number, c: number): number {
  return fmix((fmix((fmix(a ^ 0x9e3779b9) + b) | 0) + c) | 0);
}

/** A uniform draw in [0, 1) keyed by three integers. */
export function unit3(a: number, b: number, c: number): number {
  return hash3(a, b, c) / 4294967296;
}

/** The seed and a card id folded into one 32-bit key (ids above 2^32 keep their high bits). */
export function cardKey(seed: number, cardId: number): number {
  return hash3(seed | 0, cardId | 0, Math.floor(cardId / 4294967296) | 0);
}
