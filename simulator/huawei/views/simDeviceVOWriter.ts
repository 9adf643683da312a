import type { Account, Card, Plan } from '../../../src/fleet/model.js';
import type { CardNetwork } from '../../../src/fleet/networkControls.js';
import { deviceOf, containerIdOf } from './device.js';
import { flowLeftMbOf, megabytes } from './flow.js';
import { JsonBytes, utf8 } from './jsonBytes.js';
import { gslDateTime } from './simDeviceVO.js';
import { deviceStatusOf, operatorStatusOf, simStatusOf, simTypeOf } from './status.js';

/**
 * A card's SimDeviceVO written as JSON bytes, the same bytes `JSON.stringify(toSimDeviceVO(…))`
 * gives (test/huawei/simDeviceVOWriter.test.ts compares them card by card, every field variant
 * included), without the view object: keys are encoded once, the plan names and tag lists (often
 * Chinese, so two-byte strings that are slow to escape and encode) are kept encoded, and
 * numbers, dates and identifiers are written byte by byte. `toSimDeviceVO` stays the definition
 * of the view; a field added there must be added here in the same place (the test fails
 * otherwise).
 */
export function writeSimDeviceVO(
  out: JsonBytes,
  card: Card,
  account: Account,
  plan: Plan,
  network: CardNetwork | undefined,
  imeiBindRemainTimes: number | null,
  simPoolId: number | null,
): void {
  const id = card.id;
  const state = card.state;
  const simKind = card.simKind;
  const controls = network?.controls;
  out.bytes(K.sim_card_id);
  out.number(id);
  out.bytes(K.account_id);
  out.bytes(encodedString(account.huawei?.domainId ?? account.id));
  // The ICCID read once: the card store keeps an identifier's text from its second read on, and
  // a text kept for a card a walk shows once outlives the young generation (garbage the major
  // collector must clear: docs/performance.md, "Round 6").
  const iccid = card.iccid;
  out.bytes(K.cid);
  out.string(simKind === 'physical' ? iccid : containerIdOf(card));
  out.bytes(K.sim_pool_id);
  nullableNumber(out, simPoolId);
  out.bytes(K.imei);
  nullableString(out, card.imei ?? null);
  out.bytes(K.sim_status);
  out.number(simStatusOf(state));
  out.bytes(K.device_status);
  nullableNumber(out, deviceStatusOf(card));
  const device = simKind === 'physical' ? undefined : deviceOf(card);
  out.bytes(K.device_model);
  if (device === undefined) out.bytes(NULL);
  else nullableString(out, device.device_model);
  const activatedAt = card.activatedAt;
  if (activatedAt === undefined) out.bytes(K.act_date_null);
  else {
    out.bytes(K.act_date);
    date(out, activatedAt);
  }
  out.bytes(K.device_status_date);
  if (device === undefined) out.bytes(NULL);
  else nullableString(out, device.device_status_date);
  out.bytes(K.iccid);
  out.string(iccid);
  out.bytes(K.network_type);
  out.bytes(encodedString(card.networkType));
  out.bytes(K.dbm);
  if (device === undefined) out.bytes(NULL);
  else nullableString(out, device.dbm);
  out.bytes(K.signal_level);
  if (device === undefined) out.bytes(NULL);
  else nullableString(out, device.signal_level);
  out.bytes(K.sim_type);
  out.number(simTypeOf(simKind));
  out.bytes(K.tag_names);
  tagNames(out, card.tags);
  writeOptionalNumber(out, K.order_id, card.orderId);
  out.bytes(K.expire_time);
  const expiresAt = card.expiresAt;
  if (expiresAt === undefined) out.bytes(NULL);
  else date(out, expiresAt);
  out.bytes(K.price_plan_name);
  out.bytes(encodedString(plan.name));
  out.bytes(K.sim_price_plan_id);
  out.number(id);
  // flowLeftMb and flowUsedMb from one read of the usage (a card's usage is a view made per read).
  const usage = card.usage;
  const usedKb = usage.dataKb;
  out.bytes(K.flow_left);
  out.number(flowLeftMbOf(usedKb, plan.dataKb + (usage.topUpKb ?? 0)));
  out.bytes(K.flow_used);
  out.number(megabytes(usedKb));
  out.bytes(K.operator_status);
  out.number(operatorStatusOf(state));
  writeOptionalString(out, K.msisdn, card.msisdn);
  writeOptionalString(out, K.imsi, card.imsi);
  const attributes = card.customAttributes;
  for (let n = 0; n < 6; n++) {
    out.bytes(K.customer_attribute[n]!);
    nullableString(out, attributes[n] || null);
  }
  out.bytes(card.realNameStatus === 'certified' ? K.real_named_true : K.real_named_false);
  out.bytes(network?.cut ? K.cut_net_flag_true : K.cut_net_flag_false);
  const quotaMb = controls?.quotaMb;
  if (quotaMb === undefined) out.bytes(K.exceed_none);
  else {
    out.bytes(K.exceed_quota);
    nullableNumber(out, quotaMb);
  }
  out.bytes(K.imei_bind_remain_times);
  nullableNumber(out, imeiBindRemainTimes);
  out.bytes(K.speed_value);
  nullableNumber(out, controls?.speedKbps ?? null);
  out.bytes(CLOSE);
}

