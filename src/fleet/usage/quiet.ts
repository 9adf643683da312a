/**
 * The days a card used nothing although activated: it was stopped, shut down or cancelled. Kept
 * on the card (`usage.quiet`) as flat pairs of China days `[from, to, from, to, …]`, `to` -1 while
 * the card is still quiet, so the history of a stopped card shows nothing for the days it was
 * stopped, and the days counted into its period figure are the very days the history shows. Only
 * cards that stopped carry any; intervals older than the history any API shows are dropped.
 */
export const OPEN = -1;
/** Dyiotapi shows a year of history, GSL six cycles: some slack beyond that. */
const KEPT_DAYS = 400;

export function isQuiet(quiet: readonly number[] | undefined, day: number): boolean {
  if (quiet === undefined) return false;
  for (let i = 0; i < quiet.length; i += 2) {
    const to = quiet[i + 1]!;
    if (day >= quiet[i]! && (to === OPEN || day <= to)) return true;
  }
  return false;
}

/** Opens a quiet interval from `from` on (unless one is open already). */
export function openQuiet(quiet: number[] | undefined, from: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < (quiet?.length ?? 0); i += 2) {
    const to = quiet![i + 1]!;
    if (to === OPEN) return quiet!;
    if (to >= from - KEPT_DAYS) out.push(quiet![i]!, to);
  }
  out.push(from, OPEN);
  return out;
}

/** Closes the open interval so that `until` is its last quiet day (dropped if that leaves it empty). */
export function closeQuiet(quiet: number[] | undefined, until: number): number[] | undefined {
  if (quiet === undefined || quiet.length === 0 || quiet[quiet.length - 1] !== OPEN) return quiet;
  const out = quiet.slice();
  if (until < out[out.length - 2]!) out.length -= 2;
  else out[out.length - 1] = until;
  return out.length > 0 ? out : undefined;
}

/** Whether the card has been quiet from `day` on, with no end yet (nothing to add: a fast path). */
export function quietSince(card: { usage: { quiet?: readonly number[] | undefined } }, day: number): boolean {
  const quiet = card.usage.quiet;
  return quiet !== undefined && quiet.length > 0 && quiet[quiet.length - 1] === OPEN && quiet[quiet.length - 2]! <= day;
}
