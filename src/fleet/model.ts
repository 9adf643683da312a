import type { LifecycleState } from './lifecycle.js';

export const CARRIERS = ['CMCC', 'CUCC', 'CTCC'] as const;
/** China Mobile, China Unicom, China Telecom. */
export type Carrier = (typeof CARRIERS)[number];

/** Physical form factors (Alibaba's SimType vocabulary is the richest, so we keep its words). */
export const FORM_FACTORS = [
  'nano',
  'micro',
  'normal',
  'simplus56',
  'simplus22',
  'industry-normal',
  'industry-micro',
  'industry-nano',
  'simplus',
  'industry-simplus22',
] as const;
export type FormFactor = (typeof FORM_FACTORS)[number];

export type SimKind = 'physical' | 'esim' | 'vsim';
export type NetworkType = '2G' | '3G' | '4G' | '5G' | 'NB-IoT' | 'Cat.1';
export type BillingPeriod = 'monthly' | 'quarterly' | 'half-yearly' | 'yearly';
/** How a plan's data is shared: per card, a same-tier pool, a directional (whitelist) plan, … */
export type PlanKind = 'single' | 'directional' | 'sharedPool' | 'directionalSharedPool' | 'unifiedPayPool';
export type RealNameStatus = 'notCertified' | 'approving' | 'certified';

/** A data plan (tariff) in the fleet's catalogue. */
export interface Plan {
  readonly id: string;
  readonly name: string;
  readonly carrier: Carrier;
  readonly kind: PlanKind;
  readonly period: BillingPeriod;
  /** Data allowance per period, in KB (1 MB = 1024 KB). */
  readonly dataKb: number;
  readonly smsQuota: number;
  readonly voiceQuotaMin: number;
  /** Price per period, in cents (fen). */
  readonly priceCents: number;
  /** The carrier-side tariff code a plan is sold under (Alibaba's CredentialNo, e.g. CM-SF-M-2-30M). */
  readonly tariffCode: string;
  /** Alibaba tariff version (AliFee), e.g. ali_2. */
  readonly tariffVersion: string;
}

export interface CardUsage {
  /** Data used in the current period, in KB. */
  dataKb: number;
  sms: number;
  voiceMin: number;
  /** When the usage figures were last brought up to date (epoch ms): the China midnight of `through`. */
  updatedAt: number;
  /**
   * The figures count the period's China days before this one (see src/fleet/usage): the usage
   * model adds each day once it is over. Absent on a card given by hand: the day of `updatedAt`.
   */
  through?: number;
  /** Data allowance added to this period by renewals while stopped at the quota, in KB. */
  topUpKb?: number;
  /** Days the card used nothing although activated (flat [from, to] pairs; see usage/quiet.ts). */
  quiet?: number[] | undefined;
}

export type CustomAttributes = readonly [string, string, string, string, string, string];

/** The attributes of a card with none set, shared by all such cards. */
export const NO_CUSTOM_ATTRIBUTES: CustomAttributes = Object.freeze(['', '', '', '', '', ''] as const);

/** A card's attributes with some slots (0-5) set to new values. */
export function withCustomAttributes(current: CustomAttributes, changes: ReadonlyArray<readonly [number, string]>): CustomAttributes {
  const next = [...current] as [string, string, string, string, string, string];
  for (const [slot, value] of changes) next[slot] = value;
  return next;
}

/** The canonical card: every field any emulated API exposes, in vendor-neutral terms. */
export interface Card {
  /** Dense internal position, used by the bitset indexes. Never shown to clients. */
  readonly seq: number;
  /** Public numeric id (Huawei sim_card_id, Alibaba VsimInstanceId). */
  readonly id: number;
  readonly accountId: string;
  readonly iccid: string;
  readonly imsi: string;
  readonly msisdn: string;
  readonly carrier: Carrier;
  formFactor: FormFactor;
  simKind: SimKind;
  networkType: NetworkType;
  apn: string;
  state: LifecycleState;
  planId: string;
  /** Batch (order) the card was delivered in. */
  orderId: number;
  openedAt: number;
  activatedAt: number | undefined;
  expiresAt: number;
  /**
   * When the current state's timer fires: the end of the test period (testing → silent), or the
   * first data or the end of the silent period (silent → active). Undefined in other states.
   */
  stateEndsAt?: number | undefined;
  usage: CardUsage;
  /**
   * Replaced, never changed in place: untagged cards and the cards of a batch share one frozen
   * array (a million arrays were ~40 MB and garbage-collector work).
   */
  tags: readonly string[];
  imei: string | undefined;
  realNameStatus: RealNameStatus;
  autoRecharge: boolean;
  /** Private network segment (for directional plans), e.g. 10.2.0.0/16. */
  privateNetwork: string | undefined;
  remark: string | undefined;
  /**
   * Six free-text attributes the customer can set (Huawei customer_attribute1..6). Replaced,
   * never changed in place: cards with none share NO_CUSTOM_ATTRIBUTES.
   */
  customAttributes: CustomAttributes;
}

export interface AliyunAccessKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** A disabled key is rejected with the vendor's "inactive key" error. */
  readonly enabled: boolean;
  /**
   * A RAM user's key: the only actions it may call (any product). Absent for the account's own
   * (root) key, which may call everything.
   */
  readonly allowedActions?: readonly string[];
}

export interface HuaweiAkSk {
  readonly ak: string;
  readonly sk: string;
}

export interface HuaweiIamUser {
  readonly name: string;
  readonly password: string;
}

/** A tenant: the owner of cards and of the credentials that reach them. */
export interface Account {
  readonly id: string;
  readonly name: string;
  readonly aliyun?: {
    /** Alibaba Cloud account uid (OwnerId). */
    readonly uid: string;
    /** The Alibaba products the account has opened (e.g. linkcard, dyiotapi); absent means all. */
    readonly products?: readonly string[];
    readonly accessKeys: readonly AliyunAccessKey[];
  };
  readonly huawei?: {
    /** Account (domain) name and id. */
    readonly domainName: string;
    readonly domainId: string;
    readonly projectId: string;
    readonly region: string;
    readonly akSk: readonly HuaweiAkSk[];
    readonly iamUsers: readonly HuaweiIamUser[];
  };
}
