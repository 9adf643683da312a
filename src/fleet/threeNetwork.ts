import { RevisedBook } from './revisedBook.js';
import type { Carrier } from './model.js';

/**
 * Three-network cards (GSL 三网卡): one physical card holding a profile of each carrier, with one
 * of them online at a time. The card in the fleet is its home profile (its own ICCID, carrier and
 * usage); this book adds what only the three-network view shows: the other profiles' ICCIDs, the
 * carrier online now, and the switch policy bound to it. Few cards are three-network, so a sparse
 * map by card id.
 */
export interface ThreeNetworkCard {
  readonly cardId: number;
  readonly accountId: string;
  /** The ICCID of each carrier's profile; the home carrier's is the card's own. */
  readonly iccids: Readonly<Record<Carrier, string>>;
  onlineCarrier: Carrier;
  /** The network switch policy bound to the card (an id in NetworkSwitchPolicyBook). */
  policyId: number | undefined;
  /** 1: the module runs the vendor's switching SDK; 2: no SDK (switching from the cloud only). */
  readonly version: 1 | 2;
}

export interface ThreeNetworkChange {
  readonly onlineCarrier?: Carrier;
  readonly policyId?: number;
}

export class ThreeNetworkBook extends RevisedBook {
  private readonly byCard = new Map<number, ThreeNetworkCard>();

  add(card: ThreeNetworkCard): void {
    this.byCard.set(card.cardId, card);
    this.changed();
  }

  get(cardId: number): Readonly<ThreeNetworkCard> | undefined {
    return this.byCard.get(cardId);
  }

  /** The account's three-network cards, in the order they were added. */
  list(accountId: string): Array<Readonly<ThreeNetworkCard>> {
    return [...this.byCard.values()].filter((c) => c.accountId === accountId);
  }

  apply(cardId: number, change: ThreeNetworkChange): void {
    const card = this.byCard.get(cardId);
    if (!card) throw new RangeError(`card ${cardId} is not a three-network card`);
    if (change.onlineCarrier !== undefined) card.onlineCarrier = change.onlineCarrier;
    if (change.policyId !== undefined) card.policyId = change.policyId;
    this.changed();
  }

  toJSON(): ThreeNetworkCard[] {
    return [...this.byCard.values()].map((c) => ({ ...c, iccids: { ...c.iccids } }));
  }

  /** Replaces the book with a saved one (the generated assignment plus switches since). */
  restore(data: readonly ThreeNetworkCard[]): void {
    this.byCard.clear();
    this.changed();
    // Every field in its place as the generator puts it (a saved card has no `policyId` until
    // one is bound), so a loaded card writes its fields in the same order.
    for (const c of data)
      this.add({
        cardId: c.cardId,
        accountId: c.accountId,
        iccids: { ...c.iccids },
        onlineCarrier: c.onlineCarrier,
        policyId: c.policyId ?? undefined,
        version: c.version,
      });
  }
}
