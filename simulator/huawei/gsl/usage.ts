import type { components } from '../../../contracts/generated/huawei-gsl.js';
import type { EngineContext } from '../../../src/engine/context.js';
import { CardNotFound } from '../../../src/fleet/errors.js';
import type { Account, Card } from '../../../src/fleet/model.js';
import { HuaweiError } from '../errors.js';
import type { GslCall } from './call.js';
import { chinaDay, cycleFlowMb, dailyFlowMb, dayLabel, daysOfMonth, monthLabel, monthOfDay, parseDayLabel } from './usageHistory.js';

type Schemas = components['schemas'];

/** GSL keeps at most six billing cycles, the current one included. */
const CYCLES_KEPT = 6;

/**
 * POST /v1/sim-cards/month-usages: usage per card and billing cycle. Cards by sim_card_ids, or by
 * iccids when no id is given; a cycle that is malformed, in the future or older than the six kept
 * is GSL.00011004.
 */
export function ShowMonthUsages({
  ctx,
  account,
  body,
}: GslCall<undefined, Schemas['ShowMonthUsageReq']>): Schemas['ShowMonthUsagesResponse'] {
  const current = monthOfDay(chinaDay(ctx.clock.now()));
  const cycles = body.billing_cycles.map((label) => {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
    const month = m ? Number(m[1]) * 12 + Number(m[2]) - 1 : NaN;
    if (!(month <= current && month > current - CYCLES_KEPT)) throw new HuaweiError('GSL.00011004');
    return month;
  });
  return {
    month_usages: cardsOf(ctx, account, body).map((card) => ({
      sim_card_id: card.id,
      iccid: card.iccid,
      flow_usages: cycles.map((month) => ({ billing_cycle: monthLabel(month), flow_used: cycleFlowMb(ctx, card, month) })),
    })),
  };
}

/**
 * POST /v1/sim-cards/batch-daily-flow: one element per day, each with every card's flow. A
 * `month` is the current month (to yesterday) or the previous one; a `date` lies between the
 * first day of the previous month and yesterday.
 */
export function ListSimCardFlowPerDay({
  ctx,
  account,
  body,
}: GslCall<undefined, Schemas['SimCardFlowPerDayReq']>): Schemas['ListSimCardFlowPerDayResponse'] {
  const today = chinaDay(ctx.clock.now());
  const current = monthOfDay(today);
  const earliest = daysOfMonth(current - 1).first;
  if (body.month !== undefined && body.date !== undefined)
    throw new HuaweiError('GSL.00010004', { detail: 'month and date are mutually exclusive' });
  if ((body.sim_card_ids?.length ?? 0) > 0 && (body.iccids?.length ?? 0) > 0) {
    throw new HuaweiError('GSL.00010004', { detail: 'sim_card_ids and iccids are mutually exclusive' });
  }
  let first: number;
  let last: number;
  if (body.month !== undefined) {
    const month = Number(body.month.slice(0, 4)) * 12 + Number(body.month.slice(4)) - 1;
    if (month !== current && month !== current - 1)
      throw new HuaweiError('GSL.00010004', { detail: 'month must be the current or the previous month' });
    ({ first, last } = daysOfMonth(month));
    last = Math.min(last, today - 1);
  } else if (body.date !== undefined) {
    const day = parseDayLabel(body.date);
    if (day === undefined || day < earliest || day >= today) {
      throw new HuaweiError('GSL.00010004', { detail: 'date must lie between the first day of the previous month and yesterday' });
    }
    first = last = day;
  } else {
    throw new HuaweiError('GSL.00010004', { detail: 'month or date is required' });
  }
  const cards = cardsOf(ctx, account, body);
  const days: Schemas['ListSimCardFlowPerDayResponse'] = [];
  for (let day = first; day <= last; day++) {
    days.push({
      date: dayLabel(day),
      sim_flow: cards.map((card) => ({ sim_card_id: card.id, iccid: card.iccid, flow: dailyFlowMb(ctx, card, day) })),
    });
  }
  return days;
}

/** The cards a batch names: by id when ids are given, else by ICCID; at least one is required. */
function cardsOf(ctx: EngineContext, account: Account, body: { sim_card_ids?: number[]; iccids?: string[] }): Card[] {
  if (body.sim_card_ids?.length) {
    return body.sim_card_ids.map((id) => {
      const card = ctx.fleet.cardById(account.id, id);
      if (!card) throw new CardNotFound(String(id));
      return card;
    });
  }
  if (body.iccids?.length) {
    return body.iccids.map((iccid) => {
      const card = ctx.fleet.cardByIccid(account.id, iccid);
      if (!card) throw new HuaweiError('GSL.00011011', { iccid });
      return card;
    });
  }
  throw new HuaweiError('GSL.00010004', { detail: 'sim_card_ids and iccids cannot both be empty' });
}
