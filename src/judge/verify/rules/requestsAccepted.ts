import type { JournalEntry } from '../../../control/journal/journal.js';
import { GATEWAY_REFUSALS } from '../codes.js';
import { groupBy, type Finding } from '../findings.js';

/**
 * Every request accepted by the gateway. A refused signature comes with what the server built
 * (its canonical request where the scheme has one, and its string-to-sign) beside what the
 * client said it signed, so the difference can be read off.
 */
export function requestsAccepted(entries: readonly JournalEntry[]): Finding[] {
  const refused = entries.filter((e) => e.auth === 'failed' || (e.errorCode !== undefined && GATEWAY_REFUSALS.has(e.errorCode)));
  return [...groupBy(refused, (e) => `${e.errorCode}|${e.action ?? e.path}`).values()].map((requests) => {
    const first = requests[0]!;
    const what = first.action ?? `${first.method} ${first.path}`;
    return {
      rule: 'requests-accepted',
      message: `${requests.length} request(s) to ${what} refused by the gateway: ${first.errorCode ?? first.authError}${first.errorMessage ? ` (${firstLine(first.errorMessage)})` : ''}`,
      ...(signatureDetail(first) ? { detail: signatureDetail(first) } : {}),
      requests,
    };
  });
}

function signatureDetail(entry: JournalEntry): string | undefined {
  if (entry.stringToSign === undefined && entry.canonicalRequest === undefined) return undefined;
  const lines: string[] = [];
  if (entry.canonicalRequest !== undefined) lines.push('server canonical request:', indent(entry.canonicalRequest));
  if (entry.stringToSign !== undefined) lines.push('server string-to-sign:', indent(entry.stringToSign));
  lines.push(
    entry.signedHeaders !== undefined
      ? `client signed headers: ${entry.signedHeaders}; compare with the canonical request and string-to-sign your client built`
      : 'compare with the string-to-sign your client built',
  );
  return lines.join('\n');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length > 160 ? line.slice(0, 157) + '...' : line;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  | ${line}`)
    .join('\n');
}
