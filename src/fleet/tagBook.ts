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

  forget(accountId: string, name: string): void {
    if (this.declared.get(accountId)?.delete(name)) this.changed();
  }

  declaredNames(accountId: string): ReadonlySet<string> {
    return this.declared.get(accountId) ?? new Set();
  }

  toJSON(): Array<{ accountId: string; names: string[] }> {
    return [...this.declared].map(([accountId, names]) => ({ accountId, names: [...names] }));
  }

  restore(data: ReadonlyArray<{ accountId: string; names: readonly string[] }>): void {
    this.declared.clear();
    for (const { accountId, names } of data) for (const name of names) this.declare(accountId, name);
    this.changed();
  }
}
