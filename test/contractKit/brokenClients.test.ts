import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * A suite that cannot fail a bad client proves nothing: the deliberately broken clients in
 * broken/ are run through the contract suites in a child vitest (JSON reporter), and each must
 * fail exactly the clauses it breaks.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

interface ClauseResult {
  clause: string;
  status: string;
  message: string;
}
let results: Map<string, ClauseResult[]>;

beforeAll(async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'contract-kit-')), 'results.json');
  // The child must not think it is a worker of this run.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
  await new Promise<void>((resolve) => {
    execFile(
      process.execPath,
      [
        join(root, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--config',
        'test/contractKit/broken/vitest.config.ts',
        '--reporter=json',
        `--outputFile=${out}`,
      ],
      { cwd: root, env, maxBuffer: 64 * 1024 * 1024 },
      () => resolve(), // it exits 1: the broken clients fail, which is the point
    );
  });
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    testResults: Array<{ name: string; assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }>;
  };
  results = new Map(
    report.testResults.map((file) => [
      basename(file.name),
      file.assertionResults.map((a) => ({ clause: a.title.split(':')[0]!, status: a.status, message: a.failureMessages.join('\n') })),
    ]),
  );
}, 180_000);

function failed(file: string): string[] {
  const clauses = results.get(file);
  if (!clauses) throw new Error(`no results for ${file}: ${[...results.keys()].join(', ')}`);
  return clauses
    .filter((c) => c.status === 'failed')
    .map((c) => c.clause)
    .sort();
}

function skipped(file: string): string[] {
  return (results.get(file) ?? []).filter((c) => c.status === 'skipped' || c.status === 'pending').map((c) => c.clause);
}

function message(file: string, clause: string): string {
  return results.get(file)?.find((c) => c.clause === clause)?.message ?? '';
}

describe('the contract suites fail broken clients, clause by clause', () => {
  it('a linkcard client that reads one page fails list-every-card and nothing else', () => {
    expect(failed('linkcardNoPagination.contract.ts')).toEqual(['list-every-card']);
    expect(message('linkcardNoPagination.contract.ts', 'list-every-card')).toMatch(/583 of 623 cards missing/);
  });

  it('a Dyiotapi client that swallows errors fails every error clause and nothing else', () => {
    expect(failed('dyiotapiSwallowsErrors.contract.ts')).toEqual([
      'error-signature',
      'error-unknown-card',
      'transient-errors',
      'wrong-state',
    ]);
    expect(message('dyiotapiSwallowsErrors.contract.ts', 'error-unknown-card')).toMatch(
      /instead of reporting isv\.IOT_RES_NOT_EXIST; the error was swallowed/,
    );
  });

  it('a Dyiotapi client that retries system busy for ever fails transient-errors on isv.SYSTEM_ERROR and nothing else', () => {
    expect(failed('dyiotapiLoopsOnSystemBusy.contract.ts')).toEqual(['transient-errors']);
    // Caught by the system-busy code, which the kit did not inject before (only ServiceUnavailable).
    expect(message('dyiotapiLoopsOnSystemBusy.contract.ts', 'transient-errors')).toMatch(
      /the client kept calling through isv\.SYSTEM_ERROR: \d+ requests and counting/,
    );
  });

  it('a Dyiotapi client that only hears thrown errors fails each business-error clause in its HTTP 200 run, and nothing else', () => {
    expect(failed('dyiotapiTrustsStatus.contract.ts')).toEqual(['error-unknown-card', 'transient-errors', 'wrong-state']);
    for (const clause of ['error-unknown-card', 'transient-errors', 'wrong-state']) {
      // The published-status run passed (the SDK threw); the 200 run is the one that failed.
      expect(message('dyiotapiTrustsStatus.contract.ts', clause)).toMatch(/^(AssertionError: )?\[business errors in an HTTP 200 body/);
    }
    expect(message('dyiotapiTrustsStatus.contract.ts', 'wrong-state')).toMatch(
      /instead of reporting isv\.IOT_CARD_STATUS_ERROR; the error was swallowed/,
    );
  });

  it('a GSL client that passes flow_left on in MB fails card-facts and nothing else', () => {
    expect(failed('gslLeftInMb.contract.ts')).toEqual(['card-facts']);
    expect(message('gslLeftInMb.contract.ts', 'card-facts')).toMatch(/dataRemainingKB of 89860019900000000019: [\d.]+ KB, fixture \d+ KB/);
  });

  it('a clause skipped by name is skipped; one whose operation is not mapped fails and says so', () => {
    expect(skipped('linkcardPartial.contract.ts')).toEqual(['list-every-card']);
    expect(failed('linkcardPartial.contract.ts')).toEqual(['stop-resume', 'wrong-state']);
    expect(message('linkcardPartial.contract.ts', 'stop-resume')).toMatch(
      /operations not mapped in the adapter \(skip 'stop-resume' if deliberate\)/,
    );
  });

  it('a GSL client that signs wrongly fails everything but the wrong-secret clause, and is shown the server string-to-sign', () => {
    expect(failed('gslWrongSignature.contract.ts')).toEqual(
      [
        'card-facts',
        'error-unknown-card',
        'list-every-card',
        'repeat-within-5-minutes',
        'requests-accepted',
        'stop-resume',
        'transient-errors',
        'wrong-state',
      ].sort(),
    );
    const why = message('gslWrongSignature.contract.ts', 'requests-accepted');
    expect(why).toMatch(/APIGW\.0301: GET \/v1\/sim-cards\/0\?iccid=/);
    // The server's canonical URI has the slash the client left out.
    expect(why).toMatch(/server canonical request:\n\s+\| GET\n\s+\| \/v1\/sim-cards\/0\/\n/);
    expect(why).toMatch(/server string-to-sign:\n\s+\| SDK-HMAC-SHA256\n/);
    expect(why).toMatch(/client Authorization: SDK-HMAC-SHA256 Access=CONTRACTAKHUAWEI000/);
  });

  it('a refused listing page is shown with the server string-to-sign, as every other refusal', () => {
    const why = message('gslWrongSignature.contract.ts', 'list-every-card');
    expect(why).toMatch(/APIGW\.0301: GET \/v1\/sim-cards\?/);
    expect(why).toMatch(/server string-to-sign:\n\s+\| SDK-HMAC-SHA256\n/);
  });

  it('a GSL client that retries a refused stop fails repeat-within-5-minutes within a few requests, not by a timeout', () => {
    expect(failed('gslLoopsOnRefusedStop.contract.ts')).toEqual(['repeat-within-5-minutes']);
    expect(message('gslLoopsOnRefusedStop.contract.ts', 'repeat-within-5-minutes')).toMatch(
      /stopping the same card twice: the client kept calling after GSL\.00016016: \d+ requests and counting/,
    );
  });
});
