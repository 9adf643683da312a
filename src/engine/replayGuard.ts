/**
 * Remembers nonces for a window of simulated time so a replayed request is refused
 * (Alibaba SignatureNonce, x-acs-signature-nonce). Old entries are dropped from the front as
 * time passes, so memory stays bounded by the traffic of one window.
 */
export class ReplayGuard {
  private readonly seenUntil = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** Records the nonce; returns false when it was already used within the window. */
  accept(scope: string, nonce: string, now: number): boolean {
    this.sweep(now);
    const key = scope + '\u0000' + nonce;
    const until = this.seenUntil.get(key);
    if (until !== undefined && until > now) return false;
    this.seenUntil.delete(key); // re-insert at the back so the map stays ordered by expiry
    this.seenUntil.set(key, now + this.windowMs);
    return true;
  }

  /** The nonces still remembered, oldest first: [scope and nonce, until]. */
  entries(): Array<[string, number]> {
    return [...this.seenUntil];
  }

  restore(entries: ReadonlyArray<readonly [string, number]>): void {
    this.seenUntil.clear();
    for (const [key, until] of [...entries].sort((a, b) => a[1] - b[1])) this.seenUntil.set(key, until);
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
