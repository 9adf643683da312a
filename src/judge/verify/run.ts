import { spawn } from 'node:child_process';
import type { Scenario } from '../../../fixtures/scenario.js';
import type { JournalEntry } from '../../control/journal/journal.js';
import { contractScenario } from '../contractKit/scenario.js';
import { createSimulator } from '../../nodeSimulator.js';
import { startServer } from '../../server.js';
import { verifyEnvironment } from './environment.js';
import { faultPreset } from './faultPresets.js';
import { grade } from './grade.js';
import { buildReport, type VerifyReport } from './report.js';

export interface VerifyOptions {
  /** The command and its arguments, run without a shell (pass `sh -c '…'` for one). */
  readonly command: readonly string[];
  /** Default: the contract scenario (one tenant, 623 cards, pinned cards in known states). */
  readonly scenario?: Scenario;
  /** A fault preset (faultPresets.ts) injected while the command runs. */
  readonly faults?: string;
  /** Keep the vendors' flow control (requests per second) on; off by default, so grading does not depend on speed. */
  readonly flowControl?: boolean;
  /** The environment the command starts from (default: this process's); the simulator's variables go on top. */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** 'inherit' (default) passes the command's output through; 'pipe' captures it. */
  readonly stdio?: 'inherit' | 'pipe';
}

export interface VerifyOutcome {
  readonly report: VerifyReport;
  /** Every vendor request the command made, oldest first. */
  readonly entries: readonly JournalEntry[];
  /** The command's output, when captured. */
  readonly stdout?: string;
  readonly stderr?: string;
}

/**
 * Starts a simulator on loopback, runs the command against it, stops it, and grades the traffic
 * it saw. The journal's listener captures every request as it is answered, however many.
 */
export async function runVerify(options: VerifyOptions): Promise<VerifyOutcome> {
  if (options.command.length === 0) throw new RangeError('verify needs a command to run');
  const scenario = options.scenario ?? contractScenario;
  const rules = options.faults !== undefined ? faultPreset(options.faults) : [];
  const simulator = createSimulator({
    scenario,
    settings: options.flowControl ? {} : { aliyunRequestsPerSecond: 0, huaweiRequestsPerSecond: 0 },
  });
  for (const rule of rules) simulator.faults.add(rule);
  const entries: JournalEntry[] = [];
  const stop = simulator.journal.subscribe((entry) => entries.push(entry));
  const server = await startServer(simulator, { port: 0, host: '127.0.0.1' });
  let ran: CommandResult;
  try {
    ran = await runCommand(options.command, {
      env: { ...(options.env ?? process.env), ...verifyEnvironment(server.url, scenario) },
      ...(options.cwd ? { cwd: options.cwd } : {}),
      stdio: options.stdio ?? 'inherit',
    });
  } finally {
    stop();
    await server.close();
  }
  const injected = entries.filter((e) => e.fault !== undefined).length;
  const report = buildReport({
    command: { argv: options.command, exitCode: ran.exitCode, signal: ran.signal },
    simulator: {
      url: server.url,
      scenario: scenario.name,
      ...(options.faults !== undefined ? { faults: `${options.faults} (${injected} request(s) faulted)` } : {}),
    },
    requests: entries.length,
    rules: grade(entries),
  });
  return { report, entries, ...(ran.stdout !== undefined ? { stdout: ran.stdout, stderr: ran.stderr } : {}) };
}

interface CommandResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout?: string;
  readonly stderr?: string;
}

function runCommand(
  command: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; stdio: 'inherit' | 'pipe' },
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), {
      env: options.env,
      stdio: options.stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const captured = () => (options.stdio === 'pipe' ? { stdout, stderr } : {});
    // A command that cannot start is a failed command (127, as a shell says), not a crash of verify.
    child.once('error', (err) => {
      stderr += `iotcard-sim verify: cannot run ${command[0]}: ${err.message}\n`;
      if (options.stdio === 'inherit') process.stderr.write(`iotcard-sim verify: cannot run ${command[0]}: ${err.message}\n`);
      resolve({ exitCode: 127, signal: null, ...captured() });
    });
    child.once('close', (code, signal) => resolve({ exitCode: code, signal, ...captured() }));
  });
}
