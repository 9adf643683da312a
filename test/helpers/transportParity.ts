import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
// The module object, not a named import: msw/node patches `http.request` on it, and a named
// import of a built-in is a snapshot taken before the patch.
import http, { type Server } from 'node:http';
import { setupServer } from 'msw/node';
import { createSimulator, startServer, type RunningServer, type Simulator, type SimulatorOptions } from '#src/index.js';
import { createExpressApp, onClientError } from '#src/express.js';
import { createHandlers, VENDOR_HOSTS } from '#src/msw.js';

/**
 * The transports a differential test sends one request through, each with a simulator of its own
 * made identically, so that a difference in what the client sees is the transport's:
 *
 * - `node`: startServer (plain node:http), reached over a raw TCP socket (the exact wire bytes,
 *   and no MSW interceptor in between: msw/node patches http.request, not net);
 * - `express`: createExpressApp listening on its own port, reached the same way;
 * - `msw-fetch`: createHandlers under msw/node's setupServer, reached with the global fetch at
 *   https://<vendor host> (what a fetch-based client sees);
 * - `msw-http`: the same handlers reached with node:http's request at http://<vendor host>, the way
 *   the vendors' Node SDKs (pop-core, Tea, the Huawei core's axios) reach them under MSW.
 */
export type TransportName = 'node' | 'express' | 'msw-fetch' | 'msw-http';
export const TRANSPORTS: readonly TransportName[] = ['node', 'express', 'msw-fetch', 'msw-http'];

/** One request as the client means it: the same for every transport. */
export interface Wire {
  method: string;
  /** The vendor host the request is addressed to (the Host header; MSW's URL origin). */
  host: string;
  /** Path and query exactly as written on the request line ('/v1/tags?limit=10'). */
  target: string;
  /** Lower-case names; a list sends the header once per value; a `host` overrides the Host header (not the MSW URL). */
  headers: Record<string, string | string[]>;
  body?: Uint8Array;
  /** Send the body with Transfer-Encoding: chunked (no Content-Length). */
  chunked?: boolean;
  /** A stream (server-sent events): only the head and the first event are read. */
  stream?: boolean;
}

/** What a client saw. */
export interface Seen {
  /** 'network error': no HTTP answer at all (a dropped connection, a reset). */
  outcome: 'answer' | 'network error';
  status: number;
  /** The reason phrase (fetch: statusText). */
  reason?: string;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: Uint8Array;
  error?: string;
}

export interface Transport {
  readonly name: TransportName;
  readonly simulator: Simulator;
  send(wire: Wire): Promise<Seen>;
}

export interface Transports {
  readonly all: readonly Transport[];
  readonly byName: Record<TransportName, Transport>;
  close(): Promise<void>;
}

/** 64 hex digits: every simulator seals IAM tokens with the same key, so tokens agree too. */
export const SHARED_IAM_KEY = '5eed'.repeat(16);

export async function startTransports(options: SimulatorOptions): Promise<Transports> {
  const make = (): Simulator => {
    const simulator = createSimulator(options);
    // The one piece of a new world drawn from a random source (src/engine/sealKeys.ts).
    simulator.engine.context.keys.iamToken = SHARED_IAM_KEY;
    return simulator;
  };
  const nodeSim = make();
  const expressSim = make();
  const fetchSim = make();
  const httpSim = make();

  const running: RunningServer = await startServer(nodeSim, { port: 0, host: '127.0.0.1' });
  // As docs/library.md tells an Express user to: Node's parser refusals answered as startServer answers them.
  const expressServer: Server = createExpressApp(expressSim).listen(0, '127.0.0.1').on('clientError', onClientError);
  await new Promise<void>((resolve, reject) => {
    expressServer.once('listening', resolve);
    expressServer.once('error', reject);
  });
  const expressPort = (expressServer.address() as AddressInfo).port;

  // One MSW server, two simulators: https origins answer fetch, http origins answer http.request.
  const mocks = setupServer(
    ...createHandlers(fetchSim, { baseUrls: VENDOR_HOSTS.map((h) => `https://${h}`) }),
    ...createHandlers(httpSim, { baseUrls: VENDOR_HOSTS.map((h) => `http://${h}`) }),
  );
  mocks.listen({ onUnhandledRequest: 'error' });

  const all: Transport[] = [
    { name: 'node', simulator: nodeSim, send: (w) => rawSend(running.port, w) },
    { name: 'express', simulator: expressSim, send: (w) => rawSend(expressPort, w) },
    { name: 'msw-fetch', simulator: fetchSim, send: fetchSend },
    { name: 'msw-http', simulator: httpSim, send: httpSend },
  ];
  return {
    all,
    byName: Object.fromEntries(all.map((t) => [t.name, t])) as Record<TransportName, Transport>,
    close: async () => {
      mocks.close();
      await running.close();
      expressServer.closeAllConnections();
      await new Promise<void>((resolve) => expressServer.close(() => resolve()));
    },
  };
}

