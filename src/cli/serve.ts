import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseScenario } from '../../fixtures/parseScenario.js';
import type { Scenario } from '../../fixtures/scenario.js';
import { defaultScenario } from '../../fixtures/defaultScenario.js';
// Not ../index.js: that would load more than the CLI uses (start-up time).
import { createSimulator } from '../nodeSimulator.js';
import { startServer } from '../server.js';
import { persistState, recoverStateFile, type Durability } from '../persistence/stateFile.js';
import { serverLimits, type ServerLimitFlags } from './serverLimits.js';
import type { AuthMode, SimulatorSettings } from '../engine/context.js';
import { logBanner } from './banner.js';
import { applyCredentialOverrides } from './credentialOverrides.js';
import { createLogger, type LogFormat } from './logger.js';
import { readSettingsFile, settingsFromEnv } from './startSettings.js';
import { CONTROL_TOKEN_ENV } from '../control/controlToken.js';
import { controlToken } from './controlTokenOption.js';

export interface ServeOptions extends ServerLimitFlags {
  port: number;
  host: string;
  scenario?: string;
  seed?: number;
  cards?: number;
  auth: AuthMode;
  clock?: string;
  settings?: string;
  controlToken?: string;
  stateFile?: string;
  durability: Durability;
  logLevel: string;
  logFormat?: LogFormat;
}

