import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimRequest } from '../engine/simRequest.js';
import { MAX_BODY_BYTES, splitTarget } from '../engine/simRequest.js';
import { chunksByteLength, type SimResponse } from '../engine/simResponse.js';
import type { Simulator } from '../simulator.js';
import { consoleAsset, isConsolePath } from './consoleAssets.js';
import { createOutbox } from './outbox.js';

export interface NodeHandlerOptions {
  /**
   * Called after the simulator answered and before the answer is sent: a promise holds the
   * answer until it resolves (a state file's commit: the change is durable before the client
   * hears of it); undefined sends at once. A rejection closes the socket with no answer.
   */
  beforeAnswer?: () => Promise<void> | undefined;
  /** Told about a failure to send an answer (the socket is closed then). */
  onSendError?: (err: unknown) => void;
}

/**
 * The HTTP adapter: a socket in, a SimRequest to the engine, its SimResponse out. It parses
 * nothing of any vendor, and hands the body over byte for byte because signatures cover it.
 * `startServer` serves with it directly; `createExpressApp` mounts it in an Express app.
 */
export function nodeHandler(simulator: Simulator, options: NodeHandlerOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const answer = (req: IncomingMessage, res: ServerResponse, body: Uint8Array, tooLarge = false): void => {
    const out = simulator.handle(toSimRequest(req, body, tooLarge));
    // The 413 is decided (nothing ran); it is sent once the client has finished sending the body
    // it is refused for, because Node closes a `connection: close` socket as soon as the answer
    // is out, and a client still writing would see EPIPE instead of the answer.
    if (tooLarge && !req.complete) return afterBody(req, () => guardedSend(res, out, tooLarge));
    const held = options.beforeAnswer?.();
    if (held === undefined) return outbox(() => guardedSend(res, out, tooLarge));
    // Held answers are released together (a commit answers its whole group in one go of
    // microtasks), so they already leave back to back: through the outbox they would only wait a
    // turn more, which cost the state-file row a fifth of its rate.
    held.then(
      () => guardedSend(res, out, tooLarge),
      () => res.destroy(),
    );
  };
  // Sending is outside any catch that answers: a failure to send never runs the request again.
  const guarded = (res: ServerResponse, sendIt: () => void): void => {
    try {
      sendIt();
    } catch (err) {
      options.onSendError?.(err);
      res.destroy();
    }
  };
  const outbox = createOutbox((err) => options.onSendError?.(err));
  const guardedSend = (res: ServerResponse, out: SimResponse, tooLarge: boolean): void =>
    guarded(res, () => {
      if (tooLarge) refuseAfterAnswer(res);
      send(res, out, (late) => guarded(res, late));
    });
  return (req, res) => {
    // The console's page and assets are files, served here (never reaching the engine).
    const target = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    // HEAD as GET (Node sends the head without the body), as for every other route.
    if ((req.method === 'GET' || req.method === 'HEAD') && target.startsWith('/_sim')) {
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
      answer(req, res, EMPTY);
      return;
    }
    // A declared length over the limit is refused before a byte of the body is read.
    const declared = Number(req.headers['content-length']);
    if (declared > MAX_BODY_BYTES) {
      // Unread, but drained: a body left in the socket would make closing it a reset.
      req.resume();
      answer(req, res, EMPTY, true);
      return;
    }
    readBody(req, (outcome) => {
      if (outcome === 'aborted') return; // the client went away: nobody to answer, nothing run
      if (outcome === 'too large') answer(req, res, EMPTY, true);
      else answer(req, res, outcome);
    });
  };
}

/**
 * After a 413 the rest of the body is not wanted: the answer says `connection: close`, and Node
 * closes the socket once it has been sent whole (a reset before the answer would hide the 413).
 */
function refuseAfterAnswer(res: ServerResponse): void {
  res.setHeader('connection', 'close');
}

/** Calls `then` once the (discarded) body has ended, or after 10 s of a client still sending. */
function afterBody(req: IncomingMessage, then: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    then();
  };
  const timer = setTimeout(once, 10_000);
  timer.unref();
  req.once('end', once);
  req.once('close', once);
}

const EMPTY = new Uint8Array();

/** HTTP/1.1 framing: a request without Content-Length or Transfer-Encoding has no body. */
function hasNoBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined;
}

function toSimRequest(req: IncomingMessage, body: Uint8Array, bodyTooLarge: boolean): SimRequest {
  // Express rewrites req.url under mounted routers; originalUrl is what came over the wire.
  const { path, rawQuery } = splitTarget((req as { originalUrl?: string }).originalUrl ?? req.url ?? '/');
  return {
    method: req.method!.toUpperCase(),
    path,
    rawQuery,
    headers: flatHeaders(req),
    body,
    ...(req.socket.remoteAddress ? { remoteAddress: req.socket.remoteAddress } : {}),
    ...(bodyTooLarge ? { bodyTooLarge } : {}),
  };
}

/**
 * Node's header object as is when every header came once. A repeated header reads as fetch's
 * Headers (the MSW adapter) gives it: every value in order, joined with ', '. Node's own object
 * keeps only the first of some (Authorization, Content-Type, Host, …) and joins others its own
 * way, so a signed request with two Authorization headers passed over HTTP and failed under MSW;
 * with a repeat (fewer names than raw pairs, or an array) the raw list is read instead.
 */
function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers = req.headers;
  let names = 0;
  for (const name in headers) {
    if (typeof headers[name] !== 'string') return joinedRaw(req.rawHeaders);
    names++;
  }
  return names * 2 === req.rawHeaders.length ? (headers as Record<string, string>) : joinedRaw(req.rawHeaders);
}

function joinedRaw(raw: readonly string[]): Record<string, string> {
  // No prototype: a header named __proto__ is a header like any other.
  const out = Object.create(null) as Record<string, string>;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    out[name] = name in out ? `${out[name]}, ${raw[i + 1]!}` : raw[i + 1]!;
  }
  return out;
}

/** Reads the body up to MAX_BODY_BYTES; calls `done` exactly once. */
function readBody(req: IncomingMessage, done: (outcome: Uint8Array | 'too large' | 'aborted') => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (outcome: Uint8Array | 'too large' | 'aborted') => {
    if (finished) return;
    finished = true;
    done(outcome);
  };
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      // Stop buffering; what still arrives is discarded until the socket closes after the 413.
      req.off('data', onData);
      chunks.length = 0;
      req.resume();
      finish('too large');
      return;
    }
    chunks.push(chunk);
  };
  req.on('data', onData);
  req.on('end', () => finish(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
  req.on('aborted', () => finish('aborted'));
  req.on('error', () => finish('aborted'));
}

/** `later` runs a write that is held back (an injected delay) under the same guard as the rest. */
function send(res: ServerResponse, out: SimResponse, later: (write: () => void) => void): void {
  if (out.delayMs !== undefined && out.delayMs > 0) {
    // An injected latency or timeout: hold the answer; a client that gives up first closes the socket.
    const timer = setTimeout(() => later(() => write(res, out)), out.delayMs);
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