// ---- the clients --------------------------------------------------------------------------------

const EMPTY = new Uint8Array();
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** Whether a Content-Length is declared: for any body, and for an empty POST/PUT/PATCH (0). */
function declaredLength(wire: Wire): number | undefined {
  const body = wire.body ?? EMPTY;
  if (wire.chunked) return undefined;
  return body.length > 0 || METHODS_WITH_BODY.has(wire.method) ? body.length : undefined;
}

/** A raw HTTP/1.1 exchange on a new connection (Connection: close), parsed by hand. */
export function rawSend(port: number, wire: Wire): Promise<Seen> {
  return new Promise((resolve) => {
    const body = wire.body ?? EMPTY;
    const length = declaredLength(wire);
    const { host = wire.host, ...rest } = wire.headers;
    let head = `${wire.method} ${wire.target} HTTP/1.1\r\nHost: ${String(host)}\r\n`;
    for (const [name, value] of Object.entries(rest)) for (const v of [value].flat()) head += `${name}: ${v}\r\n`;
    if (length !== undefined) head += `Content-Length: ${length}\r\n`;
    if (wire.chunked) head += 'Transfer-Encoding: chunked\r\n';
    head += 'Connection: close\r\n\r\n';
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect(port, '127.0.0.1');
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const parsed = parseResponse(Buffer.concat(chunks), wire.method, Boolean(wire.stream));
      socket.destroy();
      resolve(
        parsed && (parsed.complete || wire.stream || !error)
          ? { outcome: 'answer', status: parsed.status, reason: parsed.reason, headers: parsed.headers, body: parsed.body }
          : {
              outcome: 'network error',
              status: 0,
              headers: {},
              body: EMPTY,
              error: error?.message ?? 'connection closed without an answer',
            },
      );
    };
    const timer = setTimeout(() => finish(new Error('no answer in 15 s')), 15_000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (wire.stream) {
        // Head and first event: enough (the stream never ends on its own).
        const parsed = parseResponse(Buffer.concat(chunks), wire.method, true);
        if (parsed && parsed.body.length > 0 && Buffer.from(parsed.body).includes('\n\n')) finish();
      }
    });
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (err) => finish(err));
    // Latin-1, as Node reads header bytes (and as a Fetch Headers value holds them: a ByteString).
    socket.write(head, 'latin1');
    if (wire.chunked) {
      // Two chunks, split mid-body, then the last chunk.
      const half = Math.floor(body.length / 2);
      for (const part of [body.subarray(0, half), body.subarray(half)]) {
        if (part.length === 0) continue;
        socket.write(`${part.length.toString(16)}\r\n`);
        socket.write(part);
        socket.write('\r\n');
      }
      socket.write('0\r\n\r\n');
    } else if (body.length > 0) socket.write(body);
  });
}

interface Parsed {
  status: number;
  reason: string;
  headers: Record<string, string>;
  body: Uint8Array;
  complete: boolean;
}

function parseResponse(buf: Buffer, method: string, partialOk: boolean): Parsed | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const [, code, ...reason] = lines[0]!.split(' ');
  const status = Number(code);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const rest = buf.subarray(end + 4);
  if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) {
    return { status, reason: reason.join(' '), headers, body: EMPTY, complete: true };
  }
  if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
    const { body, complete } = dechunk(rest);
    return { status, reason: reason.join(' '), headers, body, complete: complete || partialOk };
  }
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    return { status, reason: reason.join(' '), headers, body: new Uint8Array(rest.subarray(0, length)), complete: rest.length >= length };
  }
  return { status, reason: reason.join(' '), headers, body: new Uint8Array(rest), complete: true };
}

