import { KeyedBookBase } from './keyedBook.js';
import type { Card } from './model.js';

/**
 * Per-card network controls a customer sets through the carrier: a manual network cut, a usage
 * threshold that cuts the network once passed, and a speed limit. Few cards carry any, so they are
 * kept in a sparse map by card id rather than as card fields (every card would pay for them).
 */
export interface NetworkControls {
  /** The network is cut on request (Huawei cut-net ADD), whatever the usage. */
  cutNet: boolean;
  /** Usage threshold in MB that cuts the network once passed; -1 is "no limit". */
  quotaMb: number | undefined;
  /** Speed limit in Kbps; undefined is no limit. */
  speedKbps: number | undefined;
}

const NONE: Readonly<NetworkControls> = Object.freeze({ cutNet: false, quotaMb: undefined, speedKbps: undefined });
const KB_PER_MB = 1024;

/** A card's network as the views show it: the controls set on it, and whether it is cut now. */
export interface CardNetwork {
  readonly controls: Readonly<NetworkControls>;
  readonly cut: boolean;
}

/** A card's controls as the book writes them (toJSON). */
export interface NetworkControlRecord {
  cardId: number;
  controls: NetworkControls;
}

export class NetworkControlBook extends KeyedBookBase {
  private readonly byCard = new Map<number, NetworkControls>();

  /** The key a record is kept under (the change log's replay reads it so too). */
  static keyOf(record: NetworkControlRecord): string {
    return String(record.cardId);
  }

  /** A card's controls (all off when it has none). */
  of(cardId: number): Readonly<NetworkControls> {
    return this.byCard.get(cardId) ?? NONE;
  }

  /**
   * Whether the card's network is cut: on request, or because its usage passed its exceed-cut-net
   * quota (0: at the first KB; -1: never). The one place this rule lives. Usage is compared in KB,
   * the unit the fleet counts it in, with the quota in KB: the carrier cuts on the bytes used,
   * not on the two-decimal MB GSL shows (docs/fidelity.md). Derived at the time of asking, so a
   * usage change is seen at once without a sweep.
   */
  isNetworkCut(card: Readonly<Pick<Card, 'id' | 'usage'>>): boolean {
    const controls = this.byCard.get(card.id);
    if (controls === undefined) return false;
    return controls.cutNet || (controls.quotaMb !== undefined && controls.quotaMb >= 0 && card.usage.dataKb > controls.quotaMb * KB_PER_MB);
  }

  /** A card's controls and whether its network is cut, for a view. */
  networkOf(card: Readonly<Pick<Card, 'id' | 'usage'>>): CardNetwork {
    return { controls: this.of(card.id), cut: this.isNetworkCut(card) };
  }

  /** Changes some of a card's controls; a card back to all-off leaves the map. */
  set(cardId: number, change: Partial<NetworkControls>): void {
    const next = { ...this.of(cardId), ...change };
    if (!next.cutNet && next.quotaMb === undefined && next.speedKbps === undefined) {
      if (this.byCard.delete(cardId)) this.changes.deleted(String(cardId));
      return;
    }
    this.byCard.set(cardId, next);
    this.changes.wrote(String(cardId));
  }

  toJSON(): NetworkControlRecord[] {
    return [...this.byCard].map(([cardId, controls]) => ({ cardId, controls }));
  }

  protected recordAt(key: string): NetworkControlRecord | undefined {
    const controls = this.byCard.get(Number(key));
    return controls && { cardId: Number(key), controls };
  }

  restore(data: ReadonlyArray<{ cardId: number; controls: Partial<NetworkControls> }>): void {
    this.byCard.clear();
    // JSON has no undefined: a missing threshold or limit is "none".
    for (const { cardId, controls } of data)
      this.set(cardId, {
        cutNet: controls.cutNet ?? false,
        quotaMb: controls.quotaMb ?? undefined,
        speedKbps: controls.speedKbps ?? undefined,
      });
    this.changes.replaced();
  }
}
