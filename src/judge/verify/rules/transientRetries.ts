import type { JournalEntry } from '../../../control/journal/journal.js';
import { isTransient } from '../codes.js';
import { callKey, describeCall, groupBy, type Finding } from '../findings.js';

/** Attempts of one call through a transient failure, the first included: a retry or a few, never a loop. */
export const MAX_ATTEMPTS = 5;
/** A retry sooner than this after the failure's answer was not delayed at all. */
export const MIN_RETRY_DELAY_MS = 100;

/**
 * Throttling, "system busy", a 5xx or a dropped connection may be retried, a bounded number of
 * times, each wait longer than the one before (the vendors' advice: back off). A chain is one
 * call's identical requests, each following a transient failure of the one before; the wait is
 * from the failure's answer (arrival plus the time it took) to the next arrival, on the wall clock.
 */
export function transientRetries(entries: readonly JournalEntry[]): Finding[] {
  const findings: Finding[] = [];
  for (const calls of groupBy(entries, callKey).values()) {
    for (const chain of chains(calls)) {
      const problems: string[] = [];
      if (chain.length > MAX_ATTEMPTS) problems.push(`${chain.length} attempts (at most ${MAX_ATTEMPTS})`);
      const waits = chain.slice(1).map((e, i) => Math.max(0, e.receivedAt - (chain[i]!.receivedAt + chain[i]!.latencyMs)));
      if (waits[0]! < MIN_RETRY_DELAY_MS)
        problems.push(`the first retry came ${waits[0]} ms after the failure (no delay; at least ${MIN_RETRY_DELAY_MS} ms)`);
      const shrinking = waits.findIndex((w, i) => i > 0 && w <= waits[i - 1]!);
      if (shrinking > 0)
        problems.push(`wait ${shrinking + 1} (${waits[shrinking]} ms) is not longer than wait ${shrinking} (${waits[shrinking - 1]} ms)`);
      if (problems.length === 0) continue;
      const codes = [
        ...new Set(chain.filter(isTransient).map((e) => e.errorCode ?? (e.status === 0 ? 'dropped connection' : `HTTP ${e.status}`))),
      ];
      findings.push({
        rule: 'transient-retries',
        message: `${describeCall(chain[0]!)} through ${codes.join(', ')}: ${problems.join('; ')}`,
        detail: `waits between attempts: ${waits.map((w) => `${w} ms`).join(', ')}`,
        requests: chain,
      });
    }
  }
  return findings;
}

/** Runs of the same call where every request but the last failed transiently (two or more requests). */
function chains(calls: readonly JournalEntry[]): JournalEntry[][] {
  const out: JournalEntry[][] = [];
  let current: JournalEntry[] = [];
  for (const entry of calls) {
    const last = current[current.length - 1];
    if (last !== undefined && isTransient(last)) current.push(entry);
    else {
      if (current.length > 1) out.push(current);
      current = [entry];
    }
  }
  if (current.length > 1) out.push(current);
  return out;
}
