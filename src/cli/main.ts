#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import { parseScenario } from '../../fixtures/parseScenario.js';
import type { Scenario } from '../../fixtures/scenario.js';
import { defaultScenario } from '../../fixtures/defaultScenario.js';
// Not ../index.js: that would load Express, which the CLI does not use (start-up time).
import { createSimulator } from '../nodeSimulator.js';
import { startServer } from '../server.js';
import { persistState, readStateFile, writeStateFile } from '../persistence/stateFile.js';
import type { AuthMode } from '../engine/context.js';
import { banner } from './banner.js';
import { applyCredentialOverrides, CREDENTIAL_ENV } from './credentialOverrides.js';
import { CONTROL_TOKEN_ENV } from '../control/controlToken.js';

/** 8986: every Chinese ICCID starts with it. */
const DEFAULT_PORT = 8986;

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

/** A token goes in an Authorization header: printable ASCII without spaces, and not trivially short. */
function controlToken(value: string): string {
  if (!/^[\x21-\x7e]{16,512}$/.test(value)) throw new InvalidArgumentError('--control-token must be 16 to 512 printable ASCII characters without spaces');
  return value;
}

function envControlToken(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return controlToken(value);
  } catch {
    throw new Error(`${CONTROL_TOKEN_ENV} must be 16 to 512 printable ASCII characters without spaces`);
  }
}

const program = new Command()
  .name('iotcard-sim')
  .description(
    // One sentence: commander wraps it to the terminal (a hand-placed line break wrapped twice).
    "Simulates Alibaba Cloud IoT card APIs (linkcard 2021-05-20, Dyiotapi 2017-11-11) and Huawei Cloud Global SIM Link on one port, for the vendors' official SDKs, from a stateful fixture fleet.",
  )
  .option('-p, --port <port>', `port to listen on (0 picks a free one)`, integer('--port', 0, 65535), DEFAULT_PORT)
  .option('-H, --host <host>', 'address to listen on', '127.0.0.1')
  .option('-s, --scenario <file>', 'scenario JSON file (default: the embedded default fleet)')
  .option('--seed <n>', "generator seed (overrides the scenario's)", integer('--seed', 0, 2 ** 32 - 1))
  .option('--cards <n>', 'number of generated cards (pinned cards come on top)', integer('--cards', 0, 10_000_000))
  .addOption(new Option('--auth <mode>', 'signature and token checks').choices(['strict', 'warn', 'off']).default('strict'))
  .option('--clock <instant>', 'start the simulated clock at this ISO-8601 instant')
  .option(
    '--control-token <token>',
    `require "Authorization: Bearer <token>" on the control plane /_sim/ (also from ${CONTROL_TOKEN_ENV}); without one, a token is generated and printed when --host is beyond loopback`,
    controlToken,
  )
  .option('--state-file <path>', 'keep the world in this file: loaded at start if present (then --scenario, --seed, --cards and --clock are ignored), saved after changes and on exit')
  .addOption(
    new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  )
  .addHelpText(
    'after',
    `\nCredentials of the scenario's first account can be set through the environment:\n  ${Object.values(CREDENTIAL_ENV).join('\n  ')}\n\nExamples:\n  iotcard-sim                       serve the default fleet on http://127.0.0.1:${DEFAULT_PORT}\n  iotcard-sim --port 0 --cards 10000\n  iotcard-sim --scenario my-fleet.json --seed 7`,
  );

interface CliOptions {
  port: number;
  host: string;
  scenario?: string;
  seed?: number;
  cards?: number;
  auth: AuthMode;
  clock?: string;
  stateFile?: string;
  controlToken?: string;
  logLevel: string;
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

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<CliOptions>();
  const log = pino({ level: options.logLevel, base: undefined }, pino.destination(2));

  // A saved world wins over the flags that describe a new one.
  const saved = options.stateFile ? await readStateFile(options.stateFile) : undefined;
  if (saved) {
    const ignored = ['scenario', 'seed', 'cards', 'clock'].filter((name) => program.getOptionValueSource(name) === 'cli');
    if (ignored.length) log.warn({ stateFile: options.stateFile, ignored }, 'resuming the saved world: these flags are ignored');
  }
  const scenario = applyCredentialOverrides(saved ?? (await loadScenario(options.scenario)), process.env);
  // A bar on a terminal only, and only for fleets big enough to take a visible while.
  // Loaded only then: every module is start-up time.
  const progress = process.stderr.isTTY && (options.cards ?? 0) >= 100_000 ? await import('cli-progress') : undefined;
  const bar = progress
    ? new progress.SingleBar({ stream: process.stderr, format: 'generating fleet [{bar}] {percentage}% {value}/{total} cards, {eta}s left', etaBuffer: 20 }, progress.Presets.shades_classic)
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
    settings: { authMode: options.auth },
  });
  bar?.stop();
  // The saved settings came back with the world; an --auth given now still has the last word.
  if (program.getOptionValueSource('auth') === 'cli') simulator.settings.authMode = options.auth;
  const persistence = options.stateFile ? persistState(simulator, options.stateFile, { onError: (err) => log.error({ err }, 'saving the state file failed') }) : undefined;
  // A new state file exists from the start, so a restart right away finds the same world.
  if (options.stateFile && !saved) {
    const file = options.stateFile;
    await writeStateFile(file, simulator.exportScenario()).catch((err: unknown) => {
      throw new Error(`state file ${file}: cannot be written: ${err instanceof Error ? err.message : String(err)}`);
    });
  }
  simulator.engine.onUnexpected = (err, req) => log.error({ err, method: req.method, path: req.path }, 'unexpected failure');

  const token = options.controlToken ?? envControlToken(process.env[CONTROL_TOKEN_ENV]);
  const server = await startServer(simulator, { port: options.port, host: options.host, ...(token !== undefined ? { controlToken: token } : {}) });
  // Before the banner, whose last line says the simulator is ready.
  if (server.controlTokenGenerated) {
    process.stdout.write(`Control plane token (listening beyond loopback; send Authorization: Bearer <token> on /_sim/): ${server.controlToken}\n`);
  } else if (server.controlToken !== undefined) {
    process.stdout.write('Control plane token required (as given): send Authorization: Bearer <token> on /_sim/\n');
  }
  process.stdout.write(banner(server.url, simulator.fleet.accounts(), simulator.fleet.size, scenario.name) + '\n');
  log.debug({ url: server.url, cards: simulator.fleet.size, auth: options.auth }, 'iotcard-sim ready');
  if (saved) log.info({ stateFile: options.stateFile, clock: simulator.clock.date().toISOString() }, 'resumed the saved world');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    // No request after this, then the last save: the world as it is, whatever the debounce awaited.
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
}

/** createSimulator, with a saved world's failure to load named after its file. */
function createSimulatorFrom(stateFile: string | undefined, fromStateFile: boolean, options: Parameters<typeof createSimulator>[0]) {
  try {
    return createSimulator(options);
  } catch (err) {
    if (!fromStateFile) throw err;
    throw new Error(`state file ${stateFile}: cannot be loaded: ${err instanceof Error ? err.message : String(err)} (the file was left untouched)`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`iotcard-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
