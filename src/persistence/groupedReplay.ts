import type { GroupedChanges } from '../fleet/directionalGroups.js';

type Json = Record<string, unknown>;

/**
 * A grouped book (the directional groups, src/fleet/directionalGroups.ts) while change-log lines
 * are replayed: each group without its cards, each group's cards in their order, and each card's
 * group, so a line costs what it carries, not the group's size. Turned back into the book's saved
 * form (`{ nextId, groups: [{ …, cardIds }] }`) at the end.
 */
export class GroupedReplay {
  private nextId: unknown;
  private heads = new Map<number, Json>();
  private readonly members = new Map<number, Set<number>>();
  private readonly groupOfCard = new Map<number, number>();

  /** `saved`: the book as the snapshot (or a line writing it whole) holds it; undefined when it holds none. */
  constructor(
    private readonly name: string,
    saved: unknown,
  ) {
    if (saved === undefined) return;
    const book = saved as { nextId?: unknown; groups?: unknown };
    if (typeof book !== 'object' || book === null || !Array.isArray(book.groups)) throw new Error(`${name} is saved as no list of groups`);
    this.nextId = book.nextId;
    for (const group of book.groups as unknown[]) {
      const { cardIds, ...head } = this.group(group) as Json & { cardIds?: unknown };
      if (!Array.isArray(cardIds)) throw new Error(`a group of ${name} saved without its cards`);
      this.heads.set(head['id'] as number, head);
      this.members.set(head['id'] as number, new Set());
      for (const cardId of cardIds) this.bind(cardId, head['id'] as number);
    }
  }

  /** Replaces the groups when the line carries them (a group gone takes its cards), then rebinds each card. */
  apply(changes: unknown): void {
    const { groups, bindings } = (changes ?? {}) as Partial<GroupedChanges>;
    if (typeof changes !== 'object' || changes === null || !Array.isArray(bindings))
      throw new Error(`the changes to ${this.name} are not groups and a list of bindings`);
    if (groups !== undefined) {
      if (typeof groups !== 'object' || groups === null || !Array.isArray(groups.groups))
        throw new Error(`the groups of ${this.name} are not a list`);
      const heads = new Map<number, Json>();
      for (const group of groups.groups as unknown[]) {
        const head = this.group(group);
        heads.set(head['id'] as number, head);
      }
      for (const [id, cards] of this.members) {
        if (heads.has(id)) continue;
        for (const cardId of cards) this.groupOfCard.delete(cardId);
        this.members.delete(id);
      }
      for (const id of heads.keys()) if (!this.members.has(id)) this.members.set(id, new Set());
      this.heads = heads;
      this.nextId = groups.nextId;
    }
    for (const binding of bindings as unknown[]) {
      if (!Array.isArray(binding) || binding.length !== 2) throw new Error(`a binding of ${this.name} that is not [card, group]`);
      const [cardId, groupId] = binding as [unknown, unknown];
      if (typeof groupId !== 'number') throw new Error(`a binding of ${this.name} to no group id`);
      this.bind(cardId, groupId);
    }
  }

  /** The book's saved form. */
  result(): unknown {
    return {
      nextId: this.nextId,
      groups: [...this.heads.values()].map((head) => ({ ...head, cardIds: [...this.members.get(head['id'] as number)!] })),
    };
  }

  /** Moves a card out of its group and to the end of `groupId`'s (0: out of any). */
  private bind(cardId: unknown, groupId: number): void {
    if (typeof cardId !== 'number') throw new Error(`a card of ${this.name} that is no card id`);
    const cards = groupId === 0 ? undefined : this.members.get(groupId);
    if (groupId !== 0 && !cards)
      throw new Error(`card ${cardId} bound to group ${groupId} of ${this.name}, which neither the snapshot nor a line before holds`);
    const previous = this.groupOfCard.get(cardId);
    if (previous !== undefined) this.members.get(previous)?.delete(cardId);
    if (cards) {
      cards.add(cardId);
      this.groupOfCard.set(cardId, groupId);
    } else this.groupOfCard.delete(cardId);
  }

  private group(value: unknown): Json {
    if (typeof value !== 'object' || value === null || typeof (value as Json)['id'] !== 'number')
      throw new Error(`a group of ${this.name} without a numeric id`);
    return value as Json;
  }
}
