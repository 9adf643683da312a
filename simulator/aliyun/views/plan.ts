import type { components } from '../../../contracts/generated/aliyun-linkcard.js';
import type { Fleet } from '../../../src/fleet/fleet.js';
import type { BillingPeriod, Plan, PlanKind } from '../../../src/fleet/model.js';
import { levelText } from './units.js';

type CardInfo = components['schemas']['CardInfo'];
export type AliyunPeriod = NonNullable<CardInfo['Period']>;
export type AliyunDataType = NonNullable<CardInfo['DataType']>;

const PERIOD: Record<BillingPeriod, AliyunPeriod> = {
  monthly: '1101',
  quarterly: '1103',
  'half-yearly': '1106',
  yearly: '1112',
};

const DATA_TYPE: Record<PlanKind, AliyunDataType> = {
  single: 'singlecard',
  directional: 'directionalcard',
  sharedPool: 'sameflowcard',
  directionalSharedPool: 'directional_sameflowcard',
  unifiedPayPool: 'unityPayPool',
};

/** The plan fields linkcard shows on every card, in its vocabulary. */
export interface AliyunPlanFields {
  readonly DataLevel: string;
  readonly Period: AliyunPeriod;
  readonly DataType: AliyunDataType;
  readonly CredentialNo: string;
  readonly AliFee: string;
}

// Plans never change once in the fleet, so each is translated once.
const translated = new WeakMap<Plan, AliyunPlanFields>();

export function aliyunPlanFields(plan: Plan): AliyunPlanFields {
  let fields = translated.get(plan);
  if (!fields) translated.set(plan, (fields = translate(plan)));
  return fields;
}

function translate(plan: Plan): AliyunPlanFields {
  return {
    DataLevel: dataLevel(plan.dataKb),
    Period: PERIOD[plan.period],
    DataType: DATA_TYPE[plan.kind],
    CredentialNo: plan.tariffCode,
    AliFee: plan.tariffVersion,
  };
}

/** The allowance as sold: `30MB`, `500MB`, `1GB`, `10GB` (views/units.ts levelText). */
export function dataLevel(dataKb: number): string {
  return levelText(dataKb);
}

/** Plan-level filters of ListCardInfo; each given one must match. */
export type PlanFilter = Partial<AliyunPlanFields>;

/** Ids of the plans matching every given field, or undefined when no plan field was given. */
export function planIdsMatching(fleet: Fleet, filter: PlanFilter): string[] | undefined {
  const wanted = Object.entries(filter).filter(([, value]) => value !== undefined) as Array<[keyof AliyunPlanFields, string]>;
  if (wanted.length === 0) return undefined;
  const ids: string[] = [];
  for (const plan of fleet.plans()) {
    const fields = aliyunPlanFields(plan);
    if (wanted.every(([name, value]) => sameValue(name, fields[name], value))) ids.push(plan.id);
  }
  return ids;
}

/** DataLevel is typed by hand (`30mb`, `1gb`), so it compares without case. */
function sameValue(name: keyof AliyunPlanFields, actual: string, wanted: string): boolean {
  return name === 'DataLevel' ? actual.toUpperCase() === wanted.toUpperCase() : actual === wanted;
}
