import type { components, operations } from '../../../contracts/generated/aliyun-dyiotapi.js';
import type { ActionCall } from '../action.js';

type Schemas = components['schemas'];
type StopResumeParams = operations['DoIotUserStopResume']['parameters']['query'];
type UnbindParams = operations['DoIotUnbindResume']['parameters']['query'];

/**
 * DoIotUserStopResume: OptionType `stop` or `resume` (the real values are undocumented;
 * docs/fidelity.md). Immediate, like linkcard's Stop/ResumeSingleCard; a card in the wrong state
 * is refused (isv.IOT_CARD_STATUS_ERROR).
 */
export function doIotUserStopResume({
  ctx,
  account,
  params,
}: ActionCall<StopResumeParams>): Pick<Schemas['DoIotUserStopResumeResponse'], 'Result'> {
  const card = ctx.fleet.requireByIccid(account.id, params.Iccid);
  ctx.fleet.transition(card, params.OptionType === 'stop' ? 'stop' : 'resume', ctx.clock.now());
  return { Result: { ControlResult: true } };
}

/** DoIotUnbindResume: unlocks a card stopped for being moved to another device. */
export function doIotUnbindResume({ ctx, account, params }: ActionCall<UnbindParams>): Pick<Schemas['DoIotUnbindResumeResponse'], 'Data'> {
  const card = ctx.fleet.requireByIccid(account.id, params.Iccid);
  ctx.fleet.transition(card, 'rebindResume', ctx.clock.now());
  return { Data: true };
}
