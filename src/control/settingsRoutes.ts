import type { SimulatorSettings } from '../engine/context.js';
import { checkSetting, isSettingName } from '../engine/settingsRules.js';
import { quoteValue } from '../engine/quoteValue.js';
import { ControlError, type ControlRoute } from './route.js';

/**
 * Checks a partial settings object field by field and answers the checked values (lists
 * deduplicated). The one validation of settings, whether they come through PATCH /_sim/settings
 * or at start (`--settings <file>`, environment variables). A bad or unknown field throws a
 * ControlError 400 naming it.
 */
export function checkSettings(patch: unknown): Partial<SimulatorSettings> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    bad(`body: must be a JSON object of settings, got ${quoteValue(patch)}`);
  const checked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(patch)) {
    if (!isSettingName(name)) bad(`${quoteValue(name)}: unknown setting`);
    const check = checkSetting(name, value);
    if (!check.ok) bad(`${name}: ${check.problem}, got ${quoteValue(value)}`);
    checked[name] = check.value;
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
