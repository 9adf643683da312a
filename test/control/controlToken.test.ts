import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost, isPublicControlRequest } from '#src/control/controlToken.js';
import { createSimulator, startServer, type RunningServer, type Simulator } from '#src/index.js';

/** Issue 14 item 5: beyond loopback the control plane wants its token; the public reads stay public. */
describe('control plane access token', () => {
  let simulator: Simulator;
  let server: RunningServer;
  let base: string;
  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  beforeAll(async () => {
    simulator = createSimulator({ clock: { start: '2026-03-01T00:00:00Z', frozen: true } });
    // Every interface: beyond loopback, so the server generates a token.
    server = await startServer(simulator, { port: 0, host: '0.0.0.0' });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server?.close());

  it('is generated when the server listens beyond loopback and none was given', () => {
    expect(server.controlTokenGenerated).toBe(true);
    expect(server.controlToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(simulator.controlToken).toBe(server.controlToken);
  });

  it('refuses every control operation without the token (401, the control plane error shape), and changes nothing', async () => {
    for (const [method, path, body] of [
      ['GET', '/_sim/state'],
      ['GET', '/_sim/settings'],
      ['PATCH', '/_sim/settings', { authMode: 'off' }],
      ['PUT', '/_sim/clock', { now: '2030-01-01T00:00:00Z' }],
      ['POST', '/_sim/reset'],
      ['GET', '/_sim//state'],
      ['GET', '/_sim/console/../state'],
    ] as const) {
      for (const authorization of [
        undefined,
        'Bearer wrong-token-wrong-token',
        `Basic ${server.controlToken}`,
        `Bearer ${server.controlToken}x`,
      ]) {
        const res = await call(method, path, authorization ? { authorization } : {}, body);
        expect(res.status, `${method} ${path} ${authorization}`).toBe(401);
        expect(res.headers.get('www-authenticate')).toContain('Bearer');
        // The control plane's error shape, as every other refusal of it.
        const json = (await res.json()) as { error: { code: string; message: string } };
        expect(Object.keys(json)).toEqual(['error']);
        expect(json.error).toEqual({ code: 'Unauthorized', message: expect.stringMatching(/token/) });
      }
    }
    expect(simulator.settings.authMode).toBe('strict');
    expect(simulator.clock.date().toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('serves the control plane with Authorization: Bearer <token>', async () => {
    const auth = { authorization: `Bearer ${server.controlToken}` };
    expect((await call('GET', '/_sim/clock', auth)).status).toBe(200);
    const set = await call('PUT', '/_sim/clock', auth, { now: '2027-01-01T00:00:00Z' });
    expect(set.status).toBe(200);
    expect(simulator.clock.date().toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('leaves the public, secret-free reads open: the console, health, the OpenAPI documents', async () => {
    for (const path of [
      '/_sim',
      '/_sim/',
      '/_sim/console/',
      '/_sim/console/app.js',
      '/_sim/health',
      '/_sim/openapi',
      '/_sim/openapi/sim-control.json',
    ]) {
      // Whatever answers them (some belong to other parts of the simulator), it is never the token's 401.
      expect((await call('GET', path)).status, path).not.toBe(401);
    }
    expect((await call('POST', '/_sim/health')).status).toBe(401);
    expect(
      isPublicControlRequest({ method: 'GET', path: '/_sim/console/%2e%2e/state', rawQuery: '', headers: {}, body: new Uint8Array() }),
    ).toBe(false);
  });

  it('stays open on loopback by default, and is required there too when given explicitly', async () => {
    expect(['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.10', 'example.com'].some(isLoopbackHost)).toBe(false);
    const open = createSimulator();
    const local = await startServer(open, { port: 0 });
    const given = createSimulator();
    const guarded = await startServer(given, { port: 0, controlToken: 'a-token-given-explicitly' });
    try {
      expect(local.controlToken).toBeUndefined();
      expect((await fetch(`${local.url}/_sim/clock`)).status).toBe(200);
      expect(guarded.controlTokenGenerated).toBe(false);
      expect((await fetch(`${guarded.url}/_sim/clock`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/_sim/clock`, { headers: { authorization: 'Bearer a-token-given-explicitly' } })).status).toBe(
        200,
      );
    } finally {
      await local.close();
      await guarded.close();
    }
  });

  it('the vendor APIs are untouched by it', async () => {
    const res = await fetch(`${base}/v1/sim-cards`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error_code: 'APIGW.0301' });
  });
});
