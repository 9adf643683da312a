/**
 * Bundles the console (console/src, Preact + uPlot) into dist/console/: app.js, app.css, the page
 * and its icon. Run by `npm run build`; the simulator serves the folder at /_sim/ (see
 * src/adapters/consoleAssets.ts). Everything is in the bundle, so the console works offline.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    // No source maps in the package (they would double its size); licence comments stay in the bundle.
    legalComments: 'eof',
    banner: { js: '/*! iotcard-sim console. Bundles Preact and uPlot (MIT): licences in licenses.txt beside this file. */' },
    logLevel: 'warning',
  });
  copyFileSync(`${root}console/index.html`, `${outdir}/index.html`);
  copyFileSync(`${root}console/icon.svg`, `${outdir}/icon.svg`);
  // The bundled libraries' licences travel with the bundle (their own comments do not survive minifying).
  const licences = ['preact', 'uplot'].map(
    (name) => `${name}\n${'='.repeat(name.length)}\n${readFileSync(`${root}node_modules/${name}/LICENSE`, 'utf8').trim()}\n`,
  );
  writeFileSync(`${outdir}/licenses.txt`, licences.join('\n'));
  return outdir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildConsole();
  console.log(`console bundled into ${out}`);
}
