import { InvalidArgumentError, Option } from 'commander';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from '../server.js';

/** The server's connection cap and timeouts as CLI flags (docs/reliability.md, "Connections"). */
export interface ServerLimitFlags {
  maxConnections?: number;
  headersTimeout?: number;
  requestTimeout?: number;
  idleTimeout?: number;
}

const positive = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1)
    throw new InvalidArgumentError(`${flag} must be a whole number from 1 to ${2 ** 31 - 1}`);
  return n;
};

export function serverLimitOptions(): Option[] {
  return [
    new Option('--max-connections <n>', `most connections open at once (default ${DEFAULT_SERVER_LIMITS.maxConnections})`).argParser(
      positive('--max-connections'),
    ),
    new Option(
      '--headers-timeout <ms>',
      `most ms to receive a request's headers (default ${DEFAULT_SERVER_LIMITS.headersTimeoutMs})`,
    ).argParser(positive('--headers-timeout')),
    new Option(
      '--request-timeout <ms>',
      `most ms to receive a whole request (default ${DEFAULT_SERVER_LIMITS.requestTimeoutMs})`,
    ).argParser(positive('--request-timeout')),
    new Option(
      '--idle-timeout <ms>',
      `most ms a kept-alive connection may idle (default ${DEFAULT_SERVER_LIMITS.idleTimeoutMs})`,
    ).argParser(positive('--idle-timeout')),
  ];
}

export function serverLimits(flags: ServerLimitFlags): ServerLimits {
  return {
    ...(flags.maxConnections !== undefined ? { maxConnections: flags.maxConnections } : {}),
    ...(flags.headersTimeout !== undefined ? { headersTimeoutMs: flags.headersTimeout } : {}),
    ...(flags.requestTimeout !== undefined ? { requestTimeoutMs: flags.requestTimeout } : {}),
    ...(flags.idleTimeout !== undefined ? { idleTimeoutMs: flags.idleTimeout } : {}),
  };
}
