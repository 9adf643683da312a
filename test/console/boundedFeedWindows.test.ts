import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventRoutes } from '#src/control/eventRoutes.js';
import { createSimulator, type Simulator } from '#src/index.js';
import { signedV1 } from '../aliyun/helpers/sign.js';
import { ALIYUN } from '#helpers/server.js';

/**
 * The bounded feed's pace (StreamEvents `max`): 50 ms windows while everything fits, 250 ms after
 * a window that had to leave events out. The route's stream is driven directly under fake
 * timers, so which write happens at which instant is exact, not a guess about a real clock.
 */
describe('the bounded live feed slows down while it is skipping', () => {
  let simulator: Simulator;
  let iccid: string;
  /** What the stream wrote, each with the fake clock's time of writing. */
  let writes: Array<{ at: number; text: string }>;
  let stop: (() => void) | undefined;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-03-15T04:00:00Z'));
    simulator = createSimulator({
      clock: { start: '2026-03-15T04:00:00Z', frozen: true },
      settings: { signatureWindowMs: Number.MAX_SAFE_INTEGER, aliyunRequestsPerSecond: 0 },
    });
    iccid = simulator.fleet.query({ accountId: 'acme' }, 0, 1).items[0]!.iccid;
    writes = [];
    const route = eventRoutes.find((r) => r.path === '/events')!;
    const response = route.handle({ method: 'GET', path: '/events', params: {}, query: { max: '3' }, body: undefined }, simulator);
    if (!('stream' in response) || !response.stream) throw new Error('StreamEvents did not stream');
    const start = Date.now();
    stop = response.stream((text) => writes.push({ at: Date.now() - start, text }));
  });
  afterEach(() => {
    stop?.();
    vi.useRealTimers();
  });

  /** `n` QueryCardFlowInfo calls, each journalled as it is answered. */
  function burst(n: number): void {
    for (let i = 0; i < n; i++) {
      const req = signedV1('QueryCardFlowInfo', '2017-11-11', { Iccid: iccid }, { method: 'POST', at: Date.now(), ...ALIYUN });
      expect(simulator.handle(req).status).toBe(200);
    }
  }
  const journalWrites = () => writes.filter((w) => w.text.includes('event: journal') || w.text.includes('event: skipped'));

  it('writes every 50 ms while each window fits in `max`', () => {
    burst(1);
    burst(2);
    vi.advanceTimersByTime(50);
    burst(2);
    vi.advanceTimersByTime(50);
    expect(journalWrites().map((w) => w.at)).toEqual([0, 50, 100]);
    expect(journalWrites().some((w) => w.text.includes('event: skipped'))).toBe(false);
  });

  it('after a window that skipped, waits 250 ms for the next write, and goes back to 50 ms once a window fits again', () => {
    burst(1); // written at once: the first of a quiet spell
    burst(10); // more than max=3 within the window: the write at 50 ms skips 7
    vi.advanceTimersByTime(50);
    burst(10); // skipping again: nothing until 250 ms after the last write
    vi.advanceTimersByTime(249);
    expect(journalWrites().map((w) => w.at)).toEqual([0, 50]);
    vi.advanceTimersByTime(1);
    burst(2); // fits in max: written 250 ms after the skipping write before it
    vi.advanceTimersByTime(250);
    burst(2); // the window after one that fitted is 50 ms again
    vi.advanceTimersByTime(50);
    const seen = journalWrites();
    expect(seen.map((w) => w.at)).toEqual([0, 50, 300, 550, 600]);
    expect(seen.map((w) => w.text.includes('event: skipped'))).toEqual([false, true, true, false, false]);
    // Every write of a skipping window still carries the newest `max`.
    expect(seen[2]!.text.match(/event: journal/g)).toHaveLength(3);
  });
});
