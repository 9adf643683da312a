import express, { type Express, type Request, type Response } from 'express';
import type { SimRequest } from '../engine/simRequest.js';
import { splitTarget } from '../engine/simRequest.js';
import type { Simulator } from '../simulator.js';

/** Bodies above this are refused unread (Huawei's gateway caps signed bodies at 12 MB). */
const MAX_BODY_BYTES = 12 * 1024 * 1024;

/**
 * The Express adapter: a socket in, a SimRequest to the engine, its SimResponse out. It parses
 * nothing of any vendor, and hands the body over byte for byte because signatures cover it.
 */
export function createExpressApp(simulator: Simulator): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use((req: Request, res: Response) => {
    readBody(req)
      .then((body) => send(res, simulator.handle(toSimRequest(req, body))))
      .catch(() => {
        // The body could not be read (client went away, or too large): answer as the gateway would.
        const fallback = simulator.handle(toSimRequest(req, new Uint8Array()));
        if (!res.headersSent) send(res, { ...fallback, status: 413 });
      });
  });
  return app;
}

function toSimRequest(req: Request, body: Uint8Array): SimRequest {
  const { path, rawQuery } = splitTarget(req.originalUrl);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method.toUpperCase(),
    path,
    rawQuery,
    headers,
    body,
    ...(req.socket.remoteAddress ? { remoteAddress: req.socket.remoteAddress } : {}),
  };
}

function readBody(req: Request): Promise<Uint8Array> {
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

function send(res: Response, out: ReturnType<Simulator['handle']>): void {
  if (out.delayMs !== undefined && out.delayMs > 0) {
    // An injected latency or timeout: hold the answer; a client that gives up first closes the socket.
    const timer = setTimeout(() => write(res, out), out.delayMs);
    res.once('close', () => clearTimeout(timer));
    return;
  }
  write(res, out);
}

function write(res: Response, out: ReturnType<Simulator['handle']>): void {
  if (out.drop) {
    // An injected dropped connection: no status line, no body, just a closed socket.
    res.socket?.destroy();
    return;
  }
  if (res.writableEnded || res.destroyed) return;
  res.statusCode = out.status;
  for (const name in out.headers) res.setHeader(name, out.headers[name]!);
  // A known length lets Node send the body in one write instead of chunked framing, which
  // profiled as a tenth of a 30 KB ListCardInfo page.
  if (!res.hasHeader('content-length')) {
    res.setHeader('content-length', typeof out.body === 'string' ? Buffer.byteLength(out.body) : out.body.byteLength);
  }
  res.end(out.body);
}
