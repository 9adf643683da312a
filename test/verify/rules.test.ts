import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '#src/control/journal/journal.js';
import { grade, MAX_ATTEMPTS, MIN_RETRY_DELAY_MS } from '#src/judge/verify/index.js';
import type { RuleName } from '#src/judge/verify/findings.js';

/** Journal entries by hand: each rule judged on exactly the traffic that breaks it (or does not). */
let nextId = 1;
const T0 = Date.parse('2026-06-01T00:00:00Z');
function entry(over: Partial<JournalEntry> & { at?: number; simAt?: number }): JournalEntry {
  const { at = 0, simAt = 0, ...rest } = over;
  return {
    id: nextId++,
    time: new Date(T0 + simAt).toISOString(),
    receivedAt: T0 + at,
    vendor: 'huawei',
    method: 'GET',
    path: '/v1/sim-cards',
    account: 'contract',
    status: 200,
    latencyMs: 1,
    auth: 'passed',
    ...rest,
  };
}
const broken = (entries: JournalEntry[]): Partial<Record<RuleName, string[]>> =>
  Object.fromEntries(
    grade(entries)
      .filter((r) => r.findings.length > 0)
      .map((r) => [r.name, r.findings.map((f) => f.message)]),
  );

const stop = (over: Partial<JournalEntry> & { at?: number; simAt?: number }) =>
  entry({ method: 'POST', path: '/v1/sim-cards/0/stop', action: 'StopSimCard', params: { sim_card_id: '0', iccid: '8986A' }, ...over });
const page = (n: number, over: Partial<JournalEntry> & { at?: number } = {}) =>
  entry({ action: 'ListSimCards', params: { limit: 10, offset: n, order: 'asc' }, total: 25, ...over });

