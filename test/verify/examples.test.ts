import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runVerify, type RuleName, type VerifyOutcome } from '#src/judge/verify/index.js';
import { requiredTool } from '#helpers/requiredTool.js';

/**
 * `verify` on real clients in other languages (examples/verify): each good client passes, clean
 * and under injected faults; each broken variant fails exactly the rule it breaks, and says why.
 */
const examples = fileURLToPath(new URL('../../examples/verify/', import.meta.url));
const python = requiredTool('Python 3', ['python3'], 'PYTHON', 'apt-get install python3');
// A JDK, not a bare runtime: single-file source launch needs its compiler. `java` sits beside `javac`.
const javac = requiredTool('A JDK (17+)', ['javac'], 'JAVAC', 'apt-get install default-jdk-headless');
const java = { ...javac, path: javac.path && join(dirname(javac.path), 'java') };

async function verify(command: string[], breakMode: string, faults?: string): Promise<VerifyOutcome> {
  return runVerify({ command, stdio: 'pipe', env: { ...process.env, BREAK: breakMode }, ...(faults ? { faults } : {}) });
}

function broken(outcome: VerifyOutcome): Partial<Record<RuleName, string[]>> {
  return Object.fromEntries(outcome.report.rules.filter((r) => !r.passed).map((r) => [r.name, r.findings.map((f) => f.message)]));
}

/** Output to show when an expectation fails: the client's own words and verify's summary. */
const said = (o: VerifyOutcome) => `stdout:\n${o.stdout}\nstderr:\n${o.stderr}`;

const clients = [
  { label: 'Python (urllib, hmac)', tool: python, command: (exe: string) => [exe, `${examples}python/check_client.py`] },
  { label: 'Java (JDK HttpClient, single-file source)', tool: java, command: (exe: string) => [exe, `${examples}java/IotcardClient.java`] },
];

for (const client of clients) {
  describe.skipIf(client.tool.missing)(`verify on the ${client.label} example client`, { timeout: 120_000 }, () => {
    const command = client.tool.path ? client.command(client.tool.path) : [];

    it('passes the good client, and again under injected transient faults', async () => {
      const clean = await verify(command, '');
      expect(clean.report.command.exitCode, said(clean)).toBe(0);
      expect(broken(clean), said(clean)).toEqual({});
      expect(clean.report.passed).toBe(true);
      expect(clean.report.requests).toBeGreaterThan(20);

      const faulted = await verify(command, '', 'transient');
      expect(broken(faulted), said(faulted)).toEqual({});
      expect(faulted.report.command.exitCode, said(faulted)).toBe(0);
      expect(faulted.entries.filter((e) => e.fault !== undefined).length, 'the preset faulted some requests').toBeGreaterThan(0);
    });

    it('fails a mis-signed client on requests-accepted alone, with the server string-to-sign', async () => {
      const outcome = await verify(command, 'mis-signed');
      const findings = broken(outcome);
      expect(Object.keys(findings), said(outcome)).toEqual(['requests-accepted']);
      expect(findings['requests-accepted']![0]).toMatch(
        /^1 request\(s\) to (ListCardInfo|ListSimCards) refused by the gateway: (SignatureDoesNotMatch|APIGW\.0301)/,
      );
      const finding = outcome.report.rules[0]!.findings[0]!;
      expect(finding.detail).toContain('server string-to-sign:');
      expect(outcome.report.passed).toBe(false);
    });

    it('fails a client that loops on a refused GSL stop on no-futile-repeat alone', async () => {
      const outcome = await verify(command, 'loops-on-refused-stop');
      expect(broken(outcome), said(outcome)).toEqual({
        'no-futile-repeat': [
          'StopSimCard {"iccid":"89860019900000000027","sim_card_id":"0"} repeated 5 time(s) within 5 minutes of GSL.00016016',
        ],
      });
      expect(outcome.report.command.exitCode).toBe(0);
    });

    it('fails a client that reads only the first page on listing-walks alone', async () => {
      const outcome = await verify(command, 'ignores-paging');
      expect(broken(outcome), said(outcome)).toEqual({
        'listing-walks': [
          'ListCardInfo walk of 623 item(s) at 40 per page: page(s) 2-16 of 16 never fetched',
          'ListSimCards walk of 623 item(s) at 500 per page: page(s) 2 of 2 never fetched',
        ],
      });
    });

    it('fails a client that retries throttling without delay on transient-retries alone', async () => {
      const outcome = await verify(command, 'retries-without-delay', 'throttling');
      const findings = broken(outcome);
      expect(Object.keys(findings), said(outcome)).toEqual(['transient-retries']);
      // Each retry chain is caught by the missing delay, or (should a busy machine stretch the first wait) by waits that do not grow.
      for (const message of findings['transient-retries']!) {
        expect(message).toMatch(
          /through (Throttling\.User|APIGW\.0308): (the first retry came \d+ ms after the failure \(no delay; at least 100 ms\)|wait \d+ \(\d+ ms\) is not longer than wait \d+)/,
        );
      }
      expect(findings['transient-retries']!.some((m) => m.includes('the first retry came'))).toBe(true);
    });
  });
}
