import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as a newcomer gets it: `npm pack`, installed into a new project with nothing but the
 * tarball, then the README's SDK snippets run against the installed CLI (plain Node and vitest),
 * the typed entry points type-check under `skipLibCheck: false` without @types/express, and a
 * contract suite passes. The tarball's own dependencies come from the npm cache or the registry
 * (--prefer-offline); the tools a consumer would add beside it (vitest, msw, typescript, the SDKs)
 * are linked from this repository's node_modules, the versions this project tests with.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
// Packing, installing and type-checking take a minute or two on a busy machine; generous, not timed.
const INSTALL_MS = 420_000;
const LINKED = [
  'vitest',
  'msw',
  'typescript',
  '@types/node',
  '@alicloud/pop-core',
  '@alicloud/openapi-client',
  '@alicloud/dyiotapi20171111',
  '@alicloud/tea-util',
  '@huaweicloud/huaweicloud-sdk-core',
  'uuid',
];

// Child processes must not think they are this vitest's workers.
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST'))), NODE_OPTIONS: '' };

function run(
  command: string,
  args: string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function codeBlocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

let project: string;
let home: string;
let server: ChildProcessWithoutNullStreams | undefined;
let url: string;
let serverExit: Promise<number | null>;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/src/index.js'))) throw new Error('dist/ is missing: `npm test` builds first (or run `npm run build`)');
  const work = mkdtempSync(join(tmpdir(), 'iotcard-sim-package-'));
  home = join(work, 'home');
  mkdirSync(home);
  // --ignore-scripts: dist/ is built already (`prepare` would build it again).
  const packed = await run(npm, ['pack', '--ignore-scripts', '--pack-destination', work, '--json'], root);
  expect(packed.code, packed.stderr).toBe(0);
  const tarball = join(work, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename);

  project = join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  const installed = await run(npm, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
  expect(installed.code, installed.stderr).toBe(0);
  // After npm install, which would prune what its package.json does not name.
  for (const name of LINKED) {
    const target = join(project, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), target, 'dir');
  }

  // The installed CLI, started as the README's CI recipe does: its own process, so its PID stops it.
  server = spawn(join(project, 'node_modules/.bin/iotcard-sim'), ['--port', '0'], { cwd: project, env: { ...env, HOME: home } });
  serverExit = new Promise((resolve) => server!.on('exit', resolve));
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server!.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
      if (found) resolve(found);
    });
    server!.on('exit', (code) => reject(new Error(`the installed CLI exited ${code}: ${out}`)));
  });
}, INSTALL_MS);

afterAll(() => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  if (project) rmSync(dirname(project), { recursive: true, force: true });
});

async function journalSince(id: number): Promise<Array<{ id: number; status: number; vendor: string }>> {
  const page = (await (await fetch(`${url}/_sim/journal?limit=1000`)).json()) as {
    entries?: Array<{ id: number; status: number; vendor: string }>;
    items?: Array<{ id: number; status: number; vendor: string }>;
  };
  return (page.entries ?? page.items ?? []).filter((e) => e.id > id);
}

