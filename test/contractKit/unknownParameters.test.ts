import { describe, expect, it } from 'vitest';
import { unknownParameters } from '#src/judge/contractKit/unknownParameters.js';
import type { SimRequest } from '#src/engine/simRequest.js';

const request = (rawQuery: string, body = ''): SimRequest => ({
  method: 'POST',
  path: '/',
  rawQuery,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new TextEncoder().encode(body),
});

describe('the kit finds parameters an operation does not declare', () => {
  it('names a misspelt parameter, not the common ones', () => {
    const req = request(
      'Action=ListCardInfo&Version=2021-05-20&Format=JSON&AccessKeyId=k&SignatureNonce=n&Timestamp=t&Signature=s&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0',
      'PageNo=1&PageSize=10&Iccids=1',
    );
    expect(unknownParameters(req)).toEqual(['Iccids']);
  });

  it('takes repeat-list items (Name.1, Name.2) for the array parameter they belong to', () => {
    const req = request('Action=StopSingleCard&Version=2021-05-20', 'Iccid=1&OptMsisdns.1=1440&OptMsisdns.2=1441&OptMsisdn.1=1442');
    expect(unknownParameters(req)).toEqual(['OptMsisdn.1']);
  });

  it('reads the action of an ACS3 request from its headers', () => {
    const req: SimRequest = { ...request('Iccid=1&Icid=2'), headers: { 'x-acs-action': 'GetCardDetail', 'x-acs-version': '2021-05-20' } };
    expect(unknownParameters(req)).toEqual(['Icid']);
  });

  it('checks a GSL request query against its operation', () => {
    const req: SimRequest = {
      method: 'GET',
      path: '/v1/sim-cards',
      rawQuery: 'limit=10&offset=1&sim_status=20&page=2',
      headers: {},
      body: new Uint8Array(),
    };
    expect(unknownParameters(req)).toEqual(['page']);
  });
});
