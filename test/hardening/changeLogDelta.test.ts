import { controlCall } from '#helpers/controlCall.js';
import { appendFileSync, copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { comparable, freshStateFile, logLines as lines } from '#helpers/changeLogWorld.js';
import { LOG_FORMAT } from '#src/persistence/changeLog.js';
import { createSimulator, persistState, recoverStateFile } from '#src/index.js';
import type { Simulator } from '#src/simulator.js';
import type { SimResponse } from '#src/engine/simResponse.js';
import { signHuaweiRequest } from '#helpers/huaweiSign.js';
import { cardRecord } from '#src/fleet/fleetState.js';
import { HUAWEI } from '#helpers/defaultKeys.js';

/**
 * The change log writes what changed since its last line, not since generation
 * (docs/reliability.md, "Durability"): each line is checked for what it holds, the log replayed
 * over its snapshot must give exactly the world the simulator exports, a torn or stale log is
 * read safely, and a refused request adds nothing to it.
 */
const fresh = () => freshStateFile('delta');

const control = controlCall;

function gsl(simulator: Simulator, action: 'stop' | 'reset', cardId: number): SimResponse {
  return simulator.handle(
    signHuaweiRequest({ method: 'POST', path: `/v1/sim-cards/${cardId}/${action}`, data: {}, keys: HUAWEI, at: Date.now() }),
  );
}

/** Work orders complete at the next request, unless told to take (frozen) time. */
async function huaweiWorld(huaweiWorkOrderDurationMs = 0) {
  const simulator = createSimulator({ clock: { frozen: true }, settings: { huaweiRequestsPerSecond: 0, huaweiWorkOrderDurationMs } });
  const acme = simulator.fleet.accounts()[0]!;
  const active = simulator.fleet
    .query({ accountId: acme.id }, 0, simulator.fleet.size)
    .items.filter((card) => card.state === 'active')
    .map((card) => ({ id: card.id, iccid: card.iccid }));
  return { simulator, active };
}

describe('the change log, line by line', () => {
  it('writes in each line only the cards and work orders changed since the line before', async () => {
    const file = fresh();
    const { simulator, active } = await huaweiWorld();
    const persistence = await persistState(simulator, file);
    const [a, b] = active;
    expect(gsl(simulator, 'stop', a!.id).status).toBe(200);
    await persistence.durable();
    expect(gsl(simulator, 'stop', b!.id).status).toBe(200);
    await persistence.durable();
    expect(control(simulator, 'POST', '/clock/advance', { by: 6 * 60_000 }).status).toBeLessThan(300);
    expect(gsl(simulator, 'reset', a!.id).status).toBe(200);
    await persistence.durable();
    expect(gsl(simulator, 'stop', active[2]!.id).status).toBe(200);
    await persistence.durable();
    const [base, first, second, third, fourth] = lines(file);
    expect(base).toEqual({ v: LOG_FORMAT, kind: 'base', snapshot: createHash('sha256').update(readFileSync(file)).digest('hex'), n: 0 });
    // Each commit's line carries its number: recovery tells the lines in flight at a kill by it.
    expect([first!['n'], second!['n'], third!['n'], fourth!['n']]).toEqual([1, 2, 3, 4]);
    // The first stop files its work order; the card changes when the order completes.
    expect(first!.cards).toEqual([]);
    expect(first!.workOrders!.orders.map((o) => o.id)).toEqual([1_000_001]);
    // The second: that order completed and card a stopped (settled at the start of the request),
    // and card b's order filed. The completed order was filed in the line before: only what
    // settling changed is written. Card b itself, the frozen clock and the books are not written again.
    expect(second!.cards!.map((c) => c.iccid)).toEqual([a!.iccid]);
    expect(second!.workOrders!.orders.map((o) => [o.id, (o as unknown as { status: string }).status])).toEqual([[1_000_002, 'processing']]);
    expect(second!.workOrders!.settled).toEqual([
      {
        id: 1_000_001,
        status: 'completed',
        finishedAt: expect.any(Number),
        lines: [{ cardId: a!.id, status: 'completed', finishedAt: expect.any(Number) }],
      },
    ]);
    expect(second!['books']).toEqual({});
    expect(Object.keys(second!['members'] as object)).toEqual(['requestIds']);
    // The third: card b stopped, whole (its first line); card a's resume filed.
    expect(third!.cards!.map((c) => c.iccid)).toEqual([b!.iccid]);
    expect(third!.patches).toBeUndefined();
    expect(third!.workOrders!.settled!.map((o) => o.id)).toEqual([1_000_002]);
    // The fourth: card a, whole in the second line, resumed: only the fields that changed (its
    // state, and its usage, no longer quiet), each whole.
    expect(fourth!.cards).toEqual([]);
    expect(fourth!.patches).toEqual([{ iccid: a!.iccid, set: { state: 'active', usage: expect.any(Object) } }]);
    expect(fourth!.patches![0]!.set['usage']).not.toHaveProperty('quiet');
    expect(fourth!.workOrders!.settled!.map((o) => o.id)).toEqual([1_000_003]);
    const live = simulator.exportScenario();
    const recovered = await recoverStateFile(file);
    expect(recovered?.replayed).toBe(4);
    expect(comparable(recovered?.scenario.state as never)).toEqual(comparable(JSON.parse(JSON.stringify(live.state)) as never));
    await persistence.close();
  });

  it('writes what was appended to the SMS log and the placed orders, not the books again, and replays it', async () => {
    const file = fresh();
    const { simulator, active } = await huaweiWorld();
    const persistence = await persistState(simulator, file);
    const iccids = simulator.fleet
      .query({ accountId: 'acme' }, 0, 50)
      .items.filter((card) => card.simKind === 'physical')
      .map((card) => card.iccid);
    const sms = (cids: string[], content: string) =>
      simulator.handle(
        signHuaweiRequest({
          method: 'POST',
          path: '/v1/sms-send-infos',
          data: { sms_content: content, cids },
          keys: HUAWEI,
          at: Date.now(),
        }),
      );
    const placed = (n: number) =>
      simulator.fleet.orders.place({
        accountId: 'acme',
        kind: 'renew',
        cardId: active[n]!.id,
        planId: simulator.fleet.cardById('acme', active[n]!.id)!.planId,
        quantity: 1,
        serialNo: `S${n}`,
        workOrderId: 0,
        createdAt: n,
      } as never);
    expect(sms(iccids.slice(0, 2), 'first').status).toBe(200);
    await persistence.durable();
    placed(0);
    expect(sms(iccids.slice(2, 3), 'second').status).toBe(200);
    await persistence.durable();
    placed(1);
    placed(2);
    expect(gsl(simulator, 'stop', active[3]!.id).status).toBe(200);
    await persistence.durable();
    const [, first, second, third] = lines(file);
    // Only what each line added, never a book whole again.
    for (const line of [first, second, third]) {
      expect(line!['books']).not.toHaveProperty('smsLog');
      expect(line!['books']).not.toHaveProperty('orders');
    }
    const appended = (line: typeof first) =>
      line!['appended'] as { smsLog?: Array<{ content: string }>; orders?: { nextId: number; orders: Array<{ serialNo: string }> } };
    expect(appended(first).smsLog!.map((r) => r.content)).toEqual(['first', 'first']);
    expect(appended(first)).not.toHaveProperty('orders');
    expect(appended(second).smsLog!.map((r) => r.content)).toEqual(['second']);
    expect(appended(second).orders!.orders.map((o) => o.serialNo)).toEqual(['S0']);
    expect(appended(third)).not.toHaveProperty('smsLog');
    expect(appended(third).orders).toEqual({
      nextId: simulator.fleet.orders.toJSON().nextId,
      orders: [expect.objectContaining({ serialNo: 'S1' }), expect.objectContaining({ serialNo: 'S2' })],
    });
    const live = simulator.exportScenario();
    const recovered = await recoverStateFile(file);
    expect(recovered?.replayed).toBe(3);
    expect(comparable(recovered?.scenario.state as never)).toEqual(comparable(JSON.parse(JSON.stringify(live.state)) as never));
    // A book replaced all at once (its epoch moves) goes whole, and what follows appends to it.
    simulator.fleet.smsLog.restore([]);
    expect(sms(iccids.slice(0, 1), 'after').status).toBe(200);
    await persistence.durable();
    const fourth = lines(file)[4]!;
    expect((fourth['books'] as { smsLog: Array<{ content: string }> }).smsLog.map((r) => r.content)).toEqual(['after']);
    expect(fourth['appended']).toBeUndefined();
    const again = await recoverStateFile(file);
    expect(comparable(again?.scenario.state as never)).toEqual(
      comparable(JSON.parse(JSON.stringify(simulator.exportScenario().state)) as never),
    );
    await persistence.close();
  });

  it('replays to exactly the world the simulator exports: cards changed, added and removed, work orders, tags, the clock', async () => {
    const file = fresh();
    const { simulator, active } = await huaweiWorld();
    const persistence = await persistState(simulator, file);
    for (const [i, card] of active.slice(0, 12).entries()) {
      expect(gsl(simulator, 'stop', card.id).status).toBe(200);
      if (i % 3 === 0) await persistence.durable();
    }
    expect(control(simulator, 'POST', '/clock/advance', { by: 6 * 60_000 }).status).toBeLessThan(300);
    for (const card of active.slice(0, 6)) expect(gsl(simulator, 'reset', card.id).status).toBe(200);
    expect(control(simulator, 'PATCH', `/cards/${active[7]!.iccid}`, { remark: 'edited', tags: ['kept'] }).status).toBe(200);
    await persistence.durable();
    // A field taken away from a card the log holds: the patch says so (`unset`).
    expect(control(simulator, 'PATCH', `/cards/${active[7]!.iccid}`, { imei: null }).status).toBe(200);
    await persistence.durable();
    expect(readFileSync(`${file}.log`, 'utf8')).toContain(`{"iccid":"${active[7]!.iccid}","set":{},"unset":["imei"]}`);
    expect(control(simulator, 'POST', '/cards', { account: 'globex', iccid: '89860100000000000018', tags: ['new'] }).status).toBe(201);
    await persistence.durable();
    expect(control(simulator, 'POST', '/cards', { account: 'globex', iccid: '89860100000000000026' }).status).toBe(201);
    await persistence.durable();
    expect(control(simulator, 'DELETE', `/cards/${active[8]!.iccid}`).status).toBeLessThan(300);
    // Removed and added again in one commit: a new card at the end of the fleet.
    expect(control(simulator, 'DELETE', '/cards/89860100000000000018').status).toBeLessThan(300);
    expect(control(simulator, 'POST', '/cards', { account: 'globex', iccid: '89860100000000000018', tags: ['again'] }).status).toBe(201);
    await persistence.durable();
    const live = simulator.exportScenario();
    const recovered = await recoverStateFile(file);
    expect(recovered?.replayed).toBeGreaterThan(3);
    expect(comparable(recovered?.scenario.state as never)).toEqual(comparable(JSON.parse(JSON.stringify(live.state)) as never));
    // Added cards come back in the fleet's order: the one removed and added again is now last.
    const added = (state: typeof live.state) => state!.cards.filter((c) => c.iccid.startsWith('898601000000000000')).map((c) => c.iccid);
    expect(added(live.state)).toEqual(['89860100000000000026', '89860100000000000018']);
    expect(added(recovered!.scenario.state)).toEqual(added(live.state));
    expect(recovered!.scenario.state!.clock.now).toBe(live.state!.clock.now);
    // The export the state file serialises without copying reads the same as the copy.
    const withoutClock = (scenario: typeof live) => JSON.stringify({ ...scenario, state: { ...scenario.state, clock: undefined } });
    expect(withoutClock(simulator.exportScenario({ shared: true }))).toBe(withoutClock(simulator.exportScenario()));
    // Closing writes the final snapshot from that export: it holds the same world.
    await persistence.close();
    const closed = await recoverStateFile(file);
    expect(closed?.replayed).toBe(0);
    expect(comparable(closed?.scenario.state as never)).toEqual(comparable(JSON.parse(JSON.stringify(live.state)) as never));
  });

  it('adds nothing for a refused control-plane change, and only the request-id position for a refused vendor call', async () => {
    const file = fresh();
    // Orders that take an hour on a frozen clock: nothing completes behind the refused requests.
    const { simulator, active } = await huaweiWorld(3_600_000);
    const persistence = await persistState(simulator, file);
    expect(gsl(simulator, 'stop', active[0]!.id).status).toBe(200);
    await persistence.durable();
    const before = statSync(`${file}.log`).size;
    const exported = JSON.stringify(simulator.exportScenario().state?.cards);
    // Refused: a field the control plane does not take, and a state that does not exist.
    expect(control(simulator, 'PATCH', `/cards/${active[1]!.iccid}`, { remark: 'x'.repeat(300) }).status).toBe(400);
    expect(control(simulator, 'PUT', `/cards/${active[1]!.iccid}/state`, { state: 'nowhere' }).status).toBe(400);
    await persistence.durable();
    expect(statSync(`${file}.log`).size).toBe(before);
    // Refused by GSL: the same stop again within five minutes.
    const refused = gsl(simulator, 'stop', active[0]!.id);
    expect(refused.status).toBe(403);
    await persistence.durable();
    const last = lines(file).at(-1)!;
    expect(last).toMatchObject({ kind: 'delta', cards: [], dropped: [], books: {}, nonces: [] });
    expect(last['workOrders']).toBeUndefined();
    expect(Object.keys(last['members'] as object)).toEqual(['requestIds']);
    expect(JSON.stringify(simulator.exportScenario().state?.cards)).toBe(exported);
    await persistence.close();
  });

  it('drops a torn last line, even the first line of a log cut short mid-write', async () => {
    const file = fresh();
    const { simulator, active } = await huaweiWorld();
    const persistence = await persistState(simulator, file);
    expect(gsl(simulator, 'stop', active[0]!.id).status).toBe(200);
    await persistence.durable();
    const whole = readFileSync(`${file}.log`, 'utf8');
    const recoveredWhole = await recoverStateFile(file);
    await persistence.close();
    const snapshot = readFileSync(file);
    // A kill mid-write: every cut of the last line reads as torn, and everything before it stays.
    const lastStart = whole.lastIndexOf('\n', whole.length - 2) + 1;
    for (const cut of [lastStart + 1, lastStart + 40, whole.length - 2]) {
      writeFileSync(file, snapshot);
      writeFileSync(`${file}.log`, whole.slice(0, cut));
      const recovered = await recoverStateFile(file);
      expect(recovered?.torn).toBe(true);
    }
    // Cut inside the base line (the log's very first write): the snapshot alone.
    writeFileSync(`${file}.log`, whole.slice(0, 30));
    const cutBase = await recoverStateFile(file);
    expect(cutBase).toMatchObject({ torn: true, replayed: 0 });
    expect(recoveredWhole?.torn).toBe(false);
  });

  it('compacts into a snapshot the log then names, and never replays an older log over a newer snapshot', async () => {
    const file = fresh();
    const { simulator, active } = await huaweiWorld();
    const persistence = await persistState(simulator, file, { compactBytes: 3_000 });
    const stale = `${file}.stale`;
    const previous = `${file}.previous`;
    let compactions = 0;
    for (const card of active.slice(0, 8)) {
      const before = statSync(`${file}.log`).size;
      if (before > 0) copyFileSync(`${file}.log`, previous);
      expect(gsl(simulator, 'stop', card.id).status).toBe(200);
      await persistence.durable();
      // A compaction runs beside the commits: the files are read once it is done.
      await persistence.settled();
      // The log before a compaction: what a kill between the snapshot's rename and the log's emptying leaves.
      if (statSync(`${file}.log`).size < before) {
        compactions++;
        copyFileSync(previous, stale);
      }
    }
    expect(compactions).toBeGreaterThan(0);
    // A compaction's snapshot is written while requests wait: one line, not indented.
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(2);
    // Compacted at least once: the log is short and names the snapshot it extends.
    const log = lines(file);
    expect(log.length).toBeLessThan(8);
    if (log.length > 0)
      expect(log[0]).toMatchObject({ kind: 'base', snapshot: createHash('sha256').update(readFileSync(file)).digest('hex') });
    const live = JSON.parse(JSON.stringify(simulator.exportScenario().state)) as Record<string, unknown>;
    const recovered = await recoverStateFile(file);
    expect(comparable(recovered?.scenario.state as never)).toEqual(comparable(live));
    // An older log beside the newer snapshot is skipped, whatever it holds.
    copyFileSync(stale, `${file}.log`);
    const skipped = await recoverStateFile(file);
    expect(skipped?.stale).toBe(true);
    expect(comparable(skipped?.scenario.state as never)).toEqual(comparable(JSON.parse(readFileSync(file, 'utf8')).state));
    // …unless it carries a whole world after that: a log written on after a failed compaction.
    appendFileSync(`${file}.log`, `${JSON.stringify({ v: 2, kind: 'full', scenario: simulator.exportScenario() })}\n`);
    const rebased = await recoverStateFile(file);
    expect(comparable(rebased?.scenario.state as never)).toEqual(comparable(live));
    await persistence.close();
    // A clean stop's save is for people to read: indented.
    expect(readFileSync(file, 'utf8')).toMatch(/^\{\n {2}"format": /);
  });

  it('keeps a change made while a save folds the log into the snapshot', async () => {
    const file = fresh();
    const { simulator, active } = await huaweiWorld(3_600_000);
    const persistence = await persistState(simulator, file);
    expect(gsl(simulator, 'stop', active[0]!.id).status).toBe(200);
    await persistence.durable();
    // With the commit loop idle, the save has exported the world by the time it returns; this change comes after.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const saving = persistence.save();
    expect(control(simulator, 'PATCH', `/cards/${active[1]!.iccid}`, { remark: 'during the save' }).status).toBe(200);
    const answered = persistence.durable();
    await Promise.all([saving, answered]);
    expect(readFileSync(file, 'utf8')).not.toContain('during the save');
    const recovered = await recoverStateFile(file);
    expect(recovered?.scenario.state?.cards.find((c) => c.iccid === active[1]!.iccid)?.remark).toBe('during the save');
    await persistence.close();
  });

  it('writes a running clock only when it is set, moved, frozen or sped up, not as its time passes', async () => {
    const file = fresh();
    const simulator = createSimulator({ settings: { huaweiRequestsPerSecond: 0 } });
    const iccid = simulator.fleet.allCards().next().value!.iccid;
    const persistence = await persistState(simulator, file);
    expect(control(simulator, 'PATCH', `/cards/${iccid}`, { remark: 'one' }).status).toBe(200);
    await persistence.durable();
    // Real time passes between the two lines, and the running clock with it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(control(simulator, 'PATCH', `/cards/${iccid}`, { remark: 'two' }).status).toBe(200);
    await persistence.durable();
    expect(control(simulator, 'POST', '/clock/advance', { by: 60_000 }).status).toBeLessThan(300);
    await persistence.durable();
    const [, one, two, moved] = lines(file);
    expect(one!['members']).not.toHaveProperty('clock');
    expect(two!['members']).not.toHaveProperty('clock');
    expect(moved!['members']).toHaveProperty('clock');
    // The second remark is a change to a card the first line holds whole: a patch of that field alone.
    expect(two!.patches).toEqual([{ iccid, set: { remark: 'two' } }]);
    const recovered = await recoverStateFile(file);
    const live = simulator.exportScenario().state!;
    expect(Date.parse(recovered!.scenario.state!.clock.now) - Date.parse(recovered!.scenario.state!.clock.savedAt)).toBe(
      Date.parse(live.clock.now) - Date.parse(live.clock.savedAt),
    );
    await persistence.close();
  });

  it('writes the books and members it compares by revision or key when, and only when, they change: a three-network switch, a setting', async () => {
    const file = fresh();
    const { simulator } = await huaweiWorld();
    const persistence = await persistState(simulator, file);
    const book = simulator.fleet.threeNetwork;
    const threeNetwork = simulator.fleet.accounts().flatMap((account) => book.list(account.id))[0]!;
    const other = (['CMCC', 'CUCC', 'CTCC'] as const).find((carrier) => carrier !== threeNetwork.onlineCarrier)!;
    book.apply(threeNetwork.cardId, { onlineCarrier: other });
    simulator.notifyChange();
    await persistence.durable();
    expect(control(simulator, 'PATCH', '/settings', { huaweiWorkOrderDurationMs: 1234 }).status).toBe(200);
    await persistence.durable();
    const [, switched, set] = lines(file);
    expect(Object.keys(switched!['books'] as object)).toEqual(['threeNetwork']);
    expect(switched!['members']).toEqual({});
    expect(set!['books']).toEqual({});
    expect(Object.keys(set!['members'] as object)).toEqual(['settings']);
    const recovered = await recoverStateFile(file);
    const state = recovered!.scenario.state!;
    expect(state.books.threeNetwork!.find((c) => c.cardId === threeNetwork.cardId)!.onlineCarrier).toBe(other);
    expect(state.settings!['huaweiWorkOrderDurationMs']).toBe(1234);
    expect(comparable(state as never)).toEqual(comparable(JSON.parse(JSON.stringify(simulator.exportScenario().state)) as never));
    await persistence.close();
  });

  it('refuses a log that changes a card or settles a work order that neither the snapshot nor a line before holds', async () => {
    const file = fresh();
    const { simulator } = await huaweiWorld();
    const persistence = await persistState(simulator, file);
    await persistence.close();
    const log = `${file}.log`;
    const delta = (extra: Record<string, unknown>, n: number) =>
      `${JSON.stringify({ v: 4, kind: 'delta', n, members: {}, cards: [], dropped: [], books: {}, nonces: [], ...extra })}\n`;
    writeFileSync(log, delta({ patches: [{ iccid: '89860000000000000000', set: { remark: 'x' } }] }, 1));
    await expect(recoverStateFile(file)).rejects.toThrow(/damaged at byte 0 \(a change to card 89860000000000000000, which neither/);
    writeFileSync(log, delta({ workOrders: { nextId: 7, orders: [], settled: [{ id: 6, status: 'completed', lines: [] }] } }, 1));
    await expect(recoverStateFile(file)).rejects.toThrow(/the settling of work order 6, which neither/);
    // Records appended to a book that is not append-only, or to an append-only book the line before replaced with nothing readable.
    writeFileSync(log, delta({ appended: { tagBook: [] } }, 1));
    await expect(recoverStateFile(file)).rejects.toThrow(
      /damaged at byte 0 \(records appended to tagBook, which is not an append-only book/,
    );
    writeFileSync(log, delta({ books: { smsLog: null }, appended: { smsLog: [] } }, 1));
    await expect(recoverStateFile(file)).rejects.toThrow(/SMS records appended to no SMS log/);
    // The same changes after lines that hold the card and the order replay.
    const card = cardRecord(simulator.fleet.allCards().next().value!);
    const order = {
      id: 6,
      accountId: 'acme',
      operation: 'stop',
      effect: { kind: 'none' },
      details: {},
      createdAt: 0,
      dueAt: 0,
      status: 'processing',
      lines: [],
    };
    writeFileSync(
      log,
      delta({ cards: [card], workOrders: { nextId: 7, orders: [order] } }, 1) +
        delta(
          {
            patches: [{ iccid: card.iccid, set: { remark: 'x' }, unset: ['imei'] }],
            workOrders: { nextId: 7, orders: [], settled: [{ id: 6, status: 'completed', finishedAt: 5, lines: [] }] },
          },
          2,
        ),
    );
    const recovered = await recoverStateFile(file);
    const back = recovered!.scenario.state!.cards.find((c) => c.iccid === card.iccid)!;
    expect(back['remark']).toBe('x');
    expect(back).not.toHaveProperty('imei');
    expect(recovered!.scenario.state!.books.workOrders!.orders.find((o) => o.id === 6)).toMatchObject({
      status: 'completed',
      finishedAt: 5,
    });
  });
});
