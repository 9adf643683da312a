import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

/** The built CLI: `npm test` builds first, so the tests run exactly what `npm start` and `npx iotcard-sim` run. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** The banner's last line (src/cli/banner.ts): the CLI serves from here on. */
export const READY_LINE = 'Ready. Press Ctrl+C to stop.';

export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Ready {
  /** stdout up to and including the banner's last line. */
  out: string;
  /** Where the banner says it listens (JSON or readable lines alike). */
  url: string;
  port: number;
}

/** One CLI process, its output collected from the start so no line is missed whatever is awaited first. */
export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves once the banner is out; rejects, with what the process said, if it exits first. */
  readonly ready: Promise<Ready>;
  /** Resolves once the process has ended and its output is all read. */
  readonly exited: Promise<Exit>;
}

const LISTENING = /listening on (http:\/\/[^\s"]+:(\d+))/;

function startCli(args: readonly string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<Exit>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  const ready = new Promise<Ready>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const listening = LISTENING.exec(stdout);
      if (listening && stdout.includes(READY_LINE)) resolve({ out: stdout, url: listening[1]!, port: Number(listening[2]) });
    });
    void exited.then(({ code }) => reject(new Error(`exited ${code}: ${stderr}${stdout}`)));
  });
  // A test that only waits for the exit never looks at `ready`: its rejection is expected then.
  ready.catch(() => undefined);
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, ready, exited };
}

/**
 * For a test file: returns `run(args, env)`, which starts the CLI with `args` (and `env` over this
 * process's environment), and ends whatever is still running after each test with `signal`.
 */
export function cliRunner(signal: NodeJS.Signals = 'SIGTERM'): (args: readonly string[], env?: Record<string, string>) => CliProcess {
  const started: CliProcess[] = [];
  afterEach(() => {
    for (const { child } of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
  return (args, env = {}) => {
    const cli = startCli(args, env);
    started.push(cli);
    return cli;
  };
}
