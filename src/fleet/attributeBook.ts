/**
 * The definitions of the six free-text attributes every card has (Card.customAttributes): the
 * name a customer gives each slot and whether it is enabled. Kept per account, created on first
 * use, all unnamed and disabled.
 */
export interface AttributeDefinition {
  /** 1 to 6: which of Card.customAttributes it names. */
  readonly slot: number;
  name: string | undefined;
  enabled: boolean;
  createdAt: number | undefined;
  modifiedAt: number | undefined;
}

export const ATTRIBUTE_SLOTS = 6;

export class AttributeBook {
  private readonly byAccount = new Map<string, AttributeDefinition[]>();

  definitions(accountId: string): AttributeDefinition[] {
    let defs = this.byAccount.get(accountId);
    if (!defs) {
      defs = Array.from({ length: ATTRIBUTE_SLOTS }, (_, i) => ({
        slot: i + 1,
        name: undefined,
        enabled: false,
        createdAt: undefined,
        modifiedAt: undefined,
      }));
      this.byAccount.set(accountId, defs);
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
  }
}
