import type { components, operations } from '../../../contracts/generated/aliyun-linkcard.js';
import type { ActionCall } from '../action.js';
import { AliyunError } from '../errors.js';
import { chinaDateTime } from '../views/chinaTime.js';
import { cardFigure, chinaMonth, isMonth, monthUsage, previousMonth } from '../views/dailyUsage.js';
import { flowText } from '../views/units.js';
import { linkcardCard } from './linkcardCard.js';

type LatestParams = operations['GetCardLatestFlow']['parameters']['query'];
type FlowParams = operations['GetCardFlowInfo']['parameters']['query'];
type FlowData = components['schemas']['GetCardFlowInfoData'];

/** GetCardLatestFlow: this period's usage so far, with its unit (`"1.00MB"`). */
export function getCardLatestFlow({ ctx, account, params }: ActionCall<LatestParams>): string {
  return flowText(linkcardCard(ctx, account.id, params.Iccid, 'linkcard').usage.dataKb);
}

/**
 * GetCardFlowInfo: usage per month and per day for the months asked (at most 6, the contract
 * enforces it; the current and the previous month when none are given), the card's package and
 * its one carrier's share. Months before activation or in the future have no days.
 */
export function getCardFlowInfo({ ctx, account, params }: ActionCall<FlowParams>): FlowData {
  const card = linkcardCard(ctx, account.id, params.Iccid, 'linkcard');
  const plan = ctx.fleet.plan(card.planId);
  const current = chinaMonth(ctx.clock.now());
  const months = params.DateList?.length ? [...new Set(params.DateList)] : [previousMonth(current), current];
  if (!months.every(isMonth)) throw new AliyunError('InvalidParameter', { name: 'DateList' });
  const usage = months.map((month) => monthUsage(ctx, card, month));
  const usedKb = usage.reduce((sum, m) => sum + m.kb, 0);
  return {
    ListCardMonthFlow: usage.map((m) => ({
      Month: m.month,
      FlowCount: flowText(m.kb),
      ListDayFlow: m.days.map((d) => ({ Day: d.day, Flow: flowText(d.kb) })),
    })),
    ListPackageDTO: [
      {
        PackageName: plan.name,
        EffectiveTime: chinaDateTime(card.activatedAt ?? card.openedAt),
        ExpireTime: chinaDateTime(card.expiresAt),
        // Ours: the remark names the credential (tariff) the package is sold under.
        Remark: `套餐凭证 ${plan.tariffCode}`,
      },
    ],
    // Single-carrier cards: the one carrier carried all of it.
    ListVendorDetail: [
      {
        Vendor: card.carrier,
        UsedFlow: flowText(usedKb),
        Ratio: '100%',
        NetWorkDelay: String(20 + cardFigure(card.id, 'delay', 80)),
        SignalStrength: String(10 + cardFigure(card.id, 'signal', 21)),
      },
    ],
  };
}
