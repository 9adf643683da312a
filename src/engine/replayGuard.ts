/**
 * Remembers signature nonces so a replayed request is refused (Alibaba SignatureNonce,
 * x-acs-signature-nonce), each only as long as a replay could pass the timestamp check: until
 * its request's own timestamp leaves the window. A replay after that is refused for its
 * timestamp, so the nonce guards nothing and is dropped (and never saved). Memory is bounded by
 * one window's traffic, and each nonce by MAX_NONCE_LENGTH (the gateway refuses longer ones).
 */
export class ReplayGuard {
  // Insertion order is nearly expiry order (timestamps of one window), so sweeping stops at the
  // first live entry; the few out of order are dropped on a later sweep and never exported.
  private readonly seenUntil = new Map<string, number>();
  /** Nonces accepted since the last `drainAccepted` (only once `trackAccepted` was called): the state file's change log. */
  private accepted: Array<[string, number]> | undefined;

  /** `windowMs`: how long a nonce is kept when `accept` is not told (tests, callers without a timestamp). */
  constructor(private readonly windowMs: number = 15 * 60_000) {}

  /** Records the nonce until `until`; returns false when it is already remembered. */
  accept(scope: string, nonce: string, now: number, until: number = now + this.windowMs): boolean {
    this.sweep(now);
    const key = scope + '\u0000' + nonce;
    const seen = this.seenUntil.get(key);
    if (seen !== undefined && seen > now) return false;
    this.seenUntil.delete(key);
    // A request exactly at the window's edge is still accepted once: keep its nonce at least a moment.
    this.seenUntil.set(key, Math.max(until, now + 1));
    this.accepted?.push([key, Math.max(until, now + 1)]);
    return true;
  }

  /** From now on, remembers the nonces accepted, for `drainAccepted`. */
  trackAccepted(): void {
    this.accepted = [];
  }

  /** The nonces accepted since the last call (or `trackAccepted`), as `entries` gives them, and forgets them. */
  drainAccepted(): Array<[string, number]> {
    const out = this.accepted ?? [];
    if (this.accepted) this.accepted = [];
    return out;
  }

  /** The nonces still guarding at `now`, oldest first: [scope and nonce, until]. */
  entries(now: number): Array<[string, number]> {
    const out: Array<[string, number]> = [];
    for (const [key, until] of this.seenUntil) if (until > now) out.push([key, until]);
    return out;
  }

  /** Puts saved nonces back, without those expired at `now`. */
  restore(entries: ReadonlyArray<readonly [string, number]>, now: number): void {
    this.seenUntil.clear();
    for (const [key, until] of [...entries].filter(([, u]) => u > now).sort((a, b) => a[1] - b[1])) this.seenUntil.set(key, until);
  }

  get size(): number {
    return this.seenUntil.size;
  }

  clear(): void {
    this.seenUntil.clear();
  }

  private sweep(now: number): void {
    for (const [key, until] of this.seenUntil) {
      if (until > now) break;
      this.seenUntil.delete(key);
    }
  }
}

/**
 * The longest nonce the simulator takes. Alibaba publishes no limit; its SDKs send 32 hex digits
 * and other clients UUIDs. Far longer is no nonce but an attack on memory (docs/fidelity.md).
 */
export const MAX_NONCE_LENGTH = 256;
