import { describe, expect, it } from 'vitest';
import type { EngineContext } from '#src/engine/context.js';
import type { SimRequest } from '#src/engine/simRequest.js';
import { responseText } from '#src/engine/simResponse.js';
import { RequestTrace } from '#src/engine/trace.js';
import { AUTH_WARNING_HEADER, handleRpc } from '#simulator/aliyun/gateway.js';
import { claimsRpc, createAliyunSurface } from '#simulator/aliyun/surface.js';
import { decode, expectContract } from './helpers/contract.js';
import { handContext, NOW } from './helpers/handFleet.js';
import { signedAcs3, signedV1 } from './helpers/sign.js';

const LINKCARD = '2021-05-20';
const DYIOT = '2017-11-11';

function call(ctx: EngineContext, req: SimRequest, action: string) {
  const { status, body } = decode(handleRpc(req, ctx));
  expectContract(action, status, body);
  return { status, body };
}

function list(ctx: EngineContext, params: Record<string, string>, extra: Partial<Parameters<typeof signedV1>[3]> = {}) {
  return call(ctx, signedV1('ListCardInfo', LINKCARD, params, { at: NOW, ...extra }), 'ListCardInfo');
}

function expectError(result: { status: number; body: Record<string, any> }, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(result.body['Code']).toBe(code);
  expect(result.body['Message']).toEqual(expect.any(String));
}

