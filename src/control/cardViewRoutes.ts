import { cardInfoView } from '../../simulator/aliyun/views/cardInfo.js';
import { cardFlowInfoView } from '../../simulator/aliyun/views/cardFlowInfo.js';
import { chinaMonth, monthUsage, previousMonth } from '../../simulator/aliyun/views/dailyUsage.js';
import { flowText } from '../../simulator/aliyun/views/units.js';
import { megabytes } from '../../simulator/huawei/views/flow.js';
import { toSimDeviceVO } from '../../simulator/huawei/views/simDeviceVO.js';
import { gslWorkOrderType } from '../../simulator/huawei/views/workOrderVo.js';
import type { Card } from '../fleet/model.js';
import { allowanceKb } from '../fleet/usage/allowance.js';
import { dayStart } from '../fleet/usage/chinaDays.js';
import { OPEN } from '../fleet/usage/quiet.js';
import { nextTimer } from '../fleet/usage/timers.js';
import type { Simulator } from '../simulator.js';
import { ControlError, type ControlRequest, type ControlRoute } from './route.js';

/**
 * One card as the console shows it: how each vendor API shows it right now, its usage history
 * and what happened to it. Nothing is computed here that a vendor answer computes: the vendor
 * views' own exported functions project the card (the console stands above the vendor surfaces),
 * and the usage history is the fleet's one usage model, so the console shows the numbers the
 * SDKs read.
 */
export const cardViewRoutes: ControlRoute[] = [
  {
    method: 'GET',
    path: '/cards/:iccid/views',
    operationId: 'GetCardViews',
    settles: true,
    handle: (req, sim) => ({ json: vendorViews(sim, cardOf(req, sim)) }),
  },
  {
    method: 'GET',
    path: '/cards/:iccid/usage',
    operationId: 'GetCardUsageHistory',
    settles: true,
    handle: (req, sim) => ({ json: usageHistory(sim, cardOf(req, sim), months(req)) }),
  },
  {
    method: 'GET',
    path: '/cards/:iccid/activity',
    operationId: 'GetCardActivity',
    settles: true,
    handle: (req, sim) => ({ json: activity(sim, cardOf(req, sim)) }),
  },
];

function cardOf(req: ControlRequest, sim: Simulator): Card {
  const card = sim.fleet.cardWithIccid(req.params.iccid ?? '');
  if (!card) throw new ControlError(404, 'CardNotFound', `no card with ICCID ${req.params.iccid}`);
  return card;
}

function months(req: ControlRequest): number {
  const text = req.query.months;
  if (text === undefined) return 3;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= 12)) throw new ControlError(400, 'InvalidParameter', 'months must be an integer from 1 to 12');
  return n;
}

/** The card through each vendor API its account can reach, exactly as that API would answer now. */
function vendorViews(sim: Simulator, card: Card) {
  const fleet = sim.fleet;
  const account = fleet.account(card.accountId)!;
  const plan = fleet.plan(card.planId);
  return {
    iccid: card.iccid,
    state: card.state,
    ...(account.aliyun
      ? {
          linkcard: cardInfoView(card, plan, fleet.directionalGroups.groupOf(card.id)),
          dyiotapi: cardFlowInfoView(card, plan),
        }
      : {}),
    ...(account.huawei ? { gsl: toSimDeviceVO(card, account, plan, fleet.networkControls.networkOf(card)) } : {}),
  };
}

/**
 * Daily use over the current month and the months before it, the days Alibaba's GetCardFlowInfo
 * answers in KB (monthUsage) with the MB GSL shows for the same days, and the period's figures.
 */
