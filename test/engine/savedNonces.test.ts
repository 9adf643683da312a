import { describe, expect, it } from 'vitest';
import { freshStateFile } from '#helpers/changeLogWorld.js';
import { createSimulator, persistState, recoverStateFile, responseText } from '#src/index.js';
import type { SimResponse } from '#src/engine/simResponse.js';
import type { Simulator } from '#src/simulator.js';
import type { Scenario } from '#fixtures/scenario.js';
import { signedV1 } from '../aliyun/helpers/sign.js';

/**
 * Signature nonces in a saved world: kept and dropped by the clock the replay guard judges them
 * by (settings.signatureClock), on export, on load and through the state file's change log. A
 * replay the live simulator refuses is refused after a restart too.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const KEY = 'aliyun:testAccessKeyId\u0000';

function world(options: { start: number; signatureClock?: 'wall' | 'simulated' }): Simulator {
  return createSimulator({
    clock: { frozen: true, start: options.start },
    settings: { aliyunRequestsPerSecond: 0, ...(options.signatureClock ? { signatureClock: options.signatureClock } : {}) },
  });
}

const list = (at: number, nonce: string) => signedV1('ListCardInfo', '2021-05-20', { PageNo: '1', PageSize: '10' }, { at, nonce });

function code(res: SimResponse): unknown {
  return (JSON.parse(responseText(res)) as Record<string, unknown>)['Code'];
}

const savedNonces = (sim: Simulator) => (sim.exportScenario().state!.nonces ?? []).map(([key]) => key);
/** The world's export as a file gives it back: plain JSON. */
const saved = (sim: Simulator) => JSON.parse(JSON.stringify(sim.exportScenario())) as Scenario;
const loaded = (sim: Simulator) => createSimulator({ scenario: saved(sim) });

describe('saved signature nonces follow the signature clock', () => {
  it("keeps a nonce the wall clock has in its window however far the simulated clock moved ('wall', the default)", () => {
    const sim = world({ start: Date.now() });
    const request = list(Date.now(), 'wall-1');
    expect(sim.handle(request).status).toBe(200);
    sim.clock.advance(30 * DAY);
    expect(code(sim.handle(request))).toBe('SignatureNonceUsed');
    expect(savedNonces(sim)).toEqual([KEY + 'wall-1']);
    const back = loaded(sim);
    expect(back.engine.context.nonces.size).toBe(1);
    expect(code(back.handle(request))).toBe('SignatureNonceUsed');
    // loadScenario into a running simulator takes the same path.
    const other = world({ start: Date.now() });
    other.loadScenario(saved(sim));
    expect(code(other.handle(request))).toBe('SignatureNonceUsed');
  });

  it("drops a nonce once the simulated clock has its request out of the window, and keeps it before ('simulated')", () => {
    // A day in the wall clock's past: the wall clock would have every nonce expired.
    const start = Date.now() - DAY;
    const sim = world({ start, signatureClock: 'simulated' });
    const request = list(start, 'sim-1');
    expect(sim.handle(request).status).toBe(200);
    expect(savedNonces(sim)).toEqual([KEY + 'sim-1']);
    expect(code(loaded(sim).handle(request))).toBe('SignatureNonceUsed');
    sim.clock.advance(16 * MINUTE);
    expect(savedNonces(sim)).toEqual([]);
    expect(code(sim.handle(request))).toBe('InvalidTimeStamp.Expired');
  });

  it('judges the saved nonces by the signature clock the save restores, not the loading simulator’s', () => {
    const sim = world({ start: Date.now() });
    const request = list(Date.now(), 'restored-setting');
    expect(sim.handle(request).status).toBe(200);
    sim.clock.advance(30 * DAY);
    // The loading simulator's own setting is 'simulated', by which the nonce is a month old.
    const back = world({ start: Date.now(), signatureClock: 'simulated' });
    back.loadScenario(saved(sim));
    expect(back.settings.signatureClock).toBe('wall');
    expect(code(back.handle(request))).toBe('SignatureNonceUsed');
  });

  it('refuses a replay after a restart from the state file (snapshot and change log) with the simulated clock moved ahead', async () => {
    const file = freshStateFile('nonces');
    const sim = world({ start: Date.now() });
    const persistence = await persistState(sim, file, { durability: 'process' });
    try {
      const first = list(Date.now(), 'logged-1');
      expect(sim.handle(first).status).toBe(200);
      sim.clock.advance(30 * DAY);
      sim.notifyChange();
      await persistence.durable();
      // A second nonce after the move: a line of the change log on top of the snapshot.
      const second = list(Date.now(), 'logged-2');
      expect(sim.handle(second).status).toBe(200);
      await persistence.durable();
      const recovered = await recoverStateFile(file);
      const back = createSimulator({ scenario: recovered!.scenario });
      expect(code(back.handle(first))).toBe('SignatureNonceUsed');
      expect(code(back.handle(second))).toBe('SignatureNonceUsed');
    } finally {
      await persistence.close();
    }
  });
});
