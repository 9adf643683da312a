import type { components, operations } from '../../../contracts/generated/aliyun-dyiotapi.js';
import type { ActionCall } from '../action.js';
import { AliyunError } from '../errors.js';

type Schemas = components['schemas'];

/**
 * DoIotPostImei: registers a device IMEI with the carrier, so it can be bound. IMEIs are 15
 * digits; anything else is refused as the parameter error.
 */
export function doIotPostImei({
  ctx,
  account,
  params,
}: ActionCall<operations['DoIotPostImei']['parameters']['query']>): Pick<Schemas['DoIotPostImeiResponse'], 'IotPostImei'> {
  checkImei(params.Imei, 'Imei');
  ctx.fleet.devices.register(account.id, {
    imei: params.Imei,
    deviceType: params.DeviceType,
    comments: params.Comments,
    registeredAt: ctx.clock.now(),
  });
  return { IotPostImei: { IsPostSuccess: true } };
}

/** DoIotIsImeiExist: whether the IMEI was registered, or is bound to one of the account's cards. */
export function doIotIsImeiExist({
  ctx,
  account,
  params,
}: ActionCall<operations['DoIotIsImeiExist']['parameters']['query']>): Pick<Schemas['DoIotIsImeiExistResponse'], 'IotImeiExist'> {
  const registered = ctx.fleet.devices.get(account.id, params.Imei) !== undefined;
  const bound = registered || ctx.fleet.query({ accountId: account.id, where: (c) => c.imei === params.Imei }, 0, 0).total > 0;
  return { IotImeiExist: { IsImeiExist: bound } };
}

/**
 * DoIotChgBindOrUnBind: with NewImei, moves the card's binding from Imei to NewImei; without,
 * unbinds it (OpionType is accepted and not interpreted: its values are undocumented). Imei must
 * be the card's current binding, else IsModSuccess is false and nothing changes.
 */
export function doIotChgBindOrUnBind({
  ctx,
  account,
  params,
}: ActionCall<operations['DoIotChgBindOrUnBind']['parameters']['query']>): Pick<Schemas['DoIotChgBindOrUnBindResponse'], 'IotModBind'> {
  const card = ctx.fleet.requireByIccid(account.id, params.Iccid);
  if (params.NewImei !== undefined) checkImei(params.NewImei, 'NewImei');
  if (card.imei !== params.Imei) return { IotModBind: { IsModSuccess: false } };
  ctx.fleet.updateCard(card, (c) => {
    c.imei = params.NewImei;
  });
  return { IotModBind: { IsModSuccess: true } };
}

function checkImei(imei: string, name: string): void {
  if (!/^\d{15}$/.test(imei)) throw new AliyunError('InvalidParameter', { name });
}
