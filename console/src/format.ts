/** Figures and instants as the console shows them. The carriers' calendar is China's (UTC+8). */
const CHINA_MS = 8 * 3600_000;

export function chinaTime(iso: string | number | undefined, withSeconds = false): string {
  if (iso === undefined) return '–';
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (!Number.isFinite(ms)) return String(iso);
  const text = new Date(ms + CHINA_MS).toISOString().replace('T', ' ');
  return text.slice(0, withSeconds ? 19 : 16);
}

export function chinaDate(iso: string | number | undefined): string {
  return chinaTime(iso).slice(0, 10);
}

/** KB as MB or GB with two decimals; the vendors' own texts are shown beside where it matters. */
export function size(kb: number): string {
  if (kb >= 1024 * 1024) return `${(kb / 1024 / 1024).toFixed(2)} GB`;
  return `${(kb / 1024).toFixed(2)} MB`;
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '–';
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Lifecycle states in plain words (the vendor codes are on the card page). */
export const STATE_WORDS: Record<string, string> = {
  testing: 'testing',
  inactive: 'inactive',
  silent: 'silent',
  active: 'active',
  stoppedByUser: 'stopped by user',
  stoppedAtQuota: 'stopped at quota',
  stoppedByCreditControl: 'stopped: arrears',
  stoppedByRebind: 'stopped: rebind',
  stoppedByRebindInTest: 'stopped: rebind (test)',
  stoppedForRealName: 'stopped: real name',
  stoppedAbnormal: 'stopped: abnormal',
  shutDown: 'shut down',
  cancelled: 'cancelled',
};

export const LIFECYCLE_STATES = Object.keys(STATE_WORDS);

/** The colour family of a state: in use, waiting, stopped, gone. */
export function stateTone(state: string): 'ok' | 'wait' | 'stop' | 'gone' {
  if (state === 'active') return 'ok';
  if (state.startsWith('stopped')) return 'stop';
  if (state === 'shutDown' || state === 'cancelled') return 'gone';
  return 'wait';
}
