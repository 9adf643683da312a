import { describe, expect, it } from 'vitest';
import { createSimulator } from '#src/index.js';
import { TagBook } from '#src/fleet/tagBook.js';
import type { Scenario } from '#fixtures/scenario.js';

const NOW = Date.parse('2026-03-01T00:00:00Z');
const ACCOUNTS = ['acme', 'globex', 'initech'];
const NAMES = ['a', 'b', 'c', 'd'];

/** A book restored from another's JSON, as a restart (snapshot or change log) gives it back. */
function restarted(book: TagBook): TagBook {
  const back = new TagBook();
  back.restore(JSON.parse(JSON.stringify(book.toJSON())) as ReturnType<TagBook['toJSON']>);
  return back;
}

/** A small seeded stream (mulberry32), so a failing walk can be run again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the tag book across a restart', () => {
  it('gives back an account whose every declared name was forgotten, at its place', () => {
    const book = new TagBook();
    book.declare('acme', 'solo');
    book.forget('acme', 'solo');
    const back = restarted(book);
    expect(back.toJSON()).toEqual([{ accountId: 'acme', names: [] }]);
    // The account declaring again after another one keeps its place, live and restored alike.
    for (const b of [book, back]) {
      b.declare('globex', 'g');
      b.declare('acme', 'again');
    }
    expect(back.toJSON()).toEqual(book.toJSON());
    expect(book.toJSON().map((e) => e.accountId)).toEqual(['acme', 'globex']);
  });

  it('orders accounts and names alike live and restored, whatever declares and forgets came before (random walks)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
      const live = new TagBook();
      let back = new TagBook();
      for (let step = 0; step < 60; step++) {
        const [account, name, declares] = [pick(ACCOUNTS), pick(NAMES), next() < 0.55];
        for (const b of [live, back]) (declares ? b.declare : b.forget).call(b, account, name);
        // Half the steps a restart: the restored book goes on from there.
        if (next() < 0.5) back = restarted(back);
        expect(back.toJSON(), `seed ${seed}, step ${step}`).toEqual(live.toJSON());
        for (const a of ACCOUNTS)
          expect([...back.declaredNames(a)], `seed ${seed}, step ${step}, ${a}`).toEqual([...live.declaredNames(a)]);
      }
    }
  });

  it('reads a saved book with an emptied account (as every version wrote it) and merges an account written twice', () => {
    const book = new TagBook();
    book.restore([
      { accountId: 'acme', names: [] },
      { accountId: 'globex', names: ['x'] },
      { accountId: 'acme', names: ['y'] },
    ]);
    expect(book.toJSON()).toEqual([
      { accountId: 'acme', names: ['y'] },
      { accountId: 'globex', names: ['x'] },
    ]);
  });

  it('gives back an emptied account through the snapshot (exportScenario, then a load)', () => {
    const sim = createSimulator({ clock: { start: NOW, frozen: true } });
    sim.fleet.tagBook.declare('acme', 'solo');
    sim.fleet.tagBook.forget('acme', 'solo');
    const exported = JSON.parse(JSON.stringify(sim.exportScenario())) as Scenario;
    const copy = createSimulator({ scenario: exported });
    const loaded = createSimulator({ clock: { start: NOW, frozen: true } });
    loaded.loadScenario(exported);
    for (const w of [sim, copy, loaded]) {
      w.fleet.tagBook.declare('globex', 'g');
      w.fleet.tagBook.declare('acme', 'again');
    }
    expect(copy.fleet.tagBook.toJSON()).toEqual(sim.fleet.tagBook.toJSON());
    expect(loaded.fleet.tagBook.toJSON()).toEqual(sim.fleet.tagBook.toJSON());
  });
});
