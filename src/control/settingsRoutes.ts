import type { SimulatorSettings } from '../engine/context.js';
import { CARRIERS } from '../fleet/model.js';
import { ControlError, type ControlRoute } from './route.js';

type Check = (value: unknown, name: string) => unknown;

const oneOf =
  (...allowed: unknown[]): Check =>
  (value, name) =>
    allowed.includes(value) ? value : bad(`${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);

const count =
  (max: number): Check =>
  (value, name) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max ? value : bad(`${name} must be an integer from 0 to ${max}`);

const listOf =
  (...allowed: string[]): Check =>
  (value, name) =>
    Array.isArray(value) && value.every((v) => allowed.includes(v as string)) ? [...new Set(value as string[])] : bad(`${name} must be a list of ${allowed.join(', ')}`);

const DAY_MS = 24 * 3_600_000;

/** Every setting the control plane may change, with its check. */
const CHECKS: { [K in keyof SimulatorSettings]: Check } = {
  authMode: oneOf('strict', 'warn', 'off'),
  signatureWindowMs: count(DAY_MS),
  signatureClock: oneOf('wall', 'simulated'),
  aliyunPageSizePolicy: oneOf('reject', 'accept'),
  dyiotapiBusinessErrorStatus: oneOf(200, 400),
  huaweiWorkOrderDurationMs: count(365 * DAY_MS),
  huaweiRequestsPerSecond: count(1_000_000),
  aliyunOperationDurationMs: count(365 * DAY_MS),
  aliyunRequestsPerSecond: count(1_000_000),
  aliyunUnavailableProducts: listOf('linkcard', 'dyiotapi'),
  aliyunCarrierOutages: listOf(...CARRIERS),
  huaweiCarrierOutages: listOf(...CARRIERS),
  journalLimit: count(1_000_000),
};

/**
 * Checks a partial settings object field by field and answers the checked values (lists
 * deduplicated). The one validation of settings, whether they come through PATCH /_sim/settings
 * or at start (`--settings <file>`, environment variables). A bad or unknown field throws a
 * ControlError 400 naming it.
 */
export function checkSettings(patch: unknown): Partial<SimulatorSettings> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) bad('the body must be an object of settings');
  const checked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(patch)) {
    const check = Object.hasOwn(CHECKS, name) ? CHECKS[name as keyof SimulatorSettings] : undefined;
    if (!check) bad(`unknown setting ${name}`);
    checked[name] = check(value, name);
  }
  return checked as Partial<SimulatorSettings>;
}

/** Applies a partial settings object after checking every field: one bad field changes nothing. */
export function patchSettings(settings: SimulatorSettings, patch: unknown): void {
  Object.assign(settings, checkSettings(patch));
}

function bad(message: string): never {
  throw new ControlError(400, 'InvalidSetting', message);
}

/** The simulator's settings: read them, change some (docs/control-plane.md, "Settings and auth modes"). */
export const settingsRoutes: ControlRoute[] = [
  { method: 'GET', path: '/settings', operationId: 'GetSettings', handle: (_req, sim) => ({ json: sim.settings }) },
  {
    method: 'PATCH',
    path: '/settings',
    operationId: 'PatchSettings',
    handle: (req, sim) => {
      patchSettings(sim.settings, req.body);
      return { json: sim.settings };
    },
  },
];
