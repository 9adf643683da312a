import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Node's own answer to each way a request can fail to parse (its default `clientError` handler's). */
const STATUS_OF: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};
/** How long a refused client may go on sending what it had started before the socket is closed. */
const DRAIN_MS = 2_000;

/**
 * A request Node's HTTP parser refused (a request line and headers over 16 KB, malformed HTTP, a
 * request timeout): the same status as Node's default handler, but the socket is ended rather
 * than destroyed, and what the client still sends is read and dropped for up to 2 s. Destroyed
 * with a body still arriving (a 1 MB body behind a 16 KB request line, in the fuzzer), the socket
 * was reset and the client read ECONNRESET instead of the 431.
 */
export function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // The parser reports every later chunk of a refused request again: answered once.
  if (refused.has(socket)) return;
  refused.add(socket);
  // An answer already being written on this connection would be corrupted by ours: Node's own
  // rule (an in-flight response whose head is out), read from the same field its handler reads.
  const inFlight = (socket as { _httpMessage?: { _headerSent?: boolean } | null })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?._headerSent) {
    socket.destroy();
    return;
  }
  const status = STATUS_OF[err.code ?? ''] ?? 400;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  const timer = setTimeout(() => socket.destroy(), DRAIN_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

const refused = new WeakSet<Duplex>();
