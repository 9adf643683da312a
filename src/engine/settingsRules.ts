import { CARRIERS } from '../fleet/model.js';
import type { SimulatorSettings } from './context.js';

/** A setting's value as accepted (lists deduplicated), or why it is refused. */
export type SettingCheck = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };
type Rule = (value: unknown) => SettingCheck;

const ok = (value: unknown): SettingCheck => ({ ok: true, value });
const refused = (problem: string): SettingCheck => ({ ok: false, problem });

const oneOf =
  (...allowed: unknown[]): Rule =>
  (value) =>
    allowed.includes(value) ? ok(value) : refused(`must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);

const count =
  (max: number): Rule =>
  (value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max
      ? ok(value)
      : refused(`must be an integer from 0 to ${max}`);

const listOf =
  (...allowed: string[]): Rule =>
  (value) =>
    Array.isArray(value) && value.every((v) => allowed.includes(v as string))
      ? ok([...new Set(value as string[])])
      : refused(`must be a list of ${allowed.join(', ')}`);

const DAY_MS = 24 * 3_600_000;

/**
 * Every setting with its rule, in one place: the control plane's PATCH /_sim/settings and a saved
 * world's `state.settings` are checked alike, so neither can put a value in that the simulator
 * cannot run with.
 */
const RULES: { [K in keyof SimulatorSettings]: Rule } = {
  authMode: oneOf('strict', 'warn', 'off'),
  signatureWindowMs: count(DAY_MS),
  signatureClock: oneOf('wall', 'simulated'),
  aliyunPageSizePolicy: oneOf('reject', 'accept'),
  dyiotapiBusinessErrorStatus: oneOf('published', 200, 400, 404),
  huaweiWorkOrderDurationMs: count(365 * DAY_MS),
  huaweiRequestsPerSecond: count(1_000_000),
  aliyunOperationDurationMs: count(365 * DAY_MS),
  aliyunRequestsPerSecond: count(1_000_000),
  aliyunUnavailableProducts: listOf('linkcard', 'dyiotapi'),
  aliyunCarrierOutages: listOf(...CARRIERS),
  huaweiCarrierOutages: listOf(...CARRIERS),
  journalLimit: count(1_000_000),
};

export function isSettingName(name: string): name is keyof SimulatorSettings {
  return Object.hasOwn(RULES, name);
}

/** Checks one known setting's value. */
export function checkSetting(name: keyof SimulatorSettings, value: unknown): SettingCheck {
  return RULES[name](value);
}