describe('verify grades a journal', () => {
  it('passes clean traffic: a full walk, a stop, a retried throttle with growing waits', () => {
    const entries = [
      page(1),
      page(2),
      page(3),
      stop({ at: 100 }),
      entry({ action: 'ShowSimCard', params: { sim_card_id: '0', iccid: '8986B' }, status: 429, errorCode: 'APIGW.0308', at: 200 }),
      entry({
        action: 'ShowSimCard',
        params: { sim_card_id: 0, iccid: '8986B' },
        status: 429,
        errorCode: 'APIGW.0308',
        at: 200 + 1 + MIN_RETRY_DELAY_MS,
      }),
      entry({ action: 'ShowSimCard', params: { sim_card_id: 0, iccid: '8986B' }, at: 200 + 2 + 3 * MIN_RETRY_DELAY_MS }),
    ];
    expect(broken(entries)).toEqual({});
  });

  it('a refused signature shows the server canonical request and string-to-sign beside the client signed headers', () => {
    const [finding] = grade([
      page(1, {
        auth: 'failed',
        status: 401,
        errorCode: 'APIGW.0301',
        errorMessage: 'Incorrect IAM authentication information: verify aksk signature fail',
        canonicalRequest: 'GET\n/v1/sim-cards/\nlimit=10',
        stringToSign: 'SDK-HMAC-SHA256\n20260601T000000Z\nabc',
        signedHeaders: 'host;x-sdk-date',
      }),
    ])[0]!.findings;
    expect(finding!.message).toBe(
      '1 request(s) to ListSimCards refused by the gateway: APIGW.0301 (Incorrect IAM authentication information: verify aksk signature fail)',
    );
    expect(finding!.detail).toContain('server canonical request:\n  | GET\n  | /v1/sim-cards/\n  | limit=10');
    expect(finding!.detail).toContain('server string-to-sign:\n  | SDK-HMAC-SHA256');
    expect(finding!.detail).toContain('client signed headers: host;x-sdk-date');
  });

  it('flags unknown parameters and a refused page size', () => {
    expect(
      broken([
        entry({ vendor: 'aliyun', path: '/', action: 'GetCardDetail', params: { Iccid: '8986A' }, unknownParams: ['ICCID'] }),
        entry({
          vendor: 'aliyun',
          path: '/',
          action: 'ListCardInfo',
          params: { PageNo: '1', PageSize: '20' },
          status: 400,
          errorCode: 'InvalidParameter',
          errorMessage: 'The specified parameter PageSize is not valid.',
        }),
      ]),
    ).toEqual({
      'parameters-valid': [
        'GetCardDetail sent parameter(s) it does not declare: ICCID (ignored by the gateway) in 1 request(s)',
        'ListCardInfo {"PageNo":"1","PageSize":"20"} refused: InvalidParameter (The specified parameter PageSize is not valid.) in 1 request(s)',
      ],
    });
  });

  it('flags a GSL page size out of range as a parameter refusal', () => {
    expect(
      broken([
        page(1, {
          params: { limit: 5, offset: 1 },
          status: 400,
          errorCode: 'GSL.00010004',
          errorMessage: 'Parameter error: limit must be >= 10',
        }),
      ]),
    ).toEqual({
      'parameters-valid': [
        'ListSimCards {"limit":5,"offset":1} refused: GSL.00010004 (Parameter error: limit must be >= 10) in 1 request(s)',
      ],
    });
  });

  it('flags a stop repeated within 5 minutes of GSL.00016016, not one after, and the same unknown card asked twice', () => {
    const refused = { status: 403, errorCode: 'GSL.00016016' } as const;
    expect(
      broken([stop({}), stop({ ...refused, simAt: 1000 }), stop({ ...refused, simAt: 2000 }), stop({ simAt: 1000 + 5 * 60_000 })]),
    ).toEqual({
      'no-futile-repeat': ['StopSimCard {"iccid":"8986A","sim_card_id":"0"} repeated 1 time(s) within 5 minutes of GSL.00016016'],
    });
    const reset = (over: Partial<JournalEntry> & { simAt?: number }) =>
      stop({ path: '/v1/sim-cards/0/reset', action: 'ResetSimCard', status: 403, errorCode: 'GSL.00016010', ...over });
    expect(broken([reset({}), reset({ simAt: 60_000 })])['no-futile-repeat']).toEqual([
      'ResetSimCard {"iccid":"8986A","sim_card_id":"0"} repeated 1 time(s) within 5 minutes of GSL.00016010',
    ]);
    const unknown = {
      vendor: 'aliyun',
      path: '/',
      action: 'GetCardDetail',
      params: { Iccid: '8986X' },
      status: 400,
      errorCode: 'InvalidIccid.NotFound',
    } as const;
    expect(broken([entry(unknown), entry({ ...unknown, simAt: 3_600_000 })])).toEqual({
      'no-futile-repeat': ['GetCardDetail {"Iccid":"8986X"} repeated 1 time(s) after InvalidIccid.NotFound, which no retry can change'],
    });
  });

  it('flags a retry loop, a retry without delay, and waits that do not grow', () => {
    const busy = (at: number) => stop({ status: 500, errorCode: 'GSL.00010003', at });
    const loop = Array.from({ length: MAX_ATTEMPTS + 1 }, (_, i) => busy(i * 1000 * 2 ** i));
    expect(broken(loop)['transient-retries']).toEqual([
      `StopSimCard {"iccid":"8986A","sim_card_id":"0"} through GSL.00010003: ${MAX_ATTEMPTS + 1} attempts (at most ${MAX_ATTEMPTS})`,
    ]);
    expect(broken([busy(0), stop({ at: 5 })])['transient-retries']![0]).toMatch(/the first retry came 4 ms after the failure/);
    expect(broken([busy(0), busy(500), stop({ at: 700 })])['transient-retries']![0]).toMatch(
      /wait 2 \(199 ms\) is not longer than wait 1 \(499 ms\)/,
    );
    // A dropped connection is transient too.
    expect(broken([stop({ status: 0, at: 0 }), stop({ at: 2 })])['transient-retries']![0]).toMatch(/through dropped connection/);
  });

  it('flags a walk stopped early, a skipped page and a page fetched twice; one filtered lookup is a complete walk', () => {
    expect(broken([page(1), page(2)])).toEqual({
      'listing-walks': ['ListSimCards walk of 25 item(s) at 10 per page: page(s) 3 of 3 never fetched'],
    });
    expect(broken([page(1), page(3)])['listing-walks']).toEqual([
      'ListSimCards walk of 25 item(s) at 10 per page: page(s) 2 of 3 never fetched',
    ]);
    expect(broken([page(1), page(2), page(2), page(3)])['listing-walks']).toEqual([
      'ListSimCards walk of 25 item(s) at 10 per page: page(s) 2 fetched twice',
    ]);
    // A throttled page fetched again is a retry, not a second fetch.
    expect(broken([page(1), page(2, { status: 429, errorCode: 'APIGW.0308' }), page(2, { at: 300 }), page(3, { at: 400 })])).toEqual({});
    expect(
      broken([
        entry({ vendor: 'aliyun', path: '/', action: 'ListCardInfo', params: { PageNo: 1, PageSize: 10, Iccid: '8986A' }, total: 1 }),
      ]),
    ).toEqual({});
  });
});
