import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { comparable, freshStateFile, logLines } from '#helpers/changeLogWorld.js';
import { createSimulator, persistState, recoverStateFile } from '#src/index.js';
import { LOG_FORMAT } from '#src/persistence/changeLog.js';
import type { Simulator } from '#src/simulator.js';

/**
 * Books of entries under keys (src/fleet/keyedBook.ts: the network controls, stop rules,
 * registered devices and reminders) are written to the change log as the entries changed since
 * the line before (log format 6, docs/reliability.md), not whole at every change; the replay
 * gives each book back in its own order. The directional groups (a GroupedBook, log format 7)
 * are written as their groups without their cards when a group changed, and the cards rebound.
 * Every other book but the work orders and the append-only ones is written whole when its
 * revision moved (src/fleet/revisedBook.ts), and is never compared by its JSON.
 */
const fresh = () => freshStateFile('books');

function world(cards?: number) {
  const simulator = createSimulator({ clock: { frozen: true }, ...(cards ? { cards } : {}) });
  const ids = simulator.fleet
    .query({ accountId: 'acme' }, 0, simulator.fleet.size)
    .items.map((card) => card.id)
    .slice(0, cards ?? 6);
  return { simulator, ids };
}

/** The world's books as the simulator exports them now, as plain JSON. */
const exported = (simulator: Simulator) => JSON.parse(JSON.stringify(simulator.exportScenario().state)) as Record<string, unknown>;

const reminder = (bizId: string, config: string) => ({ bizType: 'CARD', bizId, kind: 'relative' as const, config, updatedAt: 1 });

