import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NONCE_LENGTH } from '#src/engine/replayGuard.js';
import { ALIYUN, startTestServer, type TestServer } from '#helpers/server.js';

interface PopCoreError extends Error {
  code: string;
  data: Record<string, unknown>;
  entry: { response: { statusCode: number } };
}

/** Issue 14 item 6: a nonce is kept only while a replay could pass the timestamp check, and only a sane one. */
describe('Alibaba SignatureNonce: bounded in length and in time', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: { start: Date.now(), frozen: true }, settings: { aliyunRequestsPerSecond: 0 } });
  });
  afterAll(() => server?.close());

  const client = () => new RPCClient({ ...ALIYUN, endpoint: server.url, apiVersion: '2021-05-20' });
  const list = (params: Record<string, unknown>) =>
    client().request<Record<string, unknown>>('ListCardInfo', { PageNo: 1, PageSize: 10, ...params }, { method: 'POST' });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.unreachable('the SDK should have thrown'),
      (e: unknown) => e as PopCoreError,
    );

  it('refuses an absurdly long nonce with the gateway parameter error, and remembers nothing of it', async () => {
    const nonces = server.simulator.engine.context.nonces;
    const before = nonces.size;
    const err = await failure(list({ SignatureNonce: 'n'.repeat(5 * 1024 * 1024) }));
    expect([err.code, err.entry.response.statusCode, err.data['Message']]).toEqual([
      'InvalidParameter',
      400,
      'Specified parameter SignatureNonce is not valid.',
    ]);
    expect(nonces.size).toBe(before);
    // The longest accepted one still works once, and only once.
    const longest = 'x'.repeat(MAX_NONCE_LENGTH);
    expect((await list({ SignatureNonce: longest }))['Code']).toBe('200');
    expect((await failure(list({ SignatureNonce: longest }))).code).toBe('SignatureNonceUsed');
  });

  const saved = () => (server.simulator.exportScenario().state!.nonces ?? []).map(([key]) => key);

  it('forgets a nonce once its timestamp is out of the window, and never saves an expired one', async () => {
    const sim = server.simulator;
    // The window on the simulated clock, so moving it stands for the fifteen minutes passing (on
    // the wall clock, the default, it never moves the window: see the next case).
    sim.settings.signatureClock = 'simulated';
    try {
      const nonce = `window-${Date.now()}`;
      expect((await list({ SignatureNonce: nonce }))['Code']).toBe('200');
      expect(saved()).toContain(`aliyun:${ALIYUN.accessKeyId}\u0000${nonce}`);
      // Sixteen minutes on, the request's timestamp is out of the window: a replay is refused for
      // its timestamp anyway, so the nonce is not kept, in memory or in the state file.
      sim.clock.advance(16 * 60_000);
      expect(saved()).not.toContain(`aliyun:${ALIYUN.accessKeyId}\u0000${nonce}`);
      expect(saved()).toEqual([]);
    } finally {
      sim.settings.signatureClock = 'wall';
    }
  });

  it('keeps a nonce while the wall clock has its timestamp in the window, however far the simulated clock moves (the default)', async () => {
    const sim = server.simulator;
    const nonce = `wall-${Date.now()}`;
    expect((await list({ SignatureNonce: nonce }))['Code']).toBe('200');
    sim.clock.advance(30 * 24 * 60 * 60_000);
    // The SDK signs the replay with a fresh timestamp: only the nonce refuses it.
    expect((await failure(list({ SignatureNonce: nonce }))).code).toBe('SignatureNonceUsed');
    expect(saved()).toContain(`aliyun:${ALIYUN.accessKeyId}\u0000${nonce}`);
  });
});
