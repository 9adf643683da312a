import type { Card, Plan } from '../../../src/fleet/model.js';
import { hash3 } from '../../../src/fleet/usage/hash.js';
import { aliyunPlanFields, type AliyunDataType } from './plan.js';
import { fnv1a31 } from './tags.js';

/**
 * ListCardInfo's credential and activation fields (vendor-docs/001), which the fleet does not
 * keep: derived from the card, its plan and its account, so every request and restart shows the
 * same values (docs/fidelity.md, "linkcard ListCardInfo page").
 */
export interface CredentialFields {
  /** 套餐凭证类型: the plan's data type, the page's example being `unityPayPool`. */
  readonly CredentialType: AliyunDataType;
  /** 凭证实例ID: one instance per account and plan (tariff), 7 digits like the page's `2622***`. */
  readonly CredentialInstanceId: string;
  /** 自动化规则的通知ID: the account's one notification rule, 5 digits like the page's `11111`. */
  readonly NotifyId: string;
  /** 物联网卡的激活方式, absent before activation. */
  readonly ActiveType?: ActiveType;
}

/**
 * The page lists `firstdatarecord`, `carrierstatuspush`, `silence_expire`, `manage`,
 * `testflowdepleted`, but its example is `first_data_record`: the list lost the underscores of
 * the names with two (markdown read `_data_` as emphasis). These are the names with them.
 */
export const ACTIVE_TYPES = ['first_data_record', 'carrier_status_push', 'silence_expire', 'manage', 'test_flow_depleted'] as const;
export type ActiveType = (typeof ACTIVE_TYPES)[number];

/** How activations are shared out (ours): most by first data, then the silent period's end, … */
const ACTIVE_TYPE_SHARES: ReadonlyArray<readonly [ActiveType, number]> = [
  ['first_data_record', 0.7],
  ['silence_expire', 0.85],
  ['carrier_status_push', 0.93],
  ['test_flow_depleted', 0.98],
  ['manage', 1],
];

export function credentialFields(card: Card, plan: Plan): CredentialFields {
  const fields: { -readonly [K in keyof CredentialFields]: CredentialFields[K] } = {
    CredentialType: aliyunPlanFields(plan).DataType,
    CredentialInstanceId: credentialInstanceId(card.accountId, plan),
    NotifyId: notifyId(card.accountId),
  };
  if (card.activatedAt !== undefined) fields.ActiveType = activeType(card);
  return fields;
}

/** The instance of a plan's credential in an account (also the pool a pool plan's orders fill). */
export function credentialInstanceId(accountId: string, plan: Plan): string {
  const key = `${accountId}\u0000${plan.id}`;
  let id = instanceIds.get(key);
  if (id === undefined) {
    // Accounts × plans are few, but bound the memo anyway (scenarios may be large).
    if (instanceIds.size >= 100_000) instanceIds.clear();
    instanceIds.set(key, (id = String(1_000_000 + (fnv1a31(key) % 9_000_000))));
  }
  return id;
}

// ListCardInfo asks once per card it serialises.
const instanceIds = new Map<string, string>();

/** The account's notification rule id, which ListCardInfo's NotifyId filter matches. */
export function notifyId(accountId: string): string {
  let id = notifyIds.get(accountId);
  if (id === undefined) notifyIds.set(accountId, (id = String(10_000 + (fnv1a31(`notify\u0000${accountId}`) % 90_000))));
  return id;
}

// Accounts are few; the filter asks once per card scanned.
const notifyIds = new Map<string, string>();

function activeType(card: Card): ActiveType {
  const draw = hash3(card.id | 0, Math.floor(card.id / 4294967296) | 0, 0x41435456) / 4294967296;
  return ACTIVE_TYPE_SHARES.find(([, upTo]) => draw < upTo)![0];
}
