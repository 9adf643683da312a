/**
 * Every card's data used this period and its allowance (KB), by the card's position in the fleet.
 *
 * Listings that filter or sort on usage (GSL `min_used_flow` … and `sort=flow_used`, linkcard
 * `MinFlow`/`MaxFlow`/`MaxRestFlowPercentage`) read these two arrays instead of a million scattered
 * card objects: at a million cards a predicate per card object cost 150–350 ms a request, a loop
 * over two typed arrays a few milliseconds. The KB used is the card store's own column (see
 * CardRows: always current); the allowance is refreshed wherever top-ups or the plan can change
 * (see `Fleet.refreshUsage`); the scale test compares them with the cards.
 */
export class UsageColumns {
  private allowance = new Float64Array(1024);

  /** `used` gives the column of KB used by position (it is replaced as the store grows). */
  constructor(private readonly used: () => Float64Array) {}

  set(seq: number, allowanceKb: number): void {
    if (seq >= this.allowance.length) this.grow(seq + 1);
    this.allowance[seq] = allowanceKb;
  }

  /** Both columns, for a loop over many positions (valid until the next `set` or card added, which may grow them). */
  arrays(): { readonly used: Float64Array; readonly allowance: Float64Array } {
    return { used: this.used(), allowance: this.allowance };
  }

  private grow(size: number): void {
    let length = this.allowance.length;
    while (length < size) length *= 2;
    const allowance = new Float64Array(length);
    allowance.set(this.allowance);
    this.allowance = allowance;
  }
}