function dechunk(buf: Buffer): { body: Uint8Array; complete: boolean } {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', at);
    if (lineEnd < 0) return { body: new Uint8Array(Buffer.concat(out)), complete: false };
    const size = parseInt(buf.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return { body: new Uint8Array(Buffer.concat(out)), complete: true };
    const start = lineEnd + 2;
    out.push(buf.subarray(start, Math.min(start + size, buf.length)));
    if (start + size + 2 > buf.length) return { body: new Uint8Array(Buffer.concat(out)), complete: false };
    at = start + size + 2;
  }
}

/** The global fetch at https://<host><target> (intercepted by MSW). */
async function fetchSend(wire: Wire): Promise<Seen> {
  const body = wire.body ?? EMPTY;
  // A fetch Request cannot carry a GET or HEAD body (docs/fidelity.md): it is left out.
  const carriesBody = body.length > 0 && wire.method !== 'GET' && wire.method !== 'HEAD';
  try {
    const headers: Array<[string, string]> = Object.entries(wire.headers).flatMap(([n, v]) =>
      [v].flat().map((x): [string, string] => [n, x]),
    );
    const response = await fetch(`https://${wire.host}${wire.target}`, {
      method: wire.method,
      headers,
      redirect: 'manual',
      // Bytes, not a string: a string body would gain a text/plain content type. Chunked: a stream.
      ...(carriesBody && wire.chunked ? { body: streamOf(body), duplex: 'half' } : carriesBody ? { body } : {}),
    } as RequestInit);
    const seenHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      seenHeaders[name] = value;
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { outcome: 'answer', status: response.status, reason: response.statusText, headers: seenHeaders, body: bytes };
  } catch (err) {
    return { outcome: 'network error', status: 0, headers: {}, body: EMPTY, error: String((err as Error).message ?? err) };
  }
}

function streamOf(body: Uint8Array): ReadableStream<Uint8Array> {
  const half = Math.floor(body.length / 2);
  const parts = [body.subarray(0, half), body.subarray(half)];
  return new ReadableStream({
    pull(controller) {
      const part = parts.shift();
      if (part) controller.enqueue(part);
      else controller.close();
    },
  });
}

/** node:http's request at http://<host><target> (intercepted by MSW), the path given as is. */
function httpSend(wire: Wire): Promise<Seen> {
  return new Promise((resolve) => {
    const body = wire.body ?? EMPTY;
    const length = declaredLength(wire);
    const headers: Record<string, string | string[]> = { host: wire.host, ...wire.headers };
    if (length !== undefined) headers['content-length'] = String(length);
    let settled = false;
    const done = (seen: Seen) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(seen);
    };
    const failed = (err: Error) => done({ outcome: 'network error', status: 0, headers: {}, body: EMPTY, error: err.message });
    const timer = setTimeout(() => failed(new Error('no answer in 15 s')), 15_000);
    const req = http.request({ protocol: 'http:', host: wire.host, port: 80, method: wire.method, path: wire.target, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const seenHeaders: Record<string, string> = {};
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!.toLowerCase();
          const value = res.rawHeaders[i + 1]!;
          seenHeaders[name] = seenHeaders[name] === undefined ? value : `${seenHeaders[name]}, ${value}`;
        }
        done({
          outcome: 'answer',
          status: res.statusCode ?? 0,
          reason: res.statusMessage ?? '',
          headers: seenHeaders,
          body: new Uint8Array(Buffer.concat(chunks)),
        });
      });
      res.on('error', failed);
    });
    req.on('error', failed);
    if (wire.chunked) {
      const half = Math.floor(body.length / 2);
      req.write(body.subarray(0, half));
      req.write(body.subarray(half));
    } else if (body.length > 0) req.write(body);
    req.end();
  });
}

// ---- the comparison -----------------------------------------------------------------------------

/** Headers each transport may add or drop by itself (hop-by-hop framing and the date). */
export const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export interface CompareOptions {
  /** JSON members whose values are real time (not the simulated clock): replaced before comparing. */
  mask?: readonly string[];
  /** Only the first bytes of a stream are compared (as many as both sides have). */
  stream?: boolean;
}

