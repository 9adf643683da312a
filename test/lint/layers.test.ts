import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules in eslint.config.js fail the build when broken: each probe is linted as if it
 * lived at the given path, with the project's own configuration.
 */
const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ['src/engine/probe.ts', "import { x } from '../adapters/node.js';"],
    ['src/fleet/probe.ts', "import { x } from '../control/controlPlane.js';"],
    ['simulator/huawei/gsl/probe.ts', "import { x } from '../../../src/contractKit/index.js';"],
    ['simulator/aliyun/views/probe.ts', "import { x } from '../../../src/cli/main.js';"],
    ['simulator/huawei/probe.ts', "import { x } from 'node:crypto';"],
    ['src/engine/probe.ts', "import { x } from 'fs';"],
    ['fixtures/probe.ts', "import { x } from 'node:fs';"],
    ['src/contractKit/probe.ts', "import { x } from '../../simulator/huawei/aksk.js';"],
  ])('%s may not %s', async (filePath, line) => {
    expect(await restrictedImports(filePath, `${line}\nexport const y = x;\n`)).toHaveLength(1);
  });

  it.each([
    ['src/engine/probe.ts', "import { x } from '../fleet/fleet.js';"],
    ['simulator/huawei/gsl/probe.ts', "import { x } from '../../../src/engine/context.js';"],
    ['src/adapters/probe.ts', "import { x } from 'node:http';"],
    ['src/crypto/nodeDigests.ts', "import { x } from 'node:crypto';"],
  ])('%s may %s', async (filePath, line) => {
    expect(await restrictedImports(filePath, `${line}\nexport const y = x;\n`)).toEqual([]);
  });
});

describe('test aliases', () => {
  it('are refused in built code, where tsc would leave them unresolved', async () => {
    expect(await restrictedImports('src/world.ts', "import { x } from '#src/engine/clock.js';\nexport const y = x;\n")).toHaveLength(1);
  });

  it('resolve in tests', async () => {
    const { SimClock } = await import('#src/engine/clock.js');
    expect(typeof SimClock).toBe('function');
  });
});
