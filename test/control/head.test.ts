import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '#helpers/server.js';

/** HEAD is GET without the body on the control plane and the console, as on the vendor routes. */
describe('HEAD on /_sim', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(['/_sim/health', '/_sim/clock', '/_sim/'])('answers HEAD %s as GET, without the body', async (path) => {
    const get = await fetch(`${server.url}${path}`);
    const getBody = await get.arrayBuffer();
    const head = await fetch(`${server.url}${path}`, { method: 'HEAD' });
    expect(head.status).toBe(get.status);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    expect(getBody.byteLength).toBeGreaterThan(0);
  });

  it('still refuses a method a route does not take', async () => {
    expect((await fetch(`${server.url}/_sim/health`, { method: 'DELETE' })).status).toBe(405);
  });
});
