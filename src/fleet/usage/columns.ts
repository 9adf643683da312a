/**
 * Every card's data used this period and its allowance (KB), by the card's position in the fleet.
 *
 * Listings that filter or sort on usage (GSL `min_used_flow` … and `sort=flow_used`, linkcard
 * `MinFlow`/`MaxFlow`/`MaxRestFlowPercentage`) read these two arrays instead of a million scattered
 * card objects: at a million cards a predicate per card object cost 150–350 ms a request, a loop
 * over two typed arrays a few milliseconds. The fleet refreshes a card's entry wherever its usage,
 * top-ups or plan can change (see `Fleet.refreshUsage`); the scale test compares them with the cards.
 */
export class UsageColumns {
  private used = new Float64Array(1024);
  private allowance = new Float64Array(1024);

  set(seq: number, usedKb: number, allowanceKb: number): void {
    if (seq >= this.used.length) this.grow(seq + 1);
    this.used[seq] = usedKb;
    this.allowance[seq] = allowanceKb;
  }

  /** Both columns, for a loop over many positions (valid until the next `set`, which may grow them). */
  arrays(): { readonly used: Float64Array; readonly allowance: Float64Array } {
    return { used: this.used, allowance: this.allowance };
  }

  private grow(size: number): void {
    let length = this.used.length;
    while (length < size) length *= 2;
    const used = new Float64Array(length);
    const allowance = new Float64Array(length);
    used.set(this.used);
    allowance.set(this.allowance);
    this.used = used;
    this.allowance = allowance;
  }
}
