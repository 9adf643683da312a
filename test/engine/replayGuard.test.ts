import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '#src/engine/replayGuard.js';
import { RequestIds } from '#src/engine/requestIds.js';
import { parseUrlEncoded, percentEncode } from '#src/engine/urlEncoding.js';

describe('ReplayGuard', () => {
  it('refuses a nonce seen within the window, per scope, and forgets it after', () => {
    const guard = new ReplayGuard(15 * 60_000);
    expect(guard.accept('key-a', 'n1', 0)).toBe(true);
    expect(guard.accept('key-a', 'n1', 60_000)).toBe(false);
    expect(guard.accept('key-b', 'n1', 60_000)).toBe(true);
    expect(guard.accept('key-a', 'n1', 15 * 60_000 + 1)).toBe(true);
  });
});

describe('RequestIds', () => {
  it('is deterministic for a seed and shaped as each vendor expects', () => {
    const a = new RequestIds(42);
    const b = new RequestIds(42);
    const ids = [a.nextUuid(), a.nextHex()];
    expect([b.nextUuid(), b.nextHex()]).toEqual(ids);
    expect(ids[0]).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(ids[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(new RequestIds(43).nextUuid()).not.toBe(ids[0]);
  });
});

describe('url encoding', () => {
  it('percent-encodes per RFC 3986 as both vendors sign', () => {
    // The torture value from sdk-wire-behaviour.md §1.2.
    expect(percentEncode("a b*c~d!e'f(g)h+i/j:k=l&m%n中文é")).toBe(
      'a%20b%2Ac~d%21e%27f%28g%29h%2Bi%2Fj%3Ak%3Dl%26m%25n%E4%B8%AD%E6%96%87%C3%A9',
    );
  });

  it('parses forms with + as space, keeps repeats and survives malformed escapes', () => {
    expect(parseUrlEncoded('a=1+2&b=%E4%B8%AD&a=3&c&d=%ZZ%41', true)).toEqual([
      ['a', '1 2'],
      ['b', '中'],
      ['a', '3'],
      ['c', ''],
      ['d', '%ZZA'],
    ]);
    expect(parseUrlEncoded('a=1+2', false)).toEqual([['a', '1+2']]);
  });
});
