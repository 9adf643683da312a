import { describe, expect, it } from 'vitest';
import { SimClock } from '#src/engine/clock.js';
import { responseJson, signHuaweiRequest } from '#helpers/huaweiSign.js';
import { SMALL_ACME, smallSimulator } from '#helpers/smallWorld.js';
import { gslContract } from '#simulator/huawei/contract.js';
import { containerIdOf } from '#simulator/huawei/views/device.js';
import { gslDateTime } from '#simulator/huawei/views/simDeviceVO.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

/**
 * ListSmsDetails counts every match but makes views of its page's only (docs/performance.md,
 * "Books that only grow"): each page must be what viewing every match and slicing gives.
 */
describe('GSL ListSmsDetails', () => {
  it('pages, filters by card and sent time, and leaves out removed cards, as viewing every message would', () => {
    const sim = smallSimulator({ clock: new SimClock({ start: NOW, frozen: true }), settings: { huaweiRequestsPerSecond: 0 } });
    const [acme, globex] = sim.fleet.accounts();
    const mine = sim.fleet.query({ accountId: acme!.id }, 0, 100).items;
    const theirs = sim.fleet.query({ accountId: globex!.id }, 0, 100).items;
    for (let i = 0; i < 300; i++) {
      const card = i % 6 === 5 ? theirs[i % theirs.length]! : mine[i % mine.length]!;
      sim.fleet.smsLog.add({
        accountId: card.accountId,
        cardId: card.id,
        content: `m${i}`,
        sentAt: NOW - 10_000 + i * 20,
        deliverable: i % 4 !== 0,
      });
    }
    // One card with more than a page of its own.
    for (let i = 0; i < 25; i++)
      sim.fleet.smsLog.add({ accountId: acme!.id, cardId: mine[2]!.id, content: `own${i}`, sentAt: NOW - 20_000 + i, deliverable: true });
    const gone = mine[1]!;
    sim.fleet.removeCard(gone);
    const now = NOW;

    /** Every message viewed, then the page sliced (the listing before). */
    function viewedAll(query: Record<string, string | number>) {
      const from = query['start_time'] === undefined ? -Infinity : Date.parse(String(query['start_time']));
      const to = query['end_time'] === undefined ? Infinity : Date.parse(String(query['end_time']));
      const limit = Number(query['limit'] ?? 10);
      const page = Number(query['offset'] ?? 1);
      const all = sim.fleet.smsLog
        .list(acme!.id)
        .filter((r) => r.sentAt >= from && r.sentAt <= to)
        .flatMap((r) => {
          const card = sim.fleet.cardById(acme!.id, r.cardId);
          if (!card || (query['cid'] !== undefined && containerIdOf(card) !== query['cid'])) return [];
          const delivered = r.deliverable && now >= r.sentAt + 3_000;
          return [
            {
              cid: containerIdOf(card),
              msisdn: card.msisdn,
              sent_time: gslDateTime(r.sentAt),
              received_time: delivered ? gslDateTime(r.sentAt + 3_000) : null,
              sms_status: !r.deliverable ? 3 : delivered ? 2 : 1,
              sms_content: r.content,
            },
          ];
        });
      return { count: all.length, sms_details: all.slice((page - 1) * limit, page * limit) };
    }

    const cid = containerIdOf(mine[2]!);
    const queries: Array<Record<string, string | number>> = [
      {},
      { limit: 20, offset: 3 },
      { limit: 50, offset: 5 },
      { limit: 50, offset: 50 },
      { cid },
      { cid, limit: 10, offset: 2 },
      { cid: containerIdOf(gone) },
      { start_time: gslDateTime(NOW - 6_000)!, end_time: gslDateTime(NOW - 4_000)!, limit: 10, offset: 2 },
    ];
    for (const query of queries) {
      const res = sim.handle(signHuaweiRequest({ path: '/v1/sms-send-infos/details', query, keys: SMALL_ACME, at: NOW }));
      const body = responseJson(res);
      expect(res.status, JSON.stringify([query, body])).toBe(200);
      expect(gslContract.responseErrors('ListSmsDetails', 200, body)).toEqual([]);
      const { limit: _limit, offset: _offset, ...rest } = body;
      expect(rest, JSON.stringify(query)).toEqual(viewedAll(query));
    }
    expect(viewedAll({}).count).toBeGreaterThan(200);
    expect(viewedAll({ cid: containerIdOf(gone) }).count).toBe(0);
    // The pages compared are not empty ones.
    expect(viewedAll(queries[5]!).sms_details.length).toBeGreaterThan(0);
    expect(viewedAll(queries[7]!).sms_details.length).toBeGreaterThan(0);
    expect(viewedAll(queries[2]!).sms_details.length).toBeGreaterThan(0);

    // A cid reads only its card's messages, not every message of the account.
    const own = sim.fleet.smsLog.list(acme!.id).filter((r) => r.cardId === mine[2]!.id).length;
    const newestFirst = sim.fleet.smsLog.newestFirst.bind(sim.fleet.smsLog);
    let read = 0;
    sim.fleet.smsLog.newestFirst = function* (accountId: string, cardId?: number) {
      for (const record of newestFirst(accountId, cardId)) {
        read++;
        yield record;
      }
    };
    const res = sim.handle(signHuaweiRequest({ path: '/v1/sms-send-infos/details', query: { cid }, keys: SMALL_ACME, at: NOW }));
    expect(responseJson(res)).toMatchObject({ count: own });
    expect(own).toBeGreaterThan(25);
    expect(read).toBe(own);
  });
});
