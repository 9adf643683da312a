import { RevisedBook } from './revisedBook.js';

/**
 * Directional (whitelist) traffic groups: a named set of addresses a card may reach, and the
 * cards bound to it. A card is in at most one group. Kept apart from Card: few cards are bound,
 * and the membership is looked up by group (card filters) and by card (detail views).
 */
export interface DirectionalAddress {
  readonly address: string;
  /** The vendor's address kind (e.g. IP, DOMAIN), kept as given. */
  readonly type: string;
  readonly source: string | undefined;
  readonly addedAt: number;
}

export interface DirectionalGroup {
  readonly id: number;
  readonly accountId: string;
  readonly name: string;
  readonly createdAt: number;
  /** In the order added. */
  readonly addresses: ReadonlyMap<string, DirectionalAddress>;
  readonly cardIds: ReadonlySet<number>;
}

/** A group as the book holds it: changed only through the book's methods. */
interface HeldGroup extends DirectionalGroup {
  readonly addresses: Map<string, DirectionalAddress>;
  readonly cardIds: Set<number>;
}

export class DirectionalGroupBook extends RevisedBook {
  private readonly groups = new Map<number, HeldGroup>();
  private readonly groupOfCard = new Map<number, number>();
  private nextId: number;

  constructor(firstId = 30_001) {
    super();
    this.nextId = firstId;
  }

  create(accountId: string, name: string, at: number): DirectionalGroup {
    const group: HeldGroup = { id: this.nextId++, accountId, name, createdAt: at, addresses: new Map(), cardIds: new Set() };
    this.groups.set(group.id, group);
    this.changed();
    return group;
  }

  /** An account's group (another account's is indistinguishable from none). */
  get(accountId: string, id: number): DirectionalGroup | undefined {
    const group = this.groups.get(id);
    return group && group.accountId === accountId ? group : undefined;
  }

  byName(accountId: string, name: string): DirectionalGroup | undefined {
    for (const group of this.groups.values()) if (group.accountId === accountId && group.name === name) return group;
    return undefined;
  }

  /** Deletes the group; its cards are unbound. */
  delete(group: DirectionalGroup): void {
    for (const cardId of group.cardIds) this.groupOfCard.delete(cardId);
    this.groups.delete(group.id);
    this.changed();
  }

  /** Binds a card to a group, moving it out of any other. */
  bind(group: DirectionalGroup, cardId: number): void {
    // Checked before anything moves: a group not in the book leaves the card where it was.
    const held = this.held(group);
    const previous = this.groupOfCard.get(cardId);
    if (previous !== undefined) this.groups.get(previous)?.cardIds.delete(cardId);
    held.cardIds.add(cardId);
    this.groupOfCard.set(cardId, group.id);
    this.changed();
  }

  /** Adds an address to the group, or replaces the one it holds under the same address (in its place). */
  addAddress(group: DirectionalGroup, entry: DirectionalAddress): void {
    this.held(group).addresses.set(entry.address, entry);
    this.changed();
  }

  /** Removes an address; false when the group does not hold it. */
  removeAddress(group: DirectionalGroup, address: string): boolean {
    if (!this.held(group).addresses.delete(address)) return false;
    this.changed();
    return true;
  }

  groupOf(cardId: number): DirectionalGroup | undefined {
    const id = this.groupOfCard.get(cardId);
    return id === undefined ? undefined : this.groups.get(id);
  }

  toJSON(): { nextId: number; groups: DirectionalGroupRecord[] } {
    return {
      nextId: this.nextId,
      groups: [...this.groups.values()].map((g) => ({ ...g, addresses: [...g.addresses.values()], cardIds: [...g.cardIds] })),
    };
  }

  restore(data: { nextId: number; groups: readonly DirectionalGroupRecord[] }): void {
    this.groups.clear();
    this.groupOfCard.clear();
    this.nextId = data.nextId;
    for (const record of data.groups) {
      const group: HeldGroup = {
        id: record.id,
        accountId: record.accountId,
        name: record.name,
        createdAt: record.createdAt,
        addresses: new Map(record.addresses.map((a) => [a.address, { ...a, source: a.source ?? undefined }])),
        cardIds: new Set(),
      };
      this.groups.set(group.id, group);
      for (const cardId of record.cardIds) this.bind(group, cardId);
    }
    this.changed();
  }

  /** The book's own record of a group it handed out. */
  private held(group: DirectionalGroup): HeldGroup {
    const held = this.groups.get(group.id);
    if (held !== group) throw new RangeError(`directional group ${group.id} is not in the book`);
    return held;
  }
}

/** A group as plain data (addresses in the order added). */
export type DirectionalGroupRecord = Omit<DirectionalGroup, 'addresses' | 'cardIds'> & {
  addresses: DirectionalAddress[];
  cardIds: number[];
};
