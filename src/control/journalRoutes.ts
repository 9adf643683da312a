import type { JournalFilter } from './journal/journal.js';
import { quoteValue } from '../engine/quoteValue.js';
import { clearRoute, ControlError, type ControlRoute } from './route.js';

/** The request journal: read it (filtered, paged), clear it. */
export const journalRoutes: ControlRoute[] = [
  {
    method: 'GET',
    path: '/journal',
    operationId: 'ListJournal',
    handle: (req, sim) => {
      const q = req.query;
      const filter = journalFilter(q);
      // An id range: what a bounded live feed (StreamEvents max) told as skipped, read back on demand.
      if (q.fromId !== undefined) filter.fromId = integer(q.fromId, 'fromId', 1, Number.MAX_SAFE_INTEGER);
      if (q.toId !== undefined) filter.toId = integer(q.toId, 'toId', 1, Number.MAX_SAFE_INTEGER);
      const offset = q.offset === undefined ? 0 : integer(q.offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
      const limit = q.limit === undefined ? 100 : integer(q.limit, 'limit', 1, 1000);
      return { json: sim.journal.list(filter, { offset, limit }) };
    },
  },
  clearRoute('/journal', 'ClearJournal', (sim) => sim.journal),
];

/** The journal's filters from a query (ListJournal, StreamEvents), each checked. */
export function journalFilter(q: Readonly<Record<string, string>>): JournalFilter {
  const filter: JournalFilter = {};
  if (q.vendor !== undefined) filter.vendor = q.vendor;
  if (q.account !== undefined) filter.account = q.account;
  if (q.action !== undefined) filter.action = q.action;
  if (q.errorCode !== undefined) filter.errorCode = q.errorCode;
  if (q.status !== undefined) filter.status = integer(q.status, 'status', 0, 599);
  if (q.since !== undefined) {
    const since = Date.parse(q.since);
    if (!Number.isFinite(since))
      throw new ControlError(400, 'InvalidParameter', `since: must be an ISO-8601 instant, got ${quoteValue(q.since)}`);
    filter.since = since;
  }
  return filter;
}

export function integer(text: string, name: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max))
    throw new ControlError(400, 'InvalidParameter', `${name}: must be an integer from ${min} to ${max}, got ${quoteValue(text)}`);
  return value;
}
