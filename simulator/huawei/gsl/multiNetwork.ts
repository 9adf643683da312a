import type { components } from '../../../contracts/generated/huawei-gsl.js';
import type { NetworkSwitchPolicy } from '../../../src/fleet/networkSwitchPolicies.js';
import { HuaweiError } from '../errors.js';
import { gslDateTime } from '../views/simDeviceVO.js';
import type { GslCall, GslParams } from './call.js';
import { cardRef } from './cardRef.js';
import { fileGslWorkOrder } from './cardActions.js';
import type { Card, Carrier } from '../../../src/fleet/model.js';
import type { ThreeNetworkCard } from '../../../src/fleet/threeNetwork.js';

type Schemas = components['schemas'];

/** GSL's carrier codes on three-network cards: 1 China Mobile, 2 China Telecom, 3 China Unicom. */
const CARRIER_CODE: Record<Carrier, number> = { CMCC: 1, CTCC: 2, CUCC: 3 };
const CARRIER_OF_CODE = new Map(Object.entries(CARRIER_CODE).map(([carrier, code]) => [code, carrier as Carrier]));

/**
 * Three-network cards: the fleet's cards that carry a profile of each carrier (ThreeNetworkBook).
 * `cid` is the card's own ICCID, as in the pool views. The filters and paging of ListSimCards.
 */
export function ListSimDeviceMultiply({
  ctx,
  account,
  params,
}: GslCall<GslParams<'ListSimDeviceMultiply'>>): Schemas['ListSimDeviceMultiplyResponse'] {
  const limit = params.limit;
  const page = params.offset;
  const rows = ctx.fleet.threeNetwork.list(account.id).flatMap((device) => {
    const card = ctx.fleet.cardById(account.id, device.cardId);
    if (!card) return [];
    if (params.cid !== undefined && params.cid !== card.iccid) return [];
    if (params.sim_card_id !== undefined && params.sim_card_id !== card.id) return [];
    if (params.online_carrier !== undefined && params.online_carrier !== CARRIER_CODE[device.onlineCarrier]) return [];
    if (params.order_id !== undefined && params.order_id !== card.orderId) return [];
    if (params.version !== undefined && params.version !== device.version) return [];
    return [toMultiplyVO(ctx, account.id, card, device)];
  });
  return { limit, offset: page, count: rows.length, sim_cards: rows.slice((page - 1) * limit, page * limit) };
}

/**
 * POST /v1/sim-cards-multiply/{id}/switch-network: a work order that puts the target carrier's
 * profile online when it completes. A card that is not a three-network card, or a target that is
 * already online, is an unsupported target (GSL.00011063).
 */
export function SwitchNetwork(call: GslCall<{ sim_card_id: number }, Schemas['NetworkSwitchReq']>): Schemas['WorkOrderIdResponse'] {
  const { ctx, account, params, body } = call;
  const card = cardRef(ctx, account, params.sim_card_id, body.cid);
  const device = ctx.fleet.threeNetwork.get(card.id);
  const target = CARRIER_OF_CODE.get(body.carrier_type);
  if (!device || !target || target === device.onlineCarrier) throw new HuaweiError('GSL.00011063');
  return fileGslWorkOrder(call, card, 'switchNetwork', { kind: 'threeNetwork', change: { onlineCarrier: target } });
}

/**
 * POST /v1/sim-cards/{id}/network-switch-policy/set: the policy must exist (GSL.00015028) and
 * the card be a three-network card (GSL.00011063); a work order binds the policy.
 */
export function SetNetworkSwitchPolicy(
  call: GslCall<{ sim_card_id: number }, Schemas['NetworkSwitchPolicyReq']>,
): Schemas['WorkOrderIdResponse'] {
  const { ctx, account, params, body } = call;
  const policy = ctx.fleet.networkSwitchPolicies.get(account.id, body.network_switch_policy_id);
  if (!policy) throw new HuaweiError('GSL.00015028');
  const card = cardRef(ctx, account, params.sim_card_id, body.cid);
  if (!ctx.fleet.threeNetwork.get(card.id)) throw new HuaweiError('GSL.00011063');
  return fileGslWorkOrder(call, card, 'setNetworkSwitchPolicy', {
    kind: 'threeNetwork',
    change: { policyId: policy.id },
  });
}

