import { describe, expect, it } from 'vitest';
import { FaultSet } from '#src/control/faults/faultSet.js';
import { Journal } from '#src/control/journal/journal.js';
import type { SimRequest } from '#src/engine/simRequest.js';
import { InjectedFault, RequestTrace } from '#src/engine/trace.js';

const request: SimRequest = {
  method: 'GET',
  path: '/v1/sim-cards',
  rawQuery: 'iccid=89860012345678901234',
  headers: {},
  body: new Uint8Array(),
};

function delays(rule: unknown, n: number): number[] {
  const faults = new FaultSet(() => true);
  faults.add(rule);
  return Array.from({ length: n }, () => {
    const trace = new RequestTrace();
    trace.vendor = 'huawei';
    faults.apply(request, trace);
    return trace.delayMs;
  });
}

describe('FaultSet (programmatic)', () => {
  it('draws log-normal latencies from the seed: varied, positive, the same every run', () => {
    const rule = { effect: { kind: 'latency', distribution: 'logNormal', median: 100, sigma: 0.8 }, seed: 3 };
    const first = delays(rule, 20);
    expect(new Set(first).size).toBeGreaterThan(10);
    expect(first.every((ms) => ms > 0)).toBe(true);
    expect(delays(rule, 20)).toEqual(first);
    expect(delays({ ...rule, seed: 4 }, 20)).not.toEqual(first);
  });

  it('matches a card as a whole token only', () => {
    const faults = new FaultSet(() => true);
    faults.add({ card: '8986001234567890123', effect: { kind: 'drop' } });
    expect(() => faults.apply(request, new RequestTrace())).not.toThrow();
    faults.add({ card: '89860012345678901234', effect: { kind: 'drop' } });
    expect(() => faults.apply(request, new RequestTrace())).toThrow(InjectedFault);
  });
});

describe('Journal ring buffer', () => {
  const entry = (path: string) => ({
    time: '2026-01-01T00:00:00.000Z',
    receivedAt: 0,
    vendor: 'huawei' as const,
    method: 'GET',
    path,
    status: 200,
    latencyMs: 0,
  });

  it('keeps the newest entries, oldest first, and none at limit 0', () => {
    let limit = 3;
    const journal = new Journal(() => limit);
    for (const path of ['/a', '/b', '/c', '/d', '/e']) journal.add(entry(path));
    expect(journal.all().map((e) => e.path)).toEqual(['/c', '/d', '/e']);
    expect(journal.list({}, { offset: 1, limit: 1 }).entries.map((e) => e.path)).toEqual(['/d']);
    limit = 0;
    journal.add(entry('/f'));
    expect(journal.size).toBe(0);
  });
});
