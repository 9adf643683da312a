/**
 * Alibaba's IoT APIs print times in China Standard Time (UTC+8, no daylight saving) without a
 * zone: linkcard as `yyyy-MM-dd HH:mm:ss`, Dyiotapi as `yyyyMMddHHmmss`.
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** Calendar dates by day number: a fleet's dates fall on a few thousand days at most. */
const dates = new Map<number, string>();

/**
 * `yyyy-MM-ddTHH:mm:ss` of the instant shifted to China time. Date#toISOString was a quarter of
 * a 40-card ListCardInfo (several dates a card), so the date part is cached by day and the time
 * of day is plain arithmetic.
 */
function shiftedIso(ms: number): string {
  const shifted = ms + CHINA_OFFSET_MS;
  const day = Math.floor(shifted / DAY_MS);
  let date = dates.get(day);
  if (date === undefined) {
    if (dates.size >= 65_536) dates.clear();
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dates.set(day, date);
  }
  const seconds = Math.floor((shifted - day * DAY_MS) / 1000);
  return (
    date + 'T' + TWO_DIGITS[Math.floor(seconds / 3600)]! + ':' + TWO_DIGITS[Math.floor(seconds / 60) % 60]! + ':' + TWO_DIGITS[seconds % 60]!
  );
}

/** `yyyy-MM-dd HH:mm:ss` in China time (linkcard). */
export function chinaDateTime(ms: number): string {
  const iso = shiftedIso(ms);
  return iso.slice(0, 10) + ' ' + iso.slice(11, 19);
}

/** `yyyyMMddHHmmss` in China time (Dyiotapi). */
export function chinaCompactTime(ms: number): string {
  const iso = shiftedIso(ms);
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Reads `yyyy-MM-dd HH:mm:ss` as China time; undefined when it is not a real instant. */
export function parseChinaDateTime(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(asUtc).getUTCDate() !== day) return undefined;
  return asUtc - CHINA_OFFSET_MS;
}