describe('Alibaba RPC gateway: linkcard', () => {
  it('answers a signed GET ListCardInfo in the linkcard envelope', () => {
    const ctx = handContext();
    const { status, body } = list(ctx, { PageNo: '1', PageSize: '10' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ Code: '200', Success: true, Data: { PageNo: 1, PageSize: 10, Total: 36, PageCount: 4 } });
    expect(body['Data'].List).toHaveLength(10);
    expect(body['Data'].List[0]).toMatchObject({
      Iccid: '89860012345678901234',
      Vendor: 'CUCC',
      Status: '30',
      OsStatus: '100',
      PeriodAddFlow: '130.00MB',
      PeriodRestFlow: '894.00MB',
      PeriodSmsUse: '389',
      DataLevel: '1GB',
      Period: '1101',
      DataType: 'singlecard',
      CredentialNo: 'CU-SF-M-2-1G',
      AliFee: 'ali_2',
      Remark: 'pinned',
      TagList: [{ TagName: 'meters' }, { TagName: 'north' }],
    });
  });

  it('accepts everything in a POST form body, and ACS3 with query or form parameters', () => {
    const ctx = handContext();
    expect(
      call(ctx, signedV1('ListCardInfo', LINKCARD, { PageNo: '1', PageSize: '10' }, { at: NOW, method: 'POST' }), 'ListCardInfo').status,
    ).toBe(200);
    // pop-core with a lower-case method: POST with everything in the query.
    expect(
      call(
        ctx,
        signedV1('ListCardInfo', LINKCARD, { PageNo: '1', PageSize: '10' }, { at: NOW, method: 'POST', placement: 'query' }),
        'ListCardInfo',
      ).status,
    ).toBe(200);
    for (const formBody of [false, true]) {
      const { status, body } = call(
        ctx,
        signedAcs3('ListCardInfo', LINKCARD, { PageNo: '1', PageSize: '10', Iccid: '89860321000000015668' }, { at: NOW, formBody }),
        'ListCardInfo',
      );
      expect(status).toBe(200);
      expect(body['Data'].Total).toBe(1);
    }
  });

  it('pages through the account with no card missing or repeated, and past the end', () => {
    const ctx = handContext();
    const seen: string[] = [];
    for (let page = 1; page <= 4; page++)
      seen.push(...list(ctx, { PageNo: String(page), PageSize: '10' }).body['Data'].List.map((c: any) => c.Iccid));
    expect(new Set(seen).size).toBe(36);
    expect(seen).not.toContain('89860399999999990001');
    const past = list(ctx, { PageNo: '9', PageSize: '40' }).body['Data'];
    expect(past).toEqual({ List: [], PageNo: 9, PageSize: 40, PageCount: 1, Total: 36 });
  });

  it('filters by state, tag, plan fields, form factor, flow and time', () => {
    const ctx = handContext();
    const iccids = (params: Record<string, string>) =>
      list(ctx, { PageNo: '1', PageSize: '40', ...params }).body['Data'].List.map((c: any) => c.Iccid as string);
    expect(iccids({ Status: '35' })).toEqual(['89860321000000015669', '89860321000000015670']);
    expect(iccids({ OsStatus: '300' })).toEqual(['89860321000000015670']);
    expect(iccids({ Status: '30', OsStatus: '200' })).toEqual([]);
    expect(iccids({ TagName: 'meters' })).toEqual(['89860012345678901234', '89860321000000015668']);
    expect(iccids({ Vendor: 'CUCC' })).toEqual(['89860012345678901234']);
    expect(iccids({ DataLevel: '1gb', Period: '1112' })).toEqual(['89860321000000015670']);
    expect(iccids({ DataType: 'sameflowcard' })).toEqual(['89860321000000015670']);
    expect(iccids({ AliFee: 'ali_1' })).toEqual(['89860321000000015670']);
    expect(iccids({ SimType: 'micro' })).toEqual(['89860321000000015669']);
    expect(iccids({ NetworkType: 'NB-IoT' })).toEqual(['89860321000000015670']);
    expect(iccids({ IsAutoRecharge: 'True' })).toEqual(['89860321000000015669']);
    expect(iccids({ MinFlow: '30', MaxFlow: '130' })).toEqual(['89860012345678901234', '89860321000000015669']);
    expect(iccids({ ActiveTimeStart: '2000-01-01 00:00:00' })).toHaveLength(35); // all but the never-activated card
    expect(iccids({ ActiveTimeEnd: '2000-01-01 00:00:00' })).toEqual([]);
    expect(iccids({ Imsi: '460000000015668' })).toEqual(['89860321000000015668']);
    expect(iccids({ Msisdn: '1440000015668' })).toEqual(['89860321000000015668']);
    expect(iccids({ Iccid: '89860321000000015668', Status: '35' })).toEqual([]);
    expect(iccids({ Iccid: '89860399999999990001' })).toEqual([]);
    expect(iccids({ PoolId: 'p1' })).toEqual([]);
    expect(iccids({ CertifyType: 'enterprise' })).toHaveLength(36);
  });

  it('reads MaxRestFlowPercentage as the fraction left, only 0.1, 0.2 or 0.3, as the page documents', () => {
    const ctx = handContext();
    // 30 MB plans: 5 %, 15 % and 25 % of the allowance left on three cards; the others keep 96 % or none.
    const left = { '89860321000000020001': 0.05, '89860321000000020002': 0.15, '89860321000000020003': 0.25 };
    for (const [iccid, share] of Object.entries(left))
      ctx.fleet.setUsage(ctx.fleet.cardByIccid('acme', iccid)!, { dataKb: 30 * 1024 * (1 - share) }, NOW);
    const iccids = (fraction: string) =>
      list(ctx, { PageNo: '1', PageSize: '40', MaxRestFlowPercentage: fraction }).body['Data'].List.map((c: { Iccid: string }) => c.Iccid);
    expect(iccids('0.1')).toEqual(['89860321000000015669', '89860321000000020001']);
    expect(iccids('0.2')).toEqual(['89860321000000015669', '89860321000000020001', '89860321000000020002']);
    expect(iccids('0.3')).toEqual(['89860321000000015669', '89860321000000020001', '89860321000000020002', '89860321000000020003']);
    // A percentage, another fraction or a word is the vendor's parameter error, with linkcard's failure fields.
    for (const bad of ['20', '0', '0.25', '1', 'ten']) {
      const result = list(ctx, { PageNo: '1', PageSize: '10', MaxRestFlowPercentage: bad });
      expectError(result, 400, 'InvalidParameter');
      expect(result.body).toMatchObject({
        Message: 'Specified parameter MaxRestFlowPercentage is not valid.',
        Success: false,
        ErrorMessage: 'Specified parameter MaxRestFlowPercentage is not valid.',
        LocalizedMessage: 'Specified parameter MaxRestFlowPercentage is not valid.',
      });
    }
  });

  it('checks PageNo/PageSize against the contract and the page-size policy', () => {
    expectError(list(handContext(), { PageSize: '10' }), 400, 'MissingParameter');
    const bad = list(handContext(), { PageNo: '1', PageSize: '17' });
    expectError(bad, 400, 'InvalidParameter');
    expect(bad.body['Message']).toBe('Specified parameter PageSize is not valid.');
    expectError(list(handContext(), { PageNo: '0', PageSize: '10' }), 400, 'InvalidParameter');
    expectError(list(handContext(), { PageNo: 'x', PageSize: '10' }), 400, 'InvalidParameter');
    expectError(list(handContext(), { PageNo: '1', PageSize: '10', ActiveTimeStart: '2024-02-30 00:00:00' }), 400, 'InvalidParameter');
    const accepting = handContext({ aliyunPageSizePolicy: 'accept' });
    expect(list(accepting, { PageNo: '1', PageSize: '17' }).body['Data'].List).toHaveLength(17);
    expectError(list(accepting, { PageNo: '1', PageSize: '101' }), 400, 'InvalidParameter');
  });

  it('answers GetCardDetail, hiding cancelled cards unless DestroyCard is set', () => {
    const ctx = handContext();
    const detail = (params: Record<string, string>) => call(ctx, signedV1('GetCardDetail', LINKCARD, params, { at: NOW }), 'GetCardDetail');
    const { body } = detail({ Iccid: '89860012345678901234' });
    expect(body['Data'].ListPsimCards).toEqual([]);
    expect(body['Data'].VsimCardInfo).toMatchObject({
      Iccid: '89860012345678901234',
      DeviceImei: '861234567890123',
      OpenSms: true,
      ApnName: '3gnet',
    });
    const missing = detail({ Iccid: '0000' });
    expectError(missing, 400, 'InvalidIccid.NotFound');
    expect(missing.body).toMatchObject({ Success: false, ErrorMessage: missing.body['Message'] });
    expectError(detail({ Iccid: '89860399999999990001' }), 400, 'InvalidIccid.NotFound');
    expectError(detail({ Iccid: '89860321000000015672' }), 400, 'InvalidIccid.NotFound');
    expect(detail({ Iccid: '89860321000000015672', DestroyCard: 'true' }).body['Data'].VsimCardInfo.Status).toBe('50');
    expectError(detail({ Iccid: '89860321000000015668', DestroyCard: 'true' }), 400, 'InvalidIccid.NotFound');
    expectError(detail({}), 400, 'MissingParameter');
  });
});