function toMultiplyVO(
  ctx: GslCall<unknown>['ctx'],
  accountId: string,
  card: Card,
  device: ThreeNetworkCard,
): Schemas['SimDeviceMultiplyVO'] {
  const policy = device.policyId === undefined ? undefined : ctx.fleet.networkSwitchPolicies.get(accountId, device.policyId);
  return {
    sim_card_id: card.id,
    cid: card.iccid,
    online_carrier: CARRIER_CODE[device.onlineCarrier],
    network_switch_policy_id: policy?.id ?? null,
    policy_name: policy?.name ?? null,
    version: device.version,
    iccid_mobile: device.iccids.CMCC,
    iccid_unicom: device.iccids.CUCC,
    iccid_telcom: device.iccids.CTCC,
    order_id: card.orderId,
  };
}

export function ListNetworkSwitchPolicies({
  ctx,
  account,
  params,
}: GslCall<GslParams<'ListNetworkSwitchPolicies'>>): Schemas['ListNetworkSwitchPoliciesResponse'] {
  const limit = params.limit;
  const page = params.offset;
  const matches = ctx.fleet.networkSwitchPolicies
    .list(account.id)
    .filter(
      (p) =>
        (params.policy_name === undefined || (p.name ?? '').includes(params.policy_name)) &&
        (params.version === undefined || p.version === params.version),
    )
    .map(toVO);
  return { limit, offset: page, count: matches.length, network_switch_policy_list: matches.slice((page - 1) * limit, page * limit) };
}

/** POST /v1/network-switch-policies: the documented rules (GSL.00015032, GSL.00015033); switch_order is 1–3 carrier codes. */
export function AddNetworkSwitchPolicy({ ctx, account, body }: GslCall<undefined, Schemas['NetworkSwitchPolicyDTO']>): string {
  if (body.preferred_carrier !== undefined && body.preferred_carrier === body.least_preferred_carrier)
    throw new HuaweiError('GSL.00015032');
  if (!body.weak_signal_switch && !body.connect_ip) throw new HuaweiError('GSL.00015033');
  if (body.switch_order !== undefined && !/^[123](,[123]){0,2}$/.test(body.switch_order)) {
    throw new HuaweiError('GSL.00010004', { detail: 'switch_order must list carriers 1, 2, 3 separated by commas' });
  }
  ctx.fleet.networkSwitchPolicies.add({
    accountId: account.id,
    name: body.policy_name,
    preferredCarrier: body.preferred_carrier,
    leastPreferredCarrier: body.least_preferred_carrier,
    optimalSignal: body.optimal_signal ?? false,
    autoSwitch: body.auto_switch ?? false,
    weakSignalSwitch: body.weak_signal_switch ?? false,
    connectIp: body.connect_ip,
    version: body.version,
    switchOrder: body.switch_order,
    blacklist: body.blacklist,
    createdAt: ctx.clock.now(),
  });
  return '';
}

function toVO(p: NetworkSwitchPolicy): Schemas['NetworkSwitchPolicyVO'] {
  return {
    id: p.id,
    policy_name: p.name ?? null,
    preferred_carrier: p.preferredCarrier ?? null,
    least_preferred_carrier: p.leastPreferredCarrier ?? null,
    optimal_signal: p.optimalSignal,
    auto_switch: p.autoSwitch,
    weak_signal_switch: p.weakSignalSwitch,
    connect_ip: p.connectIp ?? null,
    create_time: gslDateTime(p.createdAt)!,
    modify_time: gslDateTime(p.createdAt)!,
    status: 1,
    type: 1,
    used: false,
    version: p.version,
    switch_order: p.switchOrder ?? null,
    blacklist: p.blacklist ?? null,
  };
}
