import type { DirectionalGroup } from '../../../src/fleet/directionalGroups.js';
import type { Card, Plan } from '../../../src/fleet/model.js';
import { RawJson } from '../../../src/engine/rawJson.js';
import { cardInfoView } from './cardInfo.js';

/**
 * ListCardInfo items, serialised once per card and reused while nothing the view reads has
 * changed. Serialising 40 views per page was the largest cost of the action after the socket
 * write; a reused fragment costs a dozen comparisons.
 *
 * Staleness is checked against the inputs themselves rather than a change counter, so no
 * mutation path (the gateways', the control plane's, the clock's work orders, a test poking a
 * card) can leave a stale fragment behind. `test/aliyun/cardInfoCache.test.ts` changes each input
 * in turn and compares with a fresh view: a new input read by `cardInfoView` must be added here.
 * Entries are keyed by the card's position, not its object (a listing may hand out an object the
 * fleet does not keep, a new one each time), so the identity the view shows is compared too: a
 * position of another simulator's fleet, or of a world reset since, is another card.
 */
interface Entry {
  readonly id: number;
  readonly iccid: string;
  readonly imsi: string;
  readonly msisdn: string;
  readonly carrier: Card['carrier'];
  readonly plan: Plan;
  readonly group: DirectionalGroup | undefined;
  readonly state: Card['state'];
  readonly dataKb: number;
  readonly sms: number;
  /** Renewals add to the period's allowance (PeriodRestFlow). */
  readonly topUpKb: number | undefined;
  readonly usageUpdatedAt: number;
  readonly openedAt: number;
  readonly activatedAt: number | undefined;
  readonly expiresAt: number;
  readonly formFactor: Card['formFactor'];
  readonly networkType: Card['networkType'];
  readonly apn: string;
  readonly orderId: number;
  readonly autoRecharge: boolean;
  readonly privateNetwork: string | undefined;
  readonly remark: string | undefined;
  readonly tags: readonly string[];
  readonly json: RawJson<ReturnType<typeof cardInfoView>>;
}

/** Bounded (~13 MB of fragments) so that paging through a million-card fleet keeps no more. */
const MAX_ENTRIES = 10_000;
const entries = new Map<number, Entry>();

export function cardInfoJson(card: Card, plan: Plan, group: DirectionalGroup | undefined): RawJson<ReturnType<typeof cardInfoView>> {
  const entry = entries.get(card.seq);
  if (entry !== undefined && fresh(entry, card, plan, group)) return entry.json;
  if (entries.size >= MAX_ENTRIES) entries.clear();
  const json = RawJson.of(cardInfoView(card, plan, group));
  entries.set(card.seq, {
    id: card.id,
    iccid: card.iccid,
    imsi: card.imsi,
    msisdn: card.msisdn,
    carrier: card.carrier,
    plan,
    group,
    state: card.state,
    dataKb: card.usage.dataKb,
    sms: card.usage.sms,
    topUpKb: card.usage.topUpKb,
    usageUpdatedAt: card.usage.updatedAt,
    openedAt: card.openedAt,
    activatedAt: card.activatedAt,
    expiresAt: card.expiresAt,
    formFactor: card.formFactor,
    networkType: card.networkType,
    apn: card.apn,
    orderId: card.orderId,
    autoRecharge: card.autoRecharge,
    privateNetwork: card.privateNetwork,
    remark: card.remark,
    tags: card.tags.slice(),
    json,
  });
  return json;
}

function fresh(e: Entry, card: Card, plan: Plan, group: DirectionalGroup | undefined): boolean {
  return (
    e.id === card.id &&
    e.iccid === card.iccid &&
    e.imsi === card.imsi &&
    e.msisdn === card.msisdn &&
    e.carrier === card.carrier &&
    e.plan === plan &&
    e.group === group &&
    e.state === card.state &&
    e.dataKb === card.usage.dataKb &&
    e.sms === card.usage.sms &&
    e.topUpKb === card.usage.topUpKb &&
    e.usageUpdatedAt === card.usage.updatedAt &&
    e.openedAt === card.openedAt &&
    e.activatedAt === card.activatedAt &&
    e.expiresAt === card.expiresAt &&
    e.formFactor === card.formFactor &&
    e.networkType === card.networkType &&
    e.apn === card.apn &&
    e.orderId === card.orderId &&
    e.autoRecharge === card.autoRecharge &&
    e.privateNetwork === card.privateNetwork &&
    e.remark === card.remark &&
    sameTags(e.tags, card.tags)
  );
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
