/**
 * Directional (whitelist) traffic groups: a named set of addresses a card may reach, and the
 * cards bound to it. A card is in at most one group. Kept apart from Card: few cards are bound,
 * and the membership is looked up by group (card filters) and by card (detail views).
 *
 * The state file's change log follows the book as a GroupedBook (log format 7): the groups
 * without their cards, whole when one of them changed, and the cards whose binding changed. A
 * group's cards can be a whole batch or tag (150,000 and more), and writing the book whole at
 * each binding request was ~2.5 MB a line (docs/performance.md, "Directional groups in the log").
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

/**
 * A book of groups, each with the cards bound to it, a card in one group at most; the change
 * log writes what changed in it (GroupedChanges) rather than the book whole.
 */
export interface GroupedBook {
  /** Moves when the book is replaced all at once: the changes drained since are not all there is. */
  readonly epoch: number;
  /** Starts (again) remembering what changes, from now. */
  trackChanges(): void;
  /** What changed since the last drain (or `trackChanges`). */
  drainGrouped(): GroupedChanges;
  toJSON(): unknown;
}

/**
 * What changed in a GroupedBook: `groups`, when a group was created, deleted or changed, every
 * group without its cards (a group not there is deleted, and its cards with it) and the book's
 * next id; `bindings`, each card whose group changed since, `[cardId, groupId]` (0: none), in the
 * order of their last change. Replayed groups first, then each binding: the card out of the
 * group it was in, and at the end of its new one, as the book's sets put it.
 */
export interface GroupedChanges {
  groups?: { nextId: number; groups: DirectionalGroupHead[] };
  bindings: Array<[number, number]>;
}

/** A group as plain data, without its cards. */
export type DirectionalGroupHead = Omit<DirectionalGroupRecord, 'cardIds'>;

export class DirectionalGroupBook implements GroupedBook {
  private readonly groups = new Map<number, HeldGroup>();
  private readonly groupOfCard = new Map<number, number>();
  private nextId: number;
  private epochValue = 0;
  /** While the log follows the book: whether a group changed, and the cards rebound (latest last). */
  private tracked: { groups: boolean; cards: Set<number> } | undefined;

  constructor(firstId = 30_001) {
    this.nextId = firstId;
  }

  get epoch(): number {
    return this.epochValue;
  }

  trackChanges(): void {
    this.tracked = { groups: false, cards: new Set() };
  }

  drainGrouped(): GroupedChanges {
    const tracked = this.tracked;
    if (!tracked) return { bindings: [] };
    const bindings: Array<[number, number]> = [];
    for (const cardId of tracked.cards) bindings.push([cardId, this.groupOfCard.get(cardId) ?? 0]);
    const out: GroupedChanges = tracked.groups ? { groups: this.heads(), bindings } : { bindings };
    this.tracked = { groups: false, cards: new Set() };
    return out;
  }

  create(accountId: string, name: string, at: number): DirectionalGroup {
    const group: HeldGroup = { id: this.nextId++, accountId, name, createdAt: at, addresses: new Map(), cardIds: new Set() };
    this.groups.set(group.id, group);
    this.groupsChanged();
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

  /** Deletes the group; its cards are unbound (with the group, in the log: no line a card). */
  delete(group: DirectionalGroup): void {
    const held = this.held(group);
    for (const cardId of held.cardIds) this.groupOfCard.delete(cardId);
    this.groups.delete(held.id);
    this.groupsChanged();
  }

  /** Binds a card to a group, moving it out of any other. */
  bind(group: DirectionalGroup, cardId: number): void {
    // Checked before anything moves: a group not in the book leaves the card where it was.
    const held = this.held(group);
    const previous = this.groupOfCard.get(cardId);
    if (previous !== undefined) this.groups.get(previous)?.cardIds.delete(cardId);
    held.cardIds.add(cardId);
    this.groupOfCard.set(cardId, group.id);
    // Taken out and put back: its last change goes last, as the card goes last in its group.
    this.tracked?.cards.delete(cardId);
    this.tracked?.cards.add(cardId);
  }

  /** Adds an address to the group, or replaces the one it holds under the same address (in its place). */
  addAddress(group: DirectionalGroup, entry: DirectionalAddress): void {
    this.held(group).addresses.set(entry.address, entry);
    this.groupsChanged();
  }

  /** Removes an address; false when the group does not hold it. */
  removeAddress(group: DirectionalGroup, address: string): boolean {
    if (!this.held(group).addresses.delete(address)) return false;
    this.groupsChanged();
    return true;
  }

  groupOf(cardId: number): DirectionalGroup | undefined {
    const id = this.groupOfCard.get(cardId);
    return id === undefined ? undefined : this.groups.get(id);
  }

  toJSON(): { nextId: number; groups: DirectionalGroupRecord[] } {
    return {
      nextId: this.nextId,
      groups: [...this.groups.values()].map((g) => ({ ...headOf(g), cardIds: [...g.cardIds] })),
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
    // Everything replaced: the log writes the book whole.
    this.epochValue++;
    if (this.tracked) this.trackChanges();
  }

  /** Every group without its cards, with the next id: what a line carries when a group changed. */
  private heads(): { nextId: number; groups: DirectionalGroupHead[] } {
    return { nextId: this.nextId, groups: [...this.groups.values()].map((g) => headOf(g)) };
  }

  private groupsChanged(): void {
    if (this.tracked) this.tracked.groups = true;
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

function headOf(group: DirectionalGroup): DirectionalGroupHead {
  return {
    id: group.id,
    accountId: group.accountId,
    name: group.name,
    createdAt: group.createdAt,
    addresses: [...group.addresses.values()],
  };
}
