import { addedCardInput } from '../../fixtures/addedCard.js';
import { PINNED_FIELDS, readPinnedCard } from '../../fixtures/parseScenario.js';
import { readInteger, readObject } from '../../fixtures/scenarioReader.js';
import { cardRecord } from '../fleet/fleetState.js';
import { LIFECYCLE_STATES, type LifecycleState } from '../fleet/lifecycle.js';
import { CARRIERS, type Card } from '../fleet/model.js';
import type { IndexFilter } from '../fleet/cardIndex.js';
import type { UsageCondition } from '../fleet/fleet.js';
import { allowanceKb } from '../fleet/usage/allowance.js';
import { QUOTA_BANDS, quotaBand } from './quota.js';
import type { Simulator } from '../simulator.js';
import { quoteValue } from '../engine/quoteValue.js';
import { validated } from './badInput.js';
import { ControlError, type ControlRequest, type ControlRoute } from './route.js';

const MAX_PAGE = 1000;

/** Fields PATCH may change, in the pinned-card vocabulary of scenarios (docs/scenarios.md). */
const PATCHABLE = [
  'plan',
  'formFactor',
  'simKind',
  'networkType',
  'apn',
  'expiresAt',
  'tags',
  'imei',
  'realNameStatus',
  'autoRecharge',
  'privateNetwork',
  'remark',
  'customAttributes',
] as const satisfies ReadonlyArray<(typeof PINNED_FIELDS)[number]>;
/** Optional card fields a PATCH clears with null. */
const CLEARABLE = new Set(['imei', 'privateNetwork', 'remark']);

/**
 * Cards from the operator's side: look them up across accounts (ICCIDs are unique fleet-wide),
 * add, change, remove, force a state, set usage. Cards are shown as saved states write them
 * (the CardRecord: every field, instants in epoch ms). Every card route first brings the world
 * up to the clock (`settles`), so what it shows or changes is the card as of now.
 */
export const cardRoutes: ControlRoute[] = [
  {
    method: 'GET',
    path: '/cards',
    operationId: 'ListCards',
    settles: true,
    handle: (req, sim) => ({ json: listCards(req, sim) }),
  },
  onCard('GET', '/cards/:iccid', 'GetCard', () => undefined),
  {
    method: 'POST',
    path: '/cards',
    operationId: 'AddCard',
    settles: true,
    handle: (req, sim) => {
      const input = validated('InvalidParameter', () => addedCardInput(sim.fleet, req.body, sim.scenario.seed ?? 1, sim.clock.now()));
      return { status: 201, json: cardRecord(sim.fleet.addCard(input)) };
    },
  },
  onCard('PATCH', '/cards/:iccid', 'UpdateCard', (card, req, sim) => patchCard(sim, card, req.body)),
  onCard('DELETE', '/cards/:iccid', 'RemoveCard', (card, _req, sim) => sim.fleet.removeCard(card)),
  onCard('PUT', '/cards/:iccid/state', 'ForceCardState', (card, req, sim) => {
    const state = (req.body as { state?: unknown } | undefined)?.state;
    if (typeof state !== 'string' || !(LIFECYCLE_STATES as readonly string[]).includes(state)) {
      throw new ControlError(
        400,
        'InvalidParameter',
        `body.state: must be one of ${LIFECYCLE_STATES.join(', ')}, got ${quoteValue(state)}`,
      );
    }
    // Forced, not transitioned: the operator may put a card anywhere, as the carrier can.
    sim.fleet.forceState(card, state as LifecycleState, sim.clock.now());
  }),
  onCard('PUT', '/cards/:iccid/usage', 'SetCardUsage', (card, req, sim) => {
    const usage = validated('InvalidParameter', () => {
      const o = readObject(req.body ?? {}, 'body', ['dataKb', 'sms', 'voiceMin']);
      const read = (key: string) => (o[key] === undefined ? undefined : readInteger(o[key], `body.${key}`));
      return { dataKb: read('dataKb'), sms: read('sms'), voiceMin: read('voiceMin') };
    });
    // The period's figures as the usage model keeps them; a card in use now past its limit stops.
    sim.fleet.setUsage(card, usage, sim.clock.now());
  }),
];

