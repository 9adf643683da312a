import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRunner } from '#helpers/cliProcess.js';

const run = cliRunner('SIGTERM');

function jsonLines(out: string): Array<Record<string, unknown>> {
  return out
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('iotcard-sim CLI', () => {
  it('serves the default fleet on a free port and prints the URL and the credentials', async () => {
    const { out, url } = await run(['--port', '0']).ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Piped, the banner is JSON log lines, a value per field.
    const records = jsonLines(out);
    expect(records).toContainEqual(
      expect.objectContaining({
        msg: 'Alibaba key',
        account: 'acme',
        accessKeyId: 'testAccessKeyId',
        accessKeySecret: 'testAccessKeySecret',
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({
        msg: 'Huawei AK/SK',
        ak: 'TESTAKHUAWEI0000000',
        sk: 'testSecretKeyHuawei0000000000000000000000',
        projectId: '0123456789abcdef0123456789abcdef',
      }),
    );
    // Something vendor-shaped answers on that URL: an unsigned call gets the gateway's own error.
    const res = await fetch(`${url}/v1/sim-cards`);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect((await res.json()) as object).toMatchObject({ error_code: 'APIGW.0301' });
    // The control plane the banner points to answers on the same port.
    expect(out).toContain(`${url}/_sim/`);
    const clock = await fetch(`${url}/_sim/clock`);
    expect(((await clock.json()) as { mode: string }).mode).toBe('running');
  });

  it('takes credentials from the environment and counts --cards', async () => {
    const { out } = await run(['--port', '0', '--cards', '25', '--seed', '7', '--log-format', 'pretty'], {
      IOTCARD_SIM_ALIYUN_ACCESS_KEY_ID: 'ciKeyId',
      IOTCARD_SIM_ALIYUN_ACCESS_KEY_SECRET: 'ciKeySecret',
      IOTCARD_SIM_HUAWEI_AK: 'CIAKHUAWEI',
      IOTCARD_SIM_HUAWEI_SK: 'ciSkHuawei',
      IOTCARD_SIM_HUAWEI_PROJECT_ID: 'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1',
    }).ready;
    // Asked for readable lines, they are readable lines even when piped.
    expect(out).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  iotcard-sim listening on http:\/\/127\.0\.0\.1:\d+  /m);
    expect(out).toContain('INFO  Alibaba key  account=acme accessKeyId=ciKeyId accessKeySecret=ciKeySecret');
    expect(out).toContain('INFO  Huawei AK/SK  account=acme ak=CIAKHUAWEI sk=ciSkHuawei projectId=c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1');
    expect(out).not.toContain('accessKeyId=testAccessKeyId ');
    expect(out).not.toContain('{"level"');
    const cards = Number(/ cards=(\d+)/.exec(out)![1]);
    expect(cards).toBeGreaterThanOrEqual(25);
    expect(cards).toBeLessThan(100);
  });

  it('explains its flags', async () => {
    const { code, stdout } = await run(['--help']).exited;
    expect(code).toBe(0);
    for (const flag of ['--port', '--host', '--scenario', '--seed', '--cards', 'IOTCARD_SIM_HUAWEI_SK']) expect(stdout).toContain(flag);
  });

  it('refuses a bad flag or a broken scenario with a clear message, not a stack trace', async () => {
    const badPort = await run(['--port', 'eighty']).exited;
    expect(badPort.code).not.toBe(0);
    expect(badPort.stderr).toContain('--port must be a whole number');

    const dir = mkdtempSync(join(tmpdir(), 'iotcard-sim-cli-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"name": "x", "accounts": [');
    const notJson = await run(['--scenario', broken]).exited;
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^iotcard-sim: scenario .*broken\.json is not valid JSON/);

    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ name: 'x', accounts: [{ id: 'a', name: 'A' }], cards: [{ account: 'zzz', iccid: '1' }] }));
    const bad = await run(['--scenario', invalid]).exited;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^iotcard-sim: .*cards\[0\]/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
