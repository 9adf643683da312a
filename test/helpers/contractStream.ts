import { readFileSync } from 'node:fs';
import type { SimRequest } from '#src/engine/simRequest.js';
import { responseText, type SimResponse } from '#src/engine/simResponse.js';
import type { Simulator } from '#src/simulator.js';
import type { Card } from '#src/fleet/model.js';
import { tagId } from '#simulator/huawei/gsl/tagIds.js';
import { gslPoolId } from '#simulator/huawei/gsl/poolIds.js';
import { Draws } from './draws.js';

/**
 * A seeded stream of in-process requests over every operation of the five contracts (linkcard,
 * Dyiotapi, GSL, IAM, the control plane), valid and spoiled, built from a reference world: its
 * ICCIDs, card ids, MSISDNs, tags, plans, groups, policies, pools, work orders, and ids read from
 * its earlier answers. The same seed and the same reference answers give the same requests, so
 * the stream can be sent to several simulators at once and their answers compared
 * (test/hardening/determinism.test.ts), or to the reference alone, each refused request compared
 * with the world as it was before (test/hardening/refusalsChangeNothing.test.ts). Checks are off
 * (authMode 'off': the AccessKeyId or the X-Project-Id header picks the tenant), and kept off by
 * requests of the stream itself (PATCH /_sim/settings), as the fault rules are cleared and the
 * clock frozen again now and then.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const PROJECTS: Record<string, string> = {
  acme: '0123456789abcdef0123456789abcdef',
  globex: 'fedcba9876543210fedcba9876543210',
};
const ACCESS_KEYS: Array<[string, string, number]> = [
  // [AccessKeyId, account, weight]
  ['testAccessKeyId', 'acme', 70],
  ['globexAccessKeyId', 'globex', 15],
  ['initechAccessKeyId', 'initech', 5],
  ['testRamReadOnlyKeyId', 'acme', 5],
  ['testDisabledKeyId', 'acme', 2],
  ['unknownKeyId', 'acme', 3],
];
/** Settings the walk keeps: with checks on, or flow control, nothing would reach a handler. */
export const PINNED = { authMode: 'off', aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 } as const;

// ---- the operations, from the contracts -------------------------------------------------------

type Schema = Record<string, any>;
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Param {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  schema: Schema;
}
export interface Operation {
  surface: 'linkcard' | 'dyiotapi' | 'gsl' | 'iam' | 'control';
  id: string;
  method: string;
  path: string;
  params: Param[];
  body?: Schema;
  deref: (schema: Schema | undefined) => Schema;
}

function loadOperations(file: string, surface: Operation['surface']): Operation[] {
  const doc = JSON.parse(readFileSync(new URL(`../../contracts/${file}`, import.meta.url), 'utf8')) as Schema;
  const deref = (schema: Schema | undefined): Schema => {
    let s = schema ?? {};
    for (let i = 0; i < 20 && typeof s['$ref'] === 'string'; i++) {
      s = (s['$ref'] as string)
        .split('/')
        .slice(1)
        .reduce<Schema>((o, k) => o[k] as Schema, doc);
    }
    return s;
  };
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc['paths'] as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = ((op['parameters'] ?? []) as Schema[])
        .map(deref)
        .filter((p) => p['in'] === 'query' || p['in'] === 'path')
        .map((p) => ({
          name: p['name'] as string,
          in: p['in'] as Param['in'],
          required: p['required'] === true,
          schema: deref(p['schema']),
        }));
      const content = op['requestBody']?.['content'] as Record<string, Schema> | undefined;
      const body = content ? deref(Object.values(content)[0]?.['schema']) : undefined;
      out.push({ surface, id: op['operationId'] as string, method: method.toUpperCase(), path, params, ...(body ? { body } : {}), deref });
    }
  }
  return out;
}

export const OPERATIONS: Operation[] = [
  ...loadOperations('aliyun-linkcard.openapi.json', 'linkcard'),
  ...loadOperations('aliyun-dyiotapi.openapi.json', 'dyiotapi'),
  ...loadOperations('huawei-gsl.openapi.json', 'gsl'),
  ...loadOperations('huawei-iam.openapi.json', 'iam'),
  ...loadOperations('sim-control.openapi.json', 'control'),
];
/** How often each operation is drawn, relative to 1: the world-replacing ones rarely. */
const WEIGHTS: Record<string, number> = {
  ResetWorld: 0.1,
  LoadScenario: 0.6,
  RemoveCard: 0.3,
  StreamEvents: 0.2,
  ExportState: 0.2,
  ClearJournal: 0.2,
  GetOpenApiDocument: 0.3,
  ListOpenApiDocuments: 0.2,
};

// ---- the world: what a request may name -------------------------------------------------------

interface Walk {
  sim: Simulator;
  rng: Draws;
  /** Cards taken from the fleet, by account; refreshed as the fleet changes. */
  cards: Map<string, Card[]>;
  /** Cards named lately: drawn again often, so that stop, resume, bind… meet the same cards. */
  hot: string[];
  /** ICCIDs of cards removed through the control plane. */
  removed: string[];
  /** Ids and names read from successful answers, by key (lower case, no underscores). */
  harvested: Map<string, Array<string | number>>;
  /** The last fresh ICCID's serial (cards added through the control plane). */
  freshSerial: number;
  /** IAM tokens the reference issued (X-Subject-Token), the newest last. */
  tokens: string[];
  /** SetClock never asks for a running clock (a running clock reads the wall clock). */
  keepFrozen: boolean;
  /** The instant the walk started at (the reference clock's, when the stream was made). */
  start: number;
}

