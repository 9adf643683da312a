import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { splitTarget, type SimRequest } from '#src/engine/simRequest.js';
import { createSimulator } from '#src/index.js';
import { decode, expectContract } from './helpers/contract.js';

/**
 * Real signed requests captured from the official SDKs (copied from the reference captures,
 * sdk-wire-behaviour.md §0), replayed with the clock frozen at their signing time.
 */
interface Capture {
  name: string;
  scheme: string;
  request: { method: string; url: string; headers: Record<string, string>; body: string };
}

const folder = fileURLToPath(new URL('./sdk-captures/', import.meta.url));
const captures: Capture[] = readdirSync(folder)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(folder + file, 'utf8')) as Capture)
  .filter((capture) => capture.scheme.startsWith('ali-'));

const PINNED = '89860012345678901234';
/** Captures are replayed at their signing time: signatures checked against the simulated clock. */
const AT_SIGNING_TIME = { signatureClock: 'simulated' } as const;

function toSimRequest(capture: Capture, tamper = false): SimRequest {
  const { method, url, headers, body } = capture.request;
  const { path, rawQuery } = splitTarget(url);
  const swap = (text: string) => (tamper ? text.replace(PINNED, PINNED.slice(0, -1) + '5') : text);
  return { method, path, rawQuery: swap(rawQuery), headers, body: new TextEncoder().encode(swap(body)) };
}

function signedAt(capture: Capture): number {
  const { url, headers } = capture.request;
  const timestamp =
    headers['x-acs-date'] ??
    new URLSearchParams(splitTarget(url).rawQuery).get('Timestamp') ??
    new URLSearchParams(capture.request.body).get('Timestamp');
  expect(timestamp, `${capture.name}: no signing time`).toBeTruthy();
  return Date.parse(timestamp!);
}

function actionOf(capture: Capture): string {
  return capture.request.headers['x-acs-action']!;
}

describe('SDK captures', () => {
  it('covers every Alibaba capture', () => {
    expect(captures.map((c) => c.name).sort()).toEqual([
      'dyiotapi_queryCardFlowInfo',
      'openapi_acs3_get',
      'openapi_acs3_post_formbody',
      'openapi_acs3_post_query',
      'openapi_v2_rpc_post_body',
      'openapi_v2_rpc_post_query',
      'popcore_rpc_get',
      'popcore_rpc_post',
    ]);
  });

  it.each(captures.map((c) => [c.name, c] as const))('%s: accepted as signed, refused once tampered', (_name, capture) => {
    const simulator = createSimulator({ clock: { start: signedAt(capture), frozen: true }, settings: AT_SIGNING_TIME });
    const accepted = decode(simulator.handle(toSimRequest(capture)));
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expectContract(actionOf(capture), 200, accepted.body);
    if (actionOf(capture) === 'ListCardInfo') expect(accepted.body['Data'].List.map((c: { Iccid: string }) => c.Iccid)).toEqual([PINNED]);
    else expect(accepted.body['CardFlowInfos'].CardFlowInfo).toHaveLength(1);

    const tampered = decode(simulator.handle(toSimRequest(capture, true)));
    expect(tampered.status).toBe(400);
    expectContract(actionOf(capture), 400, tampered.body);
    expect(tampered.body['Code']).toBe('SignatureDoesNotMatch');

    // The untouched request again: its nonce is spent now.
    expect(decode(simulator.handle(toSimRequest(capture))).body['Code']).toBe('SignatureNonceUsed');
  });

  it('refuses a capture replayed long after it was signed', () => {
    const capture = captures[0]!;
    const simulator = createSimulator({ clock: { start: signedAt(capture) + 16 * 60_000, frozen: true }, settings: AT_SIGNING_TIME });
    expect(decode(simulator.handle(toSimRequest(capture))).body['Code']).toBe('InvalidTimeStamp.Expired');
  });
});
