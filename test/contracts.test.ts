import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { controlContract } from '#src/control/contract.js';
import { dyiotapiContract, linkcardContract } from '#simulator/aliyun/contracts.js';
import { gslContract } from '#simulator/huawei/contract.js';
import { iamContract } from '#simulator/huawei/iam/contract.js';

describe('contracts', () => {
  it('generated types are up to date with the OpenAPI documents', () => {
    const script = fileURLToPath(new URL('../scripts/generate-contract-types.mjs', import.meta.url));
    // Throws (non-zero exit) when a document changed without `npm run contracts:types`.
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('every schema in every document is valid JSON Schema 2020-12 (the server skips this check)', () => {
    for (const contract of [linkcardContract, dyiotapiContract, gslContract, iamContract, controlContract]) {
      expect(contract.schemaErrors(), contract.document.info.title).toEqual([]);
    }
  });
});
