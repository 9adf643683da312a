import type { components, operations } from '../../../contracts/generated/aliyun-dyiotapi.js';
import type { ActionCall } from '../action.js';
import { sendSmsToMsisdns } from '../smsToMsisdns.js';

type Params = operations['DoSendIotSms']['parameters']['query'];
type Result = Pick<components['schemas']['DoSendIotSmsResponse'], 'Module'>;

/**
 * DoSendIotSms: PhoneNumbers is a comma-separated list of the account's card MSISDNs; each card
 * counts one more SMS this period. Any number that is not the account's card refuses the whole
 * send (isv.IOT_RES_NOT_EXIST). Module is the send's id.
 */
export function doSendIotSms({ ctx, account, params }: ActionCall<Params>): Result {
  const numbers = params.PhoneNumbers.split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const cards = sendSmsToMsisdns(ctx, account.id, numbers);
  return { Module: `${ctx.clock.now()}^${cards.map((c) => c.id).join(',')}` };
}
