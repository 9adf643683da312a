import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '#helpers/server.js';

/**
 * The README's quick start, run for real: each official SDK, pointed at a running simulator with
 * the printed credentials, lists cards, reads a card and gets the vendor's error for a bad signature.
 */
const run = promisify(execFile);
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function example(name: string): Promise<string> {
  const file = fileURLToPath(new URL(`../examples/quickstart/${name}`, import.meta.url));
  const { stdout } = await run(process.execPath, [file], { env: { ...process.env, IOTCARD_SIM_URL: server.url } });
  return stdout;
}

describe('README quick start', () => {
  it('@alicloud/pop-core lists linkcard cards, reads one, and gets SignatureDoesNotMatch', async () => {
    const out = await example('popcore-linkcard.mjs');
    const total = server.simulator.fleet.query({ accountId: 'acme' }, 0, 0).total;
    expect(out).toContain(`ListCardInfo: ${total} cards, first 89860012345678901234 (CUCC)`);
    expect(out).toMatch(/GetCardDetail: Status 30, used (\d+KB|\d+\.\d\d[MG]B)\n/);
    expect(out).toContain('bad signature: SignatureDoesNotMatch');
  });

  it('@alicloud/openapi-client (ACS3) filters by vendor and gets SignatureDoesNotMatch', async () => {
    const out = await example('openapi-client-acs3.mjs');
    const cmcc = server.simulator.fleet.query({ accountId: 'acme', indexed: { carrier: ['CMCC'] } }, 0, 0).total;
    expect(out).toContain(`ListCardInfo (ACS3): ${cmcc} China Mobile cards`);
    expect(out).toContain('bad signature: SignatureDoesNotMatch (HTTP 400)');
  });

  it('@alicloud/dyiotapi20171111 reads a card flow in KB and reports unknown cards', async () => {
    const out = await example('dyiotapi-flow.mjs');
    expect(out).toContain('QueryCardFlowInfo: 0 of 1048576 KB used, 389 SMS');
    expect(out).toContain('unknown card: isv.IOT_RES_NOT_EXIST');
    expect(out).toContain('bad signature: SignatureDoesNotMatch');
  });

  it('@huaweicloud/huaweicloud-sdk-core lists cards in use and gets APIGW.0301', async () => {
    const out = await example('huawei-gsl.mjs');
    const inUse = server.simulator.fleet.query({ accountId: 'acme', indexed: { state: ['active'] } }, 0, 0).total;
    expect(out).toContain(`ListSimCards: ${inUse} cards in use, first 89860012345678901234`);
    expect(out).toContain('bad signature: APIGW.0301 (HTTP 401)');
  });
});

describe('docs/fleet.md scenario example', () => {
  it('is a valid scenario that builds the fleet it describes', async () => {
    const { readFileSync } = await import('node:fs');
    const { buildFleet, parseScenario } = await import('#fixtures/index.js');
    const readme = readFileSync(fileURLToPath(new URL('../docs/fleet.md', import.meta.url)), 'utf8');
    const json = /```json\n([\s\S]*?)```/.exec(readme)![1]!;
    const scenario = parseScenario(JSON.parse(json), 'docs/fleet.md');
    const fleet = buildFleet(scenario, { seed: scenario.seed ?? 1, now: Date.parse('2026-11-22T00:00:00Z') });
    expect(fleet.size).toBe(1001);
    expect(fleet.cardByIccid('acme', '89860012345678901234')).toMatchObject({ state: 'stoppedByUser', tags: ['meter'] });
  });
});