/** One request being built: its tenant and the cards it names. */
interface Draft {
  walk: Walk;
  account: string;
  named: Set<string>;
  /** Which cards the operation is about, when only some can get far: three-network ones, pooled ones. */
  prefer?: (card: Card) => boolean;
  /** The operation adds a card: ICCIDs the fleet does not hold yet. */
  fresh?: boolean;
}

const ALIYUN_UIDS: Record<string, string> = { acme: '1234567890123456', globex: '2234567890123456', initech: '3234567890123456' };

function refreshCards(walk: Walk): void {
  walk.cards.clear();
  walk.sim.fleet.forEachCard((card) => {
    const list = walk.cards.get(card.accountId) ?? [];
    list.push(walk.sim.fleet.cardWithIccid(card.iccid)!);
    walk.cards.set(card.accountId, list);
  });
}

const norm = (name: string) => name.toLowerCase().replace(/[_\-.]/g, '');

function harvest(walk: Walk, value: unknown, key = '', depth = 0): void {
  if (depth > 6 || value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 20)) harvest(walk, item, key, depth + 1);
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) harvest(walk, v, norm(k), depth + 1);
    return;
  }
  if ((typeof value === 'string' || typeof value === 'number') && /(id|no|serial|name)$/.test(key) && String(value).length < 80) {
    const list = walk.harvested.get(key) ?? [];
    if (!list.includes(value)) list.push(value);
    if (list.length > 30) list.shift();
    walk.harvested.set(key, list);
  }
}

/** A card for the draft's tenant mostly; sometimes another tenant's; sometimes none. */
function pickCard(d: Draft): Card | undefined {
  const { walk } = d;
  const roll = walk.rng.float();
  if (roll < 0.3 && walk.hot.length > 0) {
    const card = walk.sim.fleet.cardWithIccid(walk.rng.pick(walk.hot));
    if (card && (card.accountId === d.account || walk.rng.chance(0.2))) return card;
  }
  const all = walk.cards.get(d.account) ?? [];
  const preferred = d.prefer && walk.rng.chance(0.7) ? all.filter(d.prefer) : [];
  const own = preferred.length > 0 ? preferred : all;
  const others = [...walk.cards.entries()].filter(([a]) => a !== d.account).flatMap(([, cards]) => cards);
  if (roll < 0.85 && own.length > 0) return walk.rng.pick(own);
  if (roll < 0.93 && others.length > 0) return walk.rng.pick(others);
  return undefined;
}

function named(d: Draft, card: Card): Card {
  d.named.add(card.iccid);
  if (!d.walk.hot.includes(card.iccid)) {
    d.walk.hot.push(card.iccid);
    if (d.walk.hot.length > 12) d.walk.hot.shift();
  }
  return card;
}

const UNKNOWN_ICCIDS = ['89860000000000000001', '89860100000000000018', '8986', 'ICCID', '00000000000000000000'];

