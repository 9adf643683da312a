import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimResponse } from '../engine/simResponse.js';

/**
 * The console's page and assets (docs/console.md): `GET /_sim/` is its page, `/_sim/console/<file>`
 * what `npm run build` bundled into dist/console/. Served by the Node adapter, not the control
 * plane, because they are files and the engine is isomorphic; they are public (no control token),
 * like any page that then asks for one. Everything the page needs is here: no CDN, no fonts.
 */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** The page may load and call nothing but this server. */
const SECURITY = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
};

/** Whether a GET path is the console's (checked before anything else, so kept to string tests). */
export function isConsolePath(path: string): boolean {
  return path === '/_sim' || path === '/_sim/' || path.startsWith('/_sim/console/');
}

/** The answer for a console path: the page, an asset, a redirect to the page, or 404. */
export function consoleAsset(path: string): SimResponse {
  if (path === '/_sim') return { status: 301, headers: { location: '/_sim/' }, body: '' };
  const name = path === '/_sim/' ? 'index.html' : path.slice('/_sim/console/'.length);
  // Flat names only: nothing outside the built folder can be named.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return notFound(name);
  const dir = assetDir();
  if (!dir) {
    return {
      status: 503,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'The iotcard-sim console is not built: run `npm run build` (it bundles dist/console/). The JSON control plane under /_sim/ works without it.',
    };
  }
  const file = join(dir, name);
  // Read each time (a few files, opened by a person): a rebuild shows at the next reload.
  if (!existsSync(file)) return notFound(name);
  const body = readFileSync(file);
  const type = TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
  return { status: 200, headers: { 'content-type': type, ...SECURITY }, body };
}

function notFound(name: string): SimResponse {
  return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `no console asset ${name}` };
}

let found: string | undefined;

/**
 * dist/console of this package: found from this module's place whether it runs built
 * (dist/src/adapters) or from source (src/adapters, tests and `npm run dev`).
 */
function assetDir(): string | undefined {
  // Only a folder found is kept: a build made while the server runs is picked up.
  if (found === undefined) {
    for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
      if (existsSync(join(dir, 'package.json'))) {
        const candidate = join(dir, 'dist', 'console');
        if (existsSync(join(candidate, 'index.html'))) found = candidate;
        break;
      }
    }
  }
  return found;
}
