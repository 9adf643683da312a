import { RawJson } from '../../../src/engine/rawJson.js';
import type { Account, Card, Plan } from '../../../src/fleet/model.js';
import type { CardNetwork } from '../../../src/fleet/networkControls.js';
import { JsonBytes } from './jsonBytes.js';
import type { SimDeviceVO } from './simDeviceVO.js';
import { writeSimDeviceVO } from './simDeviceVOWriter.js';

/**
 * SimDeviceVOs (ListSimCards, ShowSimCard), serialised once per card and reused while nothing the
 * view reads has changed: serialising a 100-card page was most of the action's cost.
 *
 * As for ListCardInfo (simulator/aliyun/views/cardInfoCache.ts), staleness is checked against the
 * inputs themselves, every one the view (`toSimDeviceVO`, written by `writeSimDeviceVO`) reads, not against a change counter: no mutation
 * path (a gateway, the control plane, the clock's settling of a new day's usage, a restored or
 * reset world) can leave a stale fragment behind, and the rebind count and pool id, which come
 * from other books, are compared as the values the view is given. Entries are keyed by card id,
 * not by object, so cards made on access (a columnar fleet) still find theirs; the identifiers are
 * compared too, since a reset or loaded world may give an id to another card.
 * `test/huawei/simDeviceVOCache.test.ts` changes each input in turn and compares with a fresh view:
 * a new input read by `toSimDeviceVO` must be added here.
 */
interface Entry {
  readonly card: CardInputs;
  readonly accountId: string;
  readonly plan: Plan;
  readonly planId: string;
  readonly planKind: Plan['kind'];
  readonly planName: string;
  readonly planDataKb: number;
  readonly cutNet: boolean;
  readonly quotaMb: number | undefined;
  readonly speedKbps: number | undefined;
  readonly cut: boolean;
  readonly imeiBindRemainTimes: number | null;
  readonly simPoolId: number | null;
  readonly json: RawJson<SimDeviceVO>;
}

/** What the view reads of the card, copied (a card object may be changed in place or made anew). */
interface CardInputs {
  readonly iccid: string;
  readonly imsi: string;
  readonly msisdn: string;
  readonly imei: string | undefined;
  readonly state: Card['state'];
  readonly simKind: Card['simKind'];
  readonly networkType: Card['networkType'];
  readonly openedAt: number;
  readonly activatedAt: number | undefined;
  readonly expiresAt: number;
  readonly orderId: number;
  readonly dataKb: number;
  readonly topUpKb: number | undefined;
  readonly realNameStatus: Card['realNameStatus'];
  readonly tags: readonly string[];
  readonly customAttributes: readonly string[];
}

/** Bounded (~10 MB of fragments) so that paging through a million-card fleet keeps no more. */
const MAX_ENTRIES = 10_000;
const entries = new Map<number, Entry>();
/**
 * Cards shown once and not (yet) cached. A fragment costs more than the view it replaces (its own
 * serialisation and encoding, the inputs copied), and is worth it only when the card is shown
 * again: a walk through a large fleet sees each card once, and serialising its pages whole was
 * 2.5 times cheaper than making a fragment per card. So a card's first showing is a plain view,
 * and its second makes the fragment.
 */
const SEEN_SLOTS = 16_384;
/**
 * The cards lately shown once, direct-mapped by id (a slot holds the last id shown in it): a Set
 * of ids grew and was cleared every 10,000 cards of a walk, and its tables and boxed ids lived
 * long enough to be promoted, ~15 MB of old-generation garbage over 500 pages. A card whose slot
 * another took meanwhile just waits for a later showing to be cached; the bytes are the same.
 */
const seenOnce = new Float64Array(SEEN_SLOTS).fill(NaN);
const seenSlot = (id: number): number => (id >>> 0) & (SEEN_SLOTS - 1);
/** Where fragments are written before being copied out at their size. */
const scratch = new JsonBytes();

/**
 * Writes the card's SimDeviceVO into a page: its cached fragment while fresh; the card written
 * directly the first time it is shown; a new fragment from the second time on (or at once when a
 * cached card changed).
 */
