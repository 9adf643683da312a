import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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

  it('remembers at most its bound, forgetting the oldest first, also when restoring', () => {
    const guard = new ReplayGuard(15 * 60_000, 3);
    for (const nonce of ['n1', 'n2', 'n3', 'n4']) expect(guard.accept('key', nonce, 0)).toBe(true);
    expect(guard.size).toBe(3);
    // n1 was forgotten: its replay passes; n4 is still remembered.
    expect(guard.accept('key', 'n4', 1)).toBe(false);
    expect(guard.accept('key', 'n1', 1)).toBe(true);
    expect(guard.size).toBe(3);
    const restored = new ReplayGuard(15 * 60_000, 2);
    restored.restore(guard.entries(1), 1);
    expect(restored.size).toBe(2);
    expect(restored.entries(1).map(([key]) => key.split('\u0000')[1])).toEqual(['n4', 'n1']);
  });

  it('forgets at its bound and sweeps expired nonces without walking its map', () => {
    // Reading a Map's oldest key walks past every entry deleted at its front: at a million nonces
    // that made each request cost up to ~1 ms (docs/performance.md). The guard's map may be
    // looked up, never walked, while it accepts.
    const guard = new ReplayGuard(1_000, 100);
    const map = (guard as unknown as { seenUntil: Map<string, number> }).seenUntil;
    const walked = () => {
      throw new Error('the map was walked');
    };
    Object.assign(map, { keys: walked, entries: walked, values: walked, forEach: walked, [Symbol.iterator]: walked });
    // Past the bound (each accept forgets the oldest), then past the window (each sweeps).
    for (let i = 0; i < 1_000; i++) expect(guard.accept('key', `n${i}`, i)).toBe(true);
    expect(guard.size).toBe(100);
    for (let i = 1_000; i < 3_000; i += 20) expect(guard.accept('key', `m${i}`, i)).toBe(true);
    expect(guard.size).toBe(50);
    // The newest are the ones remembered.
    expect(guard.accept('key', 'm2980', 2_990)).toBe(false);
    expect(guard.accept('key', 'n999', 2_990)).toBe(true);
  });

  it('keeps a nonce accepted again after it expired unswept, whatever became of its first acceptance', () => {
    const guard = new ReplayGuard(15 * 60_000, 3);
    // Accepted out of expiry order: b guards until 1,000, a only until 50.
    expect(guard.accept('key', 'b', 0, 1_000)).toBe(true);
    expect(guard.accept('key', 'a', 0, 50)).toBe(true);
    // At 60 a has expired, but the sweep stopped at b: a is accepted again, until 2,000.
    expect(guard.accept('key', 'a', 60, 2_000)).toBe(true);
    // At 1,001 b goes, and a's first acceptance with it; a's second still guards.
    expect(guard.accept('key', 'c', 1_001, 3_000)).toBe(true);
    expect(guard.accept('key', 'a', 1_002)).toBe(false);
    expect(guard.entries(1_002).map(([key, until]) => [key.split('\u0000')[1], until])).toEqual([
      ['a', 2_000],
      ['c', 3_000],
    ]);
    // At the bound the oldest live nonce goes first, not the one a stale entry names.
    expect(guard.accept('key', 'd', 1_003, 4_000)).toBe(true);
    expect(guard.accept('key', 'e', 1_004, 5_000)).toBe(true);
    expect(guard.entries(1_004).map(([key]) => key.split('\u0000')[1])).toEqual(['c', 'd', 'e']);
  });

  it('keeps a nonce without the request text it was parsed from', () => {
    // V8 keeps a string alive for as long as a slice of it is: a remembered nonce sliced out of a
    // request's query kept the whole query (~450 bytes a nonce for these, ~140 without).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const guard = new ReplayGuard(15 * 60_000);
    const n = 20_000;
    const padding = 'x'.repeat(400);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) {
      const query = `SignatureNonce=${String(i).padStart(32, '0')}&Padding=${padding}`;
      expect(guard.accept('aliyun:testAccessKeyId', query.slice(15, 47), 0)).toBe(true);
    }
    gc();
    const perNonce = (process.memoryUsage().heapUsed - before) / n;
    expect(guard.size).toBe(n);
    expect(perNonce).toBeLessThan(300);
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