function iccid(d: Draft): string {
  const card = pickCard(d);
  if (card) return named(d, card).iccid;
  if (d.walk.removed.length > 0 && d.walk.rng.chance(0.3)) return d.walk.rng.pick(d.walk.removed);
  return d.walk.rng.pick(UNKNOWN_ICCIDS);
}
function cardId(d: Draft): number | string {
  const card = pickCard(d);
  if (card) return named(d, card).id;
  return d.walk.rng.pick<number | string>([0, 1, 999_999, 9_007_199_254_740_991, -1, '12x']);
}
function msisdn(d: Draft): string {
  const card = pickCard(d);
  return card ? named(d, card).msisdn : d.walk.rng.pick(['13800000000', '1440000000000', '']);
}
function imsi(d: Draft): string {
  const card = pickCard(d);
  return card ? named(d, card).imsi : '460000000000000';
}
function imei(d: Draft): string {
  const { rng } = d.walk;
  const card = pickCard(d);
  if (card?.imei && rng.chance(0.6)) return named(d, card).imei!;
  const registered = d.walk.harvested.get('imei') ?? [];
  if (registered.length > 0 && rng.chance(0.4)) return String(rng.pick(registered));
  return rng.pick(['860000000000001', '860000000000002', '86000000000000', '8600000000000019999', 'imei']);
}
function tagName(d: Draft): string {
  const { sim, rng } = d.walk;
  const names = [...sim.fleet.tagCounts(d.account).keys(), ...sim.fleet.tagBook.declaredNames(d.account)];
  if (names.length > 0 && rng.chance(0.6)) return rng.pick(names);
  return rng.pick(['alpha', 'beta', '新标签', 'gamma', 'a,b', ' ', 'x'.repeat(65)]);
}
function gslTagId(d: Draft): number | string {
  const { sim, rng } = d.walk;
  const names = [...sim.fleet.tagCounts(d.account).keys(), ...sim.fleet.tagBook.declaredNames(d.account)];
  if (names.length > 0 && rng.chance(0.8)) return tagId(sim.engine.context, d.account, rng.pick(names));
  return rng.pick<number | string>([1, 0, -1, 'x']);
}
function planCode(d: Draft): string {
  const { sim, rng } = d.walk;
  if (rng.chance(0.85)) return rng.pick(sim.fleet.plans()).id;
  return rng.pick(['NO-SUCH-PLAN', '', 'CM-SF-M-2']);
}
function groupId(d: Draft): number | string {
  const { sim, rng } = d.walk;
  const book = sim.fleet.directionalGroups.toJSON();
  const own = book.groups.filter((g) => g.accountId === d.account);
  const any = book.groups;
  const roll = rng.float();
  if (roll < 0.7 && own.length > 0) return rng.pick(own).id;
  if (roll < 0.8 && any.length > 0) return rng.pick(any).id;
  return rng.pick<number | string>([book.nextId, 1, 0, 'g1']);
}
function workOrderId(d: Draft): number | string {
  const { sim, rng } = d.walk;
  const orders = sim.fleet.workOrders.toJSON().orders;
  if (orders.length > 0 && rng.chance(0.8)) return rng.pick(orders).id;
  return rng.pick<number | string>([1, 0, 1_000_000, 'w']);
}
function policyId(d: Draft): number | string {
  const { sim, rng } = d.walk;
  const policies = sim.fleet.networkSwitchPolicies.toJSON().policies;
  if (policies.length > 0 && rng.chance(0.8)) return rng.pick(policies).id;
  return rng.pick<number | string>([1, 0, 99, -1]);
}
function poolId(d: Draft): number | string {
  const { sim, rng } = d.walk;
  const own = [...new Set((d.walk.cards.get(d.account) ?? []).map((c) => c.planId))].filter((p) => /-(PF|DPF|UP)-/.test(p));
  const pooled = rng.chance(0.8) && own.length > 0 ? own : sim.fleet.plans().map((p) => p.id);
  if (rng.chance(0.9)) return gslPoolId(sim.engine.context.digests, d.account, rng.pick(pooled));
  return rng.pick<number | string>([1, 0, 'p']);
}
/** GSL attribute ids are derived from (account, slot) as simulator/huawei/gsl/attributes.ts does. */
function attributeId(d: Draft): number | string {
  const { sim, rng } = d.walk;
  if (rng.chance(0.15)) return rng.pick<number | string>([0, 1, 7, 'a']);
  const slot = rng.between(1, 6);
  return parseInt(sim.engine.context.digests.sha256Hex(`gsl-attribute\n${d.account}\n${slot}`).slice(0, 13), 16) || slot;
}
/** A card the fleet does not hold yet: a Luhn-valid ICCID on China Unicom's range, fresh each time. */
function freshIccid(d: Draft): string {
  const body = `8986019${String(++d.walk.freshSerial).padStart(12, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return body + String((10 - (sum % 10)) % 10);
}
function serialNo(d: Draft): string {
  const { sim, rng } = d.walk;
  const orders = sim.fleet.orders.toJSON().orders;
  const harvested = [...(d.walk.harvested.get('serialno') ?? []), ...(d.walk.harvested.get('resid') ?? [])];
  if (orders.length > 0 && rng.chance(0.5)) return rng.pick(orders).serialNo;
  if (harvested.length > 0 && rng.chance(0.6)) return String(rng.pick(harvested));
  return rng.pick(['S1', '', 'serial-unknown']);
}
function orderId(d: Draft): string {
  const card = pickCard(d);
  return card ? String(card.orderId) : d.walk.rng.pick(['1', '0', 'order']);
}
function month(d: Draft, offsetMonths = 0): string {
  const at = new Date(d.walk.sim.clock.now());
  at.setUTCMonth(at.getUTCMonth() - offsetMonths);
  return `${at.getUTCFullYear()}${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}
function day(d: Draft, offsetDays = 0, dashed = false): string {
  const iso = new Date(d.walk.sim.clock.now() - offsetDays * DAY).toISOString().slice(0, 10);
  return dashed ? iso : iso.replace(/-/g, '');
}

/**
 * A plausible value for a parameter or body member by its name (identifiers of the fleet),
 * or undefined for one the schema alone decides.
 */
function byName(d: Draft, name: string, schema: Schema): Json | undefined {
  const { rng } = d.walk;
  const n = norm(name);
  if (n === 'iccid' && d.fresh && rng.chance(0.6)) return freshIccid(d);
  if (/^(iccid|iccidlist|iccids|cid|cids)$/.test(n)) return iccid(d);
  if (n === 'bizid') return rng.chance(0.6) ? iccid(d) : rng.pick(['r1', 'r2']);
  if (/^(simcardid|simcardids)$/.test(n)) return cardId(d);
  if (/^(msisdn|msisdns|optmsisdns|listmsisdns)$/.test(n)) return msisdn(d);
  if (n === 'phonenumbers') return Array.from({ length: rng.between(1, 3) }, () => msisdn(d)).join(',');
  if (n === 'imsi') return imsi(d);
  if (/^(imei|newimei)$/.test(n)) return imei(d);
  if (/^(tagname|tagnamelist|taglist|tag|tags)$/.test(n)) return tagName(d);
  if (/^(tagid|tagids)$/.test(n)) return gslTagId(d);
  if (n === 'groupid') return groupId(d);
  if (n === 'groupname') return rng.pick(['fleet-a', 'fleet-b', `g${rng.int(20)}`, '', 'x'.repeat(65)]);
  if (n === 'workorderid') return workOrderId(d);
  if (n === 'networkswitchpolicyid') return policyId(d);
  if (/^(simpoolid|backpoolid|poolid)$/.test(n)) return poolId(d);
  if (/^(serialno|resid)$/.test(n)) return serialNo(d);
  if (/^(offerids|offercode|credentialno|plan)$/.test(n) || n === 'priceplanid') return planCode(d);
  if (/^(orderid|orderids|aliyunorderid|orderlist)$/.test(n)) return orderId(d);
  if (n === 'attributeid') return attributeId(d);
  if (n === 'carriertype' || n === 'onlinecarrier') return rng.pick<Json>([1, 2, 3, 1, 2, 3, 0, 4]);
  if (n === 'speedvalue') return rng.pick<Json>([-1, 1, 64, 256, 512, 1024, 2048, 7424, 10240, 3, 100]);
  if (n === 'ownerid' || n === 'resourceownerid') return rng.chance(0.8) ? (ALIYUN_UIDS[d.account] ?? '1') : '42';
  if (n === 'operationtype') return rng.pick(['add', 'update', 'delete', 'ADD', 'remove']);
  if (n === 'biztype') return rng.pick(['iccid', 'ICCID', 'account', 'card']);
  if (n === 'configinfo') return rng.pick(['{"threshold":80}', '{"at":"2025-07-01"}', 'x']);
  if (n === 'billingcycles' || n === 'billingcycle') {
    const m = month(d, rng.int(8));
    return rng.chance(0.85) ? `${m.slice(0, 4)}-${m.slice(4)}` : m;
  }
  if (n === 'month') return month(d, rng.int(3));
  if (n === 'date' && schema['pattern'] === '^[0-9]{8}$') return day(d, rng.between(1, 45));
  if (n === 'account')
    return rng.weighted<Json>([
      ['acme', 6],
      ['globex', 2],
      ['initech', 1],
      ['nobody', 1],
    ]);
  if (/^(address|listaddress)$/.test(n))
    return rng.pick(['10.0.0.1', '10.0.0.2', '10.1.0.0/16', 'example.com', 'api.example.com', '', ' ', '999.1.1.1']);
  if (n === 'datelist' || (n === 'date' && /\{6\}/.test(String(schema['pattern'])))) return month(d, rng.int(8));
  if (n === 'starttime') return day(d, rng.between(3, 40));
  if (n === 'endtime') return day(d, rng.int(5));
  if (n === 'startdate') return day(d, rng.between(3, 60), true);
  if (n === 'enddate') return day(d, rng.int(5), true);
  if (n === 'by') return rng.pick<Json>(['+1h', '+10m', '+1d', '+3d', 60_000, '-1d', 'soon', 0]);
  if (n === 'now') {
    const start = d.walk.start;
    return rng.pick<Json>([start + rng.int(40) * DAY, new Date(start + rng.int(10) * DAY).toISOString(), 'now', -1]);
  }
  if (n === 'mode' && d.walk.keepFrozen) return 'frozen';
  if (n === 'pagesize') return rng.pick<Json>([10, 15, 25, 40, 10, 100, 11]);
  if (n === 'pageno') return rng.pick<Json>([1, 1, 2, 3, 50]);
  if (n === 'file') return rng.pick(['aliyun-linkcard.json', 'huawei-gsl.json', 'sim-control.json', 'nothing.json']);
  // Anything an earlier answer named under the same key (fault rule ids, work order ids, …).
  const seen = d.walk.harvested.get(n);
  if (seen && seen.length > 0 && rng.chance(0.6)) return rng.pick(seen);
  return undefined;
}

// ---- values from the contracts' schemas -------------------------------------------------------

const PATTERNS: Record<string, (d: Draft) => string> = {
  '^\\d{6}$': (d) => month(d, d.walk.rng.int(6)),
  '^\\d{8}$': (d) => day(d, d.walk.rng.int(30)),
  '^\\d{4}-\\d{2}-\\d{2}$': (d) => day(d, d.walk.rng.int(30), true),
  '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$': (d) =>
    new Date(d.walk.start - d.walk.rng.int(400) * DAY).toISOString().slice(0, 19).replace('T', ' '),
  '^\\d+(\\.\\d+)?$': (d) => String(d.walk.rng.pick([0, 1, 10, 100.5, 1024])),
  '^[0-9]{6}$': (d) => month(d, d.walk.rng.int(3)),
  '^[0-9]{8}$': (d) => day(d, d.walk.rng.between(1, 45)),
};

function fromSchema(d: Draft, op: Operation, input: Schema | undefined, name: string, depth: number): Json {
  const { rng } = d.walk;
  const schema = op.deref(input);
  const known = byName(d, name, schema);
  if (known !== undefined) {
    const type = schema['type'];
    if (type === 'array' || (Array.isArray(type) && type.includes('array'))) {
      return [known, ...Array.from({ length: rng.int(3) }, () => byName(d, name, schema) ?? known)];
    }
    return known;
  }
  const branches = (schema['oneOf'] ?? schema['anyOf']) as Schema[] | undefined;
  if (branches) return fromSchema(d, op, rng.pick(branches), name, depth);
  if ('const' in schema) return schema['const'] as Json;
  if (Array.isArray(schema['enum'])) return rng.pick(schema['enum'] as Json[]);
  let type = schema['type'] as string | string[] | undefined;
  if (Array.isArray(type)) type = rng.pick(type);
  if (type === undefined) type = schema['properties'] ? 'object' : schema['items'] ? 'array' : 'string';
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return rng.chance(0.5);
    case 'integer':
    case 'number': {
      const min = Math.max(
        -1,
        (schema['minimum'] as number | undefined) ??
          (schema['exclusiveMinimum'] !== undefined ? (schema['exclusiveMinimum'] as number) + 1 : 0),
      );
      const max = Math.min((schema['maximum'] as number | undefined) ?? 100, min + 1_000);
      const roll = rng.float();
      if (roll < 0.6) return rng.between(min, Math.min(max, min + 20));
      if (roll < 0.8) return rng.pick([min, max]);
      return type === 'number' && rng.chance(0.5) ? min + 0.5 : rng.between(min, max);
    }
    case 'string': {
      const pattern = schema['pattern'] as string | undefined;
      if (pattern && PATTERNS[pattern]) return PATTERNS[pattern](d);
      if (schema['format'] === 'date-time') return new Date(d.walk.sim.clock.now() + rng.between(-30, 400) * DAY).toISOString();
      const max = (schema['maxLength'] as number | undefined) ?? 16;
      return rng.pick(['remark', 'sim', '测试', 'tracker', 'x'.repeat(Math.min(max, 64))]);
    }
    case 'array': {
      const minItems = (schema['minItems'] as number | undefined) ?? 0;
      const count = Math.max(minItems, rng.int(3));
      return Array.from({ length: count }, () => fromSchema(d, op, schema['items'] as Schema, singular(name), depth + 1));
    }
    case 'object': {
      if (depth > 4) return {};
      const props = (schema['properties'] ?? {}) as Record<string, Schema>;
      const required = new Set((schema['required'] ?? []) as string[]);
      const out: Record<string, Json> = {};
      for (const [key, sub] of Object.entries(props)) {
        if (required.has(key) || rng.chance(0.45)) out[key] = fromSchema(d, op, sub, key, depth + 1);
      }
      return out;
    }
    default:
      return 'x';
  }
}
const singular = (name: string) => name.replace(/(ids|List|s)$/, (m) => (m === 'ids' ? 'id' : ''));

