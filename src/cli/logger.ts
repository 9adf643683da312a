import { pino, type Logger } from 'pino';

export type LogFormat = 'pretty' | 'json';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;

/** Fields every pino record has; the pretty lines show them in their own way. */
const BASE_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname']);
const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_COLOURS: Record<number, string> = { 20: '\x1b[90m', 30: '\x1b[32m', 40: '\x1b[33m', 50: '\x1b[31m', 60: '\x1b[35m' };

/**
 * The CLI's one voice: the start banner and every log line go through this logger, to stdout.
 * JSON lines (pino's own) when piped or asked, so a log collector reads them; on a terminal,
 * readable lines: `12:00:01 INFO  message  key=value`. pino-pretty would do it, at a dozen
 * packages: this is the one line format the simulator needs.
 */
export function createLogger(options: { level: string; format: LogFormat; out?: NodeJS.WritableStream & { isTTY?: boolean } }): Logger {
  const out = options.out ?? process.stdout;
  if (options.format === 'json') return pino({ level: options.level, base: undefined }, pino.destination({ dest: 1, sync: true }));
  const colour = Boolean(out.isTTY) && !process.env['NO_COLOR'];
  return pino({ level: options.level, base: undefined }, { write: (line: string) => void out.write(prettyLine(line, colour)) });
}

/** One pino JSON record as a readable line; an error's stack on the lines below it. */
export function prettyLine(json: string, colour = false): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const level = typeof record['level'] === 'number' ? record['level'] : 30;
  const time = typeof record['time'] === 'number' ? new Date(record['time']).toISOString().slice(11, 23) : '';
  const name = (LEVEL_NAMES[level] ?? String(level)).padEnd(5);
  const tag = colour ? `${LEVEL_COLOURS[level] ?? ''}${name}\x1b[0m` : name;
  const fields: string[] = [];
  let stack = '';
  for (const [key, value] of Object.entries(record)) {
    if (BASE_FIELDS.has(key)) continue;
    if (key === 'err' && typeof value === 'object' && value !== null) {
      stack = String((value as { stack?: unknown }).stack ?? (value as { message?: unknown }).message ?? '');
      continue;
    }
    fields.push(`${key}=${typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value)}`);
  }
  const rest = fields.length ? `  ${fields.join(' ')}` : '';
  return `${time} ${tag} ${String(record['msg'] ?? '')}${rest}\n${stack ? stack.replace(/^/gm, '    ') + '\n' : ''}`;
}
