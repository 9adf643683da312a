/**
 * Which cards the fleet changed, added or removed since someone last asked: the state file's
 * change log (src/persistence) drains it at each commit, so a commit costs what changed since the
 * one before it, not everything changed since generation. It keeps nothing until `start` is
 * called, so a fleet nobody persists pays one test per change.
 *
 * Cards are named by ICCID (stable whatever the fleet stores them as); a removed card is drained
 * like a changed one, and the reader finds it gone.
 */
export class ChangeMarks {
  private iccids: Set<string> | undefined;

  /** Records from now on (what changed before is the caller's full export). */
  start(): void {
    this.iccids = new Set();
  }

  /** Whether changes are being recorded (a caller may then skip making what `card` reads). */
  get recording(): boolean {
    return this.iccids !== undefined;
  }

  /** The fleet calls this for every card it changes, adds or removes (the ICCID is read only while recording). */
  card(card: { readonly iccid: string }): void {
    if (this.iccids) this.iccids.add(card.iccid);
  }

  /** The ICCIDs marked since the last drain (or `start`), and forgets them. */
  drain(): string[] {
    if (!this.iccids || this.iccids.size === 0) return [];
    const out = [...this.iccids];
    this.iccids.clear();
    return out;
  }
}
