import { RevisedBook } from './revisedBook.js';

/**
 * Tags an account has declared without putting them on a card yet (GSL's CreateTag). A tag's
 * existence is otherwise read off the cards themselves (the tag index), so the book only keeps
 * these few names and the fleet's cards stay the single record of which card carries what.
 */
export class TagBook extends RevisedBook {
  private readonly declared = new Map<string, Set<string>>();

  declare(accountId: string, name: string): void {
    let names = this.declared.get(accountId);
    if (!names) this.declared.set(accountId, (names = new Set()));
    if (names.has(name)) return;
    names.add(name);
    this.changed();
  }

  /**
   * An account whose last name goes stays in the book, empty, at its place: its next declaration
   * lands there, not after the accounts declared since (restore keeps it too, so a restart agrees).
   */
  forget(accountId: string, name: string): void {
    if (this.declared.get(accountId)?.delete(name)) this.changed();
  }

  declaredNames(accountId: string): ReadonlySet<string> {
    return this.declared.get(accountId) ?? new Set();
  }

  /** Every account in the book, in the book's order, each with its names in theirs (an emptied account too). */
  toJSON(): Array<{ accountId: string; names: string[] }> {
    return [...this.declared].map(([accountId, names]) => ({ accountId, names: [...names] }));
  }

  /**
   * The book exactly as `toJSON` wrote it: every account, one with no names too (one whose tags
   * were all deleted), in the order written. Declaring name by name dropped those, so an account
   * declaring again after a restart came after the others instead of at its place. A saved book
   * from before this (written the same way) reads the same.
   */
  restore(data: ReadonlyArray<{ accountId: string; names: readonly string[] }>): void {
    this.declared.clear();
    for (const { accountId, names } of data) {
      let held = this.declared.get(accountId);
      if (!held) this.declared.set(accountId, (held = new Set()));
      for (const name of names) held.add(name);
    }
    this.changed();
  }
}
