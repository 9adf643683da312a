import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

// `npm test` builds first: this is the `iotcard-sim verify` users run.
const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

function verify(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'verify', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const node = (script: string) => [process.execPath, '-e', script];

describe('iotcard-sim verify', () => {
  it("passes the command's output through, with the simulator and the vendors' credentials in its environment", async () => {
    const names = [
      'IOTCARD_SIM_URL',
      'IOTCARD_SIM_CONTROL_URL',
      'IOTCARD_SIM_HOST',
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'HUAWEICLOUD_SDK_AK',
      'HUAWEICLOUD_SDK_SK',
      'HUAWEICLOUD_SDK_PROJECT_ID',
      'IOTCARD_SIM_CARD_IN_USE',
    ];
    const run = await verify(['--', ...node(`console.log(JSON.stringify(${JSON.stringify(names)}.map((n) => process.env[n])))`)]);
    expect(run.code, run.stderr).toBe(0);
    const [url, control, host, keyId, secret, ak, sk, project, card] = JSON.parse(run.stdout) as string[];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(control).toBe(`${url}/_sim`);
    expect(host).toBe(url!.slice('http://'.length));
    expect([keyId, secret, ak, sk, project, card]).toEqual([
      'contractAccessKeyId',
      'contractAccessKeySecret',
      'CONTRACTAKHUAWEI000',
      'contractSecretKeyHuawei00000000000000000',
      '0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c',
      '89860019900000000019',
    ]);
    expect(run.stderr).toContain('verify passed');
  });

  it("exits with the command's own failing status, and says so in the JUnit XML", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verify-'));
    const run = await verify(['--junit', join(dir, 'junit.xml'), '--', ...node('process.exit(3)')]);
    expect(run.code).toBe(3);
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(dir, 'junit.xml'), 'utf8'));
    const suite = junit.testsuites.testsuite;
    expect(suite.failures).toBe('1');
    expect(suite.testcase[0].failure.message).toBe('exited 3');
    expect(suite.testcase.slice(1).map((t: { name: string }) => t.name.split(':')[0])).toEqual([
      'requests-accepted',
      'parameters-valid',
      'no-futile-repeat',
      'transient-retries',
      'listing-walks',
    ]);
  });

  it('exits 1 when a rule is broken though the command succeeded; the JSON report and JUnit XML carry the finding and its requests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verify-'));
    // An unsigned GSL listing: the gateway refuses it.
    const run = await verify([
      '--junit',
      join(dir, 'junit.xml'),
      '--report',
      join(dir, 'report.json'),
      '--',
      ...node('fetch(process.env.IOTCARD_SIM_GSL_ENDPOINT + "/v1/sim-cards?limit=10").then((r) => r.text())'),
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('FAIL requests-accepted');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.passed).toBe(false);
    expect(report.command.exitCode).toBe(0);
    const [finding] = report.rules[0].findings;
    expect(finding.message).toBe(
      '1 request(s) to ListSimCards refused by the gateway: APIGW.0301 (Incorrect IAM authentication information: x-auth-token not found)',
    );
    expect(finding.requests[0]).toMatchObject({ method: 'GET', path: '/v1/sim-cards', status: 401, errorCode: 'APIGW.0301' });
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(dir, 'junit.xml'), 'utf8'));
    const accepted = junit.testsuites.testsuite.testcase[1];
    expect(accepted.failure.type).toBe('requests-accepted');
    expect(accepted.failure['#text']).toContain('huawei GET /v1/sim-cards ListSimCards');
  });

  it('a command that cannot start fails with 127, as a shell says', async () => {
    const run = await verify(['--', 'no-such-command-iotcard-sim']);
    expect(run.code).toBe(127);
    expect(run.stderr).toMatch(/cannot run no-such-command-iotcard-sim: spawn no-such-command-iotcard-sim ENOENT/);
  });

  it('refuses an unknown fault preset, naming the presets', async () => {
    const run = await verify(['--faults', 'gremlins', '--', ...node('')]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/throttling, busy, 5xx, drops, transient/);
  });
});