/** One value spoiled: out of range, empty, the wrong type, huge, another shape. */
function spoiled(d: Draft, value: Json, schema: Schema): Json {
  const { rng } = d.walk;
  const min = schema['minimum'] as number | undefined;
  const max = schema['maximum'] as number | undefined;
  const options: Json[] = ['', 'abc', -1, 0, 1.5, 99_999_999_999, '99999999999999999999', null, true, [], {}, 'x'.repeat(300), ' '];
  if (min !== undefined) options.push(min - 1);
  if (max !== undefined) options.push(max + 1);
  if (typeof value === 'number') options.push(String(value), -value);
  if (typeof value === 'string' && value.length > 0) options.push(`${value}0`, value.slice(1), Number(value) || 1);
  if (Array.isArray(value)) options.push([...value, ...value], value.length > 0 ? [value[0]!, 'bad'] : ['bad']);
  return rng.pick(options);
}

// ---- building a request -----------------------------------------------------------------------

export interface Built {
  /** The contract operation; undefined for the stream's own housekeeping and clock moves. */
  op: Operation | undefined;
  req: SimRequest;
  named: Set<string>;
  /** For the failure message. */
  text: string;
}

const enc = new TextEncoder();
export const qs = (pairs: Array<[string, string]>) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
const asText = (v: Json): string => (typeof v === 'string' ? v : v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Parameter values: all required ones, some optional ones; one of them spoiled or missing half the time. */
function paramValues(d: Draft, op: Operation, params: Param[]): Map<string, Json> {
  const { rng } = d.walk;
  const values = new Map<string, Json>();
  const optional = params.filter((p) => !p.required).length;
  for (const p of params) {
    const rare = /^(OwnerId|ResourceOwnerId|ResourceOwnerAccount)$/.test(p.name);
    if (p.required || rng.chance(rare ? 0.05 : Math.min(0.35, 2.5 / optional))) values.set(p.name, fromSchema(d, op, p.schema, p.name, 0));
  }
  const names = [...values.keys()];
  const roll = rng.float();
  if (names.length > 0 && roll < 0.35) {
    const name = rng.pick(names);
    values.set(name, spoiled(d, values.get(name)!, params.find((p) => p.name === name)!.schema));
  } else if (names.length > 0 && roll < 0.45) {
    const required = params.filter((p) => p.required && p.in === 'query');
    if (required.length > 0) values.delete(rng.pick(required).name);
  }
  return values;
}

function bodyValue(d: Draft, op: Operation): Json {
  const { rng } = d.walk;
  const body = fromSchema(d, op, op.body, '', 0);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const keys = Object.keys(body);
  const roll = rng.float();
  if (keys.length > 0 && roll < 0.3) {
    const key = rng.pick(keys);
    const props = (op.deref(op.body)['properties'] ?? {}) as Record<string, Schema>;
    body[key] = spoiled(d, body[key]!, op.deref(props[key]));
  } else if (keys.length > 0 && roll < 0.4) {
    delete body[rng.pick(keys)];
  } else if (roll < 0.45) {
    body['unexpected'] = 'member';
  }
  return body;
}

function build(walk: Walk, op: Operation): Built {
  const { rng } = walk;
  if (op.surface === 'linkcard' || op.surface === 'dyiotapi') return buildAliyun(walk, op);
  const account =
    op.surface === 'gsl' || op.surface === 'iam'
      ? rng.weighted([
          ['acme', 75],
          ['globex', 20],
          ['unknown', 5],
        ] as const)
      : 'acme';
  const d: Draft = { walk, account: account === 'unknown' ? 'acme' : account, named: new Set(), ...preferFor(walk, op) };
  const values = paramValues(d, op, op.params);
  let path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const param = op.params.find((p) => p.name === name);
    const value = values.get(name) ?? fromSchema(d, op, param?.schema, name, 0);
    return encodeURIComponent(asText(value));
  });
  const pairs: Array<[string, string]> = [];
  for (const p of op.params) {
    if (p.in !== 'query' || !values.has(p.name)) continue;
    const value = values.get(p.name)!;
    if (Array.isArray(value)) for (const item of value) pairs.push([p.name, asText(item)]);
    else pairs.push([p.name, asText(value)]);
  }
  const headers: Record<string, string> = {};
  let bodyText = '';
  if (op.body !== undefined || op.method !== 'GET') {
    if (op.id === 'LoadScenario') bodyText = scenarioBody(d);
    else if (op.id === 'KeystoneCreateUserTokenByPassword' && rng.chance(0.7)) bodyText = JSON.stringify(tokenBody(d));
    else if (op.id === 'AddFault') bodyText = JSON.stringify(faultBody(d, op));
    else if (op.id === 'AddCard' && rng.chance(0.6)) bodyText = JSON.stringify(addCardBody(d, op));
    else if (op.body !== undefined) {
      const roll = rng.float();
      bodyText = roll < 0.03 ? '{"unterminated": ' : roll < 0.05 ? '' : JSON.stringify(bodyValue(d, op));
    }
    if (bodyText !== '') headers['content-type'] = 'application/json';
  }
  if (op.surface === 'gsl' || op.surface === 'iam') {
    if (account === 'unknown') headers['x-project-id'] = '00000000000000000000000000000000';
    else if (account !== 'acme' || rng.chance(0.5)) headers['x-project-id'] = PROJECTS[account]!;
    // Now and then an IAM token one of the reference's earlier answers issued (it names the tenant), or a forged one.
    if (walk.tokens.length > 0 && rng.chance(0.15)) headers['x-auth-token'] = rng.chance(0.9) ? rng.pick(walk.tokens) : 'MIIsim.forged';
  } else path = '/_sim' + path;
  const rawQuery = qs(pairs);
  const req: SimRequest = { method: op.method, path, rawQuery, headers, body: enc.encode(bodyText) };
  const text = `${op.method} ${path}${rawQuery ? `?${decodeURIComponentSafe(rawQuery)}` : ''}${headers['x-project-id'] ? ` [project ${account}]` : ''}${bodyText ? ` ${bodyText.slice(0, 600)}` : ''}`;
  return { op, req, named: d.named, text };
}

