import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALIYUN, startTestServer, type TestServer } from '#helpers/server.js';
import { expectContract, plainNumbers } from './helpers/contract.js';
import { accountCards, chinaText, iccidsWhere } from './helpers/fleetTruth.js';
import { signedV1 } from './helpers/sign.js';
import { flowText } from '#simulator/aliyun/views/units.js';

/** What pop-core throws for an error body (sdk-wire-behaviour.md §1.3). */
interface PopCoreError extends Error {
  code: string;
  data: Record<string, any>;
  /** The exchange pop-core keeps on the error: the HTTP status is only here. */
  entry: { response: { statusCode: number; headers: Record<string, string> } };
}

let server: TestServer;
beforeAll(async () => {
  // Paging through the whole fleet is faster than Alibaba's flow control allows.
  server = await startTestServer({ settings: { aliyunRequestsPerSecond: 0 } });
});
afterAll(() => server?.close());

const linkcard = (credentials: { accessKeyId: string; accessKeySecret: string } = ALIYUN, apiVersion = '2021-05-20') =>
  new RPCClient({ ...credentials, endpoint: server.url, apiVersion });

type Method = 'GET' | 'POST';
const METHODS: Method[] = ['GET', 'POST'];

async function request(action: string, params: object, method: Method, client = linkcard()): Promise<Record<string, any>> {
  const body = await client.request<Record<string, any>>(action, params, method === 'POST' ? { method: 'POST' } : {});
  return expectContract(action, 200, plainNumbers(body));
}

async function failure(promise: Promise<unknown>, action = 'ListCardInfo'): Promise<PopCoreError> {
  const err = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as PopCoreError | undefined;
  expect(err, 'the SDK should have thrown').toBeInstanceOf(Error);
  err!.data = plainNumbers(err!.data);
  const { statusCode, headers } = err!.entry.response;
  expect(headers['x-acs-request-id']).toBe(err!.data['RequestId']);
  expectContract(action, statusCode, err!.data);
  return err!;
}

/** Every matching ICCID, page by page, checking the paging arithmetic on the way. */
async function listAll(params: Record<string, string | number>, method: Method, pageSize = 40): Promise<string[]> {
  const iccids: string[] = [];
  for (let pageNo = 1; ; pageNo++) {
    const { Data } = await request('ListCardInfo', { ...params, PageNo: pageNo, PageSize: pageSize }, method);
    expect(Data.PageNo).toBe(pageNo);
    expect(Data.PageCount).toBe(Math.ceil(Data.Total / pageSize));
    iccids.push(...Data.List.map((c: { Iccid: string }) => c.Iccid));
    if (pageNo >= Data.PageCount) {
      expect(iccids).toHaveLength(Data.Total);
      return iccids;
    }
  }
}

