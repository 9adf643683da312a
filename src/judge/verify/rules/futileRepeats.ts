import type { JournalEntry } from '../../../control/journal/journal.js';
import { PARAMETER_REFUSALS, REFUSED_FOR_A_WHILE, UNKNOWN_CARD } from '../codes.js';
import { callKey, describeCall, type Finding } from '../findings.js';

/**
 * No repeat of a refused call that cannot succeed on retry: the same unknown card, the same
 * invalid parameters (for ever), and the same GSL stop within 5 minutes of GSL.00016016 or reset
 * during an unfinished stop (GSL.00016010), counted on the simulated clock. The refusal itself is
 * fine (the client could not know); every identical call after it is the finding.
 */
export function futileRepeats(entries: readonly JournalEntry[]): Finding[] {
  const findings: Finding[] = [];
  const counted = new Set<number>();
  entries.forEach((refusal, at) => {
    const code = refusal.errorCode;
    if (code === undefined || counted.has(refusal.id)) return;
    const forever = UNKNOWN_CARD.has(code) || PARAMETER_REFUSALS.has(code);
    const window = REFUSED_FOR_A_WHILE.get(code);
    if (!forever && window === undefined) return;
    const key = callKey(refusal);
    const until = Date.parse(refusal.time) + (window ?? Number.POSITIVE_INFINITY);
    const repeats = entries.slice(at + 1).filter((e) => callKey(e) === key && Date.parse(e.time) < until);
    if (repeats.length === 0) return;
    for (const e of repeats) counted.add(e.id);
    const why = window !== undefined ? `within ${window / 60_000} minutes of ${code}` : `after ${code}, which no retry can change`;
    findings.push({
      rule: 'no-futile-repeat',
      message: `${describeCall(refusal)} repeated ${repeats.length} time(s) ${why}`,
      requests: [refusal, ...repeats],
    });
  });
  return findings;
}
