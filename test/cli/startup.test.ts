import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VERSION } from '#src/version.js';
import { cliRunner } from '#helpers/cliProcess.js';

const run = cliRunner('SIGKILL');

const settingsOf = async (url: string) => (await (await fetch(`${url}/_sim/settings`)).json()) as Record<string, unknown>;

describe('iotcard-sim at start', () => {
  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    const { code, stdout } = await run(['--version']).exited;
    expect([code, stdout.trim()]).toEqual([0, pkg.version]);
  });

  it('answers GET /_sim/health and serves the OpenAPI documents', async () => {
    const { url, out } = await run(['--port', '0', '--cards', '5']).ready;
    expect(out).toContain(`"health":"${url}/_sim/health"`);
    const health = (await (await fetch(`${url}/_sim/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ready: true, version: VERSION });
    expect(health['cards']).toBeGreaterThanOrEqual(5);
    expect(health['uptimeSeconds']).toBeGreaterThanOrEqual(0);

    const list = (await (await fetch(`${url}/_sim/openapi`)).json()) as { documents: Array<{ name: string; url: string }> };
    expect(list.documents.map((d) => d.name).sort()).toEqual([
      'aliyun-dyiotapi',
      'aliyun-linkcard',
      'huawei-gsl',
      'huawei-iam',
      'sim-control',
    ]);
    const gsl = await fetch(`${url}/_sim/openapi/huawei-gsl.json`);
    const file = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../contracts/huawei-gsl.openapi.json', import.meta.url)), 'utf8'),
    ) as unknown;
    expect([gsl.status, await gsl.json()]).toEqual([200, file]);
    const missing = await fetch(`${url}/_sim/openapi/nothing.json`);
    expect(missing.status).toBe(404);
  });

  it('takes settings from --settings <file> and the environment, the environment over the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotcard-sim-settings-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ journalLimit: 7, signatureClock: 'simulated', aliyunCarrierOutages: ['CMCC'] }));
    const { url } = await run(['--port', '0', '--cards', '0', '--settings', file], {
      IOTCARD_SIM_JOURNAL_LIMIT: '9',
      IOTCARD_SIM_HUAWEI_CARRIER_OUTAGES: 'CUCC, CTCC',
      IOTCARD_SIM_AUTH_MODE: 'warn',
    }).ready;
    expect(await settingsOf(url)).toMatchObject({
      journalLimit: 9,
      signatureClock: 'simulated',
      aliyunCarrierOutages: ['CMCC'],
      huaweiCarrierOutages: ['CUCC', 'CTCC'],
      authMode: 'warn',
    });
  });

  it('lets --auth have the last word over a settings file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotcard-sim-settings-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ authMode: 'off' }));
    const { url } = await run(['--port', '0', '--cards', '0', '--settings', file, '--auth', 'warn']).ready;
    expect((await settingsOf(url))['authMode']).toBe('warn');
  });

  it('refuses a bad setting with the control plane\u2019s own message, before serving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotcard-sim-settings-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ signatureClock: 'sundial' }));
    const fromFile = await run(['--port', '0', '--settings', file]).exited;
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toBe(`iotcard-sim: settings file ${file}: signatureClock: must be one of "wall", "simulated", got "sundial"\n`);

    const fromEnv = await run(['--port', '0'], { IOTCARD_SIM_JOURNAL_LIMIT: 'lots' }).exited;
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toBe(
      'iotcard-sim: environment (IOTCARD_SIM_JOURNAL_LIMIT): journalLimit: must be an integer from 0 to 1000000, got "lots"\n',
    );

    const badCompaction = await run(['--port', '0', '--cards', '0', '--state-file', join(dir, 'state.json')], {
      IOTCARD_SIM_COMPACT_BYTES: 'soon',
    }).exited;
    expect(badCompaction.code).toBe(1);
    expect(badCompaction.stderr).toBe(
      'iotcard-sim: environment (IOTCARD_SIM_COMPACT_BYTES): must be a whole number of bytes from 1, got "soon"\n',
    );

    writeFileSync(file, JSON.stringify({ noSuchSetting: 1 }));
    const unknown = await run(['--port', '0', '--settings', file]).exited;
    expect(unknown.stderr).toContain('"noSuchSetting": unknown setting');
    expect(fromFile.stdout + fromEnv.stdout + badCompaction.stdout + unknown.stdout).not.toContain('listening');
  });

  it('stops on SIGTERM to its own PID and frees the port (the CI recipe)', async () => {
    const cli = run(['--port', '0', '--cards', '0']);
    const { url } = await cli.ready;
    expect((await fetch(`${url}/_sim/health`)).status).toBe(200);
    process.kill(cli.child.pid!, 'SIGTERM');
    expect((await cli.exited).code).toBe(0);
    await expect(fetch(`${url}/_sim/health`)).rejects.toThrow();
  });
});