/** The keys with their punctuation, encoded once. */
const K = {
  sim_card_id: utf8('{"sim_card_id":'),
  account_id: utf8(',"account_id":'),
  cid: utf8(',"cid":'),
  sim_pool_id: utf8(',"sim_pool_id":'),
  imei: utf8(',"imei":'),
  sim_status: utf8(',"sim_status":'),
  device_status: utf8(',"device_status":'),
  device_model: utf8(',"device_model":'),
  act_date: utf8(',"act_date":'),
  act_date_null: utf8(',"act_date":null'),
  device_status_date: utf8(',"device_status_date":'),
  iccid: utf8(',"node_id":null,"iccid":'),
  network_type: utf8(',"network_type":'),
  dbm: utf8(',"dbm":'),
  signal_level: utf8(',"signal_level":'),
  sim_type: utf8(',"sim_type":'),
  tag_names: utf8(',"tag_names":'),
  order_id: utf8(',"order_id":'),
  expire_time: utf8(',"expire_time":'),
  price_plan_name: utf8(',"price_plan_name":'),
  sim_price_plan_id: utf8(',"sim_price_plan_id":'),
  flow_left: utf8(',"flow_left":'),
  flow_used: utf8(',"flow_used":'),
  operator_status: utf8(',"operator_status":'),
  msisdn: utf8(',"msisdn":'),
  imsi: utf8(',"imsi":'),
  customer_attribute: [1, 2, 3, 4, 5, 6].map((n) => utf8(`,"customer_attribute${n}":`)),
  real_named_true: utf8(',"real_named":true'),
  real_named_false: utf8(',"real_named":false'),
  cut_net_flag_true: utf8(',"cut_net_flag":true'),
  cut_net_flag_false: utf8(',"cut_net_flag":false'),
  exceed_none: utf8(',"exceed_cut_net_flag":false,"exceed_cut_net_quota":null'),
  exceed_quota: utf8(',"exceed_cut_net_flag":true,"exceed_cut_net_quota":'),
  imei_bind_remain_times: utf8(',"imei_bind_remain_times":'),
  speed_value: utf8(',"speed_value":'),
};
const NULL = utf8('null');
const CLOSE = utf8('}');

/**
 * Strings many cards share (plan names, tag lists, account ids, network types), kept as their
 * JSON bytes. Keyed by the text itself, so a renamed plan or retagged card simply finds another
 * entry; bounded against clients inventing tags without end.
 */
const encoded = new Map<string, Uint8Array>();
const MAX_ENCODED = 4096;

function encodedString(s: string): Uint8Array {
  let bytes = encoded.get(s);
  if (bytes === undefined) {
    if (encoded.size >= MAX_ENCODED) encoded.clear();
    bytes = utf8(JSON.stringify(s));
    encoded.set(s, bytes);
  }
  return bytes;
}

/** `tag_names`: the tags joined with commas, null when there are none. */
function tagNames(out: JsonBytes, tags: readonly string[]): void {
  if (tags.length === 0) out.bytes(NULL);
  else out.bytes(encodedString(tags.length === 1 ? tags[0]! : tags.join(',')));
}

/**
 * A GSL datetime as `isoDateTime` prints it (`"2020-01-31T16:00:00.000Z"`): the date part kept
 * encoded by day number, the time of day written as digits. Instants outside 1970–9999 or not
 * whole milliseconds go through `gslDateTime` itself.
 */
function date(out: JsonBytes, epochMs: number): void {
  if (!(epochMs >= 0 && epochMs <= LAST_MS) || !Number.isInteger(epochMs)) {
    const text = gslDateTime(epochMs);
    if (text === null) out.bytes(NULL);
    else out.string(text);
    return;
  }
  const day = Math.floor(epochMs / DAY_MS);
  let prefix = datePrefixes.get(day);
  if (prefix === undefined) {
    if (datePrefixes.size >= 65_536) datePrefixes.clear();
    prefix = utf8('"' + gslDateTime(day * DAY_MS)!.slice(0, 11)); // "yyyy-MM-ddT
    datePrefixes.set(day, prefix);
  }
  out.bytes(prefix);
  const inDay = epochMs - day * DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  out.padded(Math.floor(seconds / 3600), 2, 0x3a);
  out.padded(Math.floor(seconds / 60) % 60, 2, 0x3a);
  out.padded(seconds % 60, 2, 0x2e);
  out.padded(inDay % 1000, 3, 0x5a);
  out.bytes(QUOTE);
}

const DAY_MS = 86_400_000;
/** 9999-12-31T23:59:59.999Z: past it the year has more digits. */
const LAST_MS = 253_402_300_799_999;
const datePrefixes = new Map<number, Uint8Array>();
const QUOTE = utf8('"');

function nullableString(out: JsonBytes, s: string | null | undefined): void {
  if (s === null || s === undefined) out.bytes(NULL);
  else out.string(s);
}

function nullableNumber(out: JsonBytes, x: number | null | undefined): void {
  if (x === null || x === undefined) out.bytes(NULL);
  else out.number(x);
}

/** A key JSON.stringify would leave out when its value is undefined (fields a card should always have). */
function writeOptionalNumber(out: JsonBytes, key: Uint8Array, x: number | undefined): void {
  if (x === undefined) return;
  out.bytes(key);
  out.number(x);
}

function writeOptionalString(out: JsonBytes, key: Uint8Array, s: string | undefined): void {
  if (s === undefined) return;
  out.bytes(key);
  out.string(s);
}
