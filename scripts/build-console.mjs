/**
 * Bundles the console (console/src, Preact + uPlot) into dist/console/: app.js, app.css, the page
 * and its icon. Run by `npm run build`; the simulator serves the folder at /_sim/ (see
 * src/adapters/consoleAssets.ts). Everything is in the bundle, so the console works offline.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildConsole({ outdir = `${root}dist/console`, minify = true } = {}) {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { app: `${root}console/src/main.tsx` },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(`${root}console/index.html`, `${outdir}/index.html`);
  copyFileSync(`${root}console/icon.svg`, `${outdir}/icon.svg`);
  return outdir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildConsole();
  console.log(`console bundled into ${out}`);
}
