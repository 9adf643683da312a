import { BatchSetAttributes, CreateAttribute, DisableAttribute, EnableAttribute, ListAttributes, UpdateAttribute } from './attributes.js';
import type { GslAction, GslActionTable } from './call.js';
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
import {
  AddNetworkSwitchPolicy,
  ListNetworkSwitchPolicies,
  ListSimDeviceMultiply,
  SetNetworkSwitchPolicy,
  SwitchNetwork,
} from './multiNetwork.js';
import { ListBackPoolMembers, ListBackPools, ListSimPoolMembers, ListSimPools } from './pools.js';
import { ListFlowBySimCards, ListProPricePlans, ListSimPricePlans } from './pricePlans.js';
import { ListSimCards, ShowSimCard } from './simCards.js';
import { ListSmsDetails, SendSms } from './sms.js';
import { BatchSetTags, CreateTag, DeleteTag, ListTags } from './tags.js';
import { ListSimCardFlowPerDay, ShowMonthUsages } from './usage.js';
import { ListWorkOrderDetails, ListWorkOrders } from './workOrders.js';

/**
 * Every GSL operation, by operation id (the contract's and the SDK's name), each typed by its
 * contract operation (call.ts).
 */
const TABLE = {
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
} satisfies GslActionTable;

/** The same table for the gateway, which looks an action up by the operation id it routed to. */
export const GSL_ACTIONS: Readonly<Partial<Record<string, GslAction>>> = TABLE;
