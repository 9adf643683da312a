import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Simulator } from '#src/simulator.js';

/** The state-file tests' shared moves: a fresh file, one remark changed, a remark read back. */

/** A state file path in a directory of its own. */
export const freshStateFile = (prefix: string): string => join(mkdtempSync(join(tmpdir(), `iotcard-sim-${prefix}-`)), 'world.json');

/** Changes one card's remark through the control plane, as a client would. */
export function remark(simulator: Simulator, iccid: string, text: string): void {
  const res = simulator.handle({
    method: 'PATCH',
    path: `/_sim/cards/${iccid}`,
    rawQuery: '',
    headers: { 'content-type': 'application/json' },
    body: new TextEncoder().encode(JSON.stringify({ remark: text })),
  });
  expect(res.status).toBe(200);
}

/** A card's remark in an exported or recovered scenario. */
export const remarkOf = (scenario: { state?: { cards: Array<{ iccid: string; remark?: unknown }> } } | undefined, iccid: string): unknown =>
  scenario?.state?.cards.find((c) => c.iccid === iccid)?.remark;

/** A state file's log lines, parsed. */
export const logLines = (file: string) =>
  readFileSync(`${file}.log`, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map(
      (line) =>
        JSON.parse(line) as Record<string, unknown> & {
          kind: string;
          cards?: Array<{ iccid: string }>;
          patches?: Array<{ iccid: string; set: Record<string, unknown>; unset?: string[] }>;
          workOrders?: { orders: Array<{ id: number }>; settled?: Array<{ id: number; status: string; lines: unknown[] }> };
        },
    );

/**
 * A saved state in a form that compares whatever order its cards and nonces were written in (the
 * books' lists keep theirs: a replay must give each book's own order).
 */
export function comparable(state: Record<string, unknown> | undefined) {
  const { clock: _clock, cards, nonces, ...rest } = state ?? {};
  return {
    ...rest,
    cards: [...((cards as Array<{ iccid: string }>) ?? [])].sort((a, b) => a.iccid.localeCompare(b.iccid)),
    nonces: [...((nonces as Array<[string, number]>) ?? [])].sort(),
  };
}
