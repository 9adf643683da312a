import { describe, expect, it } from 'vitest';
import { createSimulator } from '#src/index.js';
import { responseText } from '#src/engine/simResponse.js';
import { signedV1 } from './helpers/sign.js';

/**
 * ListOrder filters and sorts renewals by what their rows show and makes rows only for the page
 * (docs/performance.md, "Books that only grow"): a filtered page must be what filtering and
 * sorting every row gives, and pages must add up to the whole listing.
 */
describe('linkcard ListOrder with many renewals', () => {
  it('pages and filters by type, status, credential, id and pay date exactly as rows of every order would', () => {
    const sim = createSimulator({ clock: { frozen: true }, settings: { aliyunRequestsPerSecond: 0, signatureClock: 'simulated' } });
    const call = (action: string, params: Record<string, string | number>) => {
      const res = sim.handle(
        signedV1(action, '2021-05-20', Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])), {
          method: 'POST',
          at: sim.clock.now(),
        }),
      );
      const body = JSON.parse(responseText(res)) as {
        Code: string;
        Data: { List: Array<Record<string, unknown>>; Total: number; PageCount: number };
      };
      expect(body.Code, responseText(res)).toBe('200');
      return body.Data;
    };
    const active = sim.fleet
      .query({ accountId: 'acme' }, 0, sim.fleet.size)
      .items.filter((card) => card.state === 'active')
      .slice(0, 40);
    // Renewals over two days (some in the same second), half of them completed.
    for (let i = 0; i < active.length; i++) {
      if (i === 20) sim.clock.advance(sim.settings.aliyunOperationDurationMs + 24 * 3_600_000);
      call('Renew', { Iccid: active[i]!.iccid, BuyNum: 1 + (i % 3), SerialNo: `r${i}` });
      if (i % 3 !== 0) sim.clock.advance(1_000);
    }
    /** Every order's row, newest first (pages of 40 taken one after another). */
    const everything: Array<Record<string, unknown>> = [];
    const first = call('ListOrder', { PageNo: 1, PageSize: 40 });
    for (let page = 1; page <= first.PageCount; page++) everything.push(...call('ListOrder', { PageNo: page, PageSize: 40 }).List);
    expect(everything).toHaveLength(first.Total);
    expect(everything.filter((o) => o['OrderType'] === 'RENEW')).toHaveLength(40);
    const statuses = new Set(everything.filter((o) => o['OrderType'] === 'RENEW').map((o) => o['OrderStatus']));
    expect(statuses).toEqual(new Set(['processing', 'completed']));
    // Pages of ten add up to the same rows.
    const tens = [];
    for (let page = 1; page <= Math.ceil(first.Total / 10); page++) tens.push(...call('ListOrder', { PageNo: page, PageSize: 10 }).List);
    expect(tens).toEqual(everything);
    const renewal = everything.find((o) => o['OrderType'] === 'RENEW' && o['OrderStatus'] === 'completed')!;
    const day = String(renewal['PayTime']).slice(0, 10);
    const filters: Array<Record<string, string>> = [
      { OrderType: 'RENEW' },
      { OrderType: 'NEW' },
      { OrderStatus: 'processing' },
      { OrderStatus: 'completed', OrderType: 'RENEW' },
      { CredentialNo: String(renewal['CredentialNo']) },
      { OrderId: String(renewal['OrderId']) },
      { StartDate: day, EndDate: day },
      { StartDate: day, OrderType: 'RENEW', OrderStatus: 'processing' },
    ];
    for (const filter of filters) {
      const expected = everything.filter((o) =>
        Object.entries(filter).every(([key, value]) =>
          key === 'StartDate'
            ? String(o['PayTime']).slice(0, 10) >= value
            : key === 'EndDate'
              ? String(o['PayTime']).slice(0, 10) <= value
              : o[key] === value,
        ),
      );
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
      const got = call('ListOrder', { ...filter, PageNo: 1, PageSize: 25 });
      expect(got.Total, JSON.stringify(filter)).toBe(expected.length);
      expect(got.List).toEqual(expected.slice(0, 25));
      if (expected.length > 10) expect(call('ListOrder', { ...filter, PageNo: 2, PageSize: 10 }).List).toEqual(expected.slice(10, 20));
    }
  });
});