describe('Alibaba RPC gateway: Dyiotapi', () => {
  it('answers QueryCardFlowInfo in KB with the wrapped list', () => {
    const ctx = handContext();
    const { body } = call(
      ctx,
      signedV1('QueryCardFlowInfo', DYIOT, { Iccid: '89860012345678901234', OwnerId: '1234567890123456' }, { at: NOW, method: 'POST' }),
      'QueryCardFlowInfo',
    );
    expect(body).toMatchObject({ Code: 'OK', Message: 'OK' });
    expect(body['CardFlowInfos'].CardFlowInfo).toEqual([
      {
        ResName: '物联网-联通-Internet-自定义流量包',
        ResourceType: '6700001',
        FlowResource: 1048576,
        FlowUsed: 133120,
        RestOfFlow: 915456,
        VoiceTotal: 60,
        VoiceUsed: 25,
        SmsUsed: 389,
        ValidDate: expect.stringMatching(/^\d{14}$/),
        ExpireDate: expect.stringMatching(/^\d{14}$/),
      },
    ]);
  });

  it('reports an unknown or foreign ICCID as isv.IOT_RES_NOT_EXIST, HTTP 400 as published or 200 one setting away', () => {
    const ctx = handContext();
    for (const Iccid of ['0000', '89860399999999990001']) {
      const { status, body } = call(ctx, signedV1('QueryCardFlowInfo', DYIOT, { Iccid }, { at: NOW }), 'QueryCardFlowInfo');
      expect(status).toBe(400);
      expect(body).toEqual({
        RequestId: expect.any(String),
        Code: 'isv.IOT_RES_NOT_EXIST',
        Message: 'Can\u2019t found the card by the iccid number.',
      });
    }
    ctx.settings.dyiotapiBusinessErrorStatus = 200;
    const { status, body } = call(ctx, signedV1('QueryCardFlowInfo', DYIOT, { Iccid: '0000' }, { at: NOW }), 'QueryCardFlowInfo');
    expect(status).toBe(200);
    expect(body).toMatchObject({ Code: 'isv.IOT_RES_NOT_EXIST' });
  });
});

