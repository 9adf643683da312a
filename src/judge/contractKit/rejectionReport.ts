import { responseText } from '../../engine/simResponse.js';
import { pureDigests } from '../../crypto/digests.js';
import { bodyText } from '../../engine/simRequest.js';
import { canonicalRequests, parseAuthorization, stringToSign } from '../../../simulator/huawei/index.js';
import { GATEWAY_REFUSALS, PARAMETER_REFUSALS } from '../verify/codes.js';
import type { Exchange } from './world.js';

/**
 * Codes meaning the gateway refused the request itself (its signature, clock, nonce or
 * parameters), as opposed to an answer about the cards: a conforming client never provokes them
 * while doing its job. The same groups `iotcard-sim verify` judges by, defined once there.
 */
export const REFUSED_REQUEST_CODES: ReadonlySet<string> = new Set([...GATEWAY_REFUSALS, ...PARAMETER_REFUSALS]);

/**
 * What a refused request looked like, for the failure message: the request as the client sent it
 * and, for a signature refusal, the server's string-to-sign beside the client's signature. Alibaba
 * puts its string-to-sign in the message; for Huawei it is recomputed here with the simulator's
 * own SDK-HMAC-SHA256 functions from the raw request.
 */
export function describeRefusal(exchange: Exchange): string {
  const { request, response } = exchange;
  if (!request || !response) return describeJournalledRefusal(exchange);
  const lines = [`${exchange.code}: ${request.method} ${request.path}${request.rawQuery ? '?' + request.rawQuery : ''}`];
  const said = responseText(response);
  lines.push(`  server said: ${said}`);
  const authorization = request.headers['authorization'];
  if (authorization) lines.push(`  client Authorization: ${authorization}`);
  const body = bodyText(request);
  if (body) lines.push(`  client body: ${body}`);
  if (exchange.code === 'SignatureDoesNotMatch' || exchange.code === 'IncompleteSignature') {
    const sent = /(?:^|&)Signature=([^&]*)/.exec(`${request.rawQuery}&${body}`)?.[1];
    if (sent) lines.push(`  client Signature: ${decodeURIComponent(sent)}`);
    const serverStringToSign = /server string to sign is:(.*?)(?:"|<\/Message>|$)/is.exec(said)?.[1]?.trim();
    if (serverStringToSign) lines.push(`  server string-to-sign: ${serverStringToSign}`);
  }
  if (exchange.code === 'APIGW.0301' && authorization) {
    const parsed = parseAuthorization(authorization);
    const sdkDate = request.headers['x-sdk-date'] ?? '';
    if (parsed) {
      for (const canonical of canonicalRequests(request, parsed, pureDigests)) {
        lines.push(`  server canonical request:\n${indent(canonical)}`);
        lines.push(`  server string-to-sign:\n${indent(stringToSign(sdkDate, canonical, pureDigests))}`);
      }
      lines.push(`  client signed headers: ${parsed.signedHeaders.join(';')}, signature ${parsed.signature}`);
    }
  }
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => '    | ' + line)
    .join('\n');
}

/**
 * A refusal on a running simulator, from its journal entry: what the server answered, and for a
 * signature its canonical request and string-to-sign beside the headers the client said it
 * signed (the journal keeps no signature, key or body).
 */
function describeJournalledRefusal(exchange: Exchange): string {
  const entry = exchange.entry;
  const lines = [`${exchange.code}: ${exchange.line}${entry?.action ? ` (${entry.action})` : ''}`];
  if (!entry) return lines[0]!;
  if (entry.params && Object.keys(entry.params).length > 0) lines.push(`  parameters: ${JSON.stringify(entry.params)}`);
  if (entry.errorMessage) lines.push(`  server said: ${entry.errorMessage}`);
  if (entry.canonicalRequest) lines.push(`  server canonical request:\n${indent(entry.canonicalRequest)}`);
  if (entry.stringToSign)
    lines.push(
      entry.canonicalRequest ? `  server string-to-sign:\n${indent(entry.stringToSign)}` : `  server string-to-sign: ${entry.stringToSign}`,
    );
  if (entry.signedHeaders) lines.push(`  client signed headers: ${entry.signedHeaders}`);
  return lines.join('\n');
}
