import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Tests that need more than Node (Debian's Chromium, a JDK, Python) find the tool here. On a
 * developer's machine without it they skip, saying in one line how to run them; under CI=true,
 * where `.ci/run` installs every such tool, a missing one fails the file, so CI never goes green
 * by skipping.
 */
export interface RequiredTool {
  /** The executable's path, or undefined when it is missing (and this is not CI). */
  readonly path: string | undefined;
  readonly missing: boolean;
}

const announced = new Set<string>();

/** Looks for `candidates` (absolute paths or command names on PATH), with `envVar` overriding. */
export function requiredTool(label: string, candidates: readonly string[], envVar: string, howTo: string): RequiredTool {
  const fromEnv = process.env[envVar];
  const found = fromEnv ? (existsSync(fromEnv) ? fromEnv : undefined) : candidates.map(resolveCommand).find((p) => p !== undefined);
  if (found) return { path: found, missing: false };
  const line = `${label} not found: skipping the tests that need it (${howTo}, or set ${envVar}; \`bash .ci/run\` installs it).`;
  if (process.env['CI'] === 'true') throw new Error(`CI=true requires ${label}: ${line}`);
  if (!announced.has(label)) {
    announced.add(label);
    console.warn(line);
  }
  return { path: undefined, missing: true };
}

function resolveCommand(candidate: string): string | undefined {
  if (candidate.includes('/')) return existsSync(candidate) ? candidate : undefined;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, candidate))) return join(dir, candidate);
  }
  return undefined;
}

/** Debian's Chromium, as `.ci/run` installs it. */
export const chromiumTool = (): RequiredTool =>
  requiredTool('Chromium', ['/usr/bin/chromium', 'chromium'], 'CHROMIUM_PATH', 'apt-get install chromium');
