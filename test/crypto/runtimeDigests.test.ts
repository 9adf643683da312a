import { describe, expect, it } from 'vitest';
import { pureDigests } from '#src/crypto/digests.js';
import { nodeDigests } from '#src/crypto/nodeDigests.js';
import { runtimeDigests } from '#src/crypto/runtimeDigests.js';

describe('the MSW entry digests', () => {
  const runtime = runtimeDigests();

  it('use node:crypto in Node (not the pure-JavaScript ones)', () => {
    expect(runtime).not.toBe(pureDigests);
  });

  it('give the same bytes as the pure-JavaScript and the node:crypto digests', () => {
    const inputs = ['', 'GET&%2F&AccessKeyId%3Dtestid', "a b*c~d!e'f(g)h+i/j:k=l&m%n中文é", 'x'.repeat(5000), '\u{1F600} emoji'];
    for (const data of inputs) {
      for (const key of ['testsecret&', '', 'SDK-HMAC-SHA256 键']) {
        expect(runtime.hmacSha1Base64(key, data)).toBe(pureDigests.hmacSha1Base64(key, data));
        expect(runtime.hmacSha256Hex(key, data)).toBe(pureDigests.hmacSha256Hex(key, data));
        expect(runtime.hmacSha256Hex(key, data)).toBe(nodeDigests.hmacSha256Hex(key, data));
      }
      expect(runtime.sha256Hex(data)).toBe(pureDigests.sha256Hex(data));
      expect(runtime.sha256Hex(new TextEncoder().encode(data))).toBe(pureDigests.sha256Hex(new TextEncoder().encode(data)));
    }
    const keyBytes = new Uint8Array([0, 1, 2, 250, 255]);
    expect(runtime.hmacSha256Hex(keyBytes, 'data')).toBe(pureDigests.hmacSha256Hex(keyBytes, 'data'));
  });
});
