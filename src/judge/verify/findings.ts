import type { JournalEntry } from '../../control/journal/journal.js';

/** The rules `verify` grades a client's traffic by, in the order they are reported. */
export const RULES = {
  'requests-accepted': 'every request passes the gateway (signature, timestamp, nonce, key, API)',
  'parameters-valid': 'no unknown or invalid parameter, no page size the API refuses',
  'no-futile-repeat': 'no repeat of a refused call that cannot succeed on retry',
  'transient-retries': 'throttling and transient errors retried a bounded number of times with a growing delay, never a loop',
  'listing-walks': 'a listing walked completely once begun: no page skipped or fetched twice',
} as const;

export type RuleName = keyof typeof RULES;

/** One broken rule, with the requests behind it. */
export interface Finding {
  readonly rule: RuleName;
  /** One line: what the client did wrong. */
  readonly message: string;
  /** Further lines (the server's canonical request and string-to-sign, the delays, …). */
  readonly detail?: string;
  /** The requests behind it, as the journal recorded them (no secret is ever in the journal). */
  readonly requests: readonly JournalEntry[];
}

/** A rule's grading function: the whole run's journal in, its findings out. */
export type Rule = (entries: readonly JournalEntry[]) => Finding[];

/** `ListCardInfo {"PageNo":2,"PageSize":10}` or `GET /v1/sim-cards?…`: one request in a line. */
export function describeCall(entry: JournalEntry): string {
  const what = entry.action ?? `${entry.method} ${entry.path}`;
  return entry.params && Object.keys(entry.params).length > 0 ? `${what} ${stableJson(entry.params)}` : what;
}

/**
 * The same call: one API, one operation, the same parameters (whatever their order). Values are
 * compared as text: a refused request's parameters are journalled as sent ("15"), an answered
 * one's as the contract coerced them (15).
 */
export function callKey(entry: JournalEntry): string {
  return `${entry.vendor}|${entry.account ?? ''}|${entry.action ?? entry.method + ' ' + entry.path}|${stableJson(entry.params ?? {}, true)}`;
}

/** JSON with object keys sorted, so equal parameters give equal text; `asText` writes every scalar as a string. */
export function stableJson(value: unknown, asText = false): string {
  if (Array.isArray(value)) return `[${value.map((v) => stableJson(v, asText)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .filter((k) => record[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(record[k], asText)}`)
      .join(',')}}`;
  }
  return JSON.stringify(asText && value !== null ? String(value) : value);
}

/** Groups entries by a key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
