import type { components, operations } from '../../../contracts/generated/huawei-gsl.js';
import type { NetworkSwitchPolicy } from '../../../src/fleet/networkSwitchPolicies.js';
import { HuaweiError } from '../errors.js';
import { gslDateTime } from '../views/simDeviceVO.js';
import type { GslCall } from './call.js';
import { cardRef } from './cardRef.js';

type Schemas = components['schemas'];
type ListSimDeviceMultiplyQuery = NonNullable<operations['ListSimDeviceMultiply']['parameters']['query']>;
type ListPoliciesQuery = NonNullable<operations['ListNetworkSwitchPolicies']['parameters']['query']>;

/**
 * Three-network cards. The fleet models single-carrier cards only, so the list is empty and a
 * switch of any card is refused as GSL refuses an unsupported target (GSL.00011063). Policies are
 * real: they can be added and listed, though no card applies them.
 */
export function ListSimDeviceMultiply({ params }: GslCall<ListSimDeviceMultiplyQuery>): Schemas['ListSimDeviceMultiplyResponse'] {
  return { limit: params.limit ?? 10, offset: params.offset ?? 1, count: 0, sim_cards: [] };
}

/** POST /v1/sim-cards-multiply/{id}/switch-network: an unknown card is GSL.00011001, any other GSL.00011063. */
export function SwitchNetwork({ ctx, account, params }: GslCall<{ sim_card_id: number }, Schemas['NetworkSwitchReq']>): Schemas['WorkOrderIdResponse'] {
  cardRef(ctx, account, params.sim_card_id, undefined);
  throw new HuaweiError('GSL.00011063');
}

/** POST /v1/sim-cards/{id}/network-switch-policy/set: the policy must exist; then, as above, no card can take it. */
export function SetNetworkSwitchPolicy({ ctx, account, params, body }: GslCall<{ sim_card_id: number }, Schemas['NetworkSwitchPolicyReq']>): Schemas['WorkOrderIdResponse'] {
  if (!ctx.fleet.networkSwitchPolicies.get(account.id, body.network_switch_policy_id)) throw new HuaweiError('GSL.00015028');
  cardRef(ctx, account, params.sim_card_id, undefined);
  throw new HuaweiError('GSL.00011063');
}

export function ListNetworkSwitchPolicies({ ctx, account, params }: GslCall<ListPoliciesQuery>): Schemas['ListNetworkSwitchPoliciesResponse'] {
  const limit = params.limit ?? 10;
  const page = params.offset ?? 1;
  const matches = ctx.fleet.networkSwitchPolicies
    .list(account.id)
    .filter((p) => (params.policy_name === undefined || (p.name ?? '').includes(params.policy_name)) && (params.version === undefined || p.version === params.version))
    .map(toVO);
  return { limit, offset: page, count: matches.length, network_switch_policy_list: matches.slice((page - 1) * limit, page * limit) };
}

/** POST /v1/network-switch-policies: the documented rules (GSL.00015032, GSL.00015033); switch_order is 1–3 carrier codes. */
export function AddNetworkSwitchPolicy({ ctx, account, body }: GslCall<undefined, Schemas['NetworkSwitchPolicyDTO']>): string {
  if (body.preferred_carrier !== undefined && body.preferred_carrier === body.least_preferred_carrier) throw new HuaweiError('GSL.00015032');
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