/** A route on one card (404 when no card has the ICCID) that answers the card as it is afterwards. */
function onCard(
  method: ControlRoute['method'],
  path: string,
  operationId: string,
  act: (card: Card, req: ControlRequest, sim: Simulator) => void,
): ControlRoute {
  return {
    method,
    path,
    operationId,
    // The card as it is now: a plan change or a forced state must not rewrite the days before it.
    settles: true,
    handle: (req, sim) => {
      const card = cardOf(req, sim);
      act(card, req, sim);
      return { json: cardRecord(card) };
    },
  };
}

function cardOf(req: ControlRequest, sim: Simulator): Card {
  const card = sim.fleet.cardWithIccid(req.params.iccid ?? '');
  if (!card) throw new ControlError(404, 'CardNotFound', `no card with ICCID ${quoteValue(req.params.iccid ?? '')}`);
  return card;
}

function listCards(req: ControlRequest, sim: Simulator) {
  const offset = pageNumber(req.query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
  const limit = pageNumber(req.query.limit, 'limit', 1, MAX_PAGE, 100);
  const { account, state, iccid, search, carrier, plan, tag } = req.query;
  const bands = req.query.quota === undefined ? undefined : new Set(req.query.quota.split(','));
  for (const band of bands ?? []) {
    if (!(QUOTA_BANDS as readonly string[]).includes(band))
      throw new ControlError(
        400,
        'InvalidParameter',
        `quota: must be one or more of ${QUOTA_BANDS.join(', ')}, comma-separated, got ${quoteValue(band)}`,
      );
  }
  // Share of allowance used, read from the usage columns (one typed-array pass, no card objects).
  const usage: UsageCondition | undefined = bands && { test: (used, allowance) => bands.has(quotaBand(used, allowance)) };
  if (state !== undefined && !(LIFECYCLE_STATES as readonly string[]).includes(state)) {
    throw new ControlError(400, 'InvalidParameter', `state: must be one of ${LIFECYCLE_STATES.join(', ')}, got ${quoteValue(state)}`);
  }
  if (carrier !== undefined && !(CARRIERS as readonly string[]).includes(carrier))
    throw new ControlError(400, 'InvalidParameter', `carrier: must be one of ${CARRIERS.join(', ')}, got ${quoteValue(carrier)}`);
  if (plan !== undefined && !sim.fleet.plans().some((p) => p.id === plan))
    throw new ControlError(400, 'InvalidParameter', `plan: no plan ${quoteValue(plan)}`);
  if (account !== undefined && !sim.fleet.account(account))
    throw new ControlError(400, 'InvalidParameter', `account: no account ${quoteValue(account)}`);
  const indexed: IndexFilter = {
    ...(state !== undefined ? { state: [state] } : {}),
    ...(carrier !== undefined ? { carrier: [carrier] } : {}),
    ...(plan !== undefined ? { planId: [plan] } : {}),
    ...(tag !== undefined ? { tag: [tag] } : {}),
  };
  if (iccid !== undefined || search !== undefined) {
    // Whole identifiers, looked up in the identifier tables: instant at any fleet size.
    const fits = (card: Card) =>
      (account === undefined || card.accountId === account) &&
      (iccid === undefined || card.iccid === iccid) &&
      (state === undefined || card.state === state) &&
      (carrier === undefined || card.carrier === carrier) &&
      (plan === undefined || card.planId === plan) &&
      (tag === undefined || card.tags.includes(tag)) &&
      (bands === undefined || bands.has(quotaBand(card.usage.dataKb, allowanceKb(card, sim.fleet.plan(card.planId)))));
    const hits = identified(sim, iccid ?? search!.trim()).filter(fits);
    return { total: hits.length, offset, limit, items: hits.slice(offset, offset + limit).map(cardRecord) };
  }
  // Account by account, in fleet order, answered from the indexes: a page costs its own cards.
  let total = 0;
  const items: Card[] = [];
  for (const { id } of account !== undefined ? [{ id: account }] : sim.fleet.accounts()) {
    const q = { accountId: id, indexed, ...(usage ? { usage } : {}) };
    const count = sim.fleet.query(q, 0, 0).total;
    const from = Math.max(0, offset - total);
    if (items.length < limit && from < count) items.push(...sim.fleet.query(q, from, limit - items.length).items);
    total += count;
  }
  return { total, offset, limit, items: items.map(cardRecord) };
}

/** The cards a whole ICCID, MSISDN or IMSI names (ICCIDs are fleet-wide; the others per account). */
function identified(sim: Simulator, id: string): Card[] {
  const found = new Set<Card>();
  const byIccid = sim.fleet.cardWithIccid(id);
  if (byIccid) found.add(byIccid);
  for (const { id: accountId } of sim.fleet.accounts()) {
    const byMsisdn = sim.fleet.cardByMsisdn(accountId, id);
    if (byMsisdn) found.add(byMsisdn);
    const byImsi = sim.fleet.cardByImsi(accountId, id);
    if (byImsi) found.add(byImsi);
  }
  return [...found];
}

function pageNumber(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d{1,16}$/.test(value) || n < min || n > max)
    throw new ControlError(400, 'InvalidParameter', `${name}: must be a whole number from ${min} to ${max}, got ${quoteValue(value)}`);
  return n;
}

