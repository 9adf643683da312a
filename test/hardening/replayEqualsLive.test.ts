import { describe, expect, it } from 'vitest';
import { freshStateFile, reloaded } from '#helpers/changeLogWorld.js';
import { controlCall } from '#helpers/controlCall.js';
import { HUAWEI } from '#helpers/defaultKeys.js';
import { signHuaweiRequest } from '#helpers/huaweiSign.js';
import { createSimulator, persistState, responseText, type Persistence } from '#src/index.js';
import { FLEET_BOOKS } from '#src/fleet/fleetState.js';
import type { SimResponse } from '#src/engine/simResponse.js';
import type { Simulator } from '#src/simulator.js';
import type { Card } from '#src/fleet/model.js';
import type { LifecycleState } from '#src/fleet/lifecycle.js';
import type { WorkOrderEffect } from '#src/fleet/workOrders.js';
import { signedV1 } from '../aliyun/helpers/sign.js';
import { Draws } from '#helpers/draws.js';

/**
 * The state file's change log (src/persistence/changeLog.ts, stateFile.ts,
 * cardPatch.ts) and the books it follows: whatever the simulator answered must come back, in the
 * same order, from the snapshot and its log after a restart. A seeded random walk of book
 * changes, vendor calls (signed Alibaba and Huawei requests) and control-plane calls, committed
 * at random points, is reloaded from the state file and compared with the live world: the
 * export, and every book's own JSON, order included; then both are moved on by the same time and
 * compared again (what a restart changed may show only once work orders and usage settle).
 */

