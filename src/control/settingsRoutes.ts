import type { SimulatorSettings } from '../engine/context.js';
import { checkSetting, isSettingName } from '../engine/settingsRules.js';
import { quoteValue } from '../engine/quoteValue.js';
import { ControlError, type ControlRoute } from './route.js';

/**
 * Applies a partial settings object after checking every field: one bad field changes nothing
 * (a ControlError 400 names it).
 */
export function patchSettings(settings: SimulatorSettings, patch: unknown): void {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) bad(`body: must be a JSON object of settings, got ${quoteValue(patch)}`);
  const checked: Array<[string, unknown]> = [];
  for (const [name, value] of Object.entries(patch)) {
    if (!isSettingName(name)) bad(`${quoteValue(name)}: unknown setting`);
    const check = checkSetting(name, value);
    if (!check.ok) bad(`${name}: ${check.problem}, got ${quoteValue(value)}`);
    checked.push([name, check.value]);
  }
  for (const [name, value] of checked) (settings as unknown as Record<string, unknown>)[name] = value;
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
