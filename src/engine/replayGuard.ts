import { KeyQueue } from './keyQueue.js';

/**
 * Remembers signature nonces so a replayed request is refused (Alibaba SignatureNonce,
 * x-acs-signature-nonce), each only as long as a replay could pass the timestamp check: until
 * its request's own timestamp leaves the window. A replay after that is refused for its
 * timestamp, so the nonce guards nothing and is dropped (and never saved). Memory is bounded by
 * one window's traffic and by MAX_REMEMBERED_NONCES (the oldest forgotten first), and each nonce
 * by MAX_NONCE_LENGTH (the gateway refuses longer ones).
 */
export class ReplayGuard {
  private readonly seenUntil = new Map<string, number>();
  /**
   * The nonces in the order they were accepted, each with its `until` as its stamp (KeyQueue:
   * the map's own order cost a walk past its deleted entries for every nonce forgotten).
   * Acceptance order is nearly expiry order (timestamps of one window), so sweeping stops at the
   * first live entry; the few out of order are dropped on a later sweep and never exported.
   */
  private readonly order = new KeyQueue<string>();
  /** Nonces accepted since the last `drainAccepted` (only once `trackAccepted` was called): the state file's change log. */
  private accepted: Array<[string, number]> | undefined;

  /** `windowMs`: how long a nonce is kept when `accept` is not told (tests, callers without a timestamp). */
  constructor(
    private readonly windowMs: number = 15 * 60_000,
    private readonly most: number = MAX_REMEMBERED_NONCES,
  ) {}

  /** Records the nonce until `until`; returns false when it is already remembered. */
  accept(scope: string, nonce: string, now: number, until: number = now + this.windowMs): boolean {
    this.sweep(now);
    const key = scope + '\u0000' + nonce;
    const seen = this.seenUntil.get(key);
    if (seen !== undefined && seen > now) return false;
    // Expired but not swept yet (accepted out of order): its queued entry is stale from now on.
    this.seenUntil.delete(key);
    // A copy of the key, not the joined string: a nonce parsed out of a request is a slice of the
    // request's whole query or form text, and V8 keeps that text alive for as long as the slice
    // (or a string joined from it) is: ~450 bytes a remembered nonce instead of ~140, measured.
    // Slicing a joined string makes V8 flatten it into a string of its own first.
    const kept = (' ' + key).slice(1);
    // A request exactly at the window's edge is still accepted once: keep its nonce at least a moment.
    const keptUntil = Math.max(until, now + 1);
    this.seenUntil.set(kept, keptUntil);
    this.order.push(kept, keptUntil);
    while (this.seenUntil.size > this.most && this.order.size > 0) this.forget(this.order.firstKey(), this.order.firstStamp());
    if (this.order.size > 2 * this.seenUntil.size + 1024) this.order.retain(this.remembered);
    this.accepted?.push([kept, keptUntil]);
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
    this.clear();
    const live = [...entries].filter(([, u]) => u > now).sort((a, b) => a[1] - b[1]);
    for (const [key, until] of live.slice(Math.max(0, live.length - this.most))) {
      this.seenUntil.set(key, until);
      this.order.push(key, until);
    }
  }

  get size(): number {
    return this.seenUntil.size;
  }

  clear(): void {
    this.seenUntil.clear();
    this.order.clear();
  }

  /** Whether a queued entry is the nonce's own (not one it was accepted with before). */
  private readonly remembered = (key: string, until: number): boolean => this.seenUntil.get(key) === until;

  /** Drops the oldest queued entry, and its nonce when the entry is the nonce's own. */
  private forget(key: string, until: number): void {
    this.order.shift();
    if (this.remembered(key, until)) this.seenUntil.delete(key);
  }

  private sweep(now: number): void {
    while (this.order.size > 0 && this.order.firstStamp() <= now) this.forget(this.order.firstKey(), this.order.firstStamp());
  }
}

/**
 * The most nonces remembered at once; past it the oldest is forgotten, and a replay of it inside
 * its window is accepted (docs/fidelity.md). Without it memory grew with the request rate: a
 * client signing 16,000 requests a second fills a 15-minute window with 14 million nonces, some
 * 2 GB, and the process would run out of heap. A million is ~190 MB and a minute of that rate;
 * replays that tests make come seconds after the original.
 */
export const MAX_REMEMBERED_NONCES = 1_000_000;

/**
 * The longest nonce the simulator takes. Alibaba publishes no limit; its SDKs send 32 hex digits
 * and other clients UUIDs. Far longer is no nonce but an attack on memory (docs/fidelity.md).
 */
export const MAX_NONCE_LENGTH = 256;
