/**
 * A book changed only through its own methods (what it hands out is read-only, which the compiler
 * holds callers to): each change moves its revision, which the state file's change log compares at
 * each commit instead of the book's JSON. Comparing JSON cost a commit the whole book: ~4 µs for
 * the default fleet's three-network cards (docs/performance.md, "Books kept by key"). The book is
 * written whole when it changed: fit for books that do not grow with the fleet's cards (the
 * directional groups, which do, are a GroupedBook).
 */
export abstract class RevisedBook {
  private changes = 0;

  get revision(): number {
    return this.changes;
  }

  protected changed(): void {
    this.changes++;
  }
}
