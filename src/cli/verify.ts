import { readFile, writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { parseScenario } from '../../fixtures/parseScenario.js';
import { CARD_ENV, FAULT_PRESETS, junitXml, runVerify, summaryText, VERIFY_ENV } from '../judge/verify/index.js';

/**
 * `iotcard-sim verify [options] -- <command…>`: its own command line, kept in this file so the
 * main CLI only has to hand it the arguments after `verify`.
 */
export function verifyCommand(): Command {
  return new Command('iotcard-sim verify')
    .description(
      "Starts a simulator on loopback, runs your command (your client's test suite, a script, a binary) with the endpoints and credentials in its environment, then grades every request it made against the vendors' rules.",
    )
    .argument('<command...>', 'the command to run, after --')
    .option('-s, --scenario <file>', 'scenario JSON file (default: the contract scenario, 623 cards)')
    .addOption(new Option('--faults <preset>', 'inject transient faults while the command runs').choices(Object.keys(FAULT_PRESETS)))
    .option('--flow-control', "keep the vendors' requests-per-second limits on (off by default: grading must not depend on speed)")
    .option('--junit <file>', 'write JUnit XML here')
    .option('--report <file>', 'write the JSON report here')
    .passThroughOptions()
    .addHelpText(
      'after',
      `\nThe command's environment:\n  ${Object.values(VERIFY_ENV).join('\n  ')}\n  ${Object.values(CARD_ENV).join('\n  ')} (contract scenario)\n\nExit status: the command's when it failed, else 1 when a rule is broken, else 0.\n\nExample:\n  iotcard-sim verify --junit verify.xml -- python3 -m pytest tests/`,
    )
    .action(
      async (
        command: string[],
        options: { scenario?: string; faults?: string; flowControl?: boolean; junit?: string; report?: string },
      ) => {
        const scenario = options.scenario
          ? parseScenario(JSON.parse(await readFile(options.scenario, 'utf8')), options.scenario)
          : undefined;
        const { report } = await runVerify({
          command,
          ...(scenario ? { scenario } : {}),
          ...(options.faults ? { faults: options.faults } : {}),
          ...(options.flowControl ? { flowControl: true } : {}),
        });
        process.stderr.write(summaryText(report));
        if (options.report) await writeFile(options.report, JSON.stringify(report, null, 2) + '\n');
        if (options.junit) await writeFile(options.junit, junitXml(report));
        const exit = report.command.exitCode;
        process.exitCode = exit !== 0 ? (exit ?? 1) : report.passed ? 0 : 1;
      },
    );
}

/** Runs `verify` with the arguments that followed it on the command line. */
export async function runVerifyCommand(args: readonly string[]): Promise<void> {
  await verifyCommand().parseAsync([...args], { from: 'user' });
}
