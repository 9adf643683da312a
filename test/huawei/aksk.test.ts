import { describe, expect, it } from 'vitest';
import { pureDigests } from '#src/crypto/digests.js';
import { nodeDigests } from '#src/crypto/nodeDigests.js';
import {
  canonicalQueries,
  canonicalRequests,
  canonicalUris,
  formatSdkDate,
  parseAuthorization,
  parseSdkDate,
  verifySignature,
} from '#simulator/huawei/aksk.js';
import { captureRequest, loadCapture } from '#helpers/huaweiCaptures.js';
import { signHuaweiRequest } from '#helpers/huaweiSign.js';

describe('SDK-HMAC-SHA256 pieces', () => {
  it('reads and writes X-Sdk-Date in the basic format only', () => {
    expect(parseSdkDate('20261122T211421Z')).toBe(Date.UTC(2026, 10, 22, 21, 14, 21));
    expect(formatSdkDate(Date.UTC(2026, 10, 22, 21, 14, 21, 999))).toBe('20261122T211421Z');
    for (const bad of [
      undefined,
      '',
      '2026-11-22T21:14:21Z',
      '20261122T211421',
      '20261340T000000Z',
      '20260230T000000Z',
      '20261122T246000Z',
    ]) {
      expect(parseSdkDate(bad)).toBeUndefined();
    }
  });

  it('parses the Authorization header the SDK sends', () => {
    const header = loadCapture('huawei_get_sim_cards').request.headers['authorization']!;
    expect(parseAuthorization(header)).toEqual({
      ak: 'TESTAKHUAWEI0000000',
      signedHeaders: ['content-type', 'host', 'x-project-id', 'x-sdk-date'],
      signature: '27b9a5c4d27f132a1e8b7637cf5a9ef7eead553afafe41531601b49a48ed1918',
    });
    expect(parseAuthorization('SDK-HMAC-SHA256 Access=AK,SignedHeaders=host,Signature=AB')).toEqual({
      ak: 'AK',
      signedHeaders: ['host'],
      signature: 'ab',
    });
    for (const bad of [
      '',
      'SDK-HMAC-SHA256',
      'SDK-HMAC-SHA256 Access=AK, Signature=ab',
      'HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=ab',
    ]) {
      expect(parseAuthorization(bad)).toBeUndefined();
    }
  });

  it('always ends the canonical URI with a slash, and offers the double-encoded reading of escapes', () => {
    expect(canonicalUris('/v1/sim-cards')).toEqual(['/v1/sim-cards/']);
    expect(canonicalUris('/v1/sim-cards/')).toEqual(['/v1/sim-cards/']);
    expect(canonicalUris('/v1/a%20b')).toEqual(['/v1/a%20b/', '/v1/a%2520b/']);
    expect(canonicalUris('/v1/a:b')).toEqual(['/v1/a%3Ab/']);
  });

  it('sorts the query by name then value, repeated keys included, RFC 3986-encoded', () => {
    expect(canonicalQueries('')).toEqual(['']);
    expect(canonicalQueries('offset=1&limit=10')).toEqual(['limit=10&offset=1']);
    expect(canonicalQueries('tag_id=9&tag_id=10&B=1&a=%2A')).toEqual(['B=1&a=%2A&tag_id=10&tag_id=9']);
    expect(canonicalQueries("k=it's%20*")).toEqual(['k=it%27s%20%2A']);
    expect(canonicalQueries('k=a+b')).toEqual(['k=a%2Bb', 'k=a%20b']);
    expect(canonicalQueries('flag')).toEqual(['flag=']);
  });

  it('rebuilds the canonical request of the captured GET exactly', () => {
    const capture = loadCapture('huawei_get_sim_cards');
    const req = captureRequest(capture);
    const auth = parseAuthorization(req.headers['authorization']!)!;
    expect(canonicalRequests(req, auth, pureDigests)).toEqual([
      [
        'GET',
        '/v1/sim-cards/',
        'limit=10&offset=1',
        'content-type:application/json',
        'host:127.0.0.1:41555',
        'x-project-id:0123456789abcdef0123456789abcdef',
        'x-sdk-date:20261122T211421Z',
        '',
        'content-type;host;x-project-id;x-sdk-date',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    ]);
  });

  it.each(['huawei_get_sim_cards', 'huawei_post_reset'])('verifies the captured %s and nothing tampered', (name) => {
    const capture = loadCapture(name);
    const req = captureRequest(capture);
    const auth = parseAuthorization(req.headers['authorization']!)!;
    const date = req.headers['x-sdk-date']!;
    for (const digests of [pureDigests, nodeDigests]) {
      expect(verifySignature(req, auth, capture.secret, date, digests)).toBe(true);
      expect(verifySignature(req, auth, capture.secret + 'x', date, digests)).toBe(false);
      expect(verifySignature({ ...req, rawQuery: req.rawQuery + '&x=1' }, auth, capture.secret, date, digests)).toBe(false);
      expect(verifySignature({ ...req, path: req.path + 'x' }, auth, capture.secret, date, digests)).toBe(false);
      expect(verifySignature({ ...req, method: 'PUT' }, auth, capture.secret, date, digests)).toBe(false);
      expect(verifySignature({ ...req, body: new TextEncoder().encode('{"x":1}') }, auth, capture.secret, date, digests)).toBe(false);
      const headers = { ...req.headers, 'x-project-id': 'fedcba9876543210fedcba9876543210' };
      expect(verifySignature({ ...req, headers }, auth, capture.secret, date, digests)).toBe(false);
    }
  });
});

describe('agreement with the official signer', () => {
  const keys = { ak: 'AK0', sk: 'secret-0', projectId: 'p1' };
  const at = Date.UTC(2026, 0, 1);

  it.each([
    ['plain', 'GET', '/v1/sim-cards', { limit: 10, offset: 1 }, undefined],
    ['repeated keys in any order', 'GET', '/v1/sim-cards', { tag_id: [10, 9, 100], price_plan_id: ['b', 'a'] }, undefined],
    [
      'booleans and reserved characters',
      'GET',
      '/v1/sim-cards',
      { real_named: true, main_search_key: "a b*c!d'e(f)~g/h?i&j=k+l" },
      undefined,
    ],
    ['non-ASCII', 'GET', '/v1/sim-cards', { customer_attribute1: '北京 ✓', é: 'ü' }, undefined],
    ['a JSON body', 'POST', '/v1/sim-cards/123/reset', {}, { reason: 'test reset', force: true, n: 1 }],
    ['a card id of 2^52', 'GET', '/v1/sim-cards/4710226018477568', { iccid: '89860000000000000001' }, undefined],
  ])('accepts what AKSKSigner signs: %s', (_label, method, path, query, data) => {
    const req = signHuaweiRequest({ method, path, query, data, keys, at });
    const auth = parseAuthorization(req.headers['authorization']!)!;
    expect(verifySignature(req, auth, 'secret-0', formatSdkDate(at), pureDigests)).toBe(true);
    expect(verifySignature(req, auth, 'secret-1', formatSdkDate(at), pureDigests)).toBe(false);
  });
});

describe('X-Sdk-Content-Sha256', () => {
  const keys = { ak: 'AK0', sk: 'secret-0' };
  const at = Date.UTC(2026, 0, 1);

  it('replaces the body hash: the declared value is what was signed, and a changed value fails', () => {
    const req = signHuaweiRequest({
      method: 'POST',
      path: '/v1/sim-cards/123/stop',
      data: { iccid: '89860000000000000001' },
      keys,
      at,
      headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
    });
    const auth = parseAuthorization(req.headers['authorization']!)!;
    expect(auth.signedHeaders).toContain('x-sdk-content-sha256');
    expect(verifySignature(req, auth, 'secret-0', formatSdkDate(at), pureDigests)).toBe(true);
    // The body is not covered by an unsigned payload…
    expect(verifySignature({ ...req, body: new TextEncoder().encode('{}') }, auth, 'secret-0', formatSdkDate(at), pureDigests)).toBe(true);
    // …but the declared hash is.
    const headers = { ...req.headers, 'x-sdk-content-sha256': pureDigests.sha256Hex(req.body) };
    expect(verifySignature({ ...req, headers }, auth, 'secret-0', formatSdkDate(at), pureDigests)).toBe(false);
  });
});