async function loadScenario(file: string | undefined): Promise<Scenario> {
  if (!file) return defaultScenario;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read scenario ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`scenario ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseScenario(json, file);
}

/** The default action: serve a simulator until SIGINT/SIGTERM. */
export async function serve(options: ServeOptions, command: Command): Promise<void> {
  const log = createLogger({ level: options.logLevel, format: options.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json') });
  const fromCli = (name: string) => command.getOptionValueSource(name) === 'cli';

  // Every setting at start: file, then environment, then --auth; each checked as the control
  // plane checks a PATCH, before anything starts.
  const settings: Partial<SimulatorSettings> = {
    ...(options.settings ? await readSettingsFile(options.settings) : {}),
    ...settingsFromEnv(process.env),
  };
  if (fromCli('auth')) settings.authMode = options.auth;
  // Said without a state file, it would promise something nothing keeps.
  if (fromCli('durability') && !options.stateFile)
    throw new Error('--durability applies to a --state-file: give one, or leave --durability out');

  // A saved world wins over the flags that describe a new one.
  // The snapshot with its change log replayed: every change that was answered before a crash.
  const recovered = options.stateFile ? await recoverStateFile(options.stateFile) : undefined;
  const saved = recovered?.scenario;
  // Up to MAX_IN_FLIGHT lines are written at once: a kill can leave one torn and whole ones after it, none answered.
  if (recovered?.torn)
    log.warn(
      { stateFile: options.stateFile, droppedLines: 1 + recovered.afterHole },
      recovered.afterHole > 0
        ? `a change log line was torn (a kill mid-write) and was dropped with the ${recovered.afterHole} written after it: none had been answered`
        : 'the last change log line was torn (a kill mid-write) and was dropped: it had not been answered',
    );
  if (recovered?.stale)
    log.warn(
      { stateFile: options.stateFile },
      'the change log was older than the state file (a kill in the middle of a compaction) and was skipped: the state file holds everything in it',
    );
  if (saved) {
    const ignored = ['scenario', 'seed', 'cards', 'clock'].filter(fromCli);
    if (ignored.length) log.warn({ stateFile: options.stateFile, ignored }, 'resuming the saved world: these flags are ignored');
  }
  const scenario = applyCredentialOverrides(saved ?? (await loadScenario(options.scenario)), process.env);
  // A bar on a terminal only, and only for fleets big enough to take a visible while.
  // Loaded only then: every module is start-up time.
  const progress = process.stderr.isTTY && (options.cards ?? 0) >= 100_000 ? await import('cli-progress') : undefined;
  const bar = progress
    ? new progress.SingleBar(
        { stream: process.stderr, format: 'generating fleet [{bar}] {percentage}% {value}/{total} cards, {eta}s left', etaBuffer: 20 },
        progress.Presets.shades_classic,
      )
    : undefined;
  const simulator = createSimulatorFrom(options.stateFile, saved !== undefined, {
    scenario,
    ...(bar
      ? {
          onFleetProgress: (done: number, total: number) => {
            if (done === 0 || !bar.isActive) bar.start(total, done);
            else bar.update(done);
          },
        }
      : {}),
    ...(!saved && options.seed !== undefined ? { seed: options.seed } : {}),
    ...(!saved && options.cards !== undefined ? { cards: options.cards } : {}),
    ...(!saved && options.clock !== undefined ? { clock: { start: options.clock } } : {}),
    settings,
    onUnexpected: (err, req) => log.error({ err, method: req.method, path: req.path }, 'unexpected failure'),
  });
  bar?.stop();
  // The saved settings came back with the world; what this start asks for explicitly has the last word.
  if (saved) Object.assign(simulator.settings, settings);
  // The world as it is now becomes the snapshot and the change log starts empty, so a restart
  // right away finds the same world.
  const persistence = options.stateFile
    ? await persistState(simulator, options.stateFile, {
        durability: options.durability,
        onError: (err) => log.error({ err }, 'writing the state file failed'),
        // For crash tests: a small value makes kills land mid-compaction too (docs/reliability.md).
        ...compactBytesFromEnv(process.env['IOTCARD_SIM_COMPACT_BYTES']),
      }).catch((err: unknown) => {
        throw new Error(`state file ${options.stateFile}: cannot be written: ${err instanceof Error ? err.message : String(err)}`);
      })
    : undefined;

  const token = options.controlToken ?? envControlToken(process.env[CONTROL_TOKEN_ENV]);
  const server = await startServer(simulator, {
    port: options.port,
    host: options.host,
    ...(token !== undefined ? { controlToken: token } : {}),
    ...serverLimits(options),
    // With a state file, an answer leaves only once the change it made is durable (--durability).
    ...(persistence ? { beforeAnswer: persistence.durable } : {}),
    onSendError: (err) => log.warn({ err }, 'an answer could not be sent'),
  });
  // Before the banner: a supervisor that stops the simulator as soon as the banner says it is
  // ready (a test, a CI step) must find the save-and-exit handlers in place.
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    // No request after this, then the change log's last commit and its file closed.
    server
      .close()
      .then(() => persistence?.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, 'shutting down failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Before the banner, whose last line says the simulator is ready.
  if (server.controlTokenGenerated) {
    log.info(
      { controlToken: server.controlToken },
      `Control plane token (listening beyond loopback; send Authorization: Bearer <token> on /_sim/): ${server.controlToken}`,
    );
  } else if (server.controlToken !== undefined) {
    log.info('Control plane token required (as given): send Authorization: Bearer <token> on /_sim/');
  }
  if (saved)
    log.info(
      { stateFile: options.stateFile, replayed: recovered?.replayed, clock: simulator.clock.date().toISOString() },
      'resumed the saved world',
    );
  logBanner(log, server.url, simulator.fleet.accounts(), simulator.fleet.size, scenario.name);
}

function envControlToken(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return controlToken(value);
  } catch {
    throw new Error(`${CONTROL_TOKEN_ENV} must be 16 to 512 printable ASCII characters without spaces`);
  }
}

/** createSimulator, with a saved world's failure to load named after its file. */
function createSimulatorFrom(stateFile: string | undefined, fromStateFile: boolean, options: Parameters<typeof createSimulator>[0]) {
  try {
    return createSimulator(options);
  } catch (err) {
    if (!fromStateFile) throw err;
    throw new Error(
      `state file ${stateFile}: cannot be loaded: ${err instanceof Error ? err.message : String(err)} (the file was left untouched)`,
    );
  }
}

/**
 * IOTCARD_SIM_COMPACT_BYTES: the change log's size that triggers a compaction, fixed (crash tests).
 * Anything but a whole number of bytes from 1 is refused at start, like the other environment
 * settings: NaN would have turned compaction off without a word.
 */
export function compactBytesFromEnv(value: string | undefined): { compactBytes?: number } {
  if (value === undefined || value === '') return {};
  const bytes = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(bytes) || bytes < 1) {
    throw new Error(
      `environment (IOTCARD_SIM_COMPACT_BYTES): must be a whole number of bytes from 1, got ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return { compactBytes: bytes };
}
