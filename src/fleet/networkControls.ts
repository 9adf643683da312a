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

export class NetworkControlBook {
  private readonly byCard = new Map<number, NetworkControls>();

  /** A card's controls (all off when it has none). */
  of(cardId: number): Readonly<NetworkControls> {
    return this.byCard.get(cardId) ?? NONE;
  }

  /** Changes some of a card's controls; a card back to all-off leaves the map. */
  set(cardId: number, change: Partial<NetworkControls>): void {
    const next = { ...this.of(cardId), ...change };
    if (!next.cutNet && next.quotaMb === undefined && next.speedKbps === undefined) this.byCard.delete(cardId);
    else this.byCard.set(cardId, next);
  }

  toJSON(): Array<{ cardId: number; controls: NetworkControls }> {
    return [...this.byCard].map(([cardId, controls]) => ({ cardId, controls }));
  }

  restore(data: ReadonlyArray<{ cardId: number; controls: Partial<NetworkControls> }>): void {
    this.byCard.clear();
    // JSON has no undefined: a missing threshold or limit is "none".
    for (const { cardId, controls } of data) this.set(cardId, { cutNet: controls.cutNet ?? false, quotaMb: controls.quotaMb ?? undefined, speedKbps: controls.speedKbps ?? undefined });
  }
}

/**
 * Whether usage has passed the card's threshold (0: at the first byte; -1: never). Derived from
 * the usage at the time of asking, so a usage change is seen at once without a sweep.
 */
export function quotaPassed(controls: Readonly<NetworkControls>, usedMb: number): boolean {
  return controls.quotaMb !== undefined && controls.quotaMb >= 0 && usedMb > controls.quotaMb;
}
