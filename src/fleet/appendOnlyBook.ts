/**
 * A book whose records are only ever added at its end, or replaced all at once (a restore): the
 * SMS log and the placed orders. The state file's change log writes what was appended since its
 * last line (docs/reliability.md, log format 5) rather than comparing and writing the whole book
 * at every commit, which at 10,000 messages sent cost ~5 ms a commit and 1.3 MB a line for each
 * message (docs/performance.md, "Books that only grow").
 */
export interface AppendOnlyBook {
  /** Moves when the book is replaced all at once: what was appended before is not its prefix any more. */
  readonly epoch: number;
  /** Records held. */
  readonly length: number;
  /** What was appended from position `from` on, as the log writes it (the book's own values). */
  appendedSince(from: number): unknown;
  toJSON(): unknown;
}
