import type { SimResponse } from '../engine/simResponse.js';
import { clockJson } from './clockRoutes.js';
import { journalMatches } from './journal/journal.js';
import { journalFilter } from './journalRoutes.js';
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
 * Server-sent events for live views (the console): `journal` with each vendor request as it is
 * journalled (the ListJournal filters apply; under load written in batches, FLUSH_EVERY_MS apart), `change` (with the clock) at most every half
 * second after anything changed the world, so a client refetches only what it shows. Nothing is
 * paid while no one listens: the journal's and the simulator's listener lists are empty.
 */
export const eventRoutes: ControlRoute[] = [
  {
    method: 'GET',
    path: '/events',
    operationId: 'StreamEvents',
    handle: (req, sim): SimResponse => {
      const filter = journalFilter(req.query);
      return {
        status: 200,
        headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
        body: 'retry: 2000\n\n' + event('clock', clockJson(sim.clock.state())),
        stream: (write) => {
          // The first event after a quiet spell is written at once (a console sees a single call
          // as it happens, before its answer reaches the client); those that follow within
          // FLUSH_EVERY_MS are queued and written together when it ends.
          let queued = '';
          let flush: ReturnType<typeof setTimeout> | undefined;
          const endWindow = () => {
            if (queued === '') {
              flush = undefined;
              return;
            }
            const text = queued;
            queued = '';
            write(text);
            flush = setTimeout(endWindow, FLUSH_EVERY_MS);
          };
          const offJournal = sim.journal.subscribe((entry) => {
            if (!journalMatches(entry, filter)) return;
            const text = event('journal', entry, entry.id);
            if (flush !== undefined) {
              queued += text;
              return;
            }
            write(text);
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

function event(name: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
