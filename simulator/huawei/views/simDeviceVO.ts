import type { components } from '../../../contracts/generated/huawei-gsl.js';
import { isoDateTime } from '../../../src/engine/isoTime.js';
import type { Account, Card, Plan } from '../../../src/fleet/model.js';
import type { CardNetwork } from '../../../src/fleet/networkControls.js';
import { containerIdOf, deviceOf } from './device.js';
import { flowLeftMb, flowUsedMb } from './flow.js';
import { deviceStatusOf, operatorStatusOf, simStatusOf, simTypeOf } from './status.js';

export type SimDeviceVO = components['schemas']['SimDeviceVO'];

/** GSL datetimes: ISO-8601 UTC with milliseconds, e.g. 2020-01-31T16:00:00.000Z. */
export function gslDateTime(epochMs: number | undefined): string | null {
  return epochMs === undefined ? null : isoDateTime(epochMs);
}

/**
 * A canonical card as GSL shows it in ListSimCards and ShowSimCard. `simPoolId` is the pool its
 * plan puts it in (gsl/poolIds.ts), null when unpooled. The network flags come from the
 * card's network (NetworkControlBook.networkOf): `cut_net_flag` is the fleet's isNetworkCut, on
 * request or past the exceed-cut-net threshold.
 */
/** `imeiBindRemainTimes`: China Telecom's rebinds left this month (null for other carriers). */
export function toSimDeviceVO(
  card: Card,
  account: Account,
  plan: Plan,
  network?: CardNetwork,
  imeiBindRemainTimes: number | null = null,
  simPoolId: number | null = null,
): SimDeviceVO {
  const attributes = card.customAttributes;
  const attribute = (n: number): string | null => attributes[n] || null;
  const device = deviceOf(card);
  const controls = network?.controls;
  return {
    sim_card_id: card.id,
    account_id: account.huawei?.domainId ?? account.id,
    cid: containerIdOf(card),
    sim_pool_id: simPoolId,
    imei: card.imei ?? null,
    sim_status: simStatusOf(card.state),
    device_status: deviceStatusOf(card),
    device_model: device.device_model,
    act_date: gslDateTime(card.activatedAt),
    device_status_date: device.device_status_date,
    node_id: null,
    iccid: card.iccid,
    network_type: card.networkType,
    dbm: device.dbm,
    signal_level: device.signal_level,
    sim_type: simTypeOf(card.simKind),
    tag_names: card.tags.length > 0 ? card.tags.join(',') : null,
    order_id: card.orderId,
    expire_time: gslDateTime(card.expiresAt),
    price_plan_name: plan.name,
    // A physical card has one plan instance, whose id is the card's (ListSimPricePlans).
    sim_price_plan_id: card.id,
    flow_left: flowLeftMb(card, plan),
    flow_used: flowUsedMb(card),
    operator_status: operatorStatusOf(card.state),
    msisdn: card.msisdn,
    imsi: card.imsi,
    customer_attribute1: attribute(0),
    customer_attribute2: attribute(1),
    customer_attribute3: attribute(2),
    customer_attribute4: attribute(3),
    customer_attribute5: attribute(4),
    customer_attribute6: attribute(5),
    real_named: card.realNameStatus === 'certified',
    cut_net_flag: network?.cut ?? false,
    exceed_cut_net_flag: controls?.quotaMb !== undefined,
    exceed_cut_net_quota: controls?.quotaMb !== undefined ? controls.quotaMb : null,
    imei_bind_remain_times: imeiBindRemainTimes,
    speed_value: controls?.speedKbps ?? null,
  };
}
