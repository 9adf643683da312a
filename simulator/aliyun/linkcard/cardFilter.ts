import type { operations } from '../../../contracts/generated/aliyun-linkcard.js';
import { INDEXED_FIELDS, type IndexedField, type IndexFilter } from '../../../src/fleet/cardIndex.js';
import type { Fleet, UsageCondition } from '../../../src/fleet/fleet.js';
import type { Card } from '../../../src/fleet/model.js';
import { AliyunError } from '../errors.js';
import { parseChinaDateTime } from '../views/chinaTime.js';
import { notifyId } from '../views/credential.js';
import { CERTIFY_TYPE } from '../views/linkcardCard.js';
import { planIdsMatching } from '../views/plan.js';
import { statesFor } from '../views/status.js';
import { KB_PER_MB } from '../views/units.js';
import { allowanceKb } from '../../../src/fleet/usage/allowance.js';

type Params = operations['ListCardInfo']['parameters']['query'];

/** ListCardInfo's filters in fleet terms. */
export interface CardFilter {
  /** Equality filters the fleet's indexes answer. */
  readonly indexed: IndexFilter;
  /** The usage ranges, on the period's figures (KB) as the fleet's usage columns hold them. */
  readonly usage: UsageCondition | undefined;
  /** Everything else, card by card; undefined when nothing is left to check. */
  readonly where: ((card: Card) => boolean) | undefined;
  /** An exact identity (ICCID, IMSI, MSISDN): answered by look-up, never by a scan. */
  readonly lookup: { readonly by: 'iccid' | 'imsi' | 'msisdn'; readonly value: string } | undefined;
}

export function cardFilter(params: Params, fleet: Fleet): CardFilter {
  const indexed: { -readonly [F in IndexedField]?: readonly string[] } = {};
  const states = statesFor(params.Status, params.OsStatus);
  if (states) indexed.state = states;
  if (params.Vendor !== undefined) indexed.carrier = [params.Vendor];
  if (params.SimType !== undefined) indexed.formFactor = [params.SimType];
  if (params.NetworkType !== undefined) indexed.networkType = [params.NetworkType];
  if (params.TagName !== undefined) indexed.tag = [params.TagName];
  if (params.AliyunOrderId !== undefined) indexed.orderId = [params.AliyunOrderId];
  const planIds = planIdsMatching(fleet, {
    DataLevel: params.DataLevel,
    Period: params.Period,
    DataType: params.DataType,
    CredentialNo: params.CredentialNo,
    AliFee: params.AliFee,
  });
  if (planIds) indexed.planId = planIds;

  const checks: Array<(card: Card) => boolean> = [];
  const lookup =
    params.Iccid !== undefined
      ? ({ by: 'iccid', value: params.Iccid } as const)
      : params.Imsi !== undefined
        ? ({ by: 'imsi', value: params.Imsi } as const)
        : params.Msisdn !== undefined
          ? ({ by: 'msisdn', value: params.Msisdn } as const)
          : undefined;
  // Identities beyond the one looked up still have to agree.
  if (params.Imsi !== undefined && lookup?.by !== 'imsi') checks.push((c) => c.imsi === params.Imsi);
  if (params.Msisdn !== undefined && lookup?.by !== 'msisdn') checks.push((c) => c.msisdn === params.Msisdn);

  addTimeRange(checks, params, 'ActiveTimeStart', 'ActiveTimeEnd', (c) => c.activatedAt);
  addTimeRange(checks, params, 'ExpireTimeStart', 'ExpireTimeEnd', (c) => c.expiresAt);

  const usage = usageCondition(params);
  if (params.IsAutoRecharge !== undefined) {
    const wanted = params.IsAutoRecharge;
    checks.push((c) => c.autoRecharge === wanted);
  }
  if (params.ApnName !== undefined) checks.push((c) => c.apn === params.ApnName);
  if (params.CertifyType !== undefined && params.CertifyType !== CERTIFY_TYPE) checks.push(() => false);
  if (params.DirectionalGroupId !== undefined) {
    const groupId = Number(params.DirectionalGroupId);
    checks.push((c) => fleet.directionalGroups.groupOf(c.id)?.id === groupId);
  }
  // Every card of an account answers to its account's notification rule (views/credential.ts).
  if (params.NotifyId !== undefined) {
    const wanted = params.NotifyId;
    checks.push((c) => notifyId(c.accountId) === wanted);
  }
  // Pools by id are not modelled: no card carries one.
  if (params.PoolId !== undefined) checks.push(() => false);

  return { indexed, usage, where: combine(checks), lookup };
}

