import RPCClient from '@alicloud/pop-core';
import { expect } from 'vitest';
import dyiotapiClient from '@alicloud/dyiotapi20171111';
import { Config } from '@alicloud/openapi-client';
import { gslContract } from '#simulator/huawei/contract.js';
import { cjsDefault } from '../aliyun/helpers/cjs.js';
import { expectContract, plainNumbers } from '../aliyun/helpers/contract.js';
import { bodyOf, GslLikeClient } from '#helpers/huaweiClient.js';
import { ALIYUN, HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

export const DAY = 86_400_000;
/** 12:00 on 10 March 2026, China time: a frozen clock the tests move by hand. */
export const START = Date.parse('2026-03-10T04:00:00Z');

export const Dyiotapi = cjsDefault(dyiotapiClient);

/**
 * A signature window no timestamp falls outside: the SDKs stamp the real time, while these tests'
 * clocks stand frozen in 2026 (a window of so many days would expire as the calendar moves on).
 */
export const ANY_SIGNED_TIME_MS = Number.MAX_SAFE_INTEGER;

/** A simulator on a frozen clock, its signature windows wide enough for the SDKs' real-time stamps. */
export function usageServer(): Promise<TestServer> {
  return startTestServer({
    // Seed 1's catalogue has shared-pool plans (stop rules are for pool cards only).
    seed: 1,
    clock: { start: START, frozen: true },
    settings: { signatureWindowMs: ANY_SIGNED_TIME_MS, aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 },
  });
}

/** The three official clients against one server. */
export function clients(server: TestServer) {
  const linkcard = new RPCClient({ ...ALIYUN, endpoint: server.url, apiVersion: '2021-05-20' });
  const dyiotapi = new Dyiotapi(
    new Config({ ...ALIYUN, endpoint: server.hostPort, protocol: 'http' }) as ConstructorParameters<typeof Dyiotapi>[0],
  );
  const gsl = GslLikeClient.withKeys(server.url, HUAWEI);
  return {
    dyiotapi,
    gsl,
    /** A linkcard action's Data, checked against the contract. */
    async linkcard(action: string, params: object): Promise<any> {
      const body = await linkcard.request<Record<string, any>>(action, params, { method: 'POST' });
      return expectContract(action, 200, plainNumbers(body))['Data'];
    },
    /** A GSL operation's body, checked against the contract. */
    async huawei(operationId: string, method: string, url: string, options: Parameters<GslLikeClient['send']>[2] = {}): Promise<any> {
      const body = bodyOf(await gsl.send<Record<string, unknown>>(method, url, options));
      // The SDK core turns a bare JSON array into an object keyed by index: read it back as one.
      const keys = Object.keys(body);
      const payload = keys.length > 0 && keys.every((k) => /^\d+$/.test(k)) ? Object.values(body) : body;
      expect(gslContract.responseErrors(operationId, 200, payload)).toEqual([]);
      return payload;
    },
  };
}

/** MB with two decimals, as GSL prints flow. */
export const mb = (kb: number) => Math.round((kb / 1024) * 100) / 100;
/** linkcard's flow strings: whole KB below 1 MB, MB with two decimals below 1 GB, else GB (docs/fidelity.md). */
export const mbText = (kb: number) => {
  if (Math.round(kb) < 1024) return `${Math.round(kb)}KB`;
  const mbs = (kb / 1024).toFixed(2);
  return Number(mbs) < 1024 ? `${mbs}MB` : `${(kb / 1024 / 1024).toFixed(2)}GB`;
};
