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
    ['simulator/huawei/gsl/probe.ts', "import { x } from '../../../src/judge/contractKit/index.js';"],
    ['simulator/aliyun/views/probe.ts', "import { x } from '../../../src/cli/main.js';"],
    ['simulator/huawei/probe.ts', "import { x } from 'node:crypto';"],
    ['src/engine/probe.ts', "import { x } from 'fs';"],
    ['fixtures/probe.ts', "import { x } from 'node:fs';"],
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

describe('the room that judges clients (src/judge)', () => {
  it.each([
    // It reads a vendor surface through its public entry only, never the files behind it.
    ['src/judge/contractKit/probe.ts', "import { x } from '../../../simulator/huawei/aksk.js';"],
    ['src/judge/contractKit/probe.ts', "import { x } from '../../../simulator/aliyun/views/status.js';"],
    ['src/judge/verify/probe.ts', "import type { x } from '../../../simulator/aliyun/errors.js';"],
    ['src/judge/verify/rules/probe.ts', "import { x } from '../../../../simulator/huawei/gsl/cardActions.js';"],
    ['src/judge/verify/probe.ts', "import { x } from '../../cli/verify.js';"],
    // Nothing the simulator is made of imports it.
    ['src/engine/probe.ts', "import { x } from '../judge/verify/index.js';"],
    ['src/fleet/usage/probe.ts', "import { x } from '../../judge/contractKit/scenario.js';"],
    ['simulator/aliyun/probe.ts', "import { x } from '../../src/judge/verify/codes.js';"],
    ['src/adapters/probe.ts', "import { x } from '../judge/contractKit/world.js';"],
    ['src/control/journal/probe.ts', "import { x } from '../../judge/verify/findings.js';"],
    ['src/persistence/probe.ts', "import { x } from '../judge/verify/index.js';"],
    ['src/crypto/probe.ts', "import { x } from '../judge/contractKit/index.js';"],
    ['src/probe.ts', "import { x } from './judge/contractKit/index.js';"],
  ])('%s may not %s', async (filePath, line) => {
    expect(await restrictedImports(filePath, `${line}\nexport const y = x;\n`)).toHaveLength(1);
  });

  it.each([
    ['src/judge/contractKit/probe.ts', "import { x } from '../../../simulator/huawei/index.js';"],
    ['src/judge/verify/probe.ts', "import type { x } from '../../../simulator/aliyun/index.js';"],
    ['src/judge/contractKit/probe.ts', "import { x } from '../../engine/simResponse.js';"],
    ['src/judge/verify/probe.ts', "import { x } from '../contractKit/scenario.js';"],
    ['src/cli/probe.ts', "import { x } from '../judge/verify/index.js';"],
  ])('%s may %s', async (filePath, line) => {
    expect(await restrictedImports(filePath, `${line}\nexport const y = x;\n`)).toEqual([]);
  });

  it('holds in the tree as it is: the kit and verify import no vendor internals', async () => {
    const results = await eslint.lintFiles(['src/judge/**/*.ts']);
    const broken = results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}: ${m.message}`),
    );
    expect(results.length).toBeGreaterThan(20);
    expect(broken).toEqual([]);
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
