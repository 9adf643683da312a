import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlContract } from '#src/control/contract.js';
import { signedV1 } from '../aliyun/helpers/sign.js';
import { ALIYUN, startTestServer, type TestServer } from '#helpers/server.js';

/**
 * The live feed bounded for people (StreamEvents `max`), as the console asks for it: under load a
 * write carries only the newest few journal events and a `skipped` count with the id range, which
 * ListJournal reads back on demand; without `max` every entry still comes (lossless).
 *
 * A burst must fall inside one 50 ms write window to be bounded, which HTTP round trips cannot
 * promise without timing assumptions: the burst is made of signed requests handed to the
 * simulator's own entry point (the one the HTTP adapter calls) in one synchronous loop, while the
 * stream is read over real HTTP.
 */
describe('the bounded live feed (GET /_sim/events?max=)', () => {
  let server: TestServer;
  let iccid: string;

  beforeAll(async () => {
    server = await startTestServer({
      clock: { start: '2026-03-15T04:00:00Z', frozen: true },
      settings: { signatureWindowMs: Number.MAX_SAFE_INTEGER, aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 },
    });
    iccid = server.simulator.fleet.query({ accountId: 'acme' }, 0, 1).items[0]!.iccid;
  });
  afterAll(() => server?.close());

  /** `n` QueryCardFlowInfo calls in one synchronous loop (one write window); their journal ids. */
  function burst(n: number): number[] {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const req = signedV1('QueryCardFlowInfo', '2017-11-11', { Iccid: iccid }, { method: 'POST', at: Date.now(), ...ALIYUN });
      expect(server.simulator.handle(req).status).toBe(200);
      ids.push(server.simulator.journal.list({}, { offset: server.simulator.journal.size - 1, limit: 1 }).entries[0]!.id);
    }
    return ids;
  }

  /** The stream at `query`, read until `enough` says so; then closed. */
  async function read(query: string, during: () => void, enough: (events: Array<{ name: string; data: any }>) => boolean) {
    const abort = new AbortController();
    const res = await fetch(`${server.url}/_sim/events${query}`, { signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const events: Array<{ name: string; data: any }> = [];
    let buffer = '';
    let started = false;
    while (!enough(events)) {
      buffer += decoder.decode((await reader.read()).value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name && data) events.push({ name, data: JSON.parse(data) });
      }
      // The stream opens with the clock: from then on the subscription is in place.
      if (!started && events.some((e) => e.name === 'clock')) {
        started = true;
        during();
      }
    }
    abort.abort();
    return events;
  }

  it('sends the first request of a burst at once, then the newest `max` of the rest after a `skipped` count whose ids ListJournal reads back', async () => {
    let ids: number[] = [];
    const events = await read(
      '?max=3',
      () => (ids = burst(12)),
      (events) => events.some((e) => e.name === 'journal' && e.data.id === ids.at(-1)),
    );
    const feed = events.filter((e) => e.name === 'journal' || e.name === 'skipped');
    expect(feed).toEqual([
      { name: 'journal', data: expect.objectContaining({ id: ids[0], action: 'QueryCardFlowInfo' }) },
      { name: 'skipped', data: { count: 8, fromId: ids[1], toId: ids[8] } },
      ...ids.slice(9).map((id) => ({ name: 'journal', data: expect.objectContaining({ id }) })),
    ]);
    const skipped = await fetch(`${server.url}/_sim/journal?fromId=${ids[1]}&toId=${ids[8]}`);
    const page = await skipped.json();
    expect(controlContract.responseErrors('ListJournal', 200, page)).toEqual([]);
    expect(page.total).toBe(8);
    expect(page.entries.map((e: { id: number }) => e.id)).toEqual(ids.slice(1, 9));
  });

  it('without `max` sends every entry of the burst (the lossless feed other clients rely on)', async () => {
    let ids: number[] = [];
    const events = await read(
      '',
      () => (ids = burst(12)),
      (events) => events.some((e) => e.name === 'journal' && e.data.id === ids.at(-1)),
    );
    expect(events.filter((e) => e.name === 'journal').map((e) => e.data.id)).toEqual(ids);
    expect(events.some((e) => e.name === 'skipped')).toBe(false);
  });

  it('a burst no larger than `max` after the first is sent whole, without a `skipped` event', async () => {
    let ids: number[] = [];
    const events = await read(
      '?max=5&action=QueryCardFlowInfo',
      () => (ids = burst(6)),
      (events) => events.some((e) => e.name === 'journal' && e.data.id === ids.at(-1)),
    );
    expect(events.filter((e) => e.name === 'journal').map((e) => e.data.id)).toEqual(ids);
    expect(events.some((e) => e.name === 'skipped')).toBe(false);
  });

  it('refuses a `max` that is not a whole number from 1 to 1000, and a bad id range on ListJournal, with InvalidParameter', async () => {
    for (const bad of ['0', '1001', 'many', '-1']) {
      const res = await fetch(`${server.url}/_sim/events?max=${bad}`);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('InvalidParameter');
      expect(body.error.message).toContain('max: must be an integer from 1 to 1000');
    }
    const res = await fetch(`${server.url}/_sim/journal?fromId=x`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('fromId');
  });
});
