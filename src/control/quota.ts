/** A card at or past this share of its allowance is near its quota (the console's amber band). */
export const NEAR_QUOTA = 0.8;

export const QUOTA_BANDS = ['under50', 'under80', 'under100', 'over', 'unlimited'] as const;
export type QuotaBand = (typeof QUOTA_BANDS)[number];

/** Where a card's data used this period stands against its allowance (both KB, from the usage columns). */
export function quotaBand(usedKb: number, allowanceKb: number): QuotaBand {
  if (!(allowanceKb > 0)) return 'unlimited';
  if (usedKb >= allowanceKb) return 'over';
  if (usedKb >= NEAR_QUOTA * allowanceKb) return 'under100';
  return usedKb >= 0.5 * allowanceKb ? 'under80' : 'under50';
}
