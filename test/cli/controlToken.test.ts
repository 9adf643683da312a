import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRunner } from '#helpers/cliProcess.js';

const run = cliRunner('SIGTERM');

/** The banner and port of a CLI started with readable lines (piped, it logs JSON): the token is read from the text. */
const ready = (args: string[], env: Record<string, string> = {}) =>
  run(['--log-format', 'pretty', ...args], { IOTCARD_SIM_CONTROL_TOKEN: '', ...env }).ready;

/** Issue 14 item 5, as the CLI does it. */
describe('iotcard-sim control plane token', () => {
  it('generates and prints a token when listening beyond loopback; the control plane wants it, the state file is 0600', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'iotcard-token-')), 'world.json');
    const { out, port } = await ready(['--port', '0', '--host', '0.0.0.0', '--state-file', file]);
    const token = /Control plane token \(listening beyond loopback[^)]*\): (\S+)/.exec(out)?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const url = `http://127.0.0.1:${port}/_sim/state`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('takes the token from --control-token or IOTCARD_SIM_CONTROL_TOKEN, on loopback too, and never prints a given one', async () => {
    const fromFlag = await ready(['--port', '0', '--control-token', 'flag-token-0123456789']);
    expect(fromFlag.out).not.toContain('flag-token-0123456789');
    const flagUrl = `${fromFlag.url}/_sim/clock`;
    expect((await fetch(flagUrl)).status).toBe(401);
    expect((await fetch(flagUrl, { headers: { authorization: 'Bearer flag-token-0123456789' } })).status).toBe(200);

    const fromEnv = await ready(['--port', '0'], { IOTCARD_SIM_CONTROL_TOKEN: 'env-token-0123456789' });
    const envUrl = `${fromEnv.url}/_sim/clock`;
    expect((await fetch(envUrl)).status).toBe(401);
    expect((await fetch(envUrl, { headers: { authorization: 'Bearer env-token-0123456789' } })).status).toBe(200);

    const open = await ready(['--port', '0']);
    expect(open.out).not.toContain('Control plane token');
    expect((await fetch(`${open.url}/_sim/clock`)).status).toBe(200);
  });
});
