import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import RPCClient from '@alicloud/pop-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM build script, without types
import { buildConsole } from '../../scripts/build-console.mjs';
import { signedV1 } from '../aliyun/helpers/sign.js';
import { chromiumTool } from '#helpers/requiredTool.js';
import { GslLikeClient } from '#helpers/huaweiClient.js';
import { ALIYUN, HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

/**
 * The console in real Chromium (Debian's, driven by playwright-core) against a real server, with
 * the official SDKs on the other side: what a person does on the page must be what the SDKs read,
 * and what the SDKs do must show on the page. Screenshots of each view go to test-results/console/
 * for review.
 */
const chromiumBinary = chromiumTool();
const shots = fileURLToPath(new URL('../../test-results/console/', import.meta.url));
/** The SDKs sign with real time; the simulated clock is frozen in 2026 and moved by the page. */
const ANY_SIGNED_TIME_MS = Number.MAX_SAFE_INTEGER;
/** The control token this test's simulator wants (Bearer on /_sim/ API calls; the page and its assets are public). */
const TOKEN = 'console-test-token';

let server: TestServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const foreignRequests: string[] = [];

beforeAll(async () => {
  if (chromiumBinary.missing) return;
  // The page under test is the source as it is now, bundled as `npm run build` bundles it.
  await buildConsole();
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({
    clock: { start: '2026-03-15T04:00:00Z', frozen: true },
    settings: { signatureWindowMs: ANY_SIGNED_TIME_MS, aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 },
    // The control plane wants its token, as beyond loopback (docs/control-plane.md, "Access token").
    controlToken: TOKEN,
  });
  browser = await chromium.launch({ executablePath: chromiumBinary.path!, headless: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (message) => {
    // Chromium logs every 4xx answer as a failed resource; the first calls' 401s are the token protocol at work.
    if (message.text().includes('status of 401 (Unauthorized)')) return;
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('request', (request) => {
    if (!request.url().startsWith(server.url) && !request.url().startsWith('blob:') && !request.url().startsWith('data:'))
      foreignRequests.push(request.url());
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/_sim/${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return (await res.json()) as T;
}

const linkcard = () => new RPCClient({ ...ALIYUN, endpoint: server.url, apiVersion: '2021-05-20' });

async function shot(name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: `${shots}${name}.png`, fullPage });
}

/** The first card of acme in a state, found through the control plane (as a person would pick one). */
async function acmeCard(state: string, skip = 0) {
  const page = await control<{ items: Array<{ iccid: string; msisdn: string; imsi: string; id: number }> }>(
    'GET',
    `cards?account=acme&state=${state}&offset=${skip}&limit=1`,
  );
  return page.items[0]!;
}

// Waits, not timings: under the full suite on 2 cores a page can take seconds to settle.
describe.skipIf(chromiumBinary.missing)('the console in Chromium', { timeout: 90_000 }, () => {
  it('asks for the control token once (again only when asked to), then shows the overview with its charts', async () => {
    await page.goto(`${server.url}/_sim/`);
    const dialog = page.getByRole('dialog', { name: 'Control token' });
    await dialog.waitFor();
    // Dismissed, it does not come back by itself (the live feed keeps retrying); the header offers it.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Enter control token' }).click();
    await dialog.waitFor();
    await dialog.getByLabel('Token').fill(TOKEN);
    await dialog.getByRole('button', { name: 'Use token' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByRole('heading', { name: /Acme IoT Ltd/ }).waitFor();
    // Asked once: every request after it (overview, journal, the live stream) carried the token.
    await page.locator('.dot.live').first().waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    const overview = await control<{ accounts: Array<{ id: string; cards: number }> }>('GET', 'overview');
    const acme = overview.accounts.find((a) => a.id === 'acme')!;
    await page.getByRole('link', { name: `Browse its ${acme.cards.toLocaleString('en-US')} cards →` }).waitFor();
    // The charts are uPlot canvases, one bar per state with cards.
    expect(await page.locator('[data-chart="Cards per state, acme"] canvas').count()).toBe(1);
    await shot('overview');
  });

  it('finds a card by MSISDN with the keyboard, stops it from the page, and the official SDKs read it as stopped', async () => {
    const card = await acmeCard('active');
    await page.locator('body').press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 30_000 }).toBe('card-search');
    await page.keyboard.type(card.msisdn);
    await page.keyboard.press('Enter');
    await page.getByText('1–1 of 1 cards').waitFor();
    await shot('cards');
    await page.getByRole('link', { name: card.iccid }).click();
    await page.getByRole('heading', { name: 'As the vendor APIs show it now' }).waitFor();
    await page.locator('[data-vendor="linkcard"] dd', { hasText: '"100"' }).waitFor();
    await page.locator('[data-action="stop"]').click();
    await page.locator('h1 + .badge[data-state="stoppedByUser"]').waitFor();
    // The vendor views on the page follow: linkcard Status 35 / OsStatus 200, GSL sim_status 14.
    await page.locator('[data-vendor="linkcard"] dd', { hasText: '"200"' }).waitFor();
    await page.locator('[data-vendor="gsl"] dd', { hasText: /^14$/ }).waitFor();
    await shot('card');
    await shot('card-whole', true);

    const detail = (await linkcard().request<Record<string, any>>('GetCardDetail', { Iccid: card.iccid }, { method: 'POST' }))['Data'][
      'VsimCardInfo'
    ];
    expect(detail).toMatchObject({ Status: '35', OsStatus: '200' });
    const gsl = await GslLikeClient.withKeys(server.url, HUAWEI).showSimCard<{ sim_status: number; operator_status: number }>(card.id);
    expect(gsl).toMatchObject({ sim_status: 14, operator_status: 5 });
  });

  it('shows an SDK call in the live journal as it happens, and a refused signature with the server’s string-to-sign', async () => {
    await page.getByRole('link', { name: 'Live requests' }).click();
    await page.getByRole('heading', { name: 'Live requests' }).waitFor();
    // The previous test's GetCardDetail may already be listed (or arrive with the page's first
    // load): waiting for "a GetCardDetail row" could find that one, so wait for one more.
    const details = page.locator('tr.entry[data-action="GetCardDetail"]');
    await page.locator('tr.entry').first().waitFor();
    const before = await details.count();
    const iccid = (await acmeCard('active', 1)).iccid;
    await linkcard().request('GetCardDetail', { Iccid: iccid }, { method: 'POST' });
    await expect.poll(() => details.count(), { timeout: 10_000 }).toBeGreaterThan(before);

    const wrong = new RPCClient({
      accessKeyId: ALIYUN.accessKeyId,
      accessKeySecret: 'not-the-secret',
      endpoint: server.url,
      apiVersion: '2021-05-20',
    });
    await expect(wrong.request('ListCardInfo', { PageNo: 1, PageSize: 10 }, { method: 'POST' })).rejects.toThrow(/Signature/);
    // Refused before its action was read: the row names the path and the vendor's error code.
    const refused = page.locator('tr.entry.failed', { hasText: 'SignatureDoesNotMatch' }).first();
    await refused.waitFor();
    await refused.getByRole('button').click();
    const serverSide = page.getByTestId('server-string-to-sign');
    await serverSide.waitFor();
    expect(await serverSide.textContent()).toMatch(/^POST&%2F&/);
    await shot('live');
  });

  it('shows a burst larger than the feed sends as "… N more" where it falls, and reads those requests from the journal on demand', async () => {
    // The page asks for at most 20 journal events a write (50 ms). A burst inside one write window
    // cannot be promised over HTTP without timing: 100 signed QueryCardFlowInfo calls go to the
    // simulator's own entry point (the one the HTTP adapter calls) in one synchronous loop.
    const iccid = (await acmeCard('active', 4)).iccid;
    const burst = 100;
    for (let i = 0; i < burst; i++) {
      const req = signedV1('QueryCardFlowInfo', '2017-11-11', { Iccid: iccid }, { method: 'POST', at: Date.now(), ...ALIYUN });
      expect(server.simulator.handle(req).status).toBe(200);
    }
    const gap = page.locator('tr.gap');
    await gap.waitFor();
    const burstRows = page.locator('tr.entry[data-action="QueryCardFlowInfo"]');
    // The newest of the burst arrive after the gap's count: wait until every request is told, shown or counted.
    const told = async () => {
      const [, count, from, to] = /… ([\d,]+) more requests \(#(\d+)–#(\d+)\)/.exec((await gap.textContent()) ?? '') ?? [];
      return { count: Number(count?.replace(/,/g, '')), from: Number(from), to: Number(to), shown: await burstRows.count() };
    };
    await expect
      .poll(
        async () => {
          const t = await told();
          return t.count + t.shown;
        },
        { timeout: 30_000 },
      )
      .toBe(burst);
    const { count, from, to, shown } = await told();
    expect(shown).toBeLessThanOrEqual(21); // the first at once, then the newest 20
    expect(to - from + 1).toBe(count); // nothing else was journalled meanwhile: the skipped ids are consecutive
    expect(await page.getByTestId('not-shown').textContent()).toContain(`${count.toLocaleString('en-US')} more not shown live`);
    await gap.scrollIntoViewIfNeeded();
    await shot('live-skipped');
    await gap.getByRole('button', { name: 'Show them' }).click();
    await expect.poll(() => burstRows.count(), { timeout: 30_000 }).toBe(burst);
    expect(await gap.count()).toBe(0);
    await shot('live-skipped-shown');
  });

  it('advances the clock from the page and the usage chart moves with it, showing what GSL answers', async () => {
    const card = await acmeCard('active', 2);
    await page.goto(`${server.url}/_sim/#/card/${card.iccid}`);
    const chart = page.locator('[data-chart="Daily data use (MB)"]');
    await chart.locator('canvas').waitFor();
    const points = Number(await chart.getAttribute('data-points'));
    const clockBefore = await page.getByTestId('clock-now').textContent();
    await page.getByRole('button', { name: '+1d' }).click();
    // One more China day is over and counted: one more bar, the clock a day on.
    await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 30_000 }).toBe(points + 1);
    expect(await page.getByTestId('clock-now').textContent()).not.toBe(clockBefore);
    const gsl = await GslLikeClient.withKeys(server.url, HUAWEI).showSimCard<{ flow_used: number }>(card.id);
    const thisMonth = page.locator('table.compact tbody tr').last();
    await expect.poll(() => thisMonth.locator('td').nth(2).textContent(), { timeout: 30_000 }).toBe(gsl.flow_used.toFixed(2));
    await shot('card-usage');
    // The README's picture (docs/images/console.png is copied from it by hand): no passing notice over it.
    await page.addStyleTag({ content: '.notice { display: none }' });
    await page.evaluate(() => scrollTo(0, 0));
    await shot('readme-card');
  });

  it('adds a fault preset and shows it in force; the settings and world page loads', async () => {
    await page.getByRole('link', { name: 'Faults' }).click();
    await page.locator('.preset', { hasText: 'Slow gateway' }).getByRole('button', { name: 'Add' }).click();
    await page.getByText('hits').first().waitFor();
    const faults = await control<{ faults: Array<{ effect: { kind: string } }> }>('GET', 'faults');
    expect(faults.faults.map((f) => f.effect.kind)).toEqual(['latency']);
    await shot('faults');
    await page.getByRole('button', { name: 'Remove all' }).click();
    await page.getByText('None: every request is served normally.').waitFor();
    await page.getByRole('link', { name: 'Settings & world' }).click();
    await page.getByRole('heading', { name: 'The world' }).waitFor();
    await shot('settings');
  });

  it('reads well in the dark and on a phone-sized screen', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('button', { name: /^Theme:/ }).click(); // auto → light
    await page.getByRole('button', { name: /^Theme:/ }).click(); // light → dark
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset['theme']), { timeout: 30_000 }).toBe('dark');
    await page.locator('[data-chart="Cards per state, acme"] canvas').waitFor();
    await shot('overview-dark');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/_sim/#/card/${(await acmeCard('active', 3)).iccid}`);
    await page.getByRole('heading', { name: 'Usage' }).waitFor();
    // Nothing wider than the screen but the tables, which scroll in their own box.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('card-phone');
  });

  it('made no errors in the browser console and fetched nothing from anywhere else', () => {
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