describe('Alibaba RPC gateway: authentication', () => {
  const listReq = (o: Partial<Parameters<typeof signedV1>[3]> = {}) =>
    signedV1('ListCardInfo', LINKCARD, { PageNo: '1', PageSize: '10' }, { at: NOW, ...o });
  const send = (ctx: EngineContext, req: SimRequest) => {
    const result = decode(handleRpc(req, ctx));
    if (result.status !== 200) expectContract('ListCardInfo', result.status, result.body);
    return result;
  };

  it('refuses a wrong secret with the server string to sign', () => {
    const result = send(handContext(), listReq({ secret: 'nope' }));
    expectError(result, 400, 'SignatureDoesNotMatch');
    // Every linkcard failure, the gateway's too, carries the page's failure fields.
    expect(result.body).toMatchObject({ Success: false, ErrorMessage: result.body['Message'], LocalizedMessage: result.body['Message'] });
    expect(result.body['Message']).toMatch(
      /^Specified signature is not matched with our calculation\. server string to sign is:GET&%2F&AccessKeyId%3DtestAccessKeyId%26Action%3DListCardInfo/,
    );
    expect(result.body).toMatchObject({
      HostId: 'linkcard.aliyuncs.com',
      Recommend: expect.stringContaining('q=SignatureDoesNotMatch&product=Linkcard'),
    });
  });

  it('refuses unknown and disabled keys, stale and malformed timestamps', () => {
    expectError(send(handContext(), listReq({ accessKeyId: 'nobody' })), 404, 'InvalidAccessKeyId.NotFound');
    expectError(
      send(handContext(), listReq({ accessKeyId: 'testDisabledKeyId', secret: 'testDisabledKeySecret' })),
      400,
      'InvalidAccessKeyId.Inactive',
    );
    expectError(send(handContext(), listReq({ at: NOW - 16 * 60_000 })), 400, 'InvalidTimeStamp.Expired');
    expectError(send(handContext(), listReq({ at: NOW + 16 * 60_000 })), 400, 'InvalidTimeStamp.Expired');
    expect(send(handContext(), listReq({ at: NOW - 14 * 60_000 })).status).toBe(200);
    expectError(send(handContext(), listReq({ system: (p) => (p['Timestamp'] = '2026-11-22 21:14:21') })), 400, 'InvalidTimeStamp.Format');
  });

  it('refuses a replayed nonce, per AccessKeyId', () => {
    const ctx = handContext();
    const req = listReq({ nonce: 'fixed-nonce' });
    expect(send(ctx, req).status).toBe(200);
    expectError(send(ctx, req), 400, 'SignatureNonceUsed');
    const globex = signedV1(
      'ListCardInfo',
      LINKCARD,
      { PageNo: '1', PageSize: '10' },
      { at: NOW, nonce: 'fixed-nonce', accessKeyId: 'globexAccessKeyId', secret: 'globexAccessKeySecret' },
    );
    const other = send(ctx, globex);
    expect(other.status).toBe(200);
    expect(other.body['Data'].Total).toBe(1);
  });

  it('names missing system parameters and refuses other signature methods', () => {
    const without = (name: string) => listReq({ system: (p) => delete p[name] });
    for (const name of ['AccessKeyId', 'Timestamp', 'SignatureNonce', 'SignatureMethod', 'SignatureVersion']) {
      const result = send(handContext(), without(name));
      expectError(result, 400, 'MissingParameter');
      expect(result.body['Message']).toBe(`The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
    }
    const unsigned = listReq();
    const stripped = { ...unsigned, rawQuery: unsigned.rawQuery.replace(/&Signature=[^&]*/, '') };
    const incomplete = send(handContext(), stripped);
    expectError(incomplete, 400, 'IncompleteSignature');
    expect(incomplete.body['Message']).toContain('server string to sign is: GET&%2F&');
    expectError(send(handContext(), listReq({ system: (p) => (p['SignatureMethod'] = 'HMAC-SHA256') })), 400, 'InvalidSignatureMethod');
  });

  it('routes before authenticating: unknown action, unknown or missing version', () => {
    expectError(send(handContext(), signedV1('ListCardInfoo', LINKCARD, {}, { at: NOW })), 404, 'InvalidAction.NotFound');
    expectError(send(handContext(), signedV1('ListCardInfo', DYIOT, {}, { at: NOW })), 404, 'InvalidAction.NotFound');
    const version = send(handContext(), signedV1('ListCardInfo', '2099-01-01', {}, { at: NOW, secret: 'wrong' }));
    expectError(version, 400, 'InvalidVersion');
    expect(version.body['HostId']).toBe('linkcard.aliyuncs.com');
    const noVersion = signedV1('ListCardInfo', LINKCARD, {}, { at: NOW, system: (p) => delete p['Version'] });
    delete (noVersion.headers as Record<string, string>)['x-acs-version'];
    expectError(send(handContext(), noVersion), 400, 'MissingParameter');
    expectError(send(handContext(), listReq({ system: (p) => (p['Format'] = 'YAML') })), 400, 'InvalidParameter.Format');
  });

  it('checks ACS3 requests: body hash, signature, nonce, date', () => {
    const acs3 = (o: Partial<Parameters<typeof signedAcs3>[3]> = {}) =>
      signedAcs3('ListCardInfo', LINKCARD, { PageNo: '1', PageSize: '10' }, { at: NOW, formBody: true, ...o });
    const ctx = handContext();
    const req = acs3({ nonce: 'n-1' });
    expect(send(ctx, req).status).toBe(200);
    expectError(send(ctx, req), 400, 'SignatureNonceUsed');
    const tampered = acs3();
    const bytes = new TextEncoder().encode('PageNo=2&PageSize=10');
    expectError(send(ctx, { ...tampered, body: bytes }), 400, 'SignatureDoesNotMatch');
    expectError(send(ctx, acs3({ secret: 'nope' })), 400, 'SignatureDoesNotMatch');
    expectError(send(ctx, acs3({ at: NOW - 20 * 60_000 })), 400, 'InvalidTimeStamp.Expired');
    expectError(send(ctx, acs3({ accessKeyId: 'nobody' })), 404, 'InvalidAccessKeyId.NotFound');
    const broken = acs3();
    expectError(
      send(ctx, { ...broken, headers: { ...broken.headers, authorization: 'ACS3-HMAC-SHA256 Credential=testAccessKeyId' } }),
      400,
      'IncompleteSignature',
    );
    expectError(
      send(ctx, { ...broken, headers: { ...broken.headers, authorization: 'ACS3-HMAC-SM3 Credential=a,SignedHeaders=host,Signature=b' } }),
      400,
      'InvalidSignatureMethod',
    );
    const { ['x-acs-date']: _date, ...undated } = broken.headers;
    expectError(send(ctx, { ...broken, headers: undated }), 400, 'MissingParameter');
  });

  it("accepts anything in 'off' and 'warn' modes, warning in the latter", () => {
    const off = decode(handleRpc(listReq({ secret: 'nope' }), handContext({ authMode: 'off' })));
    expect(off.status).toBe(200);
    const warnResponse = handleRpc(listReq({ accessKeyId: 'globexAccessKeyId' }), handContext({ authMode: 'warn' }));
    expect(warnResponse.status).toBe(200);
    expect(warnResponse.headers[AUTH_WARNING_HEADER]).toMatch(/^SignatureDoesNotMatch: /);
    expect(JSON.parse(responseText(warnResponse)).Data.Total).toBe(1);
    const anonymous = { ...listReq(), rawQuery: 'Action=ListCardInfo&Version=2021-05-20&PageNo=1&PageSize=10' };
    expect(decode(handleRpc(anonymous, handContext({ authMode: 'off' }))).body['Data'].Total).toBe(36);
  });
});

describe('Alibaba surface', () => {
  it('claims RPC requests cheaply and leaves REST paths alone', () => {
    const base = { method: 'GET', rawQuery: '', headers: {}, body: new Uint8Array() };
    expect(claimsRpc({ ...base, path: '/' })).toBe(true);
    expect(claimsRpc({ ...base, path: '/x', headers: { 'x-acs-action': 'ListCardInfo' } })).toBe(true);
    expect(claimsRpc({ ...base, path: '/x', rawQuery: 'a=1&Action=ListCardInfo' })).toBe(true);
    expect(claimsRpc({ ...base, path: '/v1/sim-cards', rawQuery: 'limit=10' })).toBe(false);
  });

  it('answers an unexpected failure as InternalError (500) in the vendor shape', () => {
    const ctx = handContext();
    const { status, body } = decode(
      createAliyunSurface().internalError(signedV1('ListCardInfo', LINKCARD, {}, { at: NOW }), ctx, new RequestTrace()),
    );
    expect(status).toBe(500);
    expectContract('ListCardInfo', 500, body);
    expect(body['Code']).toBe('InternalError');
  });
});
