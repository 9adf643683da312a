import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The engine must run behind MSW in a browser too, so nothing below the adapters may reach for
 * Node: no `node:` modules, no Buffer/process, no server-side packages.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const ISOMORPHIC = [
  'src/engine',
  'src/fleet',
  'src/simulator.ts',
  'src/world.ts',
  'src/control',
  'src/crypto/digests.ts',
  'src/msw.ts',
  'src/adapters/msw.ts',
  'simulator',
  'fixtures',
  'contracts',
];
const FORBIDDEN = [
  /from ['"]node:/,
  /from ['"](fs|path|http|https|net|crypto|os|url|child_process)['"]/,
  /from ['"](express|pino|commander)['"]/,
  /\bBuffer\./,
  /\bprocess\.(env|argv|exit)/,
  /\brequire\(/,
];

function sources(path: string): string[] {
  const full = join(root, path);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(full, f));
}

describe('isomorphic core', () => {
  it('imports nothing Node-only below the adapters', () => {
    const offenders: string[] = [];
    for (const file of ISOMORPHIC.flatMap(sources)) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of FORBIDDEN) if (pattern.test(text)) offenders.push(`${relative(root, file)} matches ${pattern}`);
    }
    expect(offenders).toEqual([]);
  });
});
