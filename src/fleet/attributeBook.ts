import { RevisedBook } from './revisedBook.js';

/**
 * The definitions of the six free-text attributes every card has (Card.customAttributes): the
 * name a customer gives each slot and whether it is enabled. Kept per account from its first
 * change; until then all unnamed and disabled.
 */
export interface AttributeDefinition {
  /** 1 to 6: which of Card.customAttributes it names. */
  readonly slot: number;
  readonly name: string | undefined;
  readonly enabled: boolean;
  readonly createdAt: number | undefined;
  readonly modifiedAt: number | undefined;
}

/** What a change may set of a definition (its slot is what it is). */
export type AttributeChange = Partial<Omit<AttributeDefinition, 'slot'>>;

export const ATTRIBUTE_SLOTS = 6;

/** An account's definitions before its first change: unnamed and disabled. */
const DEFAULT_DEFINITIONS: ReadonlyArray<AttributeDefinition> = Object.freeze(
  Array.from({ length: ATTRIBUTE_SLOTS }, (_, i) =>
    Object.freeze({ slot: i + 1, name: undefined, enabled: false, createdAt: undefined, modifiedAt: undefined }),
  ),
);

export class AttributeBook extends RevisedBook {
  private readonly byAccount = new Map<string, AttributeDefinition[]>();

  /**
   * The account's six definitions, slot order; unnamed and disabled until one is changed. Read
   * without writing: an account's defaults enter the book at its first change, so a read, or a
   * request refused after reading them, changes nothing.
   */
  definitions(accountId: string): ReadonlyArray<AttributeDefinition> {
    return this.byAccount.get(accountId) ?? DEFAULT_DEFINITIONS;
  }

  /** Changes slot `slot` (1 to 6) of the account's definitions. */
  update(accountId: string, slot: number, change: AttributeChange): void {
    const defs = this.held(accountId);
    const index = slot - 1;
    if (!defs[index]) throw new RangeError(`attribute slot ${slot} does not exist`);
    defs[index] = { ...defs[index], ...change, slot };
    this.changed();
  }

  private held(accountId: string): AttributeDefinition[] {
    let defs = this.byAccount.get(accountId);
    if (!defs) {
      defs = DEFAULT_DEFINITIONS.map((d) => ({ ...d }));
      this.byAccount.set(accountId, defs);
      // The defaults are in the book's JSON from now on.
      this.changed();
    }
    return defs;
  }

  toJSON(): Array<{ accountId: string; definitions: AttributeDefinition[] }> {
    return [...this.byAccount].map(([accountId, definitions]) => ({ accountId, definitions }));
  }

  restore(data: ReadonlyArray<{ accountId: string; definitions: readonly AttributeDefinition[] }>): void {
    this.byAccount.clear();
    for (const { accountId, definitions } of data) {
      this.byAccount.set(
        accountId,
        definitions.map((d) => ({
          slot: d.slot,
          name: d.name ?? undefined,
          enabled: d.enabled,
          createdAt: d.createdAt ?? undefined,
          modifiedAt: d.modifiedAt ?? undefined,
        })),
      );
    }
    this.changed();
  }
}