function usageHistory(sim: Simulator, card: Card, count: number) {
  const plan = sim.fleet.plan(card.planId);
  const labels: string[] = [chinaMonth(sim.clock.now())];
  while (labels.length < count) labels.unshift(previousMonth(labels[0]!));
  const limit = sim.fleet.usage.limitKb(card, plan);
  return {
    iccid: card.iccid,
    period: {
      plan: plan.id,
      period: plan.period,
      usedKb: card.usage.dataKb,
      allowanceKb: allowanceKb(card, plan),
      ...(limit !== undefined ? { stopsAtKb: limit } : {}),
      flowUsedMb: megabytes(card.usage.dataKb),
      flowUsedText: flowText(card.usage.dataKb),
      sms: card.usage.sms,
      voiceMin: card.usage.voiceMin,
      countedThrough: new Date(card.usage.updatedAt).toISOString(),
    },
    months: labels.map((label) => {
      const month = monthUsage(sim.engine.context, card, label);
      return {
        month: month.month,
        kb: month.kb,
        mb: megabytes(month.kb),
        days: month.days.map((d) => ({ day: d.day, kb: d.kb, mb: megabytes(d.kb) })),
      };
    }),
  };
}

/** What happened to the card, from the fleet's own records (it keeps no separate state log). */
function activity(sim: Simulator, card: Card) {
  const fleet = sim.fleet;
  const orders = fleet.workOrders
    .all()
    .filter((order) => order.accountId === card.accountId && order.lines.some((line) => line.cardId === card.id))
    .map((order) => {
      const line = order.lines.find((l) => l.cardId === card.id)!;
      const gslType = gslWorkOrderType(order);
      return {
        id: order.id,
        operation: order.operation,
        status: line.status,
        createdAt: iso(order.createdAt),
        dueAt: iso(order.dueAt),
        ...(line.finishedAt !== undefined ? { finishedAt: iso(line.finishedAt) } : {}),
        ...(line.failReason !== undefined ? { failReason: line.failReason } : {}),
        ...(gslType !== undefined ? { gslWorkOrderType: gslType } : {}),
      };
    });
  const sms = fleet.smsLog
    .list(card.accountId)
    .filter((record) => record.cardId === card.id)
    .map((record) => ({ sentAt: iso(record.sentAt), content: record.content, deliverable: record.deliverable }));
  const rule = fleet.stopRules.get(card.id);
  return {
    iccid: card.iccid,
    state: card.state,
    story: story(sim, card, orders),
    workOrders: orders,
    sms,
    ...(rule ? { stopRule: { limitKb: rule.limitKb, autoRestore: rule.autoRestore, setAt: iso(rule.setAt) } } : {}),
  };
}

interface StoryEvent {
  at: string;
  what: string;
}

/**
 * How the card came to its state, told from what the fleet keeps: opening, activation, the
 * spans it was out of service (its quiet days), completed work orders, and its next timer. A
 * state forced through the control plane leaves no record of its own beyond the quiet span.
 */
function story(
  sim: Simulator,
  card: Card,
  orders: ReadonlyArray<{ operation: string; status: string; finishedAt?: string; createdAt: string }>,
): StoryEvent[] {
  const events: StoryEvent[] = [{ at: iso(card.openedAt), what: 'opened (delivered)' }];
  if (card.activatedAt !== undefined) events.push({ at: iso(card.activatedAt), what: 'activated' });
  const quiet = card.usage.quiet ?? [];
  for (let i = 0; i < quiet.length; i += 2) {
    const to = quiet[i + 1]!;
    events.push({
      at: iso(dayStart(quiet[i]!)),
      what: to === OPEN ? 'out of service (no usage counted since)' : `out of service until ${iso(dayStart(to + 1))}`,
    });
  }
  for (const order of orders) {
    events.push({ at: order.createdAt, what: `work order ${order.operation} requested` });
    if (order.finishedAt) events.push({ at: order.finishedAt, what: `work order ${order.operation} ${order.status}` });
  }
  const plan = sim.fleet.plan(card.planId);
  const limit = sim.fleet.usage.limitKb(card, plan);
  if (card.state === 'stoppedAtQuota' && limit !== undefined) {
    events.push({
      at: iso(card.usage.updatedAt),
      what: `stopped at quota: ${card.usage.dataKb} KB used of a ${limit} KB limit${sim.fleet.stopRules.get(card.id) ? ' (stop rule)' : ''}`,
    });
  }
  events.sort((a, b) => a.at.localeCompare(b.at));
  const timer = nextTimer(card);
  if (timer) events.push({ at: iso(timer.at), what: timer.event === 'expire' ? 'next: the plan expires' : `next: ${timer.event} (timer)` });
  return events;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
