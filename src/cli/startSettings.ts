import { readFile } from 'node:fs/promises';
import { DEFAULT_SETTINGS, type SimulatorSettings } from '../engine/context.js';
import { checkSettings } from '../control/settingsRoutes.js';

/** `journalLimit` → `IOTCARD_SIM_JOURNAL_LIMIT`: every setting has its environment variable. */
export function settingEnvName(name: string): string {
  return 'IOTCARD_SIM_' + name.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
}

/** The environment variable of every setting, in the order of the defaults. */
export const SETTING_ENV: ReadonlyArray<readonly [keyof SimulatorSettings, string]> = (
  Object.keys(DEFAULT_SETTINGS) as Array<keyof SimulatorSettings>
).map((name) => [name, settingEnvName(name)] as const);

/**
 * The settings a settings file asks for: a JSON object, the same as a PATCH /_sim/settings body,
 * checked by the same code.
 */
export async function readSettingsFile(file: string): Promise<Partial<SimulatorSettings>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read settings file ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`settings file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return checked(json, `settings file ${file}`);
}

/**
 * The settings the environment sets. Values are text: a setting whose default is a number is read
 * as a number, a list as comma-separated values; then the control plane's checks judge them.
 */
export function settingsFromEnv(env: Record<string, string | undefined>): Partial<SimulatorSettings> {
  const patch: Record<string, unknown> = {};
  const names: string[] = [];
  for (const [name, variable] of SETTING_ENV) {
    const text = env[variable];
    if (text === undefined || text === '') continue;
    names.push(variable);
    const model: unknown = DEFAULT_SETTINGS[name];
    patch[name] =
      typeof model === 'number'
        ? /^\s*-?\d+(\.\d+)?\s*$/.test(text)
          ? Number(text)
          : text
        : Array.isArray(model)
          ? text
              .split(',')
              .map((v) => v.trim())
              .filter((v) => v !== '')
          : text;
  }
  return names.length ? checked(patch, `environment (${names.join(', ')})`) : {};
}

function checked(patch: unknown, source: string): Partial<SimulatorSettings> {
  try {
    return checkSettings(patch);
  } catch (err) {
    throw new Error(`${source}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