describe('the packed package, installed into a new project', () => {
  it('answers its readiness route with the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules/iotcard-sim/package.json'), 'utf8')) as { version: string };
    const health = (await (await fetch(`${url}/_sim/health`)).json()) as { ready: boolean; version: string };
    expect(health).toMatchObject({ ready: true, version: pkg.version });
  });

  it('runs the README snippets in plain Node, each answered by the simulator without an error', async () => {
    const port = new URL(url).port;
    const snippets = codeBlocks(readFileSync(join(root, 'README.md'), 'utf8'), 'js').map((code) =>
      code.replaceAll('127.0.0.1:8986', `127.0.0.1:${port}`),
    );
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    for (const [i, code] of snippets.entries()) {
      const file = `readme-${i + 1}.mjs`;
      writeFileSync(join(project, file), code);
      const before = Math.max(0, ...(await journalSince(-1)).map((e) => e.id));
      const ran = await run(process.execPath, [file], project, { HOME: home });
      expect(ran.code, `${file}:\n${code}\n${ran.stderr}`).toBe(0);
      const answered = await journalSince(before);
      // Each SDK snippet's calls reached the simulator and succeeded (the quieting snippet calls nothing).
      if (/sendRequest|request\(|callApi|queryCardFlowInfo/.test(code)) {
        expect(answered.length, file).toBeGreaterThan(0);
        expect(
          answered.filter((e) => e.status !== 200),
          file,
        ).toEqual([]);
        expect(ran.stdout.trim(), file).not.toBe('');
      }
    }
  });

  it(
    'type-checks its entry points under skipLibCheck: false without @types/express (DOM lib, as the types of msw need), and runs the README snippets, the library snippets and a contract suite in vitest',
    async () => {
      expect(existsSync(join(project, 'node_modules/@types/express'))).toBe(false);
      writeFileSync(
        join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            lib: ['ES2023', 'DOM'],
            types: ['node'],
            strict: true,
            skipLibCheck: false,
            noEmit: true,
            esModuleInterop: true,
          },
          include: ['typed-*.ts', 'library-*.ts'],
        }),
      );
      writeFileSync(
        join(project, 'typed-entries.ts'),
        [
          "import { createSimulator, startServer, type Simulator, type SimulatorSettings } from 'iotcard-sim';",
          "import { createHandlers } from 'iotcard-sim/msw';",
          "import { linkcardContract, type LinkcardAdapter } from 'iotcard-sim/contracts';",
          "import { buildFleet, defaultScenario } from 'iotcard-sim/fixtures';",
          "import type { AliyunDyiotapi, AliyunLinkcard, HuaweiGsl, HuaweiIam, SimControl } from 'iotcard-sim/types';",
          '',
          "const settings: Partial<SimulatorSettings> = { signatureClock: 'simulated' };",
          'const simulator: Simulator = createSimulator({ settings });',
          "export const card: HuaweiGsl.components['schemas']['SimDeviceVO'] | undefined = undefined;",
          "export type Page = AliyunLinkcard.operations['ListCardInfo']['parameters']['query'];",
          'export type Flow = AliyunDyiotapi.paths; export type Iam = HuaweiIam.paths; export type Control = SimControl.paths;',
          'export const things = [startServer, createHandlers(simulator), linkcardContract, buildFleet, defaultScenario.name] as const;',
          'export type Adapter = LinkcardAdapter<unknown>;',
          '',
        ].join('\n'),
      );
      const library = codeBlocks(readFileSync(join(root, 'docs/library.md'), 'utf8'), 'ts');
      expect(library.length).toBeGreaterThanOrEqual(3);
      for (const [i, code] of library.entries()) writeFileSync(join(project, `library-${i + 1}.ts`), `${code}\nexport {};\n`);
      const tsc = await run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
      expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);

      // The README's snippets again, now inside vitest (whose CommonJS interop differs from Node's).
      writeFileSync(
        join(project, 'readme.test.ts'),
        [
          "import { readdirSync } from 'node:fs';",
          "import { expect, it } from 'vitest';",
          "const files = readdirSync('.').filter((f) => /^readme-\\d+\\.mjs$/.test(f));",
          'it.each(files)("%s runs", async (file) => { await expect(import(`./${file}`)).resolves.toBeDefined(); });',
          'it("found the snippets", () => expect(files.length).toBeGreaterThanOrEqual(4));',
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(project, 'library.test.ts'),
        [
          "import { it } from 'vitest';",
          'it.each(["./library-1.js", "./library-2.js"])("%s runs", async (file) => { await import(file); });',
          '',
        ].join('\n'),
      );
      // library-N.ts import as .js under NodeNext; vitest resolves the .ts.
      for (const file of ['linkcardClient.ts', 'linkcardAdapter.ts', 'linkcard.contract.test.ts'])
        copyFileSync(join(root, 'examples/contracts', file), join(project, file));
      const vitest = await run(process.execPath, [join(project, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=verbose'], project, {
        HOME: home,
        NO_COLOR: '1',
        FORCE_COLOR: '0',
      });
      const out = vitest.stdout + vitest.stderr;
      expect(vitest.code, out).toBe(0);
      expect(out).toMatch(/readme\.test\.ts/);
      expect(out).toMatch(/linkcard\.contract\.test\.ts/);
      expect(out).not.toMatch(/\bfailed\b/);
      expect(out).toMatch(/Test Files\s+3 passed/);
    },
    INSTALL_MS,
  );

  it('ships the sources its source maps name (embedded), so stack traces point at code that is there', () => {
    const dist = join(project, 'node_modules/iotcard-sim/dist');
    const maps: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.js.map')) maps.push(path);
      }
    };
    walk(dist);
    expect(maps.length).toBeGreaterThan(50);
    const without = maps.filter((file) => {
      const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; sourcesContent?: Array<string | null> };
      return !map.sourcesContent || map.sourcesContent.length !== map.sources.length || map.sourcesContent.some((s) => !s);
    });
    expect(without).toEqual([]);
  });

  it('stops on SIGTERM to its PID, exiting 0 and freeing the port', async () => {
    server!.kill('SIGTERM');
    expect(await serverExit).toBe(0);
    await expect(fetch(`${url}/_sim/health`)).rejects.toThrow();
  });
});
