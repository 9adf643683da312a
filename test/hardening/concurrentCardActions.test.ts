import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAliyunErrorCode } from '#simulator/aliyun/errors.js';
import { isHuaweiErrorCode } from '#simulator/huawei/errors.js';
import { LIFECYCLE_STATES } from '#src/fleet/lifecycle.js';
import type { Card } from '#src/fleet/model.js';
import { GslLikeClient, quietSdkLogs, type SdkError } from '#helpers/huaweiClient.js';
import { ALIYUN, HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

/**
 * 200 stop, resume and reset calls at once on one card, through both vendors' official SDKs
 * (issue 14, "Prove it"): every call gets a success or that vendor's own error (never a 5xx, a
 * reset connection or another vendor's code), and the card ends in one consistent state that
 * both vendors and the fleet agree on, with at most one unfinished work order per operation.
 */
let server: TestServer;
beforeAll(async () => {
  quietSdkLogs();
  // Flow control off: the point is many requests racing, not the gateway's throttling.
  server = await startTestServer({ settings: { aliyunRequestsPerSecond: 0, signatureWindowMs: 24 * 60 * 60_000 } });
});
afterAll(() => server?.close());

interface PopCoreError extends Error {
  code: string;
  entry?: { response?: { statusCode: number } };
}

type Outcome = { vendor: 'aliyun' | 'huawei'; ok: true } | { vendor: 'aliyun' | 'huawei'; ok: false; status: number; code: string };

describe('200 concurrent stop/resume/reset on one card through both vendors', () => {
  it('answers each with a success or its vendor error, and leaves one consistent card', async () => {
    const fleet = server.simulator.fleet;
    const aliyunAccount = fleet.credentials.lookup('aliyun-access-key', ALIYUN.accessKeyId)!.account.id;
    expect(fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account.id).toBe(aliyunAccount);
    const card = [...fleet.allCards()].find((c: Card) => c.accountId === aliyunAccount && c.state === 'active')!;
    const popcore = new RPCClient({ ...ALIYUN, endpoint: server.url, apiVersion: '2021-05-20' });
    const gsl = GslLikeClient.withKeys(server.url, HUAWEI);

    const aliyun = (action: string, params: Record<string, string>): Promise<Outcome> =>
      popcore.request(action, params, { method: 'POST' }).then(
        (): Outcome => ({ vendor: 'aliyun', ok: true }),
        (err: PopCoreError): Outcome => ({ vendor: 'aliyun', ok: false, status: err.entry?.response?.statusCode ?? 0, code: err.code }),
      );
    const huawei = (op: string): Promise<Outcome> =>
      gsl
        .send('POST', `/v1/sim-cards/{sim_card_id}/${op}`, {
          pathParams: { sim_card_id: card.id },
          ...(op === 'enable' ? {} : { data: {} }),
        })
        .then(
          (): Outcome => ({ vendor: 'huawei', ok: true }),
          (err: SdkError): Outcome => ({ vendor: 'huawei', ok: false, status: err.httpStatusCode, code: err.errorCode ?? '' }),
        );
    const calls: Array<() => Promise<Outcome>> = [
      () => aliyun('StopSingleCard', { Iccid: card.iccid }),
      () => aliyun('ResumeSingleCard', { Iccid: card.iccid, OptMsisdns: JSON.stringify([card.msisdn]) }),
      () => huawei('stop'),
      () => huawei('reset'),
      () => huawei('enable'),
    ];
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => calls[i % calls.length]!()));

    expect(outcomes).toHaveLength(200);
    for (const outcome of outcomes) {
      if (outcome.ok) continue;
      expect(outcome.status, JSON.stringify(outcome)).toBeGreaterThanOrEqual(400);
      expect(outcome.status, JSON.stringify(outcome)).toBeLessThan(500);
      const known = outcome.vendor === 'aliyun' ? isAliyunErrorCode(outcome.code) : isHuaweiErrorCode(outcome.code);
      expect(known, `${outcome.vendor} answered ${outcome.code}`).toBe(true);
    }
    // Some went through: the race was real, not 200 refusals.
    expect(outcomes.filter((o) => o.ok).length).toBeGreaterThan(0);

    // One state, the same through the fleet and both vendors.
    const after = fleet.cardWithIccid(card.iccid)!;
    expect(LIFECYCLE_STATES).toContain(after.state);
    const shown = (await gsl.showSimCard<{ sim_status: number }>(card.id)) as { sim_status: number };
    const detail = (
      await popcore.request<{ Data: { VsimCardInfo: { Status: string } } }>('GetCardDetail', { Iccid: card.iccid }, { method: 'POST' })
    ).Data.VsimCardInfo;
    const listed = (
      await popcore.request<{ Data: { List: Array<{ Status: string }> } }>(
        'ListCardInfo',
        { Iccid: card.iccid, PageNo: 1, PageSize: 10 },
        { method: 'POST' },
      )
    ).Data.List[0]!;
    const again = fleet.cardWithIccid(card.iccid)!;
    expect(again.state).toBe(after.state);
    expect(typeof shown.sim_status).toBe('number');
    expect(typeof detail.Status).toBe('string');
    expect(listed.Status).toBe(detail.Status);
    // No operation is pending twice on the card.
    const pending = fleet.workOrders.pendingFor(card.id);
    const byOperation = new Map<string, number>();
    for (const order of pending) byOperation.set(order.operation, (byOperation.get(order.operation) ?? 0) + 1);
    for (const [operation, count] of byOperation) expect(count, `pending ${operation} orders`).toBe(1);
    // The world still exports and validates whole.
    expect(() => server.simulator.loadScenario(server.simulator.exportScenario())).not.toThrow();
  }, 120_000);
});
