import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumTool } from '#helpers/requiredTool.js';

/**
 * The MSW handlers in a real browser page: headless Chromium (Debian's, installed by .ci/run)
 * loads a bundled page that runs the simulator and msw's service worker, both served from a
 * loopback server, and calls the vendors' production hostnames.
 */
const chromiumBinary = chromiumTool();
const root = fileURLToPath(new URL('../..', import.meta.url));

let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  if (chromiumBinary.missing) return;
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./browser/page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const files: Record<string, { type: string; body: string | Uint8Array }> = {
    '/': { type: 'text/html', body: '<!doctype html><title>iotcard-sim msw</title><script type="module" src="/page.js"></script>' },
    '/page.js': { type: 'text/javascript', body: bundle.outputFiles[0]!.contents },
    '/mockServiceWorker.js': { type: 'text/javascript', body: readFileSync(`${root}node_modules/msw/lib/mockServiceWorker.js`) },
  };
  server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    res.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' });
    res.end(file?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: chromiumBinary.path!, headless: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  // A file whose setup skipped has no server to close: do not wait on one.
  if (server) await new Promise((resolve) => server.close(resolve));
});

describe.skipIf(chromiumBinary.missing)('MSW handlers in a browser page', () => {
  it('answer signed calls to the production hostnames from the simulator in the page', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(origin + '/');
    await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 30_000 });
    const outcome = (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as {
      ok: boolean;
      error?: string;
      result?: Record<string, unknown>;
    };
    expect(errors).toEqual([]);
    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toMatchObject({
      gslStatus: 200,
      gslCount: 10,
      wrongKey: [401, 'APIGW.0301'],
      linkcardStatus: 200,
    });
    expect(outcome.result!['linkcardTotal']).toBeGreaterThan(10);
  }, 60_000);
});
