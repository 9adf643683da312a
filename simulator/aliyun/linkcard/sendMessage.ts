import type { operations } from '../../../contracts/generated/aliyun-linkcard.js';
import { Enveloped, type ActionCall } from '../action.js';
import { sendSmsToMsisdns } from '../smsToMsisdns.js';

type Params = operations['SendMessage']['parameters']['query'];

/**
 * SendMessage: an SMS task to the account's cards by MSISDN; each card counts one more SMS this
 * period. A number that is not the account's card refuses the whole task (linkcard's unknown-card
 * error). Data is the task id, unique and increasing on the simulated clock.
 */
const lastTaskIds = new WeakMap<object, number>();

export function sendMessage({ ctx, account, params }: ActionCall<Params>) {
  sendSmsToMsisdns(ctx, account.id, params.Msisdns);
  // Per simulated world (keyed by its fleet), never shared between simulators in one process.
  const taskId = Math.max((lastTaskIds.get(ctx.fleet) ?? 0) + 1, ctx.clock.now());
  lastTaskIds.set(ctx.fleet, taskId);
  // The dynamic pair fills placeholders of an error text; a task accepted has none to fill.
  return new Enveloped(taskId, { DynamicCode: '', DynamicMessage: '' });
}
