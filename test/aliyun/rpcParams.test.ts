import { describe, expect, it } from 'vitest';
import type { SimRequest } from '#src/engine/simRequest.js';
import { listParam, normaliseBoolean, parseRpcParams } from '#simulator/aliyun/rpcParams.js';

function request(
  rawQuery: string,
  body = '',
  contentType: string | undefined = 'application/x-www-form-urlencoded',
  method = 'POST',
): SimRequest {
  return {
    method,
    path: '/',
    rawQuery,
    headers: contentType ? { 'content-type': contentType } : {},
    body: new TextEncoder().encode(body),
  };
}

describe('RPC parameters', () => {
  it('merges query and form body whatever the method, the body winning a clash', () => {
    const params = parseRpcParams(request('Action=ListCardInfo&PageNo=1', 'PageNo=2&Iccid=8986', undefined, 'GET'));
    expect(Object.fromEntries(params.all)).toEqual({ Action: 'ListCardInfo', PageNo: '2', Iccid: '8986' });
    expect(params.query).toEqual([
      ['Action', 'ListCardInfo'],
      ['PageNo', '1'],
    ]);
  });

  it('decodes + as space and percent escapes, in bodies and queries', () => {
    const params = parseRpcParams(request('Remark=a+b%2Bc', 'TagName=%E6%B5%8B%E8%AF%95+x'));
    expect(params.all.get('Remark')).toBe('a b+c');
    expect(params.all.get('TagName')).toBe('测试 x');
  });

  it('reads a body as a form only when it says so (or says nothing)', () => {
    expect(parseRpcParams(request('', '{"Iccid":"1"}', 'application/json')).all.size).toBe(0);
    expect(parseRpcParams(request('', 'Iccid=1', undefined)).all.get('Iccid')).toBe('1');
  });

  it('reads arrays in both styles', () => {
    const json = parseRpcParams(request('OptMsisdns=%5B%22a%22%2C%22b%22%5D')).all;
    expect(listParam(json, 'OptMsisdns')).toEqual(['a', 'b']);
    const repeat = parseRpcParams(request('OptMsisdns.2=b&OptMsisdns.1=a&OptMsisdnsX.1=z')).all;
    expect(listParam(repeat, 'OptMsisdns')).toEqual(['a', 'b']);
    expect(listParam(parseRpcParams(request('OptMsisdns=single')).all, 'OptMsisdns')).toEqual(['single']);
    expect(listParam(new Map(), 'OptMsisdns')).toBeUndefined();
  });

  it('normalises booleans in any case', () => {
    expect(['True', 'FALSE', 'true', 'yes'].map(normaliseBoolean)).toEqual(['true', 'false', 'true', 'yes']);
  });
});
