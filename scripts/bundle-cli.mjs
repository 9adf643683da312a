// Bundles the compiled CLI (dist/src/cli/main.js) and the packages it loads into one file,
// dist/cli.js, which `bin` and `npm start` run. Start-up of the default fleet was mostly module
// loading: ~160 compiled files plus ajv, pino, commander and faker's locale, each resolved, read
// and compiled one by one. One file cuts the CPU to the first answer by ~40 % (docs/performance.md,
// Start-up). The package's library entry points stay unbundled (their users bundle them).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/cli/main.js'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // Loaded only to draw a progress bar for big fleets on a terminal: not worth loading at start.
  external: ['cli-progress'],
  // Bundled CommonJS packages (pino, commander, mersenne-twister, …) call require() for Node's own
  // modules; an ES module has none unless given one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
