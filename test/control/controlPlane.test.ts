import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlContract } from '#src/control/contract.js';
import { CONTROL_PREFIX } from '#src/control/route.js';
import { CONTROL_ROUTES } from '#src/control/routes.js';
import { startTestServer, type TestServer } from '#helpers/server.js';

describe('control plane under /_sim/', () => {
  let server: TestServer;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/_sim${path}`, {
      method,
      ...(body !== undefined
        ? { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    server = await startTestServer({ clock: { start: '2026-03-01T00:00:00Z', frozen: true } });
  });
  afterAll(() => server?.close());

  it('every route is the operation of the control contract with its id, method and path, and every operation has its route', () => {
    // The document's paths are below its server URL, as the routes are below CONTROL_PREFIX.
    const servers = (controlContract.document as unknown as { servers: Array<{ url: string }> }).servers;
    expect(servers.map((s) => new URL(s.url).pathname)).toEqual([CONTROL_PREFIX]);
    const served = CONTROL_ROUTES.map((route) => {
      const { method, path } = controlContract.operation(route.operationId);
      // The router writes path parameters `:iccid`, OpenAPI `{iccid}`.
      const routePath = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      expect({ operationId: route.operationId, method: route.method, path: routePath }).toEqual({
        operationId: route.operationId,
        method,
        path,
      });
      return route.operationId;
    });
    expect(served.sort()).toEqual(controlContract.operationIds().sort());
  });

  it('reads and advances the clock', async () => {
    const before = await call('GET', '/clock');
    expect(before.status).toBe(200);
    expect(controlContract.responseErrors('GetClock', 200, before.body)).toEqual([]);
    expect(before.body).toMatchObject({ mode: 'frozen', now: '2026-03-01T00:00:00.000Z' });
    const after = await call('POST', '/clock/advance', { by: '+30d' });
    expect(controlContract.responseErrors('AdvanceClock', 200, after.body)).toEqual([]);
    expect(after.body.now).toBe('2026-03-31T00:00:00.000Z');
    expect(server.simulator.clock.now()).toBe(Date.parse('2026-03-31T00:00:00Z'));
  });

  it('answers bad input, unknown paths and wrong methods with its own error body', async () => {
    const bad = await call('POST', '/clock/advance', { by: 'soon' });
    expect(bad.status).toBe(400);
    expect(controlContract.responseErrors('AdvanceClock', 400, bad.body)).toEqual([]);
    expect((await call('POST', '/clock/advance', '{not json')).body).toMatchObject({ error: { code: 'InvalidJson' } });
    expect(await call('GET', '/no-such-thing')).toMatchObject({ status: 404, body: { error: { code: 'NotFound' } } });
    expect(await call('DELETE', '/clock')).toMatchObject({ status: 405, body: { error: { code: 'MethodNotAllowed' } } });
  });
});
