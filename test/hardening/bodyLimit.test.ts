import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSimRequest } from '#src/adapters/msw.js';
import { MAX_BODY_BYTES } from '#src/engine/simRequest.js';
import { responseText } from '#src/engine/simResponse.js';
import { signHuaweiRequest } from '#helpers/huaweiSign.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

/**
 * A body over the limit is refused before anything runs (issue 14, item 8): the vendor's own
 * error with 413, sent whole before the socket closes, and the action never called.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends `size` bytes of body, declared or chunked; resolves with the answer the client read. */
function post(path: string, headers: Record<string, string>, size: number, declareLength: boolean): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      { method: 'POST', headers: declareLength ? { ...headers, 'content-length': String(size) } : headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    // The server may close while we still write: only a missing answer is a failure.
    req.on('error', (err) => reject(err));
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

/** The world's books and cards, without what every request moves (request ids, nonces, clock). */
function worldWithoutCounters(): string {
  const { state } = server.simulator.exportScenario();
  return JSON.stringify({ cards: state?.cards, books: state?.books, removed: state?.removed });
}

const OVER = MAX_BODY_BYTES + 1024 * 1024;

describe('a body over the limit', () => {
  it('gets APIGW.0201 with 413 on a signed GSL stop, and no work order is filed (declared and chunked)', async () => {
    const card = [...server.simulator.fleet.allCards()].find(
      (c) => c.state === 'active' && server.simulator.fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)?.account.id === c.accountId,
    )!;
    const signed = signHuaweiRequest({
      method: 'POST',
      path: `/v1/sim-cards/${card.id}/stop`,
      keys: HUAWEI,
      headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
    });
    const before = worldWithoutCounters();
    const journalBefore = server.simulator.journal.all().length;
    for (const declared of [true, false]) {
      const raw = await post(signed.path, { ...signed.headers }, OVER, declared);
      expect(raw.status).toBe(413);
      expect(raw.headers['connection']).toBe('close');
      const body = JSON.parse(raw.body) as Record<string, unknown>;
      expect(body['error_code']).toBe('APIGW.0201');
      expect(body['error_msg']).toBe('Request entity too large (>12 MB).');
      expect(body['request_id']).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(worldWithoutCounters()).toBe(before);
    expect(server.simulator.fleet.cardWithIccid(card.iccid)?.state).toBe('active');
    // Journalled once each, as the 413 they got: the simulator was not called a second time.
    const entries = server.simulator.journal.all().slice(-2);
    expect(server.simulator.journal.all().length - journalBefore).toBe(2);
    expect(entries.map((e) => e.status)).toEqual([413, 413]);
  });

  it("gets Alibaba's gateway error with 413 on an RPC call", async () => {
    const raw = await post('/', { 'content-type': 'application/x-www-form-urlencoded' }, OVER, true);
    expect(raw.status).toBe(413);
    const body = JSON.parse(raw.body) as Record<string, unknown>;
    expect(body['Code']).toBe('RequestEntityTooLarge');
    expect(body['RequestId']).toMatch(/^[0-9A-F-]{36}$/);
  });

  it("gets the control plane's own 413 and changes nothing", async () => {
    server.simulator.clock.freeze();
    const before = server.simulator.clock.now();
    const raw = await post('/_sim/clock/advance', { 'content-type': 'application/json' }, OVER, false);
    expect(raw.status).toBe(413);
    expect((JSON.parse(raw.body) as { error: { code: string } }).error.code).toBe('PayloadTooLarge');
    expect(server.simulator.clock.now()).toBe(before);
  });

  it('is flagged by the MSW adapter with the same limit, declared or not, and answered 413', async () => {
    const big = new Uint8Array(OVER);
    const headerSets: Array<Record<string, string>> = [
      { 'content-type': 'application/json' },
      { 'content-type': 'application/json', 'content-length': String(OVER) },
    ];
    for (const headers of headerSets) {
      const req = await toSimRequest(
        new Request('https://gsl.cn-north-4.myhuaweicloud.com/v1/tags', { method: 'POST', headers, body: big }),
      );
      expect(req.bodyTooLarge).toBe(true);
      expect(req.body.length).toBe(0);
      const res = server.simulator.handle(req);
      expect(res.status).toBe(413);
      expect(JSON.parse(responseText(res))['error_code']).toBe('APIGW.0201');
    }
    const small = await toSimRequest(
      new Request('https://gsl.cn-north-4.myhuaweicloud.com/v1/tags', { method: 'POST', body: new Uint8Array(MAX_BODY_BYTES) }),
    );
    expect(small.bodyTooLarge).toBeUndefined();
    expect(small.body.length).toBe(MAX_BODY_BYTES);
  });
});
