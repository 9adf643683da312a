import type { operations } from '../../../contracts/generated/aliyun-dyiotapi.js';
import type { ActionCall } from '../action.js';
import { AliyunError } from '../errors.js';

type RemindParams = operations['DoIotSetRemindConfig']['parameters']['query'];
type AbsoluteParams = operations['DoIotSetAbsoluteRemindConfig']['parameters']['query'];

/**
 * DoIotSetRemindConfig: OperationType `add`/`update` stores the reminder, `delete` removes it
 * (the real values are undocumented; docs/fidelity.md). When BizType is `iccid`, BizId must be
 * one of the account's cards.
 */
export function doIotSetRemindConfig({ ctx, account, params }: ActionCall<RemindParams>): Record<string, never> {
  checkBiz(ctx, account.id, params.BizType, params.BizId);
  const operation = params.OperationType.toLowerCase();
  if (operation === 'delete') {
    ctx.fleet.reminders.delete(account.id, params.BizType, params.BizId, 'relative');
    return {};
  }
  if (operation !== 'add' && operation !== 'update') throw new AliyunError('InvalidParameter', { name: 'OperationType' });
  ctx.fleet.reminders.set(account.id, {
    bizType: params.BizType,
    bizId: params.BizId,
    kind: 'relative',
    config: params.ConfigInfo,
    updatedAt: ctx.clock.now(),
  });
  return {};
}

/** DoIotSetAbsoluteRemindConfig: stores (replaces) an absolute-threshold reminder. */
export function doIotSetAbsoluteRemindConfig({ ctx, account, params }: ActionCall<AbsoluteParams>): Record<string, never> {
  checkBiz(ctx, account.id, params.BizType, params.BizId);
  ctx.fleet.reminders.set(account.id, {
    bizType: params.BizType,
    bizId: params.BizId,
    kind: 'absolute',
    config: params.ConfigInfo,
    updatedAt: ctx.clock.now(),
  });
  return {};
}

function checkBiz(ctx: ActionCall<unknown>['ctx'], accountId: string, bizType: string, bizId: string): void {
  if (bizType.toLowerCase() === 'iccid') ctx.fleet.requireByIccid(accountId, bizId);
}