function patchCard(sim: Simulator, card: Card, body: unknown): void {
  const patch = validated('InvalidParameter', () => readObject(body ?? {}, 'body', PATCHABLE));
  const cleared = Object.keys(patch).filter((key) => patch[key] === null);
  const notClearable = cleared.find((key) => !CLEARABLE.has(key));
  if (notClearable)
    throw new ControlError(
      400,
      'InvalidParameter',
      `body.${notClearable}: cannot be null (only ${[...CLEARABLE].join(', ')} can be cleared)`,
    );
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null));
  // Checked exactly as a scenario's pinned card of the same account and carrier.
  const refs = { accountIds: [card.accountId], planCarriers: new Map(sim.fleet.plans().map((p) => [p.id, p.carrier])) };
  const checked = validated('InvalidParameter', () =>
    readPinnedCard({ ...given, account: card.accountId, iccid: card.iccid, carrier: card.carrier }, 'body', refs),
  );
  if (checked.expiresAt !== undefined && Date.parse(checked.expiresAt) <= (card.activatedAt ?? card.openedAt)) {
    throw new ControlError(400, 'InvalidParameter', 'body.expiresAt: must be after the card was activated (or opened)');
  }
  sim.fleet.updateCard(card, (c) => {
    if (checked.plan !== undefined) c.planId = checked.plan;
    if (checked.formFactor !== undefined) c.formFactor = checked.formFactor;
    if (checked.simKind !== undefined) c.simKind = checked.simKind;
    if (checked.networkType !== undefined) c.networkType = checked.networkType;
    if (checked.apn !== undefined) c.apn = checked.apn;
    if (checked.expiresAt !== undefined) c.expiresAt = Date.parse(checked.expiresAt);
    if (checked.tags !== undefined) c.tags = [...new Set(checked.tags)];
    if (checked.imei !== undefined) c.imei = checked.imei;
    if (checked.realNameStatus !== undefined) c.realNameStatus = checked.realNameStatus;
    if (checked.autoRecharge !== undefined) c.autoRecharge = checked.autoRecharge;
    if (checked.privateNetwork !== undefined) c.privateNetwork = checked.privateNetwork;
    if (checked.remark !== undefined) c.remark = checked.remark;
    if (checked.customAttributes !== undefined) {
      const [a = '', b = '', d = '', e = '', f = '', g = ''] = checked.customAttributes;
      c.customAttributes = [a, b, d, e, f, g];
    }
    for (const key of cleared) (c as unknown as Record<string, unknown>)[key] = undefined;
  });
}