export function writeCachedSimDeviceVO(
  out: JsonBytes,
  card: Card,
  account: Account,
  plan: Plan,
  network: CardNetwork | undefined,
  imeiBindRemainTimes: number | null,
  simPoolId: (plan: Plan) => number | null,
): void {
  const id = card.id;
  const slot = seenSlot(id);
  if (seenOnce[slot] !== id && !entries.has(id)) {
    seenOnce[slot] = id;
    writeSimDeviceVO(out, card, account, plan, network, imeiBindRemainTimes, simPoolId(plan));
    return;
  }
  if (seenOnce[slot] === id) seenOnce[slot] = NaN;
  out.chunksOf(simDeviceVOJson(card, account, plan, network, imeiBindRemainTimes, () => simPoolId(plan)).chunks);
}

/** The card's SimDeviceVO as a fragment: the cached one while fresh, else a new one cached. */
export function simDeviceVOJson(
  card: Card,
  account: Account,
  plan: Plan,
  network: CardNetwork | undefined,
  imeiBindRemainTimes: number | null,
  simPoolId: () => number | null,
): RawJson<SimDeviceVO> {
  const accountId = account.huawei?.domainId ?? account.id;
  const entry = entries.get(card.id);
  if (entry !== undefined && fresh(entry, card, accountId, plan, network, imeiBindRemainTimes)) {
    // The pool id follows from account and plan alone (both compared above), so it is not asked again.
    return entry.json;
  }
  const poolId = simPoolId();
  writeSimDeviceVO(scratch, card, account, plan, network, imeiBindRemainTimes, poolId);
  const json = RawJson.fromChunks<SimDeviceVO>([scratch.copy()]);
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(card.id, {
    card: {
      iccid: card.iccid,
      imsi: card.imsi,
      msisdn: card.msisdn,
      imei: card.imei,
      state: card.state,
      simKind: card.simKind,
      networkType: card.networkType,
      openedAt: card.openedAt,
      activatedAt: card.activatedAt,
      expiresAt: card.expiresAt,
      orderId: card.orderId,
      dataKb: card.usage.dataKb,
      topUpKb: card.usage.topUpKb,
      realNameStatus: card.realNameStatus,
      tags: card.tags.slice(),
      customAttributes: card.customAttributes.slice(),
    },
    accountId,
    plan,
    planId: plan.id,
    planKind: plan.kind,
    planName: plan.name,
    planDataKb: plan.dataKb,
    cutNet: network?.controls.cutNet ?? false,
    quotaMb: network?.controls.quotaMb,
    speedKbps: network?.controls.speedKbps,
    cut: network?.cut ?? false,
    imeiBindRemainTimes,
    simPoolId: poolId,
    json,
  });
  return json;
}

function fresh(
  e: Entry,
  card: Card,
  accountId: string,
  plan: Plan,
  network: CardNetwork | undefined,
  imeiBindRemainTimes: number | null,
): boolean {
  const c = e.card;
  return (
    c.state === card.state &&
    c.dataKb === card.usage.dataKb &&
    c.topUpKb === card.usage.topUpKb &&
    c.expiresAt === card.expiresAt &&
    c.activatedAt === card.activatedAt &&
    c.openedAt === card.openedAt &&
    c.imei === card.imei &&
    c.realNameStatus === card.realNameStatus &&
    c.networkType === card.networkType &&
    c.simKind === card.simKind &&
    c.orderId === card.orderId &&
    c.iccid === card.iccid &&
    c.imsi === card.imsi &&
    c.msisdn === card.msisdn &&
    sameStrings(c.tags, card.tags) &&
    sameStrings(c.customAttributes, card.customAttributes) &&
    e.accountId === accountId &&
    e.plan === plan &&
    e.planId === plan.id &&
    e.planKind === plan.kind &&
    e.planName === plan.name &&
    e.planDataKb === plan.dataKb &&
    e.cutNet === (network?.controls.cutNet ?? false) &&
    e.quotaMb === network?.controls.quotaMb &&
    e.speedKbps === network?.controls.speedKbps &&
    e.cut === (network?.cut ?? false) &&
    e.imeiBindRemainTimes === imeiBindRemainTimes
  );
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