describe('the books in the change log', () => {
  it('writes the entries set and the keys deleted since the line before, and replays each book in its own order', async () => {
    const file = fresh();
    const { simulator, ids } = world();
    const [a, b, c, d] = ids as [number, number, number, number];
    const persistence = await persistState(simulator, file);
    const { networkControls, stopRules, devices, reminders } = simulator.fleet;
    const commit = async () => {
      simulator.notifyChange();
      await persistence.durable();
    };

    networkControls.set(a, { speedKbps: 128 });
    networkControls.set(b, { cutNet: true });
    networkControls.set(c, { quotaMb: 10 });
    stopRules.set(a, { limitKb: 1024, autoRestore: true, setAt: 1 });
    devices.register('acme', { imei: '860000000000001', deviceType: 'tracker', comments: undefined, registeredAt: 1 });
    reminders.set('acme', reminder('one', '{"a":1}'));
    reminders.set('acme', reminder('two', '{"b":2}'));
    await commit();
    // b changed in place; a back to no controls (out of the book); a reminder deleted.
    networkControls.set(b, { speedKbps: 64 });
    networkControls.set(a, { speedKbps: undefined });
    reminders.delete('acme', 'CARD', 'one', 'relative');
    await commit();
    // a set again after d was added: the book has it last, after d.
    networkControls.set(d, { speedKbps: 32 });
    networkControls.set(a, { cutNet: true });
    // Set and deleted within one line: only its deletion.
    reminders.set('acme', reminder('three', '{}'));
    reminders.delete('acme', 'CARD', 'three', 'relative');
    await commit();

    const [, first, second, third] = logLines(file);
    for (const line of [first, second, third]) {
      expect(line!['v']).toBe(LOG_FORMAT);
      // Never a keyed book whole again.
      expect(line!['books']).toEqual({});
    }
    expect(first!['keyed']).toEqual({
      networkControls: {
        removed: [],
        set: [
          { cardId: a, controls: { cutNet: false, speedKbps: 128 } },
          { cardId: b, controls: { cutNet: true } },
          { cardId: c, controls: { cutNet: false, quotaMb: 10 } },
        ],
      },
      stopRules: { removed: [], set: [{ cardId: a, rule: { limitKb: 1024, autoRestore: true, setAt: 1 } }] },
      devices: {
        removed: [],
        set: [{ accountId: 'acme', device: { imei: '860000000000001', deviceType: 'tracker', registeredAt: 1 } }],
      },
      reminders: {
        removed: [],
        set: [
          { accountId: 'acme', reminder: reminder('one', '{"a":1}') },
          { accountId: 'acme', reminder: reminder('two', '{"b":2}') },
        ],
      },
    });
    expect(second!['keyed']).toEqual({
      networkControls: { removed: [String(a)], set: [{ cardId: b, controls: { cutNet: true, speedKbps: 64 } }] },
      reminders: { removed: ['acme\u0000CARD\u0000one\u0000relative'], set: [] },
    });
    expect(third!['keyed']).toEqual({
      networkControls: {
        removed: [],
        set: [
          { cardId: d, controls: { cutNet: false, speedKbps: 32 } },
          { cardId: a, controls: { cutNet: true } },
        ],
      },
      reminders: { removed: ['acme\u0000CARD\u0000three\u0000relative'], set: [] },
    });
    const live = exported(simulator);
    expect((live['books'] as { networkControls: Array<{ cardId: number }> }).networkControls.map((e) => e.cardId)).toEqual([b, c, d, a]);
    const recovered = await recoverStateFile(file);
    expect(recovered?.replayed).toBe(3);
    // Books compared as lists: the same entries in the same order.
    expect(comparable(recovered?.scenario.state as never)).toEqual(comparable(live));
    await persistence.close();
  });

  it('writes a book replaced all at once whole, then its entries again', async () => {
    const file = fresh();
    const { simulator, ids } = world();
    const persistence = await persistState(simulator, file);
    const { stopRules } = simulator.fleet;
    stopRules.set(ids[0]!, { limitKb: 1, autoRestore: false, setAt: 1 });
    simulator.notifyChange();
    await persistence.durable();
    stopRules.restore([{ cardId: ids[1]!, rule: { limitKb: 2, autoRestore: true, setAt: 2 } }]);
    stopRules.set(ids[2]!, { limitKb: 3, autoRestore: true, setAt: 3 });
    simulator.notifyChange();
    await persistence.durable();
    stopRules.set(ids[1]!, { limitKb: 4, autoRestore: false, setAt: 4 });
    simulator.notifyChange();
    await persistence.durable();
    const [, , replaced, after] = logLines(file);
    // The restore and the change after it in the same line: the book whole, as it is now.
    expect(replaced!['books']).toEqual({ stopRules: stopRulesOf([ids[1]!, 2, true, 2], [ids[2]!, 3, true, 3]) });
    expect(replaced).not.toHaveProperty('keyed');
    expect(after!['keyed']).toEqual({ stopRules: { removed: [], set: stopRulesOf([ids[1]!, 4, false, 4]) } });
    const recovered = await recoverStateFile(file);
    expect(comparable(recovered?.scenario.state as never)).toEqual(comparable(exported(simulator)));
    await persistence.close();
  });

  it('writes one changed entry of 20,000 as a line of that entry', async () => {
    const file = fresh();
    const { simulator, ids } = world(20_000);
    const persistence = await persistState(simulator, file);
    for (const id of ids) simulator.fleet.networkControls.set(id, { speedKbps: 128 });
    simulator.notifyChange();
    await persistence.durable();
    simulator.fleet.networkControls.set(ids[7]!, { speedKbps: 256 });
    simulator.notifyChange();
    await persistence.durable();
    const all = logLines(file);
    const last = all[all.length - 1]!;
    expect(JSON.stringify(last).length).toBeLessThan(300);
    expect(last['keyed']).toEqual({
      networkControls: { removed: [], set: [{ cardId: ids[7], controls: { cutNet: false, speedKbps: 256 } }] },
    });
    await persistence.close();
  });

  it('writes every other book whole when, and only when, its revision moved: tags, attributes, switch policies', async () => {
    const file = fresh();
    const { simulator, ids } = world();
    const persistence = await persistState(simulator, file);
    const { tagBook, attributeBook, networkSwitchPolicies, directionalGroups } = simulator.fleet;
    const commit = async () => {
      simulator.notifyChange();
      await persistence.durable();
    };
    tagBook.declare('acme', 'declared');
    attributeBook.update('acme', 2, { name: 'site', enabled: true, createdAt: 5, modifiedAt: 5 });
    networkSwitchPolicies.add({
      accountId: 'acme',
      name: 'prefer CMCC',
      preferredCarrier: 1,
      leastPreferredCarrier: undefined,
      optimalSignal: true,
      autoSwitch: true,
      weakSignalSwitch: false,
      connectIp: undefined,
      version: 1,
      switchOrder: undefined,
      blacklist: undefined,
      createdAt: 5,
    });
    const group = directionalGroups.create('acme', 'factory', 5);
    directionalGroups.addAddress(group, { address: '10.0.0.1', type: 'IP', source: undefined, addedAt: 5 });
    directionalGroups.bind(group, ids[0]!);
    await commit();
    // Nothing moved: declaring a tag the account has declared already, reading the definitions.
    tagBook.declare('acme', 'declared');
    attributeBook.definitions('acme');
    await commit();
    expect(directionalGroups.removeAddress(group, '10.0.0.2')).toBe(false);
    expect(directionalGroups.removeAddress(group, '10.0.0.1')).toBe(true);
    await commit();
    const [, first, second, third] = logLines(file);
    expect(Object.keys(first!['books'] as object)).toEqual(['tagBook', 'attributeBook', 'networkSwitchPolicies']);
    expect(second!['books']).toEqual({});
    // The directional groups: the groups without their cards when one changed.
    const head = { id: group.id, accountId: 'acme', name: 'factory', createdAt: 5 };
    expect(first!['grouped']).toEqual({
      directionalGroups: {
        groups: { nextId: group.id + 1, groups: [{ ...head, addresses: [{ address: '10.0.0.1', type: 'IP', addedAt: 5 }] }] },
        bindings: [[ids[0], group.id]],
      },
    });
    expect(second!['grouped']).toEqual({
      directionalGroups: { groups: { nextId: group.id + 1, groups: [{ ...head, addresses: [] }] }, bindings: [] },
    });
    expect(third).toBeUndefined();
    const recovered = await recoverStateFile(file);
    expect(recovered?.replayed).toBe(2);
    expect(comparable(recovered?.scenario.state as never)).toEqual(comparable(exported(simulator)));
    await persistence.close();
  });

  it('writes a card bound to a group of over 10,000 as a line of that card, and replays each group with its cards in their order', async () => {
    const file = fresh();
    const { simulator, ids } = world(20_000);
    const persistence = await persistState(simulator, file);
    const book = simulator.fleet.directionalGroups;
    const commit = async () => {
      simulator.notifyChange();
      await persistence.durable();
    };
    const big = book.create('acme', 'big', 1);
    const small = book.create('acme', 'small', 1);
    const rest = ids.length - 4;
    expect(rest).toBeGreaterThan(10_000);
    for (const id of ids.slice(0, rest)) book.bind(big, id);
    await commit();
    const [p, q, r, s] = ids.slice(rest) as [number, number, number, number];
    book.bind(small, p);
    book.bind(small, ids[3]!);
    book.bind(big, q);
    // Moved back: last in its group, after q.
    book.bind(big, ids[3]!);
    await commit();
    const lines = logLines(file);
    const moves = lines[lines.length - 1]!;
    expect(JSON.stringify(moves).length).toBeLessThan(300);
    expect(moves['books']).toEqual({});
    expect(moves['grouped']).toEqual({
      directionalGroups: {
        bindings: [
          [p, small.id],
          [q, big.id],
          [ids[3], big.id],
        ],
      },
    });
    // A group deleted takes its cards in the line of its groups, not a binding each.
    book.bind(small, r);
    book.delete(big);
    const third = book.create('acme', 'third', 2);
    book.bind(third, s);
    book.bind(third, ids[5]!);
    await commit();
    const after = logLines(file).at(-1)!;
    expect(JSON.stringify(after).length).toBeLessThan(600);
    expect((after['grouped'] as { directionalGroups: { bindings: unknown[] } }).directionalGroups.bindings).toEqual([
      [r, small.id],
      [s, third.id],
      [ids[5], third.id],
    ]);
    const live = exported(simulator);
    const groups = (live['books'] as { directionalGroups: { groups: Array<{ name: string; cardIds: number[] }> } }).directionalGroups
      .groups;
    expect(groups.map((g) => [g.name, g.cardIds])).toEqual([
      ['small', [p, r]],
      ['third', [s, ids[5]]],
    ]);
    const recovered = await recoverStateFile(file);
    expect(comparable(recovered?.scenario.state as never)).toEqual(comparable(live));
    await persistence.close();
    // And a simulator given what was recovered finds each card in its group.
    const again = createSimulator({ clock: { frozen: true }, cards: 20_000 });
    again.loadScenario(recovered!.scenario);
    expect(again.fleet.directionalGroups.groupOf(ids[3]!)).toBeUndefined();
    expect(again.fleet.directionalGroups.groupOf(ids[5]!)?.name).toBe('third');
    expect([...again.fleet.directionalGroups.groupOf(p)!.cardIds]).toEqual([p, r]);
  });

  it('refuses entries changed in a book that is not keyed, or entries that are not records', async () => {
    const file = fresh();
    const { simulator } = world();
    await (await persistState(simulator, file)).close();
    const delta = (keyed: unknown) =>
      `${JSON.stringify({ v: LOG_FORMAT, kind: 'delta', n: 1, members: {}, cards: [], dropped: [], books: {}, nonces: [], keyed })}\n`;
    writeFileSync(`${file}.log`, delta({ tagBook: { removed: [], set: [] } }));
    await expect(recoverStateFile(file)).rejects.toThrow(/damaged at byte 0 \(entries changed in tagBook, which is not a keyed book/);
    writeFileSync(`${file}.log`, delta({ stopRules: { removed: [], set: [7] } }));
    await expect(recoverStateFile(file)).rejects.toThrow(/an entry set in stopRules that is not an object/);
    writeFileSync(`${file}.log`, delta({ stopRules: [] }));
    await expect(recoverStateFile(file)).rejects.toThrow(/the changes to stopRules are not a list of keys removed and entries set/);
  });

  it('refuses groups changed in a book that is not grouped, and bindings to a group no line holds', async () => {
    const file = fresh();
    const { simulator } = world();
    await (await persistState(simulator, file)).close();
    const delta = (grouped: unknown) =>
      `${JSON.stringify({ v: LOG_FORMAT, kind: 'delta', n: 1, members: {}, cards: [], dropped: [], books: {}, nonces: [], grouped })}\n`;
    writeFileSync(`${file}.log`, delta({ tagBook: { bindings: [] } }));
    await expect(recoverStateFile(file)).rejects.toThrow(/damaged at byte 0 \(groups changed in tagBook, which is not a grouped book/);
    writeFileSync(`${file}.log`, delta({ directionalGroups: { bindings: [[7, 30_001]] } }));
    await expect(recoverStateFile(file)).rejects.toThrow(
      /card 7 bound to group 30001 of directionalGroups, which neither the snapshot nor a line before holds/,
    );
    writeFileSync(`${file}.log`, delta({ directionalGroups: { bindings: [7] } }));
    await expect(recoverStateFile(file)).rejects.toThrow(/a binding of directionalGroups that is not \[card, group\]/);
    writeFileSync(`${file}.log`, delta({ directionalGroups: { groups: { nextId: 2, groups: [{ name: 'x' }] }, bindings: [] } }));
    await expect(recoverStateFile(file)).rejects.toThrow(/a group of directionalGroups without a numeric id/);
  });
});

function stopRulesOf(...rules: Array<[number, number, boolean, number]>) {
  return rules.map(([cardId, limitKb, autoRestore, setAt]) => ({ cardId, rule: { limitKb, autoRestore, setAt } }));
}
