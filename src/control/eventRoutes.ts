import type { SimResponse } from '../engine/simResponse.js';
import { clockJson } from './clockRoutes.js';
import { journalMatches, type JournalEntry } from './journal/journal.js';
import { integer, journalFilter } from './journalRoutes.js';
import type { ControlRoute } from './route.js';

/** Changes to the world are told at most this often: a busy SDK client must not flood a console. */
const CHANGE_EVERY_MS = 500;
/** A comment line this often keeps proxies and browsers from closing an idle stream. */
const KEEP_ALIVE_MS = 15_000;
/**
 * Journal events are written at most once in this long: one socket write per vendor request
 * made a subscribed console cost every request a write of its own (a console reads in frames).
 */
const FLUSH_EVERY_MS = 50;
/**
 * A bounded feed's window after one that left events out. A feed that is skipping shows the
 * newest few of hundreds whatever its pace; four writes a second instead of twenty still look
 * live to a person, and take a fifth of the wake-ups, encoding and parsing from a simulator
 * serving small requests as fast as it can (docs/performance.md, "A subscribed console, round three").
 */
const SKIPPING_FLUSH_EVERY_MS = 250;
/** The most a bounded feed (`max`) may ask for in one write. */
const MAX_PER_WRITE = 1000;

/**
 * Server-sent events for live views (the console): `journal` with each vendor request as it is
 * journalled (the ListJournal filters apply; under load written in batches, FLUSH_EVERY_MS apart),
 * `change` (with the clock) at most every half second after anything changed the world, so a
 * client refetches only what it shows. Nothing is paid while no one listens: the journal's and
 * the simulator's listener lists are empty.
 *
 * With `max=N` the feed is bounded: each write carries at most the N newest journal events queued
 * since the last one, and a `skipped` event counts those left out (with the first and last id, so
 * the client can read them from ListJournal); after such a write the next comes
 * SKIPPING_FLUSH_EVERY_MS later. A page for people cannot show thousands of rows a
 * second; encoding and reading them all is what a subscribed console cost a busy simulator.
 * Without `max` every entry is sent (lossless), for clients that keep them all.
 */
export const eventRoutes: ControlRoute[] = [
  {
    method: 'GET',
    path: '/events',
    operationId: 'StreamEvents',
    handle: (req, sim): SimResponse => {
      const filter = journalFilter(req.query);
      const max = req.query.max === undefined ? undefined : integer(req.query.max, 'max', 1, MAX_PER_WRITE);
      return {
        status: 200,
        headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
        body: 'retry: 2000\n\n' + event('clock', clockJson(sim.clock.state())),
        stream: (write) => {
          const queue = max === undefined ? new LosslessQueue() : new BoundedQueue(max);
          // The first event after a quiet spell is written at once (a console sees a single call
          // as it happens, before its answer reaches the client); those that follow within
          // FLUSH_EVERY_MS are queued and written together when it ends. Entries are encoded only
          // when written, so a bounded feed encodes only those it sends.
          let flush: ReturnType<typeof setTimeout> | undefined;
          const endWindow = () => {
            const skipping = queue.skipping;
            const text = queue.take();
            if (text === '') {
              flush = undefined;
              return;
            }
            write(text);
            flush = setTimeout(endWindow, skipping ? SKIPPING_FLUSH_EVERY_MS : FLUSH_EVERY_MS);
          };
          const offJournal = sim.journal.subscribe((entry) => {
            if (!journalMatches(entry, filter)) return;
            if (flush !== undefined) return queue.add(entry);
            write(journalEvent(entry));
            flush = setTimeout(endWindow, FLUSH_EVERY_MS);
          });
          let pending: ReturnType<typeof setTimeout> | undefined;
          const offChange = sim.onChange(() => {
            pending ??= setTimeout(() => {
              pending = undefined;
              write(event('change', { clock: clockJson(sim.clock.state()) }));
            }, CHANGE_EVERY_MS);
          });
          const keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS);
          return () => {
            offJournal();
            offChange();
            clearTimeout(flush);
            clearTimeout(pending);
            clearInterval(keepAlive);
          };
        },
      };
    },
  },
];

/** Every entry of a window, in order. */
class LosslessQueue {
  /** A lossless feed never leaves anything out. */
  readonly skipping = false;
  private entries: JournalEntry[] = [];
  add(entry: JournalEntry): void {
    this.entries.push(entry);
  }
  /** The window's events as one text ('' when none), and the queue emptied. */
  take(): string {
    let text = '';
    for (const entry of this.entries) text += journalEvent(entry);
    this.entries = [];
    return text;
  }
}

/** The newest `max` entries of a window (a ring), and a count of the older ones dropped. */
class BoundedQueue {
  private readonly ring: JournalEntry[] = [];
  /** Entries added this window, kept or not. */
  private added = 0;
  private firstSkipped = 0;
  private lastSkipped = 0;
  constructor(private readonly max: number) {}
  /** Whether this window holds more than it will write (its write starts with a `skipped` event). */
  get skipping(): boolean {
    return this.added > this.max;
  }
  add(entry: JournalEntry): void {
    const slot = this.added % this.max;
    if (this.added >= this.max) {
      const dropped = this.ring[slot]!;
      if (this.added === this.max) this.firstSkipped = dropped.id;
      this.lastSkipped = dropped.id;
    }
    this.ring[slot] = entry;
    this.added++;
  }
  take(): string {
    if (this.added === 0) return '';
    const skipped = this.added - this.max;
    let text = skipped > 0 ? event('skipped', { count: skipped, fromId: this.firstSkipped, toId: this.lastSkipped }) : '';
    const kept = Math.min(this.added, this.max);
    // Oldest kept first: the ring's next slot to overwrite holds it once it has wrapped.
    const start = this.added > this.max ? this.added % this.max : 0;
    for (let i = 0; i < kept; i++) text += journalEvent(this.ring[(start + i) % this.max]!);
    this.ring.length = 0;
    this.added = 0;
    return text;
  }
}

function journalEvent(entry: JournalEntry): string {
  return event('journal', entry, entry.id);
}

function event(name: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
