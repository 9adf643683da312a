import { XMLBuilder } from 'fast-xml-parser';
import type { JournalEntry } from '../../control/journal/journal.js';
import { describeCall, type Finding } from './findings.js';
import type { RuleResult } from './grade.js';

/** Everything one `verify` run found, as written to `--report`. */
export interface VerifyReport {
  /** True when the command succeeded and no rule was broken. */
  readonly passed: boolean;
  readonly command: { readonly argv: readonly string[]; readonly exitCode: number | null; readonly signal: string | null };
  readonly simulator: { readonly url: string; readonly scenario: string; readonly faults?: string };
  /** Vendor requests the command made. */
  readonly requests: number;
  readonly rules: ReadonlyArray<RuleResult & { readonly passed: boolean }>;
}

export function buildReport(input: Omit<VerifyReport, 'passed' | 'rules'> & { rules: readonly RuleResult[] }): VerifyReport {
  const rules = input.rules.map((r) => ({ ...r, passed: r.findings.length === 0 }));
  const passed = input.command.exitCode === 0 && rules.every((r) => r.passed);
  return { ...input, passed, rules };
}

/** How many requests a finding lists in text (the JSON report has them all). */
const SHOWN = 5;

/** The readable summary for stderr: one line per rule, each finding under it with its requests. */
export function summaryText(report: VerifyReport): string {
  const lines = [`iotcard-sim verify: ${report.requests} vendor request(s) from \`${report.command.argv.join(' ')}\``];
  const status = report.command.signal ? `killed by ${report.command.signal}` : `exited ${report.command.exitCode}`;
  lines.push(`  command ${status}${report.command.exitCode === 0 ? '' : ' (a failure)'}`);
  if (report.simulator.faults) lines.push(`  faults injected: ${report.simulator.faults}`);
  for (const rule of report.rules) {
    lines.push(`${rule.passed ? 'PASS' : 'FAIL'} ${rule.name}: ${rule.title}`);
    for (const finding of rule.findings) lines.push(...findingLines(finding).map((l) => `    ${l}`));
  }
  lines.push(report.passed ? 'verify passed' : 'verify FAILED');
  return lines.join('\n') + '\n';
}

function findingLines(finding: Finding): string[] {
  const lines = [`- ${finding.message}`];
  if (finding.detail) lines.push(...finding.detail.split('\n').map((l) => `  ${l}`));
  for (const entry of finding.requests.slice(0, SHOWN)) lines.push(`  #${entry.id} ${requestLine(entry)}`);
  if (finding.requests.length > SHOWN) lines.push(`  … and ${finding.requests.length - SHOWN} more (all in the JSON report)`);
  return lines;
}

/** `#12 huawei POST /v1/sim-cards/…/stop -> 403 GSL.00016016 (sim 2026-…, +0 ms)` */
export function requestLine(entry: JournalEntry): string {
  const outcome = entry.status === 0 ? 'dropped' : `${entry.status}${entry.errorCode ? ' ' + entry.errorCode : ''}`;
  const call = entry.action !== undefined ? ` ${describeCall(entry)}` : '';
  return `${entry.vendor} ${entry.method} ${entry.path}${call} -> ${outcome} at ${new Date(entry.receivedAt).toISOString()}${entry.fault ? ` (injected by ${entry.fault})` : ''}`;
}

const xml = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, suppressEmptyNode: true });

/**
 * JUnit XML as every CI reads it: one testsuite, one testcase per rule, a failure per broken rule
 * with its findings as the message and the requests behind them as the text; the command itself
 * is a testcase too, so a failing test run shows even when its traffic was clean.
 */
export function junitXml(report: VerifyReport): string {
  const testcases = [
    {
      '@name': `command: ${report.command.argv.join(' ')}`,
      '@classname': 'iotcard-sim.verify',
      ...(report.command.exitCode === 0
        ? {}
        : {
            failure: {
              '@message': report.command.signal ? `killed by ${report.command.signal}` : `exited ${report.command.exitCode}`,
              '@type': 'command',
            },
          }),
    },
    ...report.rules.map((rule) => ({
      '@name': `${rule.name}: ${rule.title}`,
      '@classname': 'iotcard-sim.verify',
      ...(rule.passed
        ? {}
        : {
            failure: {
              '@message': rule.findings.map((f) => f.message).join('; '),
              '@type': rule.name,
              '#text': rule.findings.flatMap(findingLines).join('\n'),
            },
          }),
    })),
  ];
  const failures = testcases.filter((t) => 'failure' in t).length;
  const doc = {
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    testsuites: {
      '@name': 'iotcard-sim verify',
      '@tests': testcases.length,
      '@failures': failures,
      testsuite: { '@name': 'iotcard-sim verify', '@tests': testcases.length, '@failures': failures, '@errors': 0, testcase: testcases },
    },
  };
  return xml.build(doc) as string;
}
