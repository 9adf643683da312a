import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('contracts', () => {
  it('generated types are up to date with the OpenAPI documents', () => {
    const script = fileURLToPath(new URL('../scripts/generate-contract-types.mjs', import.meta.url));
    // Throws (non-zero exit) when a document changed without `npm run contracts:types`.
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
