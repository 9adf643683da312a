import { describe, expect, it } from 'vitest';
import linkcard from '#contracts/aliyun-linkcard.openapi.json' with { type: 'json' };
import dyiotapi from '#contracts/aliyun-dyiotapi.openapi.json' with { type: 'json' };
import gsl from '#contracts/huawei-gsl.openapi.json' with { type: 'json' };
import { sweep } from '../../scripts/scale-sweep.js';

/** Every read operation of a contract: the ones named as reads (List…, Get…, Query…, Show…). */
function reads(doc: { paths: Record<string, Record<string, { operationId: string }>> }): string[] {
  return Object.values(doc.paths)
    .flatMap((ops) => Object.values(ops).map((op) => op.operationId))
    .filter((id) => /^(List|Get|Query|Show)/.test(id));
}

/**
 * `scripts/scale-sweep.ts` times every read operation on a million cards (docs/performance.md);
 * here on a small fleet, so that the tool keeps working and keeps up with the contracts.
 */
describe('the scale sweep', () => {
  const { results } = sweep(2_000);

  it('gets a 200 from every call', () => {
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
  });

  it('calls every read operation of the three contracts', () => {
    const called = new Set(results.map((r) => r.name));
    const missing = [linkcard, dyiotapi, gsl].flatMap((doc) => reads(doc as never)).filter((id) => !called.has(id));
    expect(missing).toEqual([]);
    expect(called.size).toBeGreaterThan(40);
  });
});
