/** Data amounts as the vendor prints them. The fleet counts KB; 1 MB = 1024 KB. */
export const KB_PER_MB = 1024;

/** linkcard usage strings such as `"130.00MB"` (PeriodAddFlow, PeriodRestFlow). */
export function megabytesText(kb: number): string {
  return (kb / KB_PER_MB).toFixed(2) + 'MB';
}

/** Dyiotapi counts whole KB (its SDK models the fields as Long). */
export function wholeKb(kb: number): number {
  return Math.max(0, Math.round(kb));
}