function preferFor(walk: Walk, op: Operation): Pick<Draft, 'prefer' | 'fresh'> {
  if (/SwitchNetwork|NetworkSwitchPolicy|SimDeviceMultiply/.test(op.id)) {
    const three = new Set(walk.sim.fleet.threeNetwork.toJSON().map((c) => c.cardId));
    return { prefer: (card) => three.has(card.id) };
  }
  if (/PoolMembers|ForceActivation|Directional|PoolStatistics/.test(op.id))
    return { prefer: (card) => /-(PF|DPF|UP|DF)-/.test(card.planId) };
  if (/Resume|Activation|Enable/.test(op.id)) return { prefer: (card) => card.state !== 'active' };
  if (op.id === 'AddCard') return { fresh: true };
  return {};
}

function buildAliyun(walk: Walk, op: Operation): Built {
  const { rng } = walk;
  const [keyId, account] = rng.weighted(ACCESS_KEYS.map(([k, a, w]) => [[k, a] as const, w] as const));
  const d: Draft = { walk, account, named: new Set(), ...preferFor(walk, op) };
  const action = /Action=(\w+)/.exec(op.path)![1]!;
  const version = op.surface === 'linkcard' ? '2021-05-20' : '2017-11-11';
  const pairs: Array<[string, string]> = [
    ['Action', action],
    ['Version', version],
    ['AccessKeyId', keyId],
  ];
  if (rng.chance(0.05)) pairs.push(['Format', 'XML']);
  const values = paramValues(d, op, op.params);
  for (const [name, value] of values) {
    if (Array.isArray(value) && rng.chance(0.5)) value.forEach((item, i) => pairs.push([`${name}.${i + 1}`, asText(item)]));
    else pairs.push([name, asText(value)]);
  }
  const inBody = rng.chance(0.2);
  const rawQuery = qs(inBody ? pairs.slice(0, 3) : pairs);
  const bodyText = inBody ? qs(pairs.slice(3)) : '';
  const req: SimRequest = {
    method: 'POST',
    path: '/',
    rawQuery,
    headers: inBody ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    body: enc.encode(bodyText),
  };
  const text = `POST /?${decodeURIComponentSafe(qs(pairs))}${inBody ? ' (parameters in a form body)' : ''}`;
  return { op, req, named: d.named, text };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** PUT /_sim/scenario: the current export spoiled in one place (refused: the world must stay), or a bare scenario, or garbage. */
function scenarioBody(d: Draft): string {
  const { sim, rng } = d.walk;
  const roll = rng.float();
  if (roll < 0.15) return rng.pick(['{}', '[]', '{"name":"x","accounts":[]}', '{"name":"x","accounts":"acme"}', 'null']);
  const scenario = JSON.parse(JSON.stringify(sim.exportScenario())) as Record<string, any>;
  const state = scenario['state'] as Record<string, any>;
  const spoil: Array<() => void> = [
    () => (state['removed'] = [...(state['removed'] as string[]), '89860000000000000001']),
    () => (state['clock'] = { ...state['clock'], now: 'yesterday' }),
    () => (state['cards'] = [...(state['cards'] as unknown[]), { iccid: 'bad', accountId: 'acme' }]),
    () =>
      (state['cards'] = [
        ...(state['cards'] as unknown[]),
        { ...(state['cards'] as Array<Record<string, unknown>>)[0], accountId: 'nobody' },
      ]),
    () => (scenario['accounts'] = [...(scenario['accounts'] as unknown[]), (scenario['accounts'] as unknown[])[0]]),
    () => (scenario['plans'] = [{ id: 'broken' }]),
    () => (state['books'] = { ...state['books'], workOrders: { nextId: 'x', orders: [] } }),
    () => (state['books'] = { ...state['books'], directionalGroups: { nextId: 1, groups: [{ id: 1 }] } }),
    () => (state['settings'] = { ...state['settings'], authMode: 'sometimes' }),
    () => (scenario['format'] = 99),
  ];
  if (roll < 0.9) rng.pick(spoil)();
  return JSON.stringify(scenario);
}

/** POST /v3/auth/tokens: an IAM user's password identity (acme's, the one with IAM users), sometimes wrong, scoped or not. */
function tokenBody(d: Draft): Json {
  const { rng } = d.walk;
  const user: Record<string, Json> = {
    name: rng.chance(0.9) ? 'acme-dev' : 'nobody',
    password: rng.chance(0.85) ? 'Sim@2026-dev' : 'wrong',
    domain: rng.chance(0.9) ? { name: rng.chance(0.9) ? 'acme-iot' : 'globex' } : { id: 'a1c3e5a7c9e1a3c5e7a9c1e3a5c7e9a1' },
  };
  const scope = rng.weighted<Json | undefined>([
    [{ project: { name: 'cn-north-4' } }, 5],
    [{ project: { id: PROJECTS['acme']! } }, 2],
    [{ project: { id: PROJECTS['globex']! } }, 1],
    [{ domain: { name: 'acme-iot' } }, 2],
    [undefined, 1],
  ]);
  return { auth: { identity: { methods: ['password'], password: { user } }, ...(scope === undefined ? {} : { scope }) } };
}

/** POST /_sim/cards: a new card on a China Unicom plan (fresh ICCIDs are on its range), sometimes spoiled. */
function addCardBody(d: Draft, op: Operation): Json {
  const { sim, rng } = d.walk;
  const plans = sim.fleet.plans().filter((p) => p.carrier === 'CUCC');
  const body: Record<string, Json> = {
    account: rng.weighted<Json>([
      ['acme', 6],
      ['globex', 3],
      ['initech', 1],
    ]),
    iccid: freshIccid(d),
    ...(rng.chance(0.8) ? { plan: rng.pick(plans).id } : {}),
    ...(rng.chance(0.5) ? { state: rng.pick(['active', 'inactive', 'testing', 'stoppedByUser']) } : {}),
    ...(rng.chance(0.3) ? { tags: [tagName(d)] } : {}),
  };
  if (rng.chance(0.3)) {
    const key = rng.pick(Object.keys(body));
    const props = (op.deref(op.body)['properties'] ?? {}) as Record<string, Schema>;
    body[key] = spoiled(d, body[key]!, op.deref(props[key]));
  }
  return body;
}

/** POST /_sim/faults: mostly rules that fire once or twice on a vendor call, some malformed. */
function faultBody(d: Draft, op: Operation): Json {
  const { rng } = d.walk;
  if (rng.chance(0.3)) return bodyValue(d, op);
  const effect = rng.weighted<Json>([
    [
      {
        kind: 'error',
        code: rng.pick(['Throttling.User', 'InvalidParameter', 'isv.SYSTEM_ERROR', 'GSL.00010003', 'GSL.00010004', 'NoSuchCode']),
      },
      6,
    ],
    [{ kind: 'http', status: rng.pick([500, 503]) }, 1],
    [{ kind: 'drop' }, 1],
    [{ kind: 'latency', distribution: 'fixed', ms: 5 }, 1],
  ]);
  return {
    effect,
    times: rng.between(1, 3),
    ...(rng.chance(0.5) ? { vendor: rng.pick(['aliyun', 'huawei']) } : {}),
    ...(rng.chance(0.3) ? { probability: 0.5, seed: rng.int(100) } : {}),
  };
}

export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A control-plane request (`/_sim…`), its body as JSON when there is one. */
export function controlRequest(method: string, path: string, body?: unknown): SimRequest {
  return {
    method,
    path: `/_sim${path}`,
    rawQuery: '',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: enc.encode(body === undefined ? '' : JSON.stringify(body)),
  };
}

function control(label: string, method: string, path: string, body?: unknown): Step {
  const req = controlRequest(method, path, body);
  return {
    op: undefined,
    label,
    req,
    named: new Set(),
    text: `${method} /_sim${path}${body === undefined ? '' : ` ${JSON.stringify(body)}`}`,
  };
}

export interface StreamOptions {
  seed: number;
  /** SetClock never asks for a running clock, and a clock found running is frozen again at once (default true). */
  keepFrozen?: boolean;
  /** Operations never drawn, by operationId. */
  exclude?: readonly string[];
  /** Every `every` requests, POST /_sim/clock/advance by one of `by` (at random). */
  clockMoves?: { every: number; by: readonly string[] };
}

/** One request of the stream: a contract operation's (`op`), or the stream's own housekeeping and clock moves (`label`). */
export type Step = Built & { label: string };

/**
 * The stream. `next()` gives the next request; the caller sends it to the reference world and to
 * any others, then hands the reference's answer to `observe()` (which reads ids from it and
 * queues housekeeping: the pinned settings back, fault rules cleared, the clock frozen again).
 */
export class ContractStream {
  readonly operations: readonly Operation[];
  private readonly walk: Walk;
  private readonly weighted: ReadonlyArray<readonly [Operation, number]>;
  private readonly queue: Step[] = [];
  private readonly options: StreamOptions;
  private drawn = 0;

  constructor(reference: Simulator, options: StreamOptions) {
    this.options = options;
    const exclude = new Set(options.exclude ?? []);
    this.operations = OPERATIONS.filter((op) => !exclude.has(op.id));
    this.weighted = this.operations.map((op) => [op, WEIGHTS[op.id] ?? 1] as const);
    this.walk = {
      sim: reference,
      rng: new Draws(options.seed),
      cards: new Map(),
      hot: [],
      removed: [],
      harvested: new Map(),
      freshSerial: 0,
      tokens: [],
      keepFrozen: options.keepFrozen ?? true,
      start: reference.clock.now(),
    };
    refreshCards(this.walk);
  }

  /** The next request: every operation once first (in contract order), then at random, with clock moves in between. */
  next(): Step {
    const queued = this.queue.shift();
    if (queued) return queued;
    const { rng } = this.walk;
    const moves = this.options.clockMoves;
    const i = this.drawn++;
    if (moves && i > 0 && i % moves.every === 0) {
      const by = rng.pick(moves.by);
      return control(`clock +${by}`, 'POST', '/clock/advance', { by });
    }
    const op = i < this.operations.length ? this.operations[i]! : rng.weighted(this.weighted);
    const built = build(this.walk, op);
    return { ...built, label: op.id };
  }

  /** The reference's answer to `step`: ids for later requests, and housekeeping queued. */
  observe(step: Step, res: SimResponse): void {
    const walk = this.walk;
    const { sim, rng } = walk;
    const text = res.stream || res.drop ? '' : responseText(res);
    const ok = res.status > 0 && res.status < 400 && !res.drop;
    if (ok && text !== '') harvest(walk, tryJson(text));
    const token = res.headers['x-subject-token'];
    if (token) {
      walk.tokens.push(token);
      if (walk.tokens.length > 5) walk.tokens.shift();
    }
    if (ok && step.op?.id === 'RemoveCard') walk.removed.push(decodeURIComponentSafe(step.req.path.split('/').pop() ?? ''));
    if ((ok && step.op?.surface === 'control') || this.drawn % 25 === 0) refreshCards(walk);
    // Housekeeping, judged on the reference and sent to every world alike.
    const settings = sim.settings as unknown as Record<string, unknown>;
    if (Object.entries(PINNED).some(([name, value]) => settings[name] !== value)) {
      this.queue.push(control('settings pinned', 'PATCH', '/settings', PINNED));
    }
    const outages =
      sim.settings.aliyunUnavailableProducts.length + sim.settings.aliyunCarrierOutages.length + sim.settings.huaweiCarrierOutages.length;
    if (outages > 0 && rng.chance(0.2)) {
      this.queue.push(
        control('outages over', 'PATCH', '/settings', {
          aliyunUnavailableProducts: [],
          aliyunCarrierOutages: [],
          huaweiCarrierOutages: [],
        }),
      );
    }
    if (sim.faults.size > 2 || (sim.faults.size > 0 && rng.chance(0.2))) this.queue.push(control('faults cleared', 'DELETE', '/faults'));
    if (sim.clock.snapshot().mode !== 'frozen' && (walk.keepFrozen || rng.chance(0.3))) {
      this.queue.push(control('clock frozen', 'PUT', '/clock', { mode: 'frozen' }));
    }
  }
}
