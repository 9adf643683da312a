import type { components, operations } from '../../../contracts/generated/aliyun-dyiotapi.js';
import type { ActionCall } from '../action.js';
import { AliyunError } from '../errors.js';
import { monthUsage } from '../views/dailyUsage.js';
import { wholeKb } from '../views/units.js';

type Params = operations['QueryCardHistoryFlowInfo']['parameters']['query'];
type Result = Pick<components['schemas']['QueryCardHistoryFlowInfoResponse'], 'Data' | 'Success'>;

/** At most a year of history per call (docs/fidelity.md). */
const MAX_MONTHS = 12;

/**
 * QueryCardHistoryFlowInfo: daily usage in KB between StartTime and EndTime (`yyyyMMdd`, China
 * time, both inclusive), grouped by month, from the same derived history as linkcard's
 * GetCardFlowInfo. Month is `yyyyMM` and Day `yyyyMMdd`, as numbers (the SDK models them so).
 */
export function queryCardHistoryFlowInfo({ ctx, account, params }: ActionCall<Params>): Result {
  const card = ctx.fleet.requireByIccid(account.id, params.Iccid);
  const { StartTime: start, EndTime: end } = params;
  if (!validDay(start)) throw new AliyunError('InvalidParameter', { name: 'StartTime' });
  if (!validDay(end) || end < start) throw new AliyunError('InvalidParameter', { name: 'EndTime' });
  const months = monthsBetween(start.slice(0, 6), end.slice(0, 6));
  if (months.length > MAX_MONTHS) throw new AliyunError('InvalidParameter', { name: 'StartTime' });
  const Data = months.map((month) => {
    const days = monthUsage(ctx, card, month).days.filter((d) => d.day >= start && d.day <= end);
    return {
      Month: Number(month),
      CurValue: days.reduce((sum, d) => sum + wholeKb(d.kb), 0),
      DayUsageList: days.map((d) => ({ Day: Number(d.day), Value: wholeKb(d.kb) })),
    };
  });
  return { Success: true, Data };
}

function validDay(text: string): boolean {
  const m = Number(text.slice(4, 6));
  const d = Number(text.slice(6, 8));
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(4, 6));
  while (`${year}${String(month).padStart(2, '0')}` <= to && out.length <= MAX_MONTHS) {
    out.push(`${year}${String(month).padStart(2, '0')}`);
    if (++month > 12) [year, month] = [year + 1, 1];
  }
  return out;
}
