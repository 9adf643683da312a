import type { JournalEntry } from '../../../control/journal/journal.js';
import { PARAMETER_REFUSALS } from '../codes.js';
import { describeCall, groupBy, type Finding } from '../findings.js';

/**
 * No parameter the operation does not declare (the gateways ignore them silently, so a typo
 * goes unnoticed until production), and no parameter refused as missing or invalid, page sizes
 * the API does not serve included.
 */
export function parametersValid(entries: readonly JournalEntry[]): Finding[] {
  const findings: Finding[] = [];
  const unknown = entries.filter((e) => e.unknownParams !== undefined && e.unknownParams.length > 0);
  for (const requests of groupBy(unknown, (e) => `${e.action}|${[...e.unknownParams!].sort().join(',')}`).values()) {
    const first = requests[0]!;
    findings.push({
      rule: 'parameters-valid',
      message: `${first.action ?? first.path} sent parameter(s) it does not declare: ${first.unknownParams!.join(', ')} (ignored by the gateway) in ${requests.length} request(s)`,
      requests,
    });
  }
  const refused = entries.filter((e) => e.errorCode !== undefined && PARAMETER_REFUSALS.has(e.errorCode));
  for (const requests of groupBy(refused, (e) => `${e.action}|${e.errorCode}|${e.errorMessage}`).values()) {
    const first = requests[0]!;
    findings.push({
      rule: 'parameters-valid',
      message: `${describeCall(first)} refused: ${first.errorCode}${first.errorMessage ? ` (${first.errorMessage})` : ''} in ${requests.length} request(s)`,
      requests,
    });
  }
  return findings;
}
