/** Data amounts as the vendor prints them. The fleet counts KB; 1 MB = 1024 KB. */
export const KB_PER_MB = 1024;
const KB_PER_GB = 1024 * KB_PER_MB;

/**
 * linkcard's data amounts (PeriodAddFlow, PeriodRestFlow, GetCardLatestFlow, usage history, pool
 * figures), the unit chosen by magnitude as ListCardInfo's page prints them ("0KB", "130.00MB"):
 * whole KB below 1 MB, MB with two decimals below 1 GB, GB with two decimals from there. Public
 * clients parse all three suffixes. The unit follows the printed value, so 1023.9 MB is "1024.00MB"
 * never: it is "1.00GB".
 */
export function flowText(kb: number): string {
  const amount = Math.max(0, kb);
  if (Math.round(amount) < KB_PER_MB) return `${Math.round(amount)}KB`;
  const mb = (amount / KB_PER_MB).toFixed(2);
  if (Number(mb) < 1024) return `${mb}MB`;
  return `${(amount / KB_PER_GB).toFixed(2)}GB`;
}

/**
 * An allowance tier as linkcard labels it (DataLevel: "30MB", "1GB"): the unit by the same rule
 * as flowText, without decimals when the amount is whole in that unit.
 */
export function levelText(kb: number): string {
  const [value, unit] = kb < KB_PER_MB ? [kb, 'KB'] : kb < KB_PER_GB ? [kb / KB_PER_MB, 'MB'] : [kb / KB_PER_GB, 'GB'];
  return `${Number.isInteger(value) ? value : value.toFixed(2)}${unit}`;
}

/** Dyiotapi counts whole KB (its SDK models the fields as Long). */
export function wholeKb(kb: number): number {
  return Math.max(0, Math.round(kb));
}