/** MinFlow and MaxFlow (MB used this period) as bounds, MaxRestFlowPercentage (a fraction left) as a test, on the usage columns. */
function usageCondition(params: Params): UsageCondition | undefined {
  const minKb = flowKb(params, 'MinFlow');
  const maxKb = flowKb(params, 'MaxFlow');
  const maxRest = params.MaxRestFlowPercentage;
  if (minKb === undefined && maxKb === undefined && maxRest === undefined) return undefined;
  return {
    ...(minKb !== undefined ? { usedKbMin: minKb } : {}),
    ...(maxKb !== undefined ? { usedKbMax: maxKb } : {}),
    // A fraction (0.1, 0.2, 0.3: the contract refuses anything else), the rest share in percent.
    ...(maxRest !== undefined
      ? { test: (usedKb: number, allowanceKb: number) => restFlowPercentageOf(usedKb, allowanceKb) <= maxRest * 100 }
      : {}),
  };
}

/** Whether one card passes the equality filters (the look-up path checks them without indexes). */
export function matchesIndexed(card: Card, indexed: IndexFilter): boolean {
  for (const field of Object.keys(indexed) as IndexedField[]) {
    const wanted = indexed[field];
    if (wanted && !INDEXED_FIELDS[field](card).some((value) => wanted.includes(value))) return false;
  }
  return true;
}

type TimeParam = 'ActiveTimeStart' | 'ActiveTimeEnd' | 'ExpireTimeStart' | 'ExpireTimeEnd';

/** Inclusive bounds; a card without the instant (never activated) is outside any range. */
function addTimeRange(
  checks: Array<(card: Card) => boolean>,
  params: Params,
  startName: TimeParam,
  endName: TimeParam,
  instantOf: (card: Card) => number | undefined,
): void {
  const start = chinaInstant(params, startName);
  const end = chinaInstant(params, endName);
  if (start === undefined && end === undefined) return;
  checks.push((card) => {
    const at = instantOf(card);
    return at !== undefined && (start === undefined || at >= start) && (end === undefined || at <= end);
  });
}

function chinaInstant(params: Params, name: TimeParam): number | undefined {
  const text = params[name];
  if (text === undefined) return undefined;
  const at = parseChinaDateTime(text);
  if (at === undefined) throw new AliyunError('InvalidParameter', { name });
  return at;
}

/** MinFlow/MaxFlow are MB of this period's usage. */
function flowKb(params: Params, name: 'MinFlow' | 'MaxFlow'): number | undefined {
  const text = params[name];
  return text === undefined ? undefined : Number(text) * KB_PER_MB;
}

/** The share of the period allowance still unused, in percent. */
export function restFlowPercentage(card: Card, fleet: Fleet): number {
  return restFlowPercentageOf(card.usage.dataKb, allowanceKb(card, fleet.plan(card.planId)));
}

/** The same from the period's figures (KB). */
export function restFlowPercentageOf(usedKb: number, allowanceKb: number): number {
  if (allowanceKb <= 0) return 0;
  return (Math.max(0, allowanceKb - usedKb) / allowanceKb) * 100;
}

function combine(checks: Array<(card: Card) => boolean>): ((card: Card) => boolean) | undefined {
  if (checks.length === 0) return undefined;
  if (checks.length === 1) return checks[0];
  return (card) => {
    for (const check of checks) if (!check(card)) return false;
    return true;
  };
}
