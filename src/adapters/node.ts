import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimRequest } from '../engine/simRequest.js';
import { splitTarget } from '../engine/simRequest.js';
import { chunksByteLength, type SimResponse } from '../engine/simResponse.js';
import type { Simulator } from '../simulator.js';
import { consoleAsset, isConsolePath } from './consoleAssets.js';

/** Bodies above this are refused unread (Huawei's gateway caps signed bodies at 12 MB). */
const MAX_BODY_BYTES = 12 * 1024 * 1024;

/**
 * The HTTP adapter: a socket in, a SimRequest to the engine, its SimResponse out. It parses
 * nothing of any vendor, and hands the body over byte for byte because signatures cover it.
 * `startServer` serves with it directly; `createExpressApp` mounts it in an Express app.
 */
export function nodeHandler(simulator: Simulator): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // The console's page and assets are files, served here (never reaching the engine).
    const target = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    if (req.method === 'GET' && target.startsWith('/_sim')) {
      const { path } = splitTarget(target);
      if (isConsolePath(path)) {
        req.resume();
        write(res, consoleAsset(path));
        return;
      }
    }
    // Most SDK calls carry no body (GET, or everything in the query): answer at once, with no
    // promise and no listeners, and let the (empty) stream drain on its own.
    if (hasNoBody(req)) {
      req.resume();
      send(res, simulator.handle(toSimRequest(req, EMPTY)));
      return;
    }
    readBody(req)
      .then((body) => send(res, simulator.handle(toSimRequest(req, body))))
      .catch(() => {
        // The body could not be read (client went away, or too large): answer as the gateway would.
        const fallback = simulator.handle(toSimRequest(req, EMPTY));
        if (!res.headersSent) send(res, { ...fallback, status: 413 });
      });
  };
}

const EMPTY = new Uint8Array();

/** HTTP/1.1 framing: a request without Content-Length or Transfer-Encoding has no body. */
function hasNoBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined;
}

function toSimRequest(req: IncomingMessage, body: Uint8Array): SimRequest {
  // Express rewrites req.url under mounted routers; originalUrl is what came over the wire.
  const { path, rawQuery } = splitTarget((req as { originalUrl?: string }).originalUrl ?? req.url ?? '/');
  return {
    method: req.method!.toUpperCase(),
    path,
    rawQuery,
    headers: flatHeaders(req.headers),
    body,
    ...(req.socket.remoteAddress ? { remoteAddress: req.socket.remoteAddress } : {}),
  };
}

/** Node's header object as is, unless a header arrived as an array (set-cookie): then joined. */
function flatHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  for (const name in headers) {
    if (typeof headers[name] !== 'string') return joined(headers);
  }
  return headers as Record<string, string>;
}

function joined(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new Error('body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, out: SimResponse): void {
  if (out.delayMs !== undefined && out.delayMs > 0) {
    // An injected latency or timeout: hold the answer; a client that gives up first closes the socket.
    const timer = setTimeout(() => write(res, out), out.delayMs);
    res.once('close', () => clearTimeout(timer));
    return;
  }
  write(res, out);
}

function write(res: ServerResponse, out: SimResponse): void {
  if (out.drop) {
    // An injected dropped connection: no status line, no body, just a closed socket.
    res.socket?.destroy();
    return;
  }
  if (res.writableEnded || res.destroyed) return;
  if (out.stream) {
    openStream(res, out, out.stream);
    return;
  }
  // A known length lets Node send the body in one write instead of chunked framing, which
  // profiled as a tenth of a 30 KB ListCardInfo page. A surface's own length wins.
  const body = out.body;
  res.setHeader('content-length', typeof body === 'string' ? Buffer.byteLength(body) : chunksByteLength(body));
  res.writeHead(out.status, out.headers);
  if (typeof body === 'string' || body instanceof Uint8Array) {
    res.end(body);
    return;
  }
  // Chunks (cached JSON fragments): corked, they leave in one writev with nothing copied.
  res.cork();
  for (const chunk of body) res.write(chunk);
  res.end();
  res.uncork();
}

/** A streamed answer (server-sent events): headers and the first body now, then chunks as they come. */
function openStream(res: ServerResponse, out: SimResponse, stream: NonNullable<SimResponse['stream']>): void {
  res.writeHead(out.status, out.headers);
  res.write(typeof out.body === 'string' || out.body instanceof Uint8Array ? out.body : Buffer.concat(out.body as Uint8Array[]));
  const stop = stream((chunk) => {
    if (!res.writableEnded && !res.destroyed) res.write(chunk);
  });
  res.once('close', stop);
}
