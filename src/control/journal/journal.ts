import { isoDateTime } from '../../engine/isoTime.js';
import type { SimRequest } from '../../engine/simRequest.js';
import type { SimResponse } from '../../engine/simResponse.js';
import type { AuthResult, RequestTrace } from '../../engine/trace.js';

/** One answered vendor request. Never a header value, a body, a signature or a secret. */
export interface JournalEntry {
  /** Increasing from 1 for the simulator's lifetime (survives clear, so a client can poll). */
  readonly id: number;
  /** Simulated time of the request (ISO-8601). */
  readonly time: string;
  /** Wall-clock time the request arrived (epoch ms): how long a client waited between calls. */
  readonly receivedAt: number;
  readonly vendor: 'aliyun' | 'huawei';
  readonly method: string;
  /** The path only: the query may carry a Signature. */
  readonly path: string;
  readonly account?: string;
  /** Alibaba's Action or Huawei's operationId. */
  readonly action?: string;
  readonly auth?: AuthResult;
  /** Why authentication failed (the request was served anyway in 'warn' mode). */
  readonly authError?: string;
  /** The string-to-sign the server expected, when a signature did not match. */
  readonly stringToSign?: string;
  /** The canonical request the server built (Huawei), when a signature did not match. */
  readonly canonicalRequest?: string;
  /** The header names the client said it signed, when a signature did not match. */
  readonly signedHeaders?: string;
  /** The operation's declared parameters as read (ICCID, page number and size, …); never a signing parameter. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Parameter names the operation does not declare (ignored by the gateway). */
  readonly unknownParams?: readonly string[];
  /** Items a listing holds in all (Total / count). */
  readonly total?: number;
  /** HTTP status answered; 0 when the connection was dropped. */
  readonly status: number;
  readonly errorCode?: string;
  /** What exactly was wrong, where the published error message is generic (also the X-Sim-Error-Detail header). */
  readonly errorDetail?: string;
  /** The message answered with it (which parameter was refused, and why). */
  readonly errorMessage?: string;
  /** Time spent answering, plus any injected delay, in ms. */
  readonly latencyMs: number;
  /** The fault rule that acted on the request. */
  readonly fault?: string;
}

export interface JournalFilter {
  vendor?: string;
  account?: string;
  action?: string;
  status?: number;
  errorCode?: string;
  /** Entries at or after this simulated instant (epoch ms). */
  since?: number;
  /** Entries with an id from this one (ListJournal only). */
  fromId?: number;
  /** Entries with an id up to this one (ListJournal only). */
  toId?: number;
}

/** Whether an entry passes a filter (every field given must match). */
export function journalMatches(e: JournalEntry, filter: JournalFilter): boolean {
  return (
    (filter.vendor === undefined || e.vendor === filter.vendor) &&
    (filter.account === undefined || e.account === filter.account) &&
    (filter.action === undefined || e.action === filter.action) &&
    (filter.status === undefined || e.status === filter.status) &&
    (filter.errorCode === undefined || e.errorCode === filter.errorCode) &&
    (filter.since === undefined || Date.parse(e.time) >= filter.since) &&
    (filter.fromId === undefined || e.id >= filter.fromId) &&
    (filter.toId === undefined || e.id <= filter.toId)
  );
}

export interface JournalPage {
  /** Entries matching the filter (before paging). */
  total: number;
  offset: number;
  limit: number;
  entries: JournalEntry[];
}

/**
 * The request journal: a ring buffer of the last `limit()` entries, oldest first. Adding is one
 * array write; filtering and paging happen only when someone reads.
 */
export class Journal {
  private entries: JournalEntry[] = [];
  /** Index of the oldest entry once the buffer is full. */
  private start = 0;
  private nextId = 1;

  /** Who watches entries as they are added (the console's live feed, `verify`). Empty costs one length check. */
  private readonly listeners: Array<(entry: JournalEntry) => void> = [];

  constructor(private readonly limit: () => number) {}

  /** Calls `listener` with every entry added from now on; returns the call that stops it. */
  subscribe(listener: (entry: JournalEntry) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  add(entry: Omit<JournalEntry, 'id'>): void {
    let full: JournalEntry;
    if (drafts.has(entry)) {
      // Made by journalEntry with its id first and still to fill: numbered in place, not copied
      // (a copy of a 22-field object was half of what journalling a request cost).
      drafts.delete(entry);
      full = entry as JournalEntry;
      (full as { id: number }).id = this.nextId++;
    } else {
      full = { id: this.nextId++, ...entry } as JournalEntry;
    }
    if (this.listeners.length > 0) this.notify(full);
    const cap = this.limit();
    if (this.entries.length > cap) this.shrink(cap);
    if (this.entries.length < cap) {
      this.entries.push(full);
      return;
    }
    if (cap === 0) return;
    this.entries[this.start] = full;
    this.start = (this.start + 1) % cap;
  }

  /** All entries, oldest first. */
  all(): JournalEntry[] {
    return this.start === 0 ? this.entries.slice() : [...this.entries.slice(this.start), ...this.entries.slice(0, this.start)];
  }

  list(filter: JournalFilter = {}, page: { offset?: number; limit?: number } = {}): JournalPage {
    const matching = this.all().filter((e) => journalMatches(e, filter));
    const offset = page.offset ?? 0;
    const limit = page.limit ?? 100;
    return { total: matching.length, offset, limit, entries: matching.slice(offset, offset + limit) };
  }

  clear(): void {
    this.entries = [];
    this.start = 0;
  }

  get size(): number {
    return this.entries.length;
  }

  /** A listener that throws is its own problem: it must not fail the request being journalled. */
  private notify(entry: JournalEntry): void {
    for (const listener of this.listeners.slice()) {
      try {
        listener(entry);
      } catch {
        // deliberately ignored: see above
      }
    }
  }

  /** The limit went down: keep the newest `cap` entries. */
  private shrink(cap: number): void {
    this.entries = cap === 0 ? [] : this.all().slice(-cap);
    this.start = 0;
  }
}

/**
 * The journal's record of one request: only what the trace learnt, the path and the outcome. One
 * flat object per request; fields the trace did not learn stay undefined (JSON leaves them out).
 */
export function journalEntry(
  req: SimRequest,
  trace: RequestTrace,
  res: SimResponse,
  elapsedMs: number,
  now: number,
): Omit<JournalEntry, 'id'> {
  const entry = {
    // Numbered by Journal.add (the field is here so that it comes first, as ListJournal shows it).
    id: 0,
    time: isoDateTime(now),
    receivedAt: Date.now() - Math.round(elapsedMs),
    vendor: trace.vendor ?? 'huawei',
    method: req.method,
    path: req.path,
    account: trace.account,
    action: trace.action,
    auth: trace.auth,
    authError: trace.authError,
    stringToSign: trace.stringToSign,
    canonicalRequest: trace.canonicalRequest,
    signedHeaders: trace.signedHeaders,
    params: trace.params,
    unknownParams: trace.unknownParams,
    total: trace.total,
    status: res.drop ? 0 : res.status,
    errorCode: trace.errorCode,
    errorDetail: trace.errorDetail,
    errorMessage: trace.errorMessage,
    latencyMs: Math.round(elapsedMs + (res.delayMs ?? 0)),
    fault: trace.faultId,
  };
  drafts.add(entry);
  return entry;
}

/** Entries journalEntry made that no journal has numbered yet. */
const drafts = new WeakSet<object>();
