import { describe, expect, it } from 'vitest';
import { pureDigests } from '#src/crypto/digests.js';
import { nodeDigests } from '#src/crypto/nodeDigests.js';
import type { SimRequest } from '#src/engine/simRequest.js';
import { parseRpcParams } from '#simulator/aliyun/rpcParams.js';
import { acs3StringToSign, parseAcs3Authorization } from '#simulator/aliyun/signatureAcs3.js';
import { v1StringToSign } from '#simulator/aliyun/signatureV1.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('signature V1 (HMAC-SHA1)', () => {
  it('reproduces the documented ECS example', () => {
    const params = new Map(
      Object.entries({
        TimeStamp: '2016-02-23T12:46:24Z',
        Format: 'XML',
        AccessKeyId: 'testid',
        Action: 'DescribeRegions',
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
        Version: '2014-05-26',
        SignatureVersion: '1.0',
      }),
    );
    const sts = v1StringToSign('GET', params);
    expect(sts).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(pureDigests.hmacSha1Base64('testsecret&', sts)).toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
    params.delete('TimeStamp');
    params.set('Timestamp', '2016-02-23T12:46:24Z');
    expect(nodeDigests.hmacSha1Base64('testsecret&', v1StringToSign('GET', params))).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('reproduces the linkcard-shaped vector with a JSON-array value, and ignores Signature', () => {
    const params = new Map(
      Object.entries({
        Action: 'GetCardDetail',
        Format: 'JSON',
        Version: '2021-05-20',
        AccessKeyId: 'testid',
        SignatureMethod: 'HMAC-SHA1',
        SignatureVersion: '1.0',
        SignatureNonce: 'nonce-0001',
        Timestamp: '2024-01-01T00:00:00Z',
        Iccid: '89860321000000015668',
        OptMsisdns: '["1440000001"]',
        Signature: 'ignored',
      }),
    );
    expect(pureDigests.hmacSha1Base64('testsecret&', v1StringToSign('post', params))).toBe('ASQBLahDd3a0gLcpiCu/yYjWLWk=');
  });

  it('encodes the torture value as the SDKs sign it, whatever the wire encoding', () => {
    const value = "a b*c~d!e'f(g)h+i/j:k=l&m%n中文é";
    // Tea-style wire (querystring.stringify leaves !'()* literal) and pop-core style decode alike.
    const wire = encodeURIComponent(value).replace(/%20/g, '+');
    const req: SimRequest = {
      method: 'POST',
      path: '/',
      rawQuery: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new TextEncoder().encode(`Remark=${wire}`),
    };
    const sts = v1StringToSign('POST', parseRpcParams(req).all);
    expect(sts).toContain(
      'Remark%3Da%2520b%252Ac~d%2521e%2527f%2528g%2529h%252Bi%252Fj%253Ak%253Dl%2526m%2525n%25E4%25B8%25AD%25E6%2596%2587%25C3%25A9',
    );
  });
});

describe('signature V3 (ACS3-HMAC-SHA256)', () => {
  it('reproduces the documented RunInstances example', () => {
    const req: SimRequest = {
      method: 'POST',
      path: '/',
      rawQuery: 'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
      headers: {
        host: 'ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action': 'RunInstances',
        'x-acs-content-sha256': EMPTY_SHA256,
        'x-acs-date': '2023-10-26T09:01:01Z',
        'x-acs-signature-nonce': 'd410180a5abf7fe235dd9b74aca91fc0',
        'x-acs-version': '2014-05-26',
      },
      body: new Uint8Array(),
    };
    const signed = ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version'];
    const sts = acs3StringToSign(req, parseRpcParams(req).query, signed, EMPTY_SHA256, pureDigests);
    expect(sts).toBe('ACS3-HMAC-SHA256\n29622f5feb1e9fcaaa2e276a72889c975f7b16f00e02be1ca34965b18cd85015');
    expect(pureDigests.hmacSha256Hex('YourAccessKeySecret', sts)).toBe('e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804');
  });

  it('parses the Authorization header with or without spaces, and refuses a partial one', () => {
    const parsed = parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;X-Acs-Date,Signature=ABCD');
    expect(parsed).toEqual({ accessKeyId: 'ak', signedHeaders: ['host', 'x-acs-date'], signature: 'abcd' });
    expect(parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=ak, SignedHeaders=host, Signature=ab')?.signature).toBe('ab');
    expect(parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=ak,Signature=ab')).toBeUndefined();
    expect(parseAcs3Authorization('SDK-HMAC-SHA256 Access=ak, SignedHeaders=host, Signature=ab')).toBeUndefined();
  });
});
