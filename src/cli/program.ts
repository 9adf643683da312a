import { Command, InvalidArgumentError, Option } from 'commander';
import { VERSION } from '../version.js';
import { CONTROL_TOKEN_ENV } from '../control/controlToken.js';
import { controlToken } from './controlTokenOption.js';
import { CREDENTIAL_ENV } from './credentialOverrides.js';
import { LOG_LEVELS } from './logger.js';
import { serve, type ServeOptions } from './serve.js';
import { serverLimitOptions } from './serverLimits.js';
import { SETTING_ENV } from './startSettings.js';
import { DURABILITY_LEVELS } from '../persistence/stateFile.js';

/** 8986: every Chinese ICCID starts with it. */
export const DEFAULT_PORT = 8986;

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

/**
 * The `iotcard-sim` command. With no subcommand it serves (the default action); a subcommand is
 * one more `program.addCommand(…)` below, each in a file of its own, and leaves serving as it is.
 */
export function createProgram(): Command {
  const program = new Command()
    .name('iotcard-sim')
    .version(VERSION, '-V, --version', 'print the version and exit')
    .description(
      // One sentence: commander wraps it to the terminal (a hand-placed line break wrapped twice).
      "Simulates Alibaba Cloud IoT card APIs (linkcard 2021-05-20, Dyiotapi 2017-11-11) and Huawei Cloud Global SIM Link on one port, for the vendors' official SDKs, from a stateful fixture fleet.",
    )
    .option('-p, --port <port>', `port to listen on (0 picks a free one)`, integer('--port', 0, 65535), DEFAULT_PORT)
    .option('-H, --host <host>', 'address to listen on', '127.0.0.1')
    .option('-s, --scenario <file>', 'scenario JSON file (default: the embedded default fleet)')
    .option('--seed <n>', "generator seed (overrides the scenario's)", integer('--seed', 0, 2 ** 32 - 1))
    .option('--cards <n>', 'number of generated cards (pinned cards come on top)', integer('--cards', 0, 10_000_000))
    .addOption(
      new Option('--auth <mode>', 'signature and token checks (the authMode setting)').choices(['strict', 'warn', 'off']).default('strict'),
    )
    .option('--clock <instant>', 'start the simulated clock at this ISO-8601 instant')
    .option(
      '--control-token <token>',
      `require "Authorization: Bearer <token>" on the control plane /_sim/ (also from ${CONTROL_TOKEN_ENV}); without one, a token is generated and printed when --host is beyond loopback`,
      controlToken,
    )
    .option('--settings <file>', 'a JSON object of settings, as PATCH /_sim/settings takes (docs/control-plane.md)')
    .option(
      '--state-file <path>',
      'keep the world in this file: loaded at start if present (then --scenario, --seed, --cards and --clock are ignored), saved after changes and on exit',
    )
    .addOption(
      new Option(
        '--durability <level>',
        "with --state-file, what an answered change survives: disk (on disk before the answer: a machine's crash too) or process (written to the OS before the answer: kill -9, not a machine's crash; about half the cost)",
      )
        .choices(DURABILITY_LEVELS)
        .default('disk'),
    )
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS).default('info'))
    .addOption(
      new Option('--log-format <format>', 'log lines: readable (pretty) or JSON (default: pretty on a terminal, json when piped)').choices([
        'pretty',
        'json',
      ]),
    )
    .addHelpText(
      'after',
      [
        '',
        "Credentials of the scenario's first account can be set through the environment:",
        ...Object.values(CREDENTIAL_ENV).map((name) => `  ${name}`),
        '',
        'Every setting can be set through the environment (checked as PATCH /_sim/settings checks it;',
        'lists comma-separated). Precedence: defaults < --settings file < environment < --auth:',
        ...SETTING_ENV.map(([name, variable]) => `  ${variable.padEnd(42)} ${name}`),
        '',
        'Examples:',
        `  iotcard-sim                       serve the default fleet on http://127.0.0.1:${DEFAULT_PORT}`,
        '  iotcard-sim --port 0 --cards 10000',
        '  iotcard-sim --scenario my-fleet.json --seed 7 --log-format json',
        '  IOTCARD_SIM_SIGNATURE_CLOCK=simulated iotcard-sim --settings sim-settings.json',
        "  iotcard-sim verify -- <command>   grade a client's requests (iotcard-sim verify --help)",
      ].join('\n'),
    )
    .action((options: ServeOptions, command: Command) => serve(options, command));
  for (const option of serverLimitOptions()) program.addOption(option);
  return program;
}
