import {
  BatchSetAttributes,
  CreateAttribute,
  DisableAttribute,
  EnableAttribute,
  ListAttributes,
  UpdateAttribute,
} from './attributes.js';
import type { GslAction } from './call.js';
import {
  DeleteRealName,
  EnableSimCard,
  RegisterImei,
  ResetSimCard,
  SetExceedCutNet,
  SetSpeedValue,
  ShowRealNamed,
  StartStopNet,
  StopSimCard,
} from './cardActions.js';
import { AddNetworkSwitchPolicy, ListNetworkSwitchPolicies, ListSimDeviceMultiply, SetNetworkSwitchPolicy, SwitchNetwork } from './multiNetwork.js';
import { ListBackPoolMembers, ListBackPools, ListSimPoolMembers, ListSimPools } from './pools.js';
import { ListFlowBySimCards, ListProPricePlans, ListSimPricePlans } from './pricePlans.js';
import { ListSimCards, ShowSimCard } from './simCards.js';
import { ListSmsDetails, SendSms } from './sms.js';
import { BatchSetTags, CreateTag, DeleteTag, ListTags } from './tags.js';
import { ListSimCardFlowPerDay, ShowMonthUsages } from './usage.js';
import { ListWorkOrderDetails, ListWorkOrders } from './workOrders.js';

/** Every GSL operation, by operation id (the contract's and the SDK's name). */
export const GSL_ACTIONS: Readonly<Partial<Record<string, GslAction>>> = {
  ListSimCards,
  ShowSimCard,
  StopSimCard,
  ResetSimCard,
  EnableSimCard,
  ShowRealNamed,
  DeleteRealName,
  StartStopNet,
  SetExceedCutNet,
  RegisterImei,
  SetSpeedValue,
  ShowMonthUsages,
  ListSimCardFlowPerDay,
  ListTags,
  CreateTag,
  DeleteTag,
  BatchSetTags,
  BatchSetAttributes,
  ListAttributes,
  CreateAttribute,
  UpdateAttribute,
  EnableAttribute,
  DisableAttribute,
  ListProPricePlans,
  ListSimPricePlans,
  ListFlowBySimCards,
  SendSms,
  ListSmsDetails,
  ListSimDeviceMultiply,
  SwitchNetwork,
  SetNetworkSwitchPolicy,
  ListNetworkSwitchPolicies,
  AddNetworkSwitchPolicy,
  ListSimPools,
  ListSimPoolMembers,
  ListBackPools,
  ListBackPoolMembers,
  ListWorkOrders,
  ListWorkOrderDetails,
};
