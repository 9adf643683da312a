import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// `npm test` builds first, so this runs exactly what `npx iotcard-sim` runs.
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

function ready(args: string[], env: Record<string, string> = {}): Promise<string> {
  // Readable lines (piped, the CLI logs JSON): the token is read from the text.
  const child = spawn(process.execPath, [CLI, '--log-format', 'pretty', ...args], { env: { ...process.env, IOTCARD_SIM_CONTROL_TOKEN: '', ...env } });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready. Press Ctrl+C to stop.')) resolve(out);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}${out}`)));
  });
}

const port = (out: string) => /listening on http:\/\/[^:]+:(\d+)/.exec(out)![1]!;

/** Issue 14 item 5, as the CLI does it. */
describe('iotcard-sim control plane token', () => {
  it('generates and prints a token when listening beyond loopback; the control plane wants it, the state file is 0600', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'iotcard-token-')), 'world.json');
    const out = await ready(['--port', '0', '--host', '0.0.0.0', '--state-file', file]);
    const token = /Control plane token \(listening beyond loopback[^)]*\): (\S+)/.exec(out)?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const url = `http://127.0.0.1:${port(out)}/_sim/state`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('takes the token from --control-token or IOTCARD_SIM_CONTROL_TOKEN, on loopback too, and never prints a given one', async () => {
    const fromFlag = await ready(['--port', '0', '--control-token', 'flag-token-0123456789']);
    expect(fromFlag).not.toContain('flag-token-0123456789');
    const flagUrl = `http://127.0.0.1:${port(fromFlag)}/_sim/clock`;
    expect((await fetch(flagUrl)).status).toBe(401);
    expect((await fetch(flagUrl, { headers: { authorization: 'Bearer flag-token-0123456789' } })).status).toBe(200);

    const fromEnv = await ready(['--port', '0'], { IOTCARD_SIM_CONTROL_TOKEN: 'env-token-0123456789' });
    const envUrl = `http://127.0.0.1:${port(fromEnv)}/_sim/clock`;
    expect((await fetch(envUrl)).status).toBe(401);
    expect((await fetch(envUrl, { headers: { authorization: 'Bearer env-token-0123456789' } })).status).toBe(200);

    const open = await ready(['--port', '0']);
    expect(open).not.toContain('Control plane token');
    expect((await fetch(`http://127.0.0.1:${port(open)}/_sim/clock`)).status).toBe(200);
  });
});
