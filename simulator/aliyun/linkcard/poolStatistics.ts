import type { components, operations } from '../../../contracts/generated/aliyun-linkcard.js';
import type { ActionCall } from '../action.js';
import { aliyunPlanFields } from '../views/plan.js';
import { flowText } from '../views/units.js';

type Params = operations['GetCredentialPoolStatistics']['parameters']['query'];
type Data = components['schemas']['GetCredentialPoolStatisticsData'];

/**
 * GetCredentialPoolStatistics: the pool formed by the account's cards sold under one tariff code
 * (CredentialNO). Its size is the sum of the allowances of the cards in use, its usage the sum of
 * their usage this period; beyond-allowance usage is PoolOutUsed. Fees are not modelled (0).
 * `Date` is accepted; the figures are always the current period's.
 */
export function getCredentialPoolStatistics({ ctx, account, params }: ActionCall<Params>): Data {
  const plans = ctx.fleet.plans().filter((p) => p.tariffCode === params.CredentialNO);
  let total = 0;
  let active = 0;
  let poolKb = 0;
  let usedKb = 0;
  let sms = 0;
  for (const plan of plans) {
    const page = ctx.fleet.query({ accountId: account.id, indexed: { planId: [plan.id] } }, 0, Number.MAX_SAFE_INTEGER);
    total += page.total;
    for (const card of page.items) {
      sms += card.usage.sms;
      if (card.state !== 'active') continue;
      active++;
      poolKb += plan.dataKb;
      usedKb += card.usage.dataKb;
    }
  }
  const first = plans[0];
  return {
    CredentialNO: params.CredentialNO,
    CredentialInstanceId: first ? `${first.id}-${account.id}` : '',
    CredentialType: first ? aliyunPlanFields(first).DataType : '',
    CardTotalNum: total,
    CardActiveNum: active,
    PoolGrandTotal: flowText(poolKb),
    PoolGrandTotalUsed: flowText(usedKb),
    PoolUsed: flowText(Math.min(usedKb, poolKb)),
    PoolAvaiable: flowText(Math.max(0, poolKb - usedKb)),
    PoolOutUsed: flowText(Math.max(0, usedKb - poolKb)),
    EffectiveTotalFlow: flowText(poolKb),
    EffectiveAvailableFlow: flowText(Math.max(0, poolKb - usedKb)),
    MonthUsedAmount: Math.round(usedKb),
    MonthExceedFee: 0,
    MonthFeatureFee: 0,
    SmsUsed: sms,
  };
}
