import { mkdtempSync } from 'node:fs';
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