/** A transport's view after masking: the body, and whether masking changed it. */
function normalised(seen: Seen, options: CompareOptions): { body: Uint8Array; masked: boolean } {
  if (!options.mask?.length || seen.body.length === 0) return { body: seen.body, masked: false };
  const text = new TextDecoder().decode(seen.body);
  let masked = false;
  let out = text;
  for (const key of options.mask) {
    out = out.replace(new RegExp(`("${key}":)(-?[0-9.eE+-]+|"[^"]*")`, 'g'), (_m, name: string) => {
      masked = true;
      return `${name}"<masked>"`;
    });
  }
  return { body: new TextEncoder().encode(out), masked };
}

/**
 * The differences between what `reference` and `other` saw, most telling first (outcome, status,
 * headers, body): an empty list when a client could not tell them apart.
 */
export function differences(reference: Seen, other: Seen, method: string, options: CompareOptions = {}): string[] {
  if (reference.outcome !== other.outcome) {
    return [`outcome: ${describeOutcome(reference)} vs ${describeOutcome(other)}`];
  }
  if (reference.outcome === 'network error') return [];
  const out: string[] = [];
  if (reference.status !== other.status) out.push(`status: ${reference.status} vs ${other.status}`);
  else if ((reference.reason ?? '') !== (other.reason ?? ''))
    out.push(`reason phrase: ${JSON.stringify(reference.reason)} vs ${JSON.stringify(other.reason)}`);
  const a = normalised(reference, options);
  const b = normalised(other, options);
  const names = new Set([...Object.keys(reference.headers), ...Object.keys(other.headers)]);
  for (const name of [...names].sort()) {
    if (TRANSPORT_HEADERS.has(name)) continue;
    const x = reference.headers[name];
    const y = other.headers[name];
    // A masked body's length follows real time: only presence is compared.
    if (name === 'content-length' && x !== undefined && y !== undefined && (a.masked || b.masked)) continue;
    if (x === y) continue;
    if (y === undefined) out.push(`header ${name} dropped (reference: ${JSON.stringify(x)})`);
    else if (x === undefined) out.push(`header ${name} added: ${JSON.stringify(y)}`);
    else out.push(`header ${name}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
  }
  let bodyA = a.body;
  let bodyB = b.body;
  if (options.stream) {
    const n = Math.min(bodyA.length, bodyB.length);
    bodyA = bodyA.subarray(0, n);
    bodyB = bodyB.subarray(0, n);
    if (n === 0 && a.body.length !== b.body.length) out.push(`stream: ${a.body.length} vs ${b.body.length} first bytes`);
  }
  const at = firstDifference(bodyA, bodyB);
  if (at !== undefined) {
    out.push(
      `body (${bodyA.length} vs ${bodyB.length} bytes) differs at byte ${at}: ${snippet(bodyA, at)} vs ${snippet(bodyB, at)}` +
        (method === 'HEAD' ? ' [HEAD]' : ''),
    );
  }
  return out;
}

/** Problems a transport has on its own: a Content-Length that is not the body's length. */
export function selfProblems(seen: Seen, method: string, stream = false): string[] {
  if (seen.outcome !== 'answer' || stream || method === 'HEAD') return [];
  const declared = seen.headers['content-length'];
  if (declared !== undefined && Number(declared) !== seen.body.length) {
    return [`content-length ${declared} but ${seen.body.length} body bytes`];
  }
  return [];
}

function describeOutcome(seen: Seen): string {
  return seen.outcome === 'answer' ? `HTTP ${seen.status}` : `network error (${seen.error ?? ''})`;
}

function firstDifference(a: Uint8Array, b: Uint8Array): number | undefined {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? undefined : n;
}

function snippet(bytes: Uint8Array, at: number): string {
  const from = Math.max(0, at - 20);
  return JSON.stringify(new TextDecoder().decode(bytes.subarray(from, Math.min(bytes.length, at + 40))));
}

/** A short, printable account of what was seen (for failure messages). */
export function summary(seen: Seen): string {
  if (seen.outcome !== 'answer') return describeOutcome(seen);
  const text = new TextDecoder().decode(seen.body.subarray(0, 160));
  return `HTTP ${seen.status} ${seen.headers['content-type'] ?? '(no content-type)'} ${JSON.stringify(text)}`;
}
