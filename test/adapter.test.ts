import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VendorSurface } from '#src/engine/surface.js';
import { createExpressApp } from '#src/express.js';
import { startTestServer, type TestServer } from '#helpers/server.js';

/**
 * Bad input gets the vendor's own error: never a crash, a hang, an HTML page or an empty body.
 * These go over raw HTTP on purpose, below any SDK's politeness.
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

function send(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer, base = server.url): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function json(raw: Raw): Record<string, unknown> {
  expect(raw.headers['content-type']).toMatch(/^application\/json/);
  return JSON.parse(raw.body) as Record<string, unknown>;
}

describe('the HTTP adapter', () => {
  it('answers Alibaba-addressed garbage with Alibaba errors', async () => {
    const cases: Array<[string, string, Record<string, string>, string | undefined, string]> = [
      ['GET', '/', {}, undefined, 'MissingParameter'],
      ['POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }, 'Action=ListCardInfo&%ZZ=%E4%B8', 'MissingParameter'],
      [
        'POST',
        '/?Action=ListCardInfo&Version=2021-05-20',
        { 'content-type': 'application/json' },
        '{"not":"a form"',
        'IncompleteSignature',
      ],
      [
        'PUT',
        '/?Action=NoSuchThing&Version=2021-05-20',
        {},
        Buffer.from([0xff, 0xfe, 0x00, 0x80]).toString('latin1'),
        'InvalidAction.NotFound',
      ],
      ['GET', '/?Action=ListCardInfo&Version=1999-01-01', {}, undefined, 'InvalidVersion'],
    ];
    for (const [method, path, headers, body, code] of cases) {
      const raw = await send(method, path, headers, body);
      expect(raw.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      const parsed = json(raw);
      expect(parsed.Code, `${method} ${path}`).toBe(code);
      expect(parsed.RequestId).toMatch(/^[0-9A-F-]{36}$/);
      expect(raw.headers['x-acs-request-id']).toBe(parsed.RequestId);
    }
  });

  it('answers any other path with the Huawei gateway error, whatever the method or encoding', async () => {
    for (const [method, path] of [
      ['GET', '/favicon.ico'],
      ['DELETE', '/v1/sim-cards/%E0%A4%A'],
      ['OPTIONS', '/v1/sim-cards'],
      ['PATCH', '/v2/anything?x=%%'],
      ['GET', '/..%2F..%2Fetc%2Fpasswd'],
    ] as const) {
      const raw = await send(method, path);
      const parsed = json(raw);
      expect(raw.headers['x-request-id'], `${method} ${path}`).toMatch(/^[0-9a-f]{32}$/);
      expect(parsed.error_code, `${method} ${path}`).toMatch(/^APIGW\.0(101|301)$/);
    }
  });

  it('accepts chunked bodies and keeps serving after a client hangs up mid-request', async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(server.server.port, '127.0.0.1', () => {
        socket.write(
          'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n5\r\nActio',
        );
        socket.destroy();
        resolve();
      });
      socket.on('error', reject);
    });
    const chunked = await send(
      'POST',
      '/',
      { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
      'Action=ListCardInfo',
    );
    expect(json(chunked).Code).toBe('MissingParameter');
  });

  it('turns a failure inside a surface into the vendor InternalError, not a stack trace', async () => {
    const engine = server.simulator.engine as unknown as { surfaces: VendorSurface[] };
    const original = engine.surfaces.map((s) => s.handle);
    engine.surfaces.forEach((s) => {
      (s as { handle: VendorSurface['handle'] }).handle = () => {
        throw new TypeError('boom');
      };
    });
    try {
      const ali = await send('GET', '/?Action=ListCardInfo');
      expect(ali.status).toBe(500);
      expect(json(ali)).toMatchObject({ Code: 'InternalError' });
      const hw = await send('GET', '/v1/sim-cards');
      expect(hw.status).toBe(500);
      expect(json(hw)).toMatchObject({ error_code: 'GSL.00010003' });
      expect(hw.body).not.toContain('boom');
    } finally {
      engine.surfaces.forEach((s, i) => ((s as { handle: VendorSurface['handle'] }).handle = original[i]!));
    }
    expect((await send('GET', '/')).status).toBe(400);
  });

  it('serves the same handler inside an Express app, mounted under a path too', async () => {
    const app = createExpressApp(server.simulator);
    const outer = (await import('express')).default();
    outer.use('/sim', app);
    const listening = outer.listen(0, '127.0.0.1');
    await new Promise((resolve) => listening.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(listening.address() as { port: number }).port}`;
      // originalUrl, not the router's rewritten url: '/sim/' is not Alibaba's '/', so Huawei answers.
      const mounted = await send('GET', '/sim/v1/sim-cards', {}, undefined, base);
      expect(json(mounted).error_code).toMatch(/^APIGW\./);
      const ali = await send('GET', '/sim?Action=ListCardInfo&Version=2021-05-20', {}, undefined, base);
      expect(json(ali).Code).toBe('IncompleteSignature');
      const body = await send('POST', '/sim/', { 'content-type': 'application/x-www-form-urlencoded' }, 'Action=ListCardInfo', base);
      expect(json(body).Code).toBe('MissingParameter');
    } finally {
      listening.closeAllConnections();
      await new Promise((resolve) => listening.close(resolve));
    }
  });
});
