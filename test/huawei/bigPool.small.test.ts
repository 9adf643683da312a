import { describe, expect, it } from 'vitest';
import { SimClock } from '#src/engine/clock.js';
import { responseJson, signHuaweiRequest } from '#helpers/huaweiSign.js';
import { buildSmallFleet, SMALL_ACME, smallSimulator } from '#helpers/smallWorld.js';
import { gslContract } from '#simulator/huawei/contract.js';
import { addMany } from '../aliyun/helpers/handFleet.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const DAY = 86_400_000;

/**
 * A pool is every card of an account on one pool plan, and nothing bounds how many: its summary's
 * earliest and latest dates were taken with `Math.min(...)` over every card, which overflowed the
 * stack past ~125,000 cards and answered 500.
 */
describe('GSL pools of 150,000 cards', () => {
  it('lists the pool and its members', () => {
    const fleet = buildSmallFleet();
    fleet.addPlan({
      id: 'pool-cm-100m',
      name: 'CMCC shared 100MB',
      carrier: 'CMCC',
      kind: 'sharedPool',
      period: 'monthly',
      dataKb: 100 * 1024,
      smsQuota: 0,
      voiceQuotaMin: 0,
      priceCents: 100,
      tariffCode: 'pool-cm-100m',
      tariffVersion: 'v1',
    });
    const opened = Date.UTC(2025, 0, 1);
    addMany(fleet, 150_000, 1, (i) => ({
      planId: 'pool-cm-100m',
      orderId: 9100,
      openedAt: opened + (i % 100) * DAY,
      activatedAt: opened + (i % 100) * DAY + 1,
      expiresAt: opened + (400 + (i % 300)) * DAY,
    }));
    const sim = smallSimulator({ fleet, clock: new SimClock({ start: NOW, frozen: true }), settings: { huaweiRequestsPerSecond: 0 } });
    const res = sim.handle(signHuaweiRequest({ path: '/v1/sim-pools', keys: SMALL_ACME, at: NOW }));
    const body = responseJson(res) as { count: number; pools: Array<Record<string, unknown>> };
    expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(200);
    expect(gslContract.responseErrors('ListSimPools', 200, body)).toEqual([]);
    const pool = body.pools.find((p) => p['price_plan_id'] === 'pool-cm-100m')!;
    expect(pool['quantity']).toBe(150_000);
    expect(pool['effective_time']).toBe(new Date(opened).toISOString());
    expect(pool['expired_time']).toBe(new Date(opened + 699 * DAY).toISOString());
    expect(pool['modify_time']).toBe(new Date(opened + 99 * DAY + 1).toISOString());
    const members = sim.handle(
      signHuaweiRequest({
        path: `/v1/sim-pools/${String(pool['id'])}/members`,
        query: { billing_cycle: '2026-06', limit: 10, offset: 2 },
        keys: SMALL_ACME,
        at: NOW,
      }),
    );
    expect(members.status).toBe(200);
    expect((responseJson(members) as { count: number }).count).toBe(150_000);
  });
});