describe.each(METHODS)('pop-core RPCClient %s: linkcard', (method) => {
  it.each([40, 10])('lists the whole acme fleet with PageSize %i, nothing missing or repeated', async (pageSize) => {
    const iccids = await listAll({}, method, pageSize);
    const fleet = server.simulator.fleet;
    expect(iccids.length).toBe(fleet.query({ accountId: 'acme' }, 0, 0).total);
    expect(new Set(iccids).size).toBe(iccids.length);
    expect(iccids).toEqual(accountCards(fleet, 'acme').map((c) => c.iccid));
  });

  it('applies each filter exactly as a direct computation over the fleet says', async () => {
    const fleet = server.simulator.fleet;
    const acme = accountCards(fleet, 'acme');
    const pinned = fleet.cardByIccid('acme', '89860321000000015668')!;
    const tagged = acme.find((c) => c.tags.length > 0);
    const micro = acme.find((c) => c.formFactor !== 'nano')!.formFactor;
    const activated = acme
      .filter((c) => c.activatedAt !== undefined)
      .map((c) => c.activatedAt!)
      .sort((a, b) => a - b);
    const from = Math.floor(activated[Math.floor(activated.length / 4)]! / 1000) * 1000;
    const to = Math.floor(activated[Math.floor(activated.length / 2)]! / 1000) * 1000;
    const where = (predicate: Parameters<typeof iccidsWhere>[2]) => iccidsWhere(fleet, 'acme', predicate);
    const cases: Array<[Record<string, string>, string[]]> = [
      [{ Iccid: pinned.iccid }, [pinned.iccid]],
      [{ Imsi: pinned.imsi }, [pinned.iccid]],
      [{ Msisdn: pinned.msisdn }, [pinned.iccid]],
      [{ Iccid: '89860000000000000000' }, []],
      [{ Vendor: 'CUCC' }, where((c) => c.carrier === 'CUCC')],
      [{ Status: '35' }, where((c) => c.state.startsWith('stopped'))],
      [{ Status: '20' }, where((c) => c.state === 'inactive' || c.state === 'silent')],
      [{ OsStatus: '300' }, where((c) => c.state === 'stoppedAtQuota')],
      [{ OsStatus: '100' }, where((c) => c.state === 'active')],
      [{ DataLevel: '30MB' }, where((_c, p) => p.dataKb === 30 * 1024)],
      [{ Period: '1103' }, where((_c, p) => p.period === 'quarterly')],
      [{ SimType: micro }, where((c) => c.formFactor === micro)],
      [
        { ActiveTimeStart: chinaText(from), ActiveTimeEnd: chinaText(to) },
        where((c) => c.activatedAt !== undefined && c.activatedAt >= from && c.activatedAt <= to),
      ],
      [{ MinFlow: '1', MaxFlow: '20' }, where((c) => c.usage.dataKb >= 1024 && c.usage.dataKb <= 20 * 1024)],
      [
        { Vendor: 'CMCC', Status: '30', DataType: 'singlecard' },
        where((c, p) => c.carrier === 'CMCC' && c.state === 'active' && p.kind === 'single'),
      ],
    ];
    if (tagged) cases.push([{ TagName: tagged.tags[0]! }, where((c) => c.tags.includes(tagged.tags[0]!))]);
    for (const [params, expected] of cases) {
      expect(await listAll(params, method), JSON.stringify(params)).toEqual(expected);
    }
    // Each filter must select some cards but not all, or it proves little.
    for (const [params, expected] of cases.slice(4)) {
      expect(expected.length, JSON.stringify(params)).toBeGreaterThan(0);
      expect(expected.length, JSON.stringify(params)).toBeLessThan(acme.length);
    }
  });

  it('answers GetCardDetail from the fleet', async () => {
    const card = server.simulator.fleet.cardByIccid('acme', '89860012345678901234')!;
    const { Data } = await request('GetCardDetail', { Iccid: card.iccid }, method);
    expect(Data.ListPsimCards).toEqual([]);
    expect(Data.VsimCardInfo).toMatchObject({
      Iccid: card.iccid,
      Imsi: [card.imsi],
      Msisdn: [card.msisdn],
      Vendor: 'CUCC',
      Status: '30',
      OsStatus: '100',
      ApnName: card.apn,
      ActiveTime: '2017-11-06 17:49:12',
      OpenAccountTime: '2017-11-06 17:49:12',
      ExpireTime: chinaText(card.expiresAt),
      DataLevel: '1GB',
      CredentialNo: server.simulator.fleet.plan(card.planId).tariffCode,
      PeriodAddFlow: flowText(card.usage.dataKb),
      PeriodSmsUse: String(card.usage.sms),
      VsimInstanceId: card.id,
    });
  });

  it('throws the vendor error for missing and invalid parameters, unknown actions and versions', async () => {
    const missing = await failure(linkcard().request('GetCardDetail', {}, method === 'POST' ? { method: 'POST' } : {}), 'GetCardDetail');
    expect(missing.code).toBe('MissingParameter');
    expect(missing.data['Message']).toContain('"Iccid"');
    const pageSize = await failure(
      linkcard().request('ListCardInfo', { PageNo: 1, PageSize: 17 }, method === 'POST' ? { method: 'POST' } : {}),
    );
    expect(pageSize.code).toBe('InvalidParameter');
    expect(pageSize.data['Message']).toContain('PageSize');
    expect((await failure(linkcard().request('ListCardInfos', {}, method === 'POST' ? { method: 'POST' } : {}))).code).toBe(
      'InvalidAction.NotFound',
    );
    expect(
      (
        await failure(
          linkcard(ALIYUN, '2099-01-01').request('ListCardInfo', { PageNo: 1, PageSize: 10 }, method === 'POST' ? { method: 'POST' } : {}),
        )
      ).code,
    ).toBe('InvalidVersion');
    const unknownCard = await failure(
      linkcard().request('GetCardDetail', { Iccid: '89860000000000000000' }, method === 'POST' ? { method: 'POST' } : {}),
      'GetCardDetail',
    );
    expect(unknownCard.code).toBe('InvalidIccid.NotFound');
    const foreign = [...server.simulator.fleet.allCards()].find((c) => c.accountId === 'globex')!;
    expect(
      (
        await failure(
          linkcard().request('GetCardDetail', { Iccid: foreign.iccid }, method === 'POST' ? { method: 'POST' } : {}),
          'GetCardDetail',
        )
      ).code,
    ).toBe('InvalidIccid.NotFound');
  });

  it('refuses bad credentials and stale timestamps with the gateway errors', async () => {
    const opts = method === 'POST' ? { method: 'POST' } : {};
    const list = (client = linkcard()) => client.request('ListCardInfo', { PageNo: 1, PageSize: 10 }, opts);
    const wrong = await failure(list(linkcard({ accessKeyId: ALIYUN.accessKeyId, accessKeySecret: 'wrong' })));
    expect(wrong.code).toBe('SignatureDoesNotMatch');
    expect(wrong.data['Message']).toMatch(
      new RegExp(`server string to sign is:${method}&%2F&AccessKeyId%3DtestAccessKeyId%26Action%3DListCardInfo%26`),
    );
    expect((await failure(list(linkcard({ accessKeyId: 'nobody', accessKeySecret: 'x' })))).code).toBe('InvalidAccessKeyId.NotFound');
    expect((await failure(list(linkcard({ accessKeyId: 'testDisabledKeyId', accessKeySecret: 'testDisabledKeySecret' })))).code).toBe(
      'InvalidAccessKeyId.Inactive',
    );
    // Checked against the simulated clock when asked (the wall clock by default: signatureClock.sdk.test.ts).
    server.simulator.settings.signatureClock = 'simulated';
    server.simulator.clock.advance(20 * 60_000);
    try {
      expect((await failure(list())).code).toBe('InvalidTimeStamp.Expired');
    } finally {
      server.simulator.clock.advance(-20 * 60_000);
      server.simulator.settings.signatureClock = 'wall';
    }
    // pop-core lays the caller's parameters over its own defaults, so a caller can pin the nonce
    // or the timestamp; both are then checked like any client's.
    const replay = () =>
      linkcard().request<Record<string, any>>(
        'ListCardInfo',
        { PageNo: 1, PageSize: 10, SignatureNonce: `popcore-replay-${method}` },
        opts,
      );
    expect((await replay())['Code']).toBe('200');
    const used = await failure(replay());
    expect([used.code, used.entry.response.statusCode, used.data['Message']]).toEqual([
      'SignatureNonceUsed',
      400,
      'Specified signature nonce was used already.',
    ]);
    // A local-time timestamp, the commonest mistake: the gateway wants ISO 8601 in UTC.
    const local = await failure(linkcard().request('ListCardInfo', { PageNo: 1, PageSize: 10, Timestamp: '2026-11-22 21:14:21' }, opts));
    expect([local.code, local.entry.response.statusCode, local.data['Message']]).toEqual([
      'InvalidTimeStamp.Format',
      400,
      'Specified time stamp or date value is not well formatted.',
    ]);
    // A credentials provider with no key yet makes pop-core send the request unsigned.
    // (pop-core's typings omit credentialsProvider, which its constructor reads.)
    const keyless = {
      endpoint: server.url,
      apiVersion: '2021-05-20',
      credentialsProvider: { getCredentials: async () => ({ accessKeyId: '', accessKeySecret: '' }) },
    };
    const unsigned = new RPCClient(keyless as unknown as RPCClient.Config);
    const incomplete = await failure(unsigned.request('ListCardInfo', { PageNo: 1, PageSize: 10 }, opts));
    expect([incomplete.code, incomplete.entry.response.statusCode]).toEqual(['IncompleteSignature', 400]);
    expect(incomplete.data['Message']).toMatch(
      new RegExp(
        `^The request signature does not conform to Aliyun standards\\. server string to sign is: ${method}&%2F&Action%3DListCardInfo%26Format%3DJSON%26PageNo%3D1%26PageSize%3D10%26Timestamp%3D`,
      ),
    );
    expect(incomplete.data).toMatchObject({
      HostId: 'linkcard.aliyuncs.com',
      Recommend: expect.stringContaining('q=IncompleteSignature&product=Linkcard'),
    });
    // globex sees its own cards only.
    const globex = await request(
      'ListCardInfo',
      { PageNo: 1, PageSize: 10 },
      method,
      linkcard({ accessKeyId: 'globexAccessKeyId', accessKeySecret: 'globexAccessKeySecret' }),
    );
    expect(globex['Data'].Total).toBe(server.simulator.fleet.query({ accountId: 'globex' }, 0, 0).total);
  });
});

describe('a replayed request', () => {
  it('is refused with SignatureNonceUsed the second time', async () => {
    const req = signedV1('ListCardInfo', '2021-05-20', { PageNo: '1', PageSize: '10' }, { at: server.simulator.clock.now() });
    const send = () => fetch(`${server.url}/?${req.rawQuery}`, { headers: req.headers as Record<string, string> });
    const first = await send();
    expect(first.status).toBe(200);
    expectContract('ListCardInfo', 200, await first.json());
    const second = await send();
    expect(second.status).toBe(400);
    expect(second.headers.get('content-type')).toBe('application/json;charset=utf-8');
    const body = expectContract('ListCardInfo', 400, await second.json());
    expect(body['Code']).toBe('SignatureNonceUsed');
    expect(second.headers.get('x-acs-request-id')).toBe(body['RequestId']);
  });
});
