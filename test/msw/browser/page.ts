/**
 * The page script of the browser test, bundled by esbuild: a simulator and the MSW worker in a
 * page, then signed calls to the vendors' production hostnames answered by the service worker.
 * The official SDKs are Node-only (node:http, fs), so the page signs the way they do, with the
 * simulator's own signing functions (the Node MSW test covers the SDKs themselves).
 */
import { setupWorker } from 'msw/browser';
import { createHandlers, createSimulator } from '#src/msw.js';
import { pureDigests } from '#src/crypto/digests.js';
import { canonicalRequests, formatSdkDate, stringToSign } from '#simulator/huawei/aksk.js';
import { v1StringToSign } from '#simulator/aliyun/signatureV1.js';
import { percentEncode } from '#src/engine/urlEncoding.js';

const HUAWEI = {
  ak: 'TESTAKHUAWEI0000000',
  sk: 'testSecretKeyHuawei0000000000000000000000',
  projectId: '0123456789abcdef0123456789abcdef',
};
const ALIYUN = { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' };

async function gsl(path: string, query: string, sk: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(`https://gsl.cn-north-4.myhuaweicloud.com${path}?${query}`);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host: url.host,
    'x-project-id': HUAWEI.projectId,
    'x-sdk-date': formatSdkDate(Date.now()),
  };
  const signedHeaders = Object.keys(headers).sort();
  const [canonical] = canonicalRequests(
    { method: 'GET', path, rawQuery: query, headers, body: new Uint8Array() },
    { ak: HUAWEI.ak, signedHeaders, signature: '' },
    pureDigests,
  );
  const signature = pureDigests.hmacSha256Hex(sk, stringToSign(headers['x-sdk-date']!, canonical!, pureDigests));
  const { host: _host, ...sent } = headers; // a page cannot set Host; the adapter takes the URL's
  const res = await fetch(url, {
    headers: {
      ...sent,
      authorization: `SDK-HMAC-SHA256 Access=${HUAWEI.ak}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`,
    },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function linkcard(action: string, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const all = new Map<string, string>(
    Object.entries({
      Action: action,
      Version: '2021-05-20',
      Format: 'JSON',
      AccessKeyId: ALIYUN.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: crypto.randomUUID(),
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...params,
    }),
  );
  all.set('Signature', pureDigests.hmacSha1Base64(ALIYUN.accessKeySecret + '&', v1StringToSign('POST', all)));
  const form = [...all].map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
  const res = await fetch('https://linkcard.aliyuncs.com/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function main(): Promise<unknown> {
  const simulator = createSimulator({ clock: { frozen: true } });
  const worker = setupWorker(...createHandlers(simulator));
  await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  const page = await gsl('/v1/sim-cards', 'limit=10&offset=1', HUAWEI.sk);
  const wrongKey = await gsl('/v1/sim-cards', 'limit=10&offset=1', 'not-the-secret');
  const cards = await linkcard('ListCardInfo', { PageNo: '1', PageSize: '10' });
  return {
    gslCount: (page.body['sim_cards'] as unknown[] | undefined)?.length,
    gslStatus: page.status,
    wrongKey: [wrongKey.status, wrongKey.body['error_code']],
    linkcardStatus: cards.status,
    linkcardTotal: (cards.body['Data'] as { Total?: number } | undefined)?.Total,
    fleetTotal: simulator.fleet.size,
  };
}

const w = window as unknown as { __result?: unknown };
main().then(
  (result) => (w.__result = { ok: true, result }),
  (error: unknown) => (w.__result = { ok: false, error: String((error as Error)?.stack ?? error) }),
);
