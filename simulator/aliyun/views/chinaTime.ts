import { isoDateTime } from '../../../src/engine/isoTime.js';

/**
 * Alibaba's IoT APIs print times in China Standard Time (UTC+8, no daylight saving) without a
 * zone: linkcard as `yyyy-MM-dd HH:mm:ss`, Dyiotapi as `yyyyMMddHHmmss`.
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `yyyy-MM-ddTHH:mm:ss.SSSZ` of the instant shifted to China time. */
function shiftedIso(ms: number): string {
  return isoDateTime(ms + CHINA_OFFSET_MS);
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