const LINKCARD = '2021-05-20';
const DYIOT = '2017-11-11';
/** In the wall clock's past: the signature nonces (kept until wall time + 15 min) outlive the simulated clock's moves. */
const START = Date.parse('2025-01-30T03:00:00Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// ---- the world, its requests and its comparison -----------------------------------------------

interface Options {
  settings?: Record<string, unknown>;
  start?: number;
}

function world(options: Options = {}): Simulator {
  return createSimulator({
    clock: { frozen: true, start: options.start ?? START },
    settings: {
      huaweiRequestsPerSecond: 0,
      aliyunRequestsPerSecond: 0,
      huaweiWorkOrderDurationMs: 5 * MINUTE,
      aliyunOperationDurationMs: MINUTE,
      ...options.settings,
    },
  });
}

async function commit(simulator: Simulator, persistence: Persistence): Promise<void> {
  simulator.notifyChange();
  try {
    await persistence.durable();
  } catch (err) {
    // A failed write (the walk's injected ones): the next line is the whole world; commit it.
    if (!String((err as Error).message).includes('injected: no space left')) throw err;
    simulator.notifyChange();
    await persistence.durable()?.catch(() => commit(simulator, persistence));
  }
}

/** The world's export as plain JSON; the clock's wall-time stamp is the only member that differs by when it is read. */
function exported(simulator: Simulator): Record<string, unknown> {
  const scenario = JSON.parse(JSON.stringify(simulator.exportScenario())) as { state: { clock: Record<string, unknown> } };
  delete scenario.state.clock['savedAt'];
  return scenario as unknown as Record<string, unknown>;
}

function books(simulator: Simulator): Record<string, unknown> {
  return Object.fromEntries(FLEET_BOOKS.map((name) => [name, JSON.parse(JSON.stringify(simulator.fleet[name].toJSON()))]));
}

/** The live world and the reloaded one alike, both settled to their clock: every book (order included), then the whole export. */
function expectSameWorld(reloadedWorld: Simulator, live: Simulator, when: string): void {
  // Usage summed up to the clock in both (not logged: a function of the clock and the cards), as the next request would.
  for (const simulator of [reloadedWorld, live]) simulator.fleet.settle(simulator.clock.now());
  const a = books(reloadedWorld);
  const b = books(live);
  for (const name of FLEET_BOOKS) expect(a[name], `${when}: book ${name}`).toEqual(b[name]);
  expect(exported(reloadedWorld), `${when}: the export`).toEqual(exported(live));
}

/** Moves the (frozen) clock on by `ms` and settles the fleet, as the next request would. */
function moveOn(simulator: Simulator, ms: number): void {
  simulator.clock.set(simulator.clock.now() + ms);
  simulator.fleet.settle(simulator.clock.now());
}

const control = controlCall;

function aliyun(simulator: Simulator, action: string, version: string, params: Record<string, string>, nonce?: string): SimResponse {
  return simulator.handle(signedV1(action, version, params, { at: Date.now(), ...(nonce ? { nonce } : {}) }));
}

function gsl(simulator: Simulator, method: string, path: string, data?: unknown, query?: Record<string, unknown>): SimResponse {
  return simulator.handle(signHuaweiRequest({ method, path, data, keys: HUAWEI, at: Date.now(), ...(query ? { query } : {}) }));
}

function bodyOf(res: SimResponse): Record<string, unknown> {
  const text = responseText(res);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

const acmeCards = (simulator: Simulator): Card[] => simulator.fleet.query({ accountId: 'acme' }, 0, simulator.fleet.size).items;

// ---- the random walk ----------------------------------------------------------------------------

interface Walk {
  simulator: Simulator;
  persistence: Persistence;
  file: string;
  rng: Draws;
  /** Cards removed since the last commit (ICCIDs), which the walk may add back. */
  removedThisWindow: Set<string>;
  removedEarlier: Array<{ iccid: string; accountId: string; plan: string }>;
  nonceCount: number;
  /** The few cards the walk changes (by ICCID), so that it changes the same ones again and again. */
  pool: string[];
}

type Move = (walk: Walk) => void;

const REMINDER_IDS = ['r1', 'r2', 'r3'];
const TAG_NAMES = ['alpha', 'beta', 'gamma', 'delta'];
const IMEIS = ['860000000000001', '860000000000002', '860000000000003', '860000000000004'];
const ACCOUNTS = ['acme', 'globex'];

function someCard(walk: Walk, where: (card: Card) => boolean = () => true): Card | undefined {
  const fleet = walk.simulator.fleet;
  const cards = walk.pool.map((iccid) => fleet.cardWithIccid(iccid)).filter((c): c is Card => c !== undefined && where(c));
  return cards.length === 0 ? undefined : walk.rng.pick(cards);
}

/** A few cards of acme's: some on pool plans, some three-network, some China Unicom, the rest at random. */
function cardPool(simulator: Simulator, rng: Draws): string[] {
  const cards = acmeCards(simulator);
  const three = new Set(simulator.fleet.threeNetwork.list('acme').map((c) => c.cardId));
  const picks = new Set<Card>();
  const take = (where: (c: Card) => boolean, n: number) => {
    const matching = cards.filter((c) => where(c) && !picks.has(c));
    for (let i = 0; i < n && matching.length > 0; i++) picks.add(matching.splice(rng.int(matching.length), 1)[0]!);
  };
  take((c) => /-(PF|DPF|UP)-/.test(c.planId) && c.state === 'active', 4);
  take((c) => three.has(c.id), 3);
  take((c) => c.carrier === 'CUCC' && c.state === 'active', 3);
  take(() => true, 6);
  return [...picks].map((c) => c.iccid);
}

function nonce(walk: Walk): string {
  return `n${walk.nonceCount++}-${walk.rng.hex(8)}`;
}

/** Moves through the books' own methods (what an embedder may call on `simulator.fleet`). */
const BOOK_MOVES: Move[] = [
  // network controls: set, change, back to none
  (w) => {
    const card = someCard(w);
    if (!card) return;
    const change = w.rng.pick([
      { cutNet: true },
      { cutNet: false },
      { quotaMb: w.rng.int(100) },
      { quotaMb: undefined },
      { speedKbps: w.rng.pick([64, 256, 512]) },
      { speedKbps: undefined },
      { cutNet: false, quotaMb: undefined, speedKbps: undefined },
    ]);
    w.simulator.fleet.networkControls.set(card.id, change);
  },
  (w) => {
    const card = someCard(w);
    const limitKb = 1 + w.rng.int(10_000_000);
    const autoRestore = w.rng.chance(0.5);
    if (card) w.simulator.fleet.stopRules.set(card.id, { limitKb, autoRestore, setAt: w.simulator.clock.now() });
  },
  (w) =>
    w.simulator.fleet.devices.register(w.rng.pick(ACCOUNTS), {
      imei: w.rng.pick(IMEIS),
      deviceType: w.rng.pick(['tracker', 'meter']),
      comments: w.rng.chance(0.5) ? undefined : `c${w.rng.int(9)}`,
      registeredAt: w.simulator.clock.now(),
    }),
  (w) => {
    const kind = w.rng.pick(['relative', 'absolute'] as const);
    const account = w.rng.pick(ACCOUNTS);
    const bizId = w.rng.pick(REMINDER_IDS);
    if (w.rng.chance(0.35)) w.simulator.fleet.reminders.delete(account, 'CARD', bizId, kind);
    else
      w.simulator.fleet.reminders.set(account, {
        bizType: 'CARD',
        bizId,
        kind,
        config: `{"at":${w.rng.int(100)}}`,
        updatedAt: w.simulator.clock.now(),
      });
  },
  (w) => {
    const account = w.rng.pick(ACCOUNTS);
    const name = w.rng.pick(TAG_NAMES);
    const book = w.simulator.fleet.tagBook;
    if (!w.rng.chance(0.4)) return book.declare(account, name);
    book.forget(account, name);
  },
  (w) => {
    const account = w.rng.pick(ACCOUNTS);
    if (w.rng.chance(0.2)) return void w.simulator.fleet.attributeBook.definitions(account);
    w.simulator.fleet.attributeBook.update(account, 1 + w.rng.int(6), {
      name: w.rng.chance(0.2) ? undefined : `attr${w.rng.int(5)}`,
      enabled: w.rng.chance(0.5),
      modifiedAt: w.simulator.clock.now(),
    });
  },
  (w) =>
    w.simulator.fleet.networkSwitchPolicies.add({
      accountId: w.rng.pick(ACCOUNTS),
      name: w.rng.chance(0.3) ? undefined : `p${w.rng.int(9)}`,
      preferredCarrier: w.rng.chance(0.5) ? undefined : 1 + w.rng.int(3),
      leastPreferredCarrier: undefined,
      optimalSignal: w.rng.chance(0.5),
      autoSwitch: w.rng.chance(0.5),
      weakSignalSwitch: true,
      connectIp: undefined,
      version: 1,
      switchOrder: undefined,
      blacklist: undefined,
      createdAt: w.simulator.clock.now(),
    }),
  // directional groups: create, addresses, bindings, delete
  (w) => {
    const book = w.simulator.fleet.directionalGroups;
    const account = 'acme';
    const groups = book.toJSON().groups.filter((g) => g.accountId === account);
    const roll = w.rng.int(10);
    if (groups.length === 0 || roll === 0) {
      const name = `g${w.rng.int(1000)}`;
      if (!book.byName(account, name)) book.create(account, name, w.simulator.clock.now());
      return;
    }
    const group = book.get(account, w.rng.pick(groups).id)!;
    if (roll === 1) return book.delete(group);
    if (roll <= 3) {
      return book.addAddress(group, {
        address: `10.0.0.${w.rng.int(6)}`,
        type: 'IP',
        source: w.rng.chance(0.5) ? undefined : 'src',
        addedAt: w.simulator.clock.now(),
      });
    }
    if (roll === 4) return void book.removeAddress(group, `10.0.0.${w.rng.int(6)}`);
    const card = someCard(w);
    if (card) book.bind(group, card.id);
  },
  (w) => {
    const book = w.simulator.fleet.threeNetwork;
    const cards = book.list('acme');
    if (cards.length === 0) return;
    const card = w.rng.pick(cards);
    book.apply(
      card.cardId,
      w.rng.chance(0.5) ? { onlineCarrier: w.rng.pick(['CMCC', 'CUCC', 'CTCC'] as const) } : { policyId: 1 + w.rng.int(5) },
    );
  },
  (w) => {
    const card = someCard(w);
    if (card)
      w.simulator.fleet.smsLog.add({
        accountId: 'acme',
        cardId: card.id,
        content: `hello ${w.rng.int(100)}`,
        sentAt: w.simulator.clock.now(),
        deliverable: w.rng.chance(0.5),
      });
  },
  (w) => {
    const card = someCard(w);
    if (card)
      w.simulator.fleet.orders.place({
        accountId: 'acme',
        kind: w.rng.pick(['renew', 'recharge'] as const),
        cardId: card.id,
        planId: card.planId,
        quantity: 1 + w.rng.int(3),
        serialNo: `S${w.rng.hex(6)}`,
        workOrderId: 1,
        createdAt: w.simulator.clock.now(),
      });
  },
  // work orders of every effect, settled later by the clock
  (w) => {
    const card = someCard(w);
    if (!card) return;
    const effects: WorkOrderEffect[] = [
      { kind: 'transition', event: w.rng.pick(['stop', 'resume', 'activate'] as const) },
      { kind: 'set', fields: { remark: w.rng.chance(0.3) ? undefined : `wo${w.rng.int(9)}` } },
      { kind: 'networkControls', change: { cutNet: w.rng.chance(0.5) } },
      { kind: 'networkControls', change: { quotaMb: w.rng.int(50) } },
      { kind: 'threeNetwork', change: { onlineCarrier: 'CTCC' } },
      { kind: 'none' },
    ];
    effects.push({ kind: 'networkControls', change: { quotaMb: undefined } });
    w.simulator.fleet.workOrders.create({
      accountId: card.accountId,
      operation: w.rng.pick(['stop', 'setQuota', 'set', 'other']),
      effect: w.rng.pick(effects),
      cardIds: [card.id],
      details: { n: w.rng.int(100) },
      createdAt: w.simulator.clock.now(),
      durationMs: w.rng.pick([0, MINUTE, 10 * MINUTE]),
    });
  },
  // a book replaced all at once on the live fleet (restore), with one of its records left out
  (w) => {
    const names = [...FLEET_BOOKS];
    const name = w.rng.pick(names);
    const book = w.simulator.fleet[name];
    const data = JSON.parse(JSON.stringify(book.toJSON())) as unknown;
    const list = Array.isArray(data) ? data : (Object.values(data as object).find(Array.isArray) as unknown[] | undefined);
    if (list && list.length > 0) list.splice(w.rng.int(list.length), 1);
    (book.restore as (data: unknown) => void)(data);
  },
  // cards: fields, lifecycle, usage
  (w) => {
    const card = someCard(w);
    if (!card) return;
    const fleet = w.simulator.fleet;
    const roll = w.rng.int(6);
    if (roll === 0) fleet.updateCard(card, (c) => (c.remark = w.rng.chance(0.3) ? undefined : `remark ${w.rng.int(99)}`));
    else if (roll === 1) fleet.updateCard(card, (c) => (c.tags = w.rng.chance(0.3) ? [] : [w.rng.pick(TAG_NAMES)]));
    else if (roll === 2) fleet.updateCard(card, (c) => (c.imei = w.rng.chance(0.3) ? undefined : w.rng.pick(IMEIS)));
    else if (roll === 3) {
      const states: LifecycleState[] = ['active', 'stoppedByUser', 'silent'];
      const state = w.rng.pick(states);
      // Now and then on a card whose timer (expiry, end of silence) is then already past.
      fleet.forceState(card, state, w.simulator.clock.now());
    } else if (roll === 4) fleet.setUsage(card, { dataKb: w.rng.int(500_000), sms: w.rng.int(50) }, w.simulator.clock.now());
    else fleet.updateCard(card, (c) => (c.autoRecharge = !c.autoRecharge));
  },
];

/** Moves through the vendors' APIs (signed requests) and the control plane. */
const GSL_CARD_OPERATION: Move = (w) => {
  const card = someCard(w);
  if (!card) return;
  const path = `/v1/sim-cards/${card.id}`;
  const roll = w.rng.int(8);
  if (roll === 0) gsl(w.simulator, 'POST', `${path}/stop`, {});
  else if (roll === 1) gsl(w.simulator, 'POST', `${path}/reset`, {});
  else if (roll === 2) gsl(w.simulator, 'POST', `${path}/cut-net`, { action: w.rng.pick(['ADD', 'DEL']) });
  else if (roll === 3) gsl(w.simulator, 'POST', `${path}/exceed-cut-net`, { action: 1, quota: 1 + w.rng.int(100) });
  else if (roll === 4) gsl(w.simulator, 'POST', `${path}/exceed-cut-net`, { action: 2 });
  else if (roll === 5) gsl(w.simulator, 'POST', `${path}/speed-limit`, { speed_value: w.rng.pick([256, 512]) });
  else if (roll === 6) gsl(w.simulator, 'POST', `${path}/speed-limit`, { speed_value: -1 });
  else gsl(w.simulator, 'POST', `${path}/enable`, undefined);
};

const REQUEST_MOVES: Move[] = [
  // GSL card operations (three times as likely as the rest): work orders of every networkControls kind, and lifecycle ones
  GSL_CARD_OPERATION,
  GSL_CARD_OPERATION,
  GSL_CARD_OPERATION,
  // GSL tags
  (w) => {
    const roll = w.rng.int(3);
    if (roll === 0) return void gsl(w.simulator, 'POST', '/v1/tags', { tag_name: w.rng.pick(TAG_NAMES.slice(0, 2)) });
    const list = bodyOf(gsl(w.simulator, 'GET', '/v1/tags', undefined, { limit: 100, offset: 1 })) as {
      tags?: Array<{ id: number; tag_name: string; status: number }>;
    };
    const tags = list.tags ?? [];
    if (tags.length === 0) return;
    const tag = w.rng.pick(tags);
    if (roll === 1) {
      gsl(w.simulator, 'DELETE', `/v1/tags/${tag.id}`, undefined);
    } else {
      const card = someCard(w);
      if (card) gsl(w.simulator, 'POST', '/v1/sim-tags/batch-set', { sim_card_ids: [card.id], tag_ids: [tag.id] });
    }
  },
  // GSL attributes
  (w) => {
    const list = bodyOf(gsl(w.simulator, 'GET', '/v1/attributes', undefined, { limit: 10, offset: 1 })) as {
      attributes?: Array<{ id: number }>;
    };
    const attributes = list.attributes ?? [];
    const roll = w.rng.int(4);
    if (roll === 0 || attributes.length === 0)
      return void gsl(w.simulator, 'POST', '/v1/attributes', { cust_attr_name: `a${w.rng.int(50)}` });
    const id = w.rng.pick(attributes).id;
    if (roll === 1) gsl(w.simulator, 'PUT', `/v1/attributes/${id}`, { cust_attr_name: `b${w.rng.int(50)}` });
    else gsl(w.simulator, 'POST', `/v1/attributes/${id}/${roll === 2 ? 'enable' : 'disable'}`, undefined);
  },
  // GSL SMS
  (w) => {
    const card = someCard(w, (c) => c.simKind === 'physical');
    if (card) gsl(w.simulator, 'POST', '/v1/sms-send-infos', { cids: [card.iccid], sms_content: `sms ${w.rng.int(100)}` });
  },
  // GSL switch policies and three-network cards
  (w) => {
    const roll = w.rng.int(3);
    if (roll === 0)
      return void gsl(w.simulator, 'POST', '/v1/network-switch-policies', {
        policy_name: `pol${w.rng.int(9)}`,
        weak_signal_switch: true,
        version: 1,
      });
    const devices = w.simulator.fleet.threeNetwork.list('acme');
    if (devices.length === 0) return;
    const device = w.rng.pick(devices);
    if (roll === 1) gsl(w.simulator, 'POST', `/v1/sim-cards-multiply/${device.cardId}/switch-network`, { carrier_type: 1 + w.rng.int(3) });
    else {
      const policies = w.simulator.fleet.networkSwitchPolicies.list('acme');
      if (policies.length > 0)
        gsl(w.simulator, 'POST', `/v1/sim-cards/${device.cardId}/network-switch-policy/set`, {
          network_switch_policy_id: w.rng.pick(policies).id,
        });
    }
  },
  // Alibaba: stop rules, devices, reminders, renewals
  (w) => {
    const roll = w.rng.int(5);
    if (roll === 0) {
      const card = someCard(w, (c) => /-(PF|DPF|UP)-/.test(c.planId));
      const flowLimitMb = 1 + w.rng.int(60);
      if (card)
        aliyun(
          w.simulator,
          'SetCardStopRule',
          LINKCARD,
          { Iccid: card.iccid, FlowLimit: String(flowLimitMb), AutoRestore: String(w.rng.chance(0.5)) },
          nonce(w),
        );
    } else if (roll === 1) {
      aliyun(
        w.simulator,
        'DoIotPostImei',
        DYIOT,
        { Imei: w.rng.pick(IMEIS), DeviceType: 'tracker', ...(w.rng.chance(0.5) ? { Comments: 'c' } : {}) },
        nonce(w),
      );
    } else if (roll === 2) {
      aliyun(
        w.simulator,
        'DoIotSetRemindConfig',
        DYIOT,
        {
          BizType: 'CARD',
          BizId: w.rng.pick(REMINDER_IDS),
          OperationType: w.rng.pick(['add', 'update', 'delete']),
          ConfigInfo: `{"x":${w.rng.int(9)}}`,
        },
        nonce(w),
      );
    } else if (roll === 3) {
      aliyun(
        w.simulator,
        'DoIotSetAbsoluteRemindConfig',
        DYIOT,
        { BizType: 'CARD', BizId: w.rng.pick(REMINDER_IDS), ConfigInfo: `{"y":${w.rng.int(9)}}` },
        nonce(w),
      );
    } else {
      const card = someCard(w, (c) => c.state !== 'cancelled');
      if (card) aliyun(w.simulator, 'Renew', LINKCARD, { Iccid: card.iccid, BuyNum: String(1 + w.rng.int(2)) }, nonce(w));
    }
  },
  // Alibaba directional groups
  (w) => {
    const groups = w.simulator.fleet.directionalGroups.toJSON().groups.filter((g) => g.accountId === 'acme');
    const roll = w.rng.int(6);
    if (roll === 0 || groups.length === 0)
      return void aliyun(w.simulator, 'AddDirectionalGroup', LINKCARD, { GroupName: `dg${w.rng.int(50)}` }, nonce(w));
    const groupId = String(w.rng.pick(groups).id);
    if (roll === 1) aliyun(w.simulator, 'DeleteDirectionalGroup', LINKCARD, { GroupId: groupId }, nonce(w));
    else if (roll === 2)
      aliyun(w.simulator, 'AddDirectionalAddress', LINKCARD, { GroupId: groupId, Address: `192.168.0.${w.rng.int(5)}` }, nonce(w));
    else if (roll === 3)
      aliyun(w.simulator, 'DeleteDirectionalAddress', LINKCARD, { GroupId: groupId, Address: `192.168.0.${w.rng.int(5)}` }, nonce(w));
    else {
      const cards = [someCard(w), someCard(w)].filter((c): c is Card => c !== undefined);
      const params: Record<string, string> = { GroupId: groupId };
      cards.forEach((card, i) => (params[`IccidList.${i + 1}`] = card.iccid));
      aliyun(w.simulator, 'AddCardToDirectionalGroup', LINKCARD, params, nonce(w));
    }
  },
  // the control plane: the clock
  (w) => void control(w.simulator, 'POST', '/clock/advance', { by: w.rng.pick([MINUTE, 7 * MINUTE, 3 * 60 * MINUTE, DAY, 2 * DAY]) }),
  // the control plane: a card's fields and usage
  (w) => {
    const card = someCard(w);
    if (!card) return;
    if (w.rng.chance(0.6))
      control(w.simulator, 'PATCH', `/cards/${card.iccid}`, { remark: `patched ${w.rng.int(99)}`, tags: [w.rng.pick(TAG_NAMES)] });
    else control(w.simulator, 'PUT', `/cards/${card.iccid}/usage`, { dataKb: w.rng.int(300_000) });
  },
  // the control plane: settings; now and then the whole world reset, or replaced by its own export
  (w) => {
    const roll = w.rng.int(20);
    if (roll === 0) return void control(w.simulator, 'POST', '/reset');
    if (roll === 1) return void control(w.simulator, 'PUT', '/scenario', w.simulator.exportScenario());
    control(w.simulator, 'PATCH', '/settings', {
      huaweiWorkOrderDurationMs: w.rng.pick([MINUTE, 5 * MINUTE]),
      aliyunOperationDurationMs: w.rng.pick([0, MINUTE]),
    });
  },
  // the control plane: a card removed
  (w) => {
    const card = someCard(w);
    if (!card) return;
    const record = { iccid: card.iccid, accountId: card.accountId, plan: card.planId };
    if (control(w.simulator, 'DELETE', `/cards/${card.iccid}`).status === 200) {
      w.removedThisWindow.add(card.iccid);
      w.removedEarlier.push(record);
    }
  },
  // the control plane: a card removed before added back, with the same ICCID (a new card at the end of the fleet)
  (w) => {
    const candidates = w.removedEarlier;
    if (candidates.length === 0) return;
    const back = w.rng.pick(candidates);
    const res = control(w.simulator, 'POST', '/cards', { account: back.accountId, iccid: back.iccid, plan: back.plan, state: 'active' });
    if (res.status === 201) w.removedEarlier.splice(w.removedEarlier.indexOf(back), 1);
  },
];

async function walk(seed: number, steps: number, compactBytes?: number): Promise<void> {
  const file = freshStateFile(`replay-${seed}`);
  const simulator = world();
  const rng = new Draws(seed);
  // Now and then a line's write fails (disk full): its answers fail, and the next line is the whole world.
  const failing = new Draws(seed ^ 0x5eed);
  const persistence = await persistState(simulator, file, {
    // Mostly `process` (each line written in its tick); every fourth seed `disk`, whose writes overlap.
    durability: seed % 4 === 3 ? 'disk' : 'process',
    ...(compactBytes ? { compactBytes } : {}),
    writeLine: (write) => (failing.chance(0.03) ? Promise.reject(new Error('injected: no space left on device')) : write()),
  });
  const w: Walk = {
    simulator,
    persistence,
    file,
    rng,
    removedThisWindow: new Set(),
    removedEarlier: [],
    nonceCount: 0,
    pool: cardPool(simulator, rng),
  };
  try {
    for (let step = 0; step < steps; step++) {
      const moves = w.rng.chance(0.5) ? BOOK_MOVES : REQUEST_MOVES;
      w.rng.pick(moves)(w);
      // The world settles what the clock passed at each request; direct moves settle now and then
      // (not in the last tenth of the walk: work orders are left pending at the last restart).
      if (step < steps * 0.9 && w.rng.chance(0.1)) moveOn(simulator, w.rng.pick([0, MINUTE, 6 * MINUTE]));
      if (w.rng.chance(0.15)) {
        await commit(simulator, persistence);
        w.removedThisWindow.clear();
      }
      // Now and then a restart mid-walk (the live world goes on; its files are only read).
      if (w.rng.chance(0.04)) {
        await commit(simulator, persistence);
        w.removedThisWindow.clear();
        await persistence.settled();
        expectSameWorld(await reloaded(file), simulator, `seed ${seed}, restart at step ${step}`);
      }
    }
    await commit(simulator, persistence);
    await persistence.settled();
    const back = await reloaded(file);
    expectSameWorld(back, simulator, `seed ${seed}, at the end`);
    // The same time passes in both: pending work orders complete, usage is summed, timers fire.
    for (const by of [6 * MINUTE, 2 * DAY, 40 * DAY]) {
      moveOn(back, by);
      moveOn(simulator, by);
      expectSameWorld(back, simulator, `seed ${seed}, ${by / MINUTE} min after the restart`);
    }
  } finally {
    await persistence.close();
  }
}

describe('the change log replays the live world (random walks)', () => {
  it('replays random walks over every book, vendor call and control-plane change (seeds 1-10)', async () => {
    for (let seed = 1; seed <= 10; seed++) await walk(seed, 230, seed % 2 === 0 ? 40_000 : undefined);
  });
});

/** A world with a state file, and what a test does with it. */
async function persisted(options: Options = {}) {
  const file = freshStateFile('replay');
  const simulator = world(options);
  const persistence = await persistState(simulator, file, { durability: 'process' });
  return { file, simulator, persistence, commit: () => commit(simulator, persistence) };
}

function expectOk(res: SimResponse): SimResponse {
  expect(res.status, responseText(res)).toBeLessThan(300);
  return res;
}

describe('what a restart must give back, case by case', () => {
  it('keeps an account whose last declared tag was deleted (GSL CreateTag, DeleteTag) in the tag book', async () => {
    const { file, simulator, persistence, commit } = await persisted();
    const created = bodyOf(expectOk(gsl(simulator, 'POST', '/v1/tags', { tag_name: 'solo' }))) as { id: number };
    expectOk(gsl(simulator, 'DELETE', `/v1/tags/${created.id}`));
    await commit();
    const back = await reloaded(file);
    // Then both go on alike: another account declares a tag, then this one again.
    for (const w of [simulator, back]) {
      w.fleet.tagBook.declare('globex', 'g');
      w.fleet.tagBook.declare('acme', 'again');
    }
    expect(back.fleet.tagBook.toJSON()).toEqual(simulator.fleet.tagBook.toJSON());
    await persistence.close();
  });

  it('completes a cancel-quota work order filed before the restart as it would have live (GSL exceed-cut-net action 2)', async () => {
    const { file, simulator, persistence, commit } = await persisted();
    const card = acmeCards(simulator).find((c) => c.state === 'active')!;
    expectOk(gsl(simulator, 'POST', `/v1/sim-cards/${card.id}/exceed-cut-net`, { action: 1, quota: 10 }));
    moveOn(simulator, 6 * MINUTE);
    expect(simulator.fleet.networkControls.of(card.id).quotaMb).toBe(10);
    expectOk(gsl(simulator, 'POST', `/v1/sim-cards/${card.id}/exceed-cut-net`, { action: 2 }));
    await commit();
    const back = await reloaded(file);
    moveOn(simulator, 6 * MINUTE);
    moveOn(back, 6 * MINUTE);
    expect(simulator.fleet.networkControls.of(card.id).quotaMb).toBeUndefined();
    expect(back.fleet.networkControls.of(card.id).quotaMb).toBeUndefined();
    expectSameWorld(back, simulator, 'after the cancel completed');
    await persistence.close();
  });

  it('completes a lift-speed-limit work order filed before the restart as it would have live (GSL speed-limit -1)', async () => {
    const { file, simulator, persistence, commit } = await persisted();
    const card = acmeCards(simulator).find((c) => c.state === 'active' && c.carrier === 'CUCC')!;
    expectOk(gsl(simulator, 'POST', `/v1/sim-cards/${card.id}/speed-limit`, { speed_value: 512 }));
    moveOn(simulator, 6 * MINUTE);
    expect(simulator.fleet.networkControls.of(card.id).speedKbps).toBe(512);
    expectOk(gsl(simulator, 'POST', `/v1/sim-cards/${card.id}/speed-limit`, { speed_value: -1 }));
    await commit();
    const back = await reloaded(file);
    moveOn(simulator, 6 * MINUTE);
    moveOn(back, 6 * MINUTE);
    expect(simulator.fleet.networkControls.of(card.id).speedKbps).toBeUndefined();
    expect(back.fleet.networkControls.of(card.id).speedKbps).toBeUndefined();
    await persistence.close();
  });

  it('does not apply a stop rule changed after a period rollover to that rollover (AutoRestore)', async () => {
    const { file, simulator, persistence, commit } = await persisted();
    const fleet = simulator.fleet;
    const now = simulator.clock.now();
    const card = acmeCards(simulator).find((c) => c.state === 'active' && c.planId === 'CM-SF-M-2-30M')!;
    // Stopped at its plan's quota in January, under a rule that does not restore it at the next period.
    fleet.setUsage(card, { dataKb: 40 * 1024 }, now);
    expect(card.state).toBe('stoppedAtQuota');
    fleet.stopRules.set(card.id, { limitKb: 1e12, autoRestore: false, setAt: now });
    await commit();
    // February: the rollover leaves it stopped. Then the rule is set again, restoring from now on.
    moveOn(simulator, 3 * DAY);
    expect(card.state).toBe('stoppedAtQuota');
    fleet.stopRules.set(card.id, { limitKb: 1e12, autoRestore: true, setAt: simulator.clock.now() });
    await commit();
    const back = await reloaded(file);
    back.fleet.settle(back.clock.now());
    expect(back.fleet.cardWithIccid(card.iccid)!.state).toBe('stoppedAtQuota');
    await persistence.close();
  });

  it('keeps a card removed and added again (same ICCID) before the next commit as the new card at the end of the fleet', async () => {
    const { file, simulator, persistence, commit } = await persisted();
    const card = acmeCards(simulator).find((c) => c.state === 'active' && c.planId === 'CU-SF-M-1-500M')!;
    const { iccid, planId, id } = card;
    expectOk(control(simulator, 'DELETE', `/cards/${iccid}`));
    expectOk(control(simulator, 'POST', '/cards', { account: 'acme', iccid, plan: planId, state: 'active' }));
    const added = simulator.fleet.cardWithIccid(iccid)!;
    expect(added.id).not.toBe(id);
    await commit();
    const back = await reloaded(file);
    expect(back.fleet.cardWithIccid(iccid)?.id).toBe(added.id);
    expectSameWorld(back, simulator, 'after the restart');
    await persistence.close();
  });

  it('loads at all after a card was removed and its ICCID added again under another account before the next commit', async () => {
    const { file, simulator, persistence, commit } = await persisted();
    const card = acmeCards(simulator).find((c) => c.state === 'active' && c.planId === 'CU-SF-M-1-500M')!;
    expectOk(control(simulator, 'DELETE', `/cards/${card.iccid}`));
    expectOk(control(simulator, 'POST', '/cards', { account: 'globex', iccid: card.iccid, plan: card.planId, state: 'active' }));
    await commit();
    // The start would refuse the state file: "it belongs to acme in the generated fleet, not globex".
    const back = await reloaded(file);
    expectSameWorld(back, simulator, 'after the restart');
    await persistence.close();
  });

  it('fires an expiry a PATCH of expiresAt made overdue alike in the live world and after a restart', async () => {
    const { file, simulator, persistence, commit } = await persisted();
    const now = simulator.clock.now();
    const card = acmeCards(simulator).find(
      (c) => c.state === 'active' && c.activatedAt !== undefined && c.activatedAt < now - DAY && c.expiresAt > now,
    )!;
    // Expired an hour ago: the first request at or after a timer's instant fires it (keeper.ts).
    expectOk(control(simulator, 'PATCH', `/cards/${card.iccid}`, { expiresAt: new Date(now - 60 * MINUTE).toISOString() }));
    expectOk(gsl(simulator, 'GET', `/v1/sim-cards/${card.id}`));
    await commit();
    const back = await reloaded(file);
    expectOk(gsl(back, 'GET', `/v1/sim-cards/${card.id}`));
    expect(back.fleet.cardWithIccid(card.iccid)!.state).toBe(simulator.fleet.cardWithIccid(card.iccid)!.state);
    await persistence.close();
  });

  it('logs work orders restored all at once on the live fleet (WorkOrderBook.restore), as the other books are', async () => {
    const { file, simulator, persistence, commit } = await persisted();
    const before = JSON.parse(JSON.stringify(simulator.fleet.workOrders.toJSON()));
    const card = acmeCards(simulator)[0]!;
    simulator.fleet.workOrders.create({
      accountId: 'acme',
      operation: 'stop',
      effect: { kind: 'none' },
      cardIds: [card.id],
      createdAt: simulator.clock.now(),
      durationMs: MINUTE,
    });
    await commit();
    // Back to the book as it was before that order (a restore, as stopRules.restore and the others take).
    simulator.fleet.workOrders.restore(before);
    await commit();
    const back = await reloaded(file);
    expect(back.fleet.workOrders.toJSON()).toEqual(simulator.fleet.workOrders.toJSON());
    await persistence.close();
  });

  it('still refuses a replayed signed request after a restart with the simulated clock moved ahead (signature nonces)', async () => {
    // Signed with the wall clock (the default signatureClock), the simulated clock starting now.
    const { file, simulator, persistence, commit } = await persisted({ start: Date.now() });
    const request = signedV1(
      'DoIotPostImei',
      DYIOT,
      { Imei: IMEIS[0]!, DeviceType: 'tracker' },
      { at: Date.now(), nonce: 'replay-nonce-1' },
    );
    expectOk(simulator.handle(request));
    expect(bodyOf(simulator.handle(request))['Code']).toBe('SignatureNonceUsed');
    // The simulated clock a month on (docs: moving it never locks the SDKs out); the wall clock has not moved.
    expectOk(control(simulator, 'POST', '/clock/advance', { by: '+30d' }));
    await commit();
    expect(bodyOf(simulator.handle(request))['Code']).toBe('SignatureNonceUsed');
    const back = await reloaded(file);
    expect(bodyOf(back.handle(request))['Code']).toBe('SignatureNonceUsed');
    await persistence.close();
  });
});
