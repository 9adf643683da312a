import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createSimulator, recoverStateFile } from '#src/index.js';
import type { Simulator } from '#src/simulator.js';
import { controlCall } from './controlCall.js';

/** The state-file tests' shared moves: a fresh file, one remark changed, a remark read back. */

/** A state file path in a directory of its own. */
export const freshStateFile = (prefix: string): string => join(mkdtempSync(join(tmpdir(), `iotcard-sim-${prefix}-`)), 'world.json');

/** Changes one card's remark through the control plane, as a client would. */
export function remark(simulator: Simulator, iccid: string, text: string): void {
  expect(controlCall(simulator, 'PATCH', `/cards/${iccid}`, { remark: text }).status).toBe(200);
}

/** A world as a restart gives it back: the snapshot and its log replayed, then loaded. */
export async function reloaded(file: string): Promise<Simulator> {
  const recovered = await recoverStateFile(file);
  if (!recovered) throw new Error('nothing recovered');
  return createSimulator({ scenario: recovered.scenario });
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
